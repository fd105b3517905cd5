"""Master data as store-tier documents, and back to the values of backend.domain.master.

Each master collection contains one document per record and store:

=============== ============================ ==============================================
collection      key (in ``_id``)             fields besides the envelope
=============== ============================ ==============================================
items           code                         name, name_kana, price, price_mode, tax_class,
                                             category_code, active
categories      code                         name, name_kana, sort_order
tax_rates       tax_class@effective_from     tax_class, effective_from (YYYY-MM-DD),
                                             rate_percent (text such as "10", never a float)
tender_types    code                         name, kind, sort_order, active
staff           code                         name, role, pin_hash (scrypt, never a PIN), active
promotions      promotion_id                 kind, name, params, starts_at, ends_at, active
store_settings  (one per store)              the StoreSettings fields and ``extra``
=============== ============================ ==============================================

The envelope is ``_id`` ("tenant/store_code/key"), ``tenant``, ``store_code``,
``schema_version``, ``updated_at`` (a BSON date that every writer must move forward; the
terminals pull by it) and an optional ``deleted: true`` that withdraws the record.
Amounts are integer yen; a float price is rejected, never rounded.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from backend.domain.master import (
    Category,
    Item,
    PriceMode,
    Role,
    Staff,
    StoreSettings,
    TaxClass,
    TenderKind,
    TenderType,
)
from backend.domain.money import RoundingMode, format_rate, parse_rate
from backend.domain.tax import TaxRate
from backend.masterdata.models import PromotionDefinition
from backend.sync.documents import SCHEMA_VERSION, StoreIdentity


class MasterCollection(enum.StrEnum):
    STORE_SETTINGS = "store_settings"
    TAX_RATES = "tax_rates"
    CATEGORIES = "categories"
    ITEMS = "items"
    TENDER_TYPES = "tender_types"
    STAFF = "staff"
    PROMOTIONS = "promotions"


# Pull order: categories before the items that refer to them.
PULL_ORDER: tuple[MasterCollection, ...] = tuple(MasterCollection)

STORE_SETTINGS_KEY = "settings"


class InvalidMasterDocument(ValueError):
    """A master document that cannot become a master record; the message gives the reason."""


def document_id(identity: StoreIdentity, key: str) -> str:
    return f"{identity.tenant}/{identity.store_code}/{key}"


def envelope(identity: StoreIdentity, key: str) -> dict[str, Any]:
    """Return the envelope fields of a master document, without ``updated_at``."""
    return {
        "_id": document_id(identity, key),
        "tenant": identity.tenant,
        "store_code": identity.store_code,
        "schema_version": SCHEMA_VERSION,
    }


# ----- field readers -----


def _field(document: Mapping[str, Any], name: str) -> Any:
    if name not in document:
        raise InvalidMasterDocument(f"field {name!r} is missing")
    return document[name]


def _text(document: Mapping[str, Any], name: str, default: str | None = None) -> str:
    value = document.get(name, default) if default is not None else _field(document, name)
    if not isinstance(value, str):
        raise InvalidMasterDocument(f"field {name!r} must be text, got {type(value).__name__}")
    return value


def _integer(document: Mapping[str, Any], name: str, default: int | None = None) -> int:
    value = document.get(name, default) if default is not None else _field(document, name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidMasterDocument(
            f"field {name!r} must be a whole number, got {value!r} ({type(value).__name__})"
        )
    return value


def _flag(document: Mapping[str, Any], name: str, default: bool) -> bool:
    value = document.get(name, default)
    if not isinstance(value, bool):
        raise InvalidMasterDocument(f"field {name!r} must be true or false, got {value!r}")
    return value


def _choice(document: Mapping[str, Any], name: str, kind: type[enum.StrEnum]) -> Any:
    value = _text(document, name)
    try:
        return kind(value)
    except ValueError as error:
        allowed = ", ".join(member.value for member in kind)
        raise InvalidMasterDocument(f"field {name!r} is {value!r}: expected one of {allowed}") from error


def _moment(document: Mapping[str, Any], name: str) -> datetime | None:
    value = document.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as error:
            raise InvalidMasterDocument(f"field {name!r} is not an ISO 8601 time: {value!r}") from error
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise InvalidMasterDocument(f"field {name!r} must be a date-time with a time zone, got {value!r}")
    return value


def is_deleted(document: Mapping[str, Any]) -> bool:
    return document.get("deleted") is True


# ----- items and categories -----


def item_document(item: Item) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.name,
        "name_kana": item.name_kana,
        "price": item.price,
        "price_mode": item.price_mode.value,
        "tax_class": item.tax_class.value,
        "category_code": item.category_code,
        "active": item.active,
    }


def item_from_document(document: Mapping[str, Any]) -> Item:
    return Item(
        code=_text(document, "code"),
        name=_text(document, "name"),
        price=_integer(document, "price"),
        price_mode=_choice(document, "price_mode", PriceMode),
        tax_class=_choice(document, "tax_class", TaxClass),
        category_code=_text(document, "category_code"),
        name_kana=_text(document, "name_kana", ""),
        active=_flag(document, "active", True),
    )


def category_document(category: Category) -> dict[str, Any]:
    return {
        "code": category.code,
        "name": category.name,
        "name_kana": category.name_kana,
        "sort_order": category.sort_order,
    }


def category_from_document(document: Mapping[str, Any]) -> Category:
    return Category(
        code=_text(document, "code"),
        name=_text(document, "name"),
        name_kana=_text(document, "name_kana", ""),
        sort_order=_integer(document, "sort_order", 0),
    )


# ----- tax rates, tenders, staff -----


def tax_rate_key(rate: TaxRate) -> str:
    return f"{rate.tax_class.value}@{rate.effective_from.isoformat()}"


def tax_rate_document(rate: TaxRate) -> dict[str, Any]:
    return {
        "tax_class": rate.tax_class.value,
        "effective_from": rate.effective_from.isoformat(),
        "rate_percent": format_rate(rate.rate),
    }


def tax_rate_from_document(document: Mapping[str, Any]) -> TaxRate:
    raw_rate = _field(document, "rate_percent")
    if isinstance(raw_rate, int) and not isinstance(raw_rate, bool):
        raw_rate = str(raw_rate)
    if not isinstance(raw_rate, str):
        raise InvalidMasterDocument(
            f"field 'rate_percent' must be text such as \"10\", got {raw_rate!r} ({type(raw_rate).__name__})"
        )
    try:
        rate = parse_rate(raw_rate)
        effective_from = date.fromisoformat(_text(document, "effective_from"))
    except ValueError as error:
        raise InvalidMasterDocument(str(error)) from error
    return TaxRate(_choice(document, "tax_class", TaxClass), rate, effective_from)


def tender_document(tender: TenderType) -> dict[str, Any]:
    return {
        "code": tender.code,
        "name": tender.name,
        "kind": tender.kind.value,
        "sort_order": tender.sort_order,
        "active": tender.active,
    }


def tender_from_document(document: Mapping[str, Any]) -> TenderType:
    return TenderType(
        code=_text(document, "code"),
        name=_text(document, "name"),
        kind=_choice(document, "kind", TenderKind),
        sort_order=_integer(document, "sort_order", 0),
        active=_flag(document, "active", True),
    )


def staff_document(member: Staff) -> dict[str, Any]:
    return {
        "code": member.code,
        "name": member.name,
        "role": member.role.value,
        "pin_hash": member.pin_hash,
        "active": member.active,
    }


def staff_from_document(document: Mapping[str, Any]) -> Staff:
    return Staff(
        code=_text(document, "code"),
        name=_text(document, "name"),
        role=_choice(document, "role", Role),
        pin_hash=_text(document, "pin_hash"),
        active=_flag(document, "active", True),
    )


# ----- promotions and store settings -----


def promotion_document(promotion: PromotionDefinition) -> dict[str, Any]:
    return {
        "promotion_id": promotion.promotion_id,
        "kind": promotion.kind,
        "name": promotion.name,
        "params": dict(promotion.params),
        "starts_at": promotion.starts_at,
        "ends_at": promotion.ends_at,
        "active": promotion.active,
    }


def promotion_from_document(document: Mapping[str, Any]) -> PromotionDefinition:
    params = _field(document, "params")
    if not isinstance(params, Mapping):
        raise InvalidMasterDocument(f"field 'params' must be a document, got {type(params).__name__}")
    return PromotionDefinition(
        promotion_id=_text(document, "promotion_id"),
        kind=_text(document, "kind"),
        name=_text(document, "name"),
        params=dict(params),
        starts_at=_moment(document, "starts_at"),
        ends_at=_moment(document, "ends_at"),
        active=_flag(document, "active", True),
    )


def settings_document(settings: StoreSettings) -> dict[str, Any]:
    return {
        "store_code": settings.store_code,
        "name": settings.name,
        "address": settings.address,
        "phone": settings.phone,
        "registration_number": settings.registration_number,
        "receipt_header": list(settings.receipt_header),
        "receipt_footer": list(settings.receipt_footer),
        "rounding_mode": settings.rounding_mode.value,
        "discount_rounding_mode": settings.discount_rounding_mode.value,
        "business_day_cutover": settings.business_day_cutover,
        "time_zone": settings.time_zone,
        "cashier_discount_limit_percent": settings.cashier_discount_limit_percent,
        "extra": dict(settings.extra),
    }


def _lines(document: Mapping[str, Any], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = document.get(name, list(default))
    if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
        raise InvalidMasterDocument(f"field {name!r} must be a list of text lines")
    return tuple(value)


def settings_from_document(document: Mapping[str, Any], base: StoreSettings | None = None) -> StoreSettings:
    """Build store settings; a field the document leaves out keeps its value in ``base``
    (the StoreSettings defaults when ``base`` is None)."""
    defaults = base or StoreSettings()
    extra = document.get("extra", defaults.extra)
    if not isinstance(extra, Mapping) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in extra.items()
    ):
        raise InvalidMasterDocument("field 'extra' must map text names to text values")
    try:
        rounding_mode = RoundingMode(document.get("rounding_mode", defaults.rounding_mode.value))
        discount_mode = RoundingMode(
            document.get("discount_rounding_mode", defaults.discount_rounding_mode.value)
        )
    except ValueError as error:
        raise InvalidMasterDocument(str(error)) from error
    return StoreSettings(
        store_code=_text(document, "store_code", defaults.store_code),
        name=_text(document, "name", defaults.name),
        address=_text(document, "address", defaults.address),
        phone=_text(document, "phone", defaults.phone),
        registration_number=_text(document, "registration_number", defaults.registration_number),
        receipt_header=_lines(document, "receipt_header", defaults.receipt_header),
        receipt_footer=_lines(document, "receipt_footer", defaults.receipt_footer),
        rounding_mode=rounding_mode,
        discount_rounding_mode=discount_mode,
        business_day_cutover=_text(document, "business_day_cutover", defaults.business_day_cutover),
        time_zone=_text(document, "time_zone", defaults.time_zone),
        cashier_discount_limit_percent=_integer(
            document, "cashier_discount_limit_percent", defaults.cashier_discount_limit_percent
        ),
        extra=dict(extra),
    )
