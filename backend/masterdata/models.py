"""Values the master-data repository reads and writes besides those of backend.domain.master."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.domain.master import (
    Category,
    Item,
    PriceMode,
    Staff,
    StoreSettings,
    TaxClass,
    TenderType,
)
from backend.domain.tax import TaxRate


@dataclass(frozen=True, slots=True)
class PresetKey:
    """One preset key (プリセットキー) as the register shows it, with its item's price."""

    position: int
    label: str
    item_code: str
    item_name: str
    price: int
    price_mode: PriceMode
    tax_class: TaxClass
    active: bool


@dataclass(frozen=True, slots=True)
class PresetPage:
    """A page of preset keys, for items sold without a barcode (bread, deli, vegetables)."""

    page: int
    name: str
    keys: tuple[PresetKey, ...]


@dataclass(frozen=True, slots=True)
class PresetKeyDefinition:
    """A preset key to store: the item it adds and the label on the key."""

    position: int
    item_code: str
    label: str


@dataclass(frozen=True, slots=True)
class PresetPageDefinition:
    page: int
    name: str
    keys: tuple[PresetKeyDefinition, ...]


@dataclass(frozen=True, slots=True)
class PromotionDefinition:
    """A promotion row: ``kind`` and ``params`` are those of backend.plugins.promotions.

    ``starts_at`` and ``ends_at`` must carry a time zone, and either may be None for an
    open end.
    """

    promotion_id: str
    kind: str
    name: str
    params: Mapping[str, Any]
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class MasterSet:
    """A whole master for :meth:`MasterRepository.replace_master`.

    Categories and items are always replaced. Every other field left as None keeps the
    table as it is, and a sequence (even an empty one) replaces that table.
    """

    categories: Sequence[Category]
    items: Sequence[Item]
    tax_rates: Sequence[TaxRate] | None = None
    tender_types: Sequence[TenderType] | None = None
    staff: Sequence[Staff] | None = None
    preset_pages: Sequence[PresetPageDefinition] | None = None
    promotions: Sequence[PromotionDefinition] | None = None
    settings: StoreSettings | None = None
