"""Check digits for every symbology, UPC-E expansion and in-store price codes."""

from __future__ import annotations

import pytest

from devices.barcodes import (
    InvalidScanError,
    Symbology,
    decode_in_store,
    expand_upc_e,
    gs1_check_digit,
    has_valid_gs1_check_digit,
    has_valid_upc_e_check_digit,
    interpret_scan,
    price_check_digit,
    split_aim_identifier,
)
from devices.config import InStoreCodeRule, ScannerConfig

RULES = ScannerConfig().in_store_codes


@pytest.mark.parametrize(
    ("body", "check_digit"),
    [
        ("490123456789", 4),  # JAN-13
        ("4901234", 7),  # EAN-8
        ("03600029145", 2),  # UPC-A
        ("1490123456789", 1),  # ITF-14
        ("456995111617", 9),  # JAN-13, Japanese prefix 45
    ],
)
def test_gs1_check_digit(body, check_digit):
    assert gs1_check_digit(body) == check_digit
    assert has_valid_gs1_check_digit(body + str(check_digit))
    assert not has_valid_gs1_check_digit(body + str((check_digit + 1) % 10))


@pytest.mark.parametrize(
    ("upc_e", "upc_a"),
    [
        ("01234565", "012345000065"),  # last digit 5-9
        ("04252614", "042100005264"),  # last digit 0-2
        ("01234531", "012300000451"),  # last digit 3
        ("01234540", "012340000054"),  # last digit 4, expansion 0 1234 00000 5
    ],
)
def test_upc_e_expansion(upc_e, upc_a):
    assert expand_upc_e(upc_e)[:11] == upc_a[:11]


def test_upc_e_check_digit():
    assert has_valid_upc_e_check_digit("01234565")
    assert not has_valid_upc_e_check_digit("01234566")


def test_upc_e_rejects_number_system_2():
    with pytest.raises(InvalidScanError):
        expand_upc_e("21234565")


@pytest.mark.parametrize(
    ("price", "digit"),
    [
        ("2875", 9),  # 2-:4 + 2-:5 + 3:1 + 5-:3 = 13, 13 x 3 = 39
        ("0150", 1),  # 2-:0 + 2-:2 + 3:5 + 5-:0 = 7, 7 x 3 = 21
        ("14685", 6),  # 5+:5 + 2-:8 + 5-:7 + 5+:4 + 2-:9 = 33, 10 - 3 = 7 = 5-(6)
        ("00980", 1),  # 5+:0 + 2-:0 + 5-:1 + 5+:4 + 2-:0 = 5, 10 - 5 = 5 = 5-(1)
    ],
)
def test_price_check_digit(price, digit):
    assert price_check_digit(price) == digit


def test_price_check_digit_needs_4_or_5_digits():
    with pytest.raises(InvalidScanError):
        price_check_digit("123")


def _with_check_digit(body: str) -> str:
    return body + str(gs1_check_digit(body))


def test_in_store_code_with_five_digit_price():
    code = _with_check_digit("021234501280")

    result = decode_in_store(code, RULES)

    assert result is not None
    assert result.item_code == "0212345"
    assert result.embedded_price == 1280


def test_in_store_code_with_price_check_digit():
    rules = [InStoreCodeRule(flag="20", item_digits=5, price_digits=4, price_check_digit=True)]
    code = _with_check_digit("20123459" + "2875")

    result = decode_in_store(code, rules)

    assert result is not None
    assert (result.item_code, result.embedded_price) == ("2012345", 2875)


def test_in_store_code_with_wrong_price_check_digit():
    rules = [InStoreCodeRule(flag="20", item_digits=5, price_digits=4, price_check_digit=True)]
    code = _with_check_digit("20123458" + "2875")

    with pytest.raises(InvalidScanError, match="price check digit"):
        decode_in_store(code, rules)


def test_in_store_rule_must_fill_ten_digits():
    with pytest.raises(ValueError, match="10 digits"):
        InStoreCodeRule(flag="21", item_digits=5, price_digits=4)


def test_regular_jan_is_not_in_store():
    assert decode_in_store("4901234567894", RULES) is None


def test_full_width_digits_normalise_to_one_code():
    result = interpret_scan("４９０１２３４５６７８９４")

    assert result.code == "4901234567894"
    assert result.symbology is Symbology.JAN13


def test_scan_with_wrong_check_digit_is_rejected():
    with pytest.raises(InvalidScanError, match="wrong check digit"):
        interpret_scan("4901234567890")


def test_aim_identifier_is_split_and_used():
    assert split_aim_identifier("]E04901234567894") == ("]E0", "4901234567894")
    assert interpret_scan("]E44901234" + "7").symbology is Symbology.JAN8
    assert interpret_scan("]C0ABC-123").symbology is Symbology.CODE128


def test_upc_e_detected_from_digits_when_not_ean8():
    assert interpret_scan("04252614").symbology is Symbology.UPC_E  # EAN-8 check digit fails
    assert interpret_scan("01234565").symbology is Symbology.JAN8  # valid as both: EAN-8 wins


def test_itf14_verified():
    assert interpret_scan("14901234567891").symbology is Symbology.ITF14
    with pytest.raises(InvalidScanError):
        interpret_scan("14901234567892")
