"""Barcode arithmetic as pure functions: check digits, UPC-E expansion, in-store codes.

Check digits follow the GS1 modulo-10 rule (weights 3 and 1 from the right), used by
JAN/EAN-13, EAN-8, UPC-A and ITF-14. In-store price codes (インストアマーキング, flags
02 and 20-29) carry an item code and a price in yen, optionally protected by a price
check digit computed with the GS1 weighting tables for 4- and 5-digit prices.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from backend.domain.gtin import gtin_check_digit
from devices.config import InStoreCodeRule


class Symbology(enum.StrEnum):
    JAN13 = "jan13"  # also EAN-13
    JAN8 = "jan8"  # also EAN-8
    UPC_A = "upc_a"
    UPC_E = "upc_e"
    ITF14 = "itf14"
    CODE128 = "code128"
    QRCODE = "qrcode"
    OTHER = "other"


class InvalidScanError(ValueError):
    """A scan that is not a valid code (wrong length, bad check digit, non-digits)."""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """A verified scan; for an in-store price code ``item_code`` and ``embedded_price``
    (integer yen) are set and ``code`` is the full 13 digits."""

    code: str
    symbology: Symbology
    item_code: str | None = None
    embedded_price: int | None = None


def gs1_check_digit(body: str) -> int:
    """Return the GS1 modulo-10 check digit for ``body`` (the digits without it)."""
    try:
        return gtin_check_digit(body)
    except ValueError as error:
        raise InvalidScanError(f"check digit needs ASCII digits, got {body!r}") from error


def has_valid_gs1_check_digit(code: str) -> bool:
    """Return whether the last digit of ``code`` is its GS1 check digit."""
    if len(code) < 2 or not code.isdigit() or not code.isascii():
        return False
    return gs1_check_digit(code[:-1]) == int(code[-1])


def expand_upc_e(code: str) -> str:
    """Expand an 8-digit UPC-E code (number system, 6 digits, check) to 12-digit UPC-A."""
    if len(code) != 8 or not code.isdigit() or not code.isascii() or code[0] not in "01":
        raise InvalidScanError(f"UPC-E needs 8 digits starting with 0 or 1, got {code!r}")
    system, check = code[0], code[7]
    d1, d2, d3, d4, d5, d6 = list(code[1:7])
    if d6 in "012":
        body = f"{d1}{d2}{d6}0000{d3}{d4}{d5}"
    elif d6 == "3":
        body = f"{d1}{d2}{d3}00000{d4}{d5}"
    elif d6 == "4":
        body = f"{d1}{d2}{d3}{d4}00000{d5}"
    else:
        body = f"{d1}{d2}{d3}{d4}{d5}0000{d6}"
    return f"{system}{body}{check}"


def has_valid_upc_e_check_digit(code: str) -> bool:
    try:
        return has_valid_gs1_check_digit(expand_upc_e(code))
    except InvalidScanError:
        return False


# GS1 weighting tables for price check digits: the weighted value of each digit 0-9.
_WEIGHT_2_MINUS = (0, 2, 4, 6, 8, 9, 1, 3, 5, 7)
_WEIGHT_3 = (0, 3, 6, 9, 2, 5, 8, 1, 4, 7)
_WEIGHT_5_PLUS = (0, 5, 1, 6, 2, 7, 3, 8, 4, 9)
_WEIGHT_5_MINUS = (0, 5, 9, 4, 8, 3, 7, 2, 6, 1)


def price_check_digit(price: str) -> int:
    """Return the price check digit for a 4- or 5-digit price field.

    4 digits: weights 2-, 2-, 3, 5-; the check digit is the units digit of 3 x sum.
    5 digits: weights 5+, 2-, 5-, 5+, 2-; the check digit is the digit whose 5- weighted
    value equals (10 - sum mod 10) mod 10.
    """
    if not price.isdigit() or not price.isascii():
        raise InvalidScanError(f"price must be digits, got {price!r}")
    digits = [int(char) for char in price]
    tables: tuple[tuple[int, ...], ...]
    if len(digits) == 4:
        tables = (_WEIGHT_2_MINUS, _WEIGHT_2_MINUS, _WEIGHT_3, _WEIGHT_5_MINUS)
        total = sum(table[digit] for table, digit in zip(tables, digits, strict=True))
        return total * 3 % 10
    if len(digits) == 5:
        tables = (_WEIGHT_5_PLUS, _WEIGHT_2_MINUS, _WEIGHT_5_MINUS, _WEIGHT_5_PLUS, _WEIGHT_2_MINUS)
        total = sum(table[digit] for table, digit in zip(tables, digits, strict=True))
        target = (10 - total % 10) % 10
        return _WEIGHT_5_MINUS.index(target)
    raise InvalidScanError(f"price check digits exist for 4 or 5 digits, got {len(digits)}")


def decode_in_store(code: str, rules: Iterable[InStoreCodeRule]) -> ScanResult | None:
    """Decode a 13-digit in-store price code, or return None when no rule has its flag.

    Raises InvalidScanError when the code or price check digit is wrong.
    """
    if len(code) != 13 or not code.isdigit() or not code.isascii():
        return None
    rule = next((rule for rule in rules if code.startswith(rule.flag)), None)
    if rule is None:
        return None
    if not has_valid_gs1_check_digit(code):
        raise InvalidScanError(f"in-store code {code} has a wrong check digit")

    position = 2 + rule.item_digits
    item_code = code[:position]
    if rule.price_check_digit:
        expected = int(code[position])
        price_text = code[position + 1 : position + 1 + rule.price_digits]
        if price_check_digit(price_text) != expected:
            raise InvalidScanError(f"in-store code {code} has a wrong price check digit")
    else:
        price_text = code[position : position + rule.price_digits]
    return ScanResult(code, Symbology.JAN13, item_code=item_code, embedded_price=int(price_text))


_AIM_SYMBOLOGIES = {"E": Symbology.JAN13, "C": Symbology.CODE128, "I": Symbology.ITF14, "Q": Symbology.QRCODE}


def split_aim_identifier(text: str) -> tuple[str, str]:
    """Split a leading AIM symbology identifier (``]E0``) from the data; ("", text) if none."""
    if len(text) >= 3 and text[0] == "]" and text[1].isalpha():
        return text[:3], text[3:]
    return "", text


def normalise_scan_text(text: str) -> str:
    """NFKC-normalise scanned text (full-width digits become ASCII) and trim whitespace
    and control characters at both ends."""
    normalised = unicodedata.normalize("NFKC", text)
    return normalised.strip().strip("".join(chr(code) for code in range(0x20)))


def detect_symbology(code: str, aim_identifier: str = "") -> Symbology:
    """Guess the symbology from the AIM identifier if given, else from digits and length."""
    if aim_identifier:
        kind = aim_identifier[1]
        if kind == "E":
            if aim_identifier[2] == "4":
                return Symbology.JAN8
            return {13: Symbology.JAN13, 12: Symbology.UPC_A, 8: Symbology.UPC_E}.get(
                len(code), Symbology.OTHER
            )
        return _AIM_SYMBOLOGIES.get(kind, Symbology.OTHER)
    if not code.isdigit() or not code.isascii():
        return Symbology.OTHER
    if len(code) == 8:
        if not has_valid_gs1_check_digit(code) and has_valid_upc_e_check_digit(code):
            return Symbology.UPC_E
        return Symbology.JAN8
    return {13: Symbology.JAN13, 12: Symbology.UPC_A, 14: Symbology.ITF14}.get(len(code), Symbology.OTHER)


def interpret_scan(
    text: str,
    *,
    rules: Iterable[InStoreCodeRule] = (),
    verify_check_digit: bool = True,
) -> ScanResult:
    """Turn one scan (AIM identifier allowed, any width of digits) into a verified result.

    Raises InvalidScanError for an empty scan or a wrong check digit.
    """
    aim, data = split_aim_identifier(normalise_scan_text(text))
    code = normalise_scan_text(data)
    if not code:
        raise InvalidScanError("empty scan")
    symbology = detect_symbology(code, aim)

    if verify_check_digit:
        _verify(code, symbology)
    if symbology is Symbology.JAN13:
        in_store = decode_in_store(code, rules)
        if in_store is not None:
            return in_store
    return ScanResult(code, symbology)


def _verify(code: str, symbology: Symbology) -> None:
    if symbology is Symbology.UPC_E:
        valid = has_valid_upc_e_check_digit(code)
    elif symbology in (Symbology.JAN13, Symbology.JAN8, Symbology.UPC_A, Symbology.ITF14):
        valid = has_valid_gs1_check_digit(code)
    else:
        return
    if not valid:
        raise InvalidScanError(f"{symbology.value} code {code} has a wrong check digit")
