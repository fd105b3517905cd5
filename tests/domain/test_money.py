from decimal import Decimal
from fractions import Fraction

import pytest

from backend.domain.money import FloatInMoneyError, Money, RoundingMode, format_yen, round_yen

FLOOR, HALF_UP, CEILING = RoundingMode.FLOOR, RoundingMode.HALF_UP, RoundingMode.CEILING


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        (Fraction(63, 2), FLOOR, 31),  # 31.5 切り捨て
        (Fraction(-63, 2), FLOOR, -31),  # a return mirrors its sale, never -32
        (Fraction(63, 2), HALF_UP, 32),
        (Fraction(-63, 2), HALF_UP, -32),
        (Fraction(62, 2), CEILING, 31),  # whole amounts stay as they are
        (Fraction(311, 10), CEILING, 32),
        (Fraction(-311, 10), CEILING, -32),
        (Fraction(1249, 100), HALF_UP, 12),
        (Decimal("99.9"), FLOOR, 99),
        (0, FLOOR, 0),
    ],
)
def test_round_yen_table(value, mode, expected):
    assert round_yen(value, mode) == expected


def test_round_yen_rejects_float():
    with pytest.raises(FloatInMoneyError):
        round_yen(31.5, FLOOR)  # type: ignore[arg-type]


def test_money_rejects_float_and_mixed_currency():
    with pytest.raises(FloatInMoneyError):
        Money(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="currency mismatch"):
        Money(100) + Money(100, "USD")
    assert Money(100) + Money(8) == Money(108)
    assert -Money(346) == Money(-346)


def test_format_yen():
    assert format_yen(1080) == "¥1,080"
    assert format_yen(-346) == "-¥346"
    assert format_yen(0) == "¥0"
