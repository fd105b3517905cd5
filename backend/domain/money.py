"""Money as integer minor units, exact rates and the one rounding function.

Every amount in OpenRegi is an integer count of the currency's minor unit (for yen, whole
yen). Intermediate results that are not whole (a tax of 31.5 yen) are kept as exact
``Fraction`` values and turned into yen only by :func:`round_yen`, with the rounding mode
named by the caller. Floats are rejected everywhere.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

JPY: Final = "JPY"


class RoundingMode(enum.StrEnum):
    """Rounding applied to the magnitude of an amount (端数処理)."""

    FLOOR = "floor"  # 切り捨て, the usual store setting
    HALF_UP = "half_up"  # 四捨五入
    CEILING = "ceiling"  # 切り上げ


class FloatInMoneyError(TypeError):
    """A float reached a money path, where only int, Decimal or Fraction are allowed."""


Exact = int | Fraction | Decimal


def to_fraction(value: Exact) -> Fraction:
    """Convert an exact number to a Fraction, rejecting float and bool."""
    if isinstance(value, bool | float):
        raise FloatInMoneyError(f"exact number required, got {type(value).__name__} {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"amount must be finite, got {value}")
        return Fraction(value)
    raise TypeError(f"exact number required, got {type(value).__name__}")


def round_yen(value: Exact, mode: RoundingMode) -> int:
    """Round an exact amount to whole minor units.

    The mode applies to the magnitude and the sign is put back afterwards, so a negative
    amount rounds to the exact negation of the positive one: with FLOOR, 31.5 gives 31 and
    -31.5 gives -31. This symmetry is what lets a return reverse its sale to the yen.
    """
    exact = to_fraction(value)
    magnitude = abs(exact)
    whole, remainder = divmod(magnitude.numerator, magnitude.denominator)
    if remainder:
        if mode is RoundingMode.CEILING:
            whole += 1
        elif mode is RoundingMode.HALF_UP:
            if 2 * remainder >= magnitude.denominator:
                whole += 1
        elif mode is not RoundingMode.FLOOR:
            raise ValueError(f"unknown rounding mode {mode!r}")
    return -whole if exact < 0 else whole


def parse_rate(text: str) -> Fraction:
    """Parse a rate written as a percentage string ("10", "8", "0") into an exact fraction."""
    try:
        percent = Decimal(text.strip())
    except ArithmeticError as error:
        raise ValueError(f"invalid rate {text!r}: expected a percentage such as 10 or 8") from error
    if not percent.is_finite() or percent < 0 or percent > 100:
        raise ValueError(f"invalid rate {text!r}: a percentage from 0 to 100 is expected")
    return Fraction(percent) / 100


@functools.lru_cache(maxsize=64)
def format_rate(rate: Fraction) -> str:
    """Format an exact rate as a percentage string, e.g. Fraction(1, 10) -> "10".

    Cached: a store has a handful of rates, and every cart line is formatted on each change.
    """
    percent = rate * 100
    if percent.denominator == 1:
        return str(percent.numerator)
    return str(Decimal(percent.numerator) / Decimal(percent.denominator))


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An amount in integer minor units of one currency."""

    amount: int
    currency: str = JPY

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise FloatInMoneyError(f"Money amount must be int minor units, got {type(self.amount).__name__}")

    @classmethod
    def yen(cls, amount: int) -> Money:
        return cls(amount, JPY)

    def _check(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise ValueError(f"currency mismatch: {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise FloatInMoneyError("Money can only be multiplied by an int; use round_yen")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.amount != 0

    def __str__(self) -> str:
        return format_yen(self.amount)


def format_yen(amount: int) -> str:
    """Format whole yen for receipts and screens: 1080 -> "¥1,080", -346 -> "-¥346"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,}"
