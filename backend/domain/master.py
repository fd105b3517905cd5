"""Master data values: items, categories, tax classes, tenders, staff and store settings."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import time

from backend.domain.money import RoundingMode


class PriceMode(enum.StrEnum):
    INCLUSIVE = "inclusive"  # 内税: the price includes consumption tax
    EXCLUSIVE = "exclusive"  # 外税: tax is added to the price


class TaxClass(enum.StrEnum):
    STANDARD = "standard"  # 10% from 2019-10-01
    REDUCED = "reduced"  # 8%: food and drink except alcohol and eating in (軽減税率)
    EXEMPT = "exempt"  # 非課税


class TenderKind(enum.StrEnum):
    CASH = "cash"
    CASHLESS = "cashless"  # credit card, e-money, QR code payment
    VOUCHER = "voucher"  # gift voucher (商品券): no change given


class Role(enum.StrEnum):
    CASHIER = "cashier"
    SUPERVISOR = "supervisor"
    MANAGER = "manager"


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    name: str
    price: int
    price_mode: PriceMode
    tax_class: TaxClass
    category_code: str
    name_kana: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    name: str
    name_kana: str = ""
    sort_order: int = 0


@dataclass(frozen=True, slots=True)
class TenderType:
    code: str
    name: str
    kind: TenderKind
    sort_order: int = 0
    active: bool = True


@dataclass(frozen=True, slots=True)
class Staff:
    code: str
    name: str
    role: Role
    pin_hash: str
    active: bool = True


_REGISTRATION_NUMBER = re.compile(r"^T(\d{13})$")


def is_valid_registration_number(value: str) -> bool:
    """Check a qualified-invoice issuer registration number (適格請求書発行事業者登録番号).

    The number is "T" and 13 digits whose first digit is a check digit over the other 12,
    as for the corporate number: 9 - (sum of digit x weight) mod 9, where the weight is 1 for
    odd positions and 2 for even positions counted from the rightmost digit.
    """
    match = _REGISTRATION_NUMBER.match(value)
    if not match:
        return False
    digits = match.group(1)
    body = digits[1:]
    total = 0
    for position, char in enumerate(reversed(body), start=1):
        weight = 1 if position % 2 == 1 else 2
        total += int(char) * weight
    return int(digits[0]) == 9 - total % 9


def parse_cutover(text: str) -> time:
    """Parse a business-day cut-over time written HH:MM."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"invalid cut-over time {text!r}: expected HH:MM, e.g. 05:00")
    return time(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True, slots=True)
class StoreSettings:
    """Store-wide settings printed on receipts and used by the sale engine."""

    store_code: str = "0001"
    name: str = "オープンレジ 見本店"
    address: str = ""
    phone: str = ""
    registration_number: str = ""
    receipt_header: tuple[str, ...] = ()
    receipt_footer: tuple[str, ...] = ()
    rounding_mode: RoundingMode = RoundingMode.FLOOR
    discount_rounding_mode: RoundingMode = RoundingMode.FLOOR
    business_day_cutover: str = "05:00"
    time_zone: str = "Asia/Tokyo"
    cashier_discount_limit_percent: int = 10
    extra: dict[str, str] = field(default_factory=dict)

    def validate(self) -> list[str]:
        """Return a list of problems; empty when the settings are usable."""
        problems: list[str] = []
        if self.registration_number and not is_valid_registration_number(self.registration_number):
            problems.append(
                f"registration number {self.registration_number!r} is invalid:"
                " expected T and 13 digits with a valid check digit"
            )
        try:
            parse_cutover(self.business_day_cutover)
        except ValueError as error:
            problems.append(str(error))
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(self.time_zone)
        except (KeyError, ValueError, OSError):
            problems.append(f"unknown time zone {self.time_zone!r}, e.g. Asia/Tokyo")
        if not self.name.strip():
            problems.append("store name is missing")
        return problems
