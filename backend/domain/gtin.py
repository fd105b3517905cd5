"""GTIN (JAN/EAN/UPC/ITF-14) check digits, shared by master-data import and scanners."""

from __future__ import annotations

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_check_digit(body: str) -> int:
    """Compute the modulo-10 check digit for the digits before it (weights 3,1 from the right)."""
    if not body.isascii() or not body.isdigit():
        raise ValueError(f"GTIN body must be digits, got {body!r}")
    total = 0
    for position, char in enumerate(reversed(body)):
        total += int(char) * (3 if position % 2 == 0 else 1)
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    """Check a JAN-13, EAN-8, UPC-A (12) or ITF-14 code's length and check digit."""
    if len(code) not in GTIN_LENGTHS or not code.isascii() or not code.isdigit():
        return False
    return gtin_check_digit(code[:-1]) == int(code[-1])
