"""Plugin interfaces of the sale engine: promotions, tenders and receipt layouts.

Implementations live in ``backend.plugins`` and are found through the entry-point groups
``openregi.promotions``, ``openregi.tenders`` and ``openregi.receipt_layouts``, so a chain
can ship its own in a separate distribution.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from backend.domain.master import TenderKind


@dataclass(frozen=True, slots=True)
class PromotionLine:
    """The view of one active cart line that a promotion receives."""

    line_no: int
    item_code: str
    category_code: str
    unit_price: int
    quantity: int
    amount: int  # unit_price x quantity, after any manual line discount


@dataclass(frozen=True, slots=True)
class PromotionDiscount:
    """A discount a promotion gives on one line, in positive yen."""

    line_no: int
    promotion_id: str
    name: str
    amount: int


class Promotion(Protocol):
    """A promotion rule; ``apply`` must be deterministic for the same lines and time."""

    promotion_id: str
    name: str

    def apply(self, lines: Sequence[PromotionLine], now: datetime) -> list[PromotionDiscount]: ...


class PromotionFactory(Protocol):
    def __call__(
        self,
        promotion_id: str,
        name: str,
        params: Mapping[str, Any],
        starts_at: datetime | None,
        ends_at: datetime | None,
    ) -> Promotion: ...


@dataclass(frozen=True, slots=True)
class TenderOutcome:
    """The settlement of one tender against the amount still due.

    ``applied`` pays the sale, ``change`` is cash handed back, and ``unused`` is the part of
    a voucher that buys nothing (no change is given for vouchers).
    """

    tendered: int
    applied: int
    change: int
    unused: int


class TenderRule(Protocol):
    kind: TenderKind

    def settle(self, tender_code: str, amount: int, remaining: int) -> TenderOutcome: ...
