"""Terminal reports: the drawer count and the figures of an X report (点検) or Z report (精算).

The storage layer sums the report totals of a period or of business dates, and this
module turns those sums into the report document. Amounts are integer yen and keep their
sign: returns and voids are negative, so the net sales are the plain sum of sales,
returns and voids.

Expected drawer cash = floats + cash taken for sales (tendered minus change) + cash in
- cash out - cash refunds. Over/short (過不足) = counted - expected, positive when the
drawer contains more than expected.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Japanese notes and coins, largest first.
DENOMINATIONS: tuple[int, ...] = (10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 1)
MAX_PIECES = 1_000_000


class InvalidDrawerCountError(ValueError):
    """A drawer count with an unknown denomination or a count that is not a whole number >= 0.

    ``japanese`` is the same message in Japanese, for the cashier.
    """

    def __init__(self, message: str, japanese: str) -> None:
        super().__init__(message)
        self.japanese = japanese


@dataclass(frozen=True, slots=True)
class DrawerCount:
    """Pieces counted per denomination and their total in yen."""

    pieces: Mapping[int, int]
    total: int

    def to_dict(self) -> dict[str, int]:
        return {str(denomination): self.pieces.get(denomination, 0) for denomination in DENOMINATIONS}


def count_drawer(pieces: Mapping[str, int] | Mapping[int, int]) -> DrawerCount:
    """Validate a count of pieces keyed by denomination ("10000" or 10000) and total it."""
    counted: dict[int, int] = {}
    for key, count in pieces.items():
        try:
            denomination = int(key)
        except (TypeError, ValueError) as error:
            raise InvalidDrawerCountError(
                f"denomination {key!r} is not a number", f"金種 {key!r} は数値ではありません"
            ) from error
        if denomination not in DENOMINATIONS:
            known = ", ".join(str(value) for value in DENOMINATIONS)
            raise InvalidDrawerCountError(
                f"denomination {denomination} is not one of {known}",
                f"金種 {denomination} は使えません（{known} のいずれか）",
            )
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_PIECES:
            raise InvalidDrawerCountError(
                f"count for {denomination} yen must be a whole number from 0 to {MAX_PIECES}, got {count!r}",
                f"{denomination} 円の枚数は 0 から {MAX_PIECES} までの整数で入力してください"
                f"（入力: {count!r}）",
            )
        counted[denomination] = counted.get(denomination, 0) + count
    total = sum(denomination * count for denomination, count in counted.items())
    return DrawerCount(counted, total)


@dataclass(frozen=True, slots=True)
class KindTotals:
    """Report totals of one transaction kind (sale, return, void, exchange)."""

    kind: str
    count: int
    total: int
    tax_total: int
    sales_total: int
    returns_total: int
    voids_total: int
    items_sold: int
    items_returned: int
    line_discounts: int
    promotion_discounts: int
    subtotal_discount: int
    line_void_count: int
    line_void_amount: int


@dataclass(frozen=True, slots=True)
class TaxTotals:
    tax_class: str
    rate_percent: str
    price_mode: str
    amount: int
    discount: int
    base: int
    tax: int
    total: int


@dataclass(frozen=True, slots=True)
class TenderTotals:
    """One tender's payments (applied > 0) and refunds (applied < 0, summed as positive yen)."""

    tender_code: str
    name: str
    kind: str
    payment_count: int
    paid: int
    tendered: int
    change: int
    refund_count: int
    refunded: int


@dataclass(frozen=True, slots=True)
class MovementTotals:
    """Cash movements of one kind and reason: float, cash_in, cash_out or no_sale."""

    kind: str
    reason_code: str | None
    reason: str | None
    count: int
    amount: int


def _sum(rows: Sequence[KindTotals], field: str) -> int:
    return sum(int(getattr(row, field)) for row in rows)


def _count_of(rows: Sequence[KindTotals], kind: str) -> int:
    return sum(row.count for row in rows if row.kind == kind)


def _movement(movements: Sequence[MovementTotals], kind: str) -> tuple[int, int]:
    chosen = [movement for movement in movements if movement.kind == kind]
    return sum(movement.count for movement in chosen), sum(movement.amount for movement in chosen)


def expected_cash(floats: int, cash_sales: int, cash_in: int, cash_out: int, cash_refunds: int) -> int:
    """Return the cash the drawer should hold; every argument is a non-negative yen amount."""
    return floats + cash_sales + cash_in - cash_out - cash_refunds


def build_figures(
    kinds: Sequence[KindTotals],
    taxes: Sequence[TaxTotals],
    tenders: Sequence[TenderTotals],
    movements: Sequence[MovementTotals],
    counted: DrawerCount | None,
) -> dict[str, Any]:
    """Assemble the figures of a report from summed rows (training rows must be left out)."""
    cash_tenders = [tender for tender in tenders if tender.kind == "cash"]
    cash_sales = sum(tender.paid for tender in cash_tenders)
    cash_refunds = sum(tender.refunded for tender in cash_tenders)
    float_count, floats = _movement(movements, "float")
    cash_in_count, cash_in = _movement(movements, "cash_in")
    cash_out_count, cash_out = _movement(movements, "cash_out")
    no_sale_count, _ = _movement(movements, "no_sale")
    expected = expected_cash(floats, cash_sales, cash_in, cash_out, cash_refunds)

    sales_total = _sum(kinds, "sales_total")
    returns_total = _sum(kinds, "returns_total")
    voids_total = _sum(kinds, "voids_total")
    cash: dict[str, Any] = {
        "float": floats,
        "float_count": float_count,
        "tendered": sum(tender.tendered for tender in cash_tenders),
        "change": sum(tender.change for tender in cash_tenders),
        "cash_sales": cash_sales,
        "cash_refunds": cash_refunds,
        "cash_in": cash_in,
        "cash_out": cash_out,
        "expected": expected,
        "counted": counted.total if counted else None,
        "over_short": counted.total - expected if counted else None,
        "denominations": counted.to_dict() if counted else None,
    }
    return {
        "counts": {
            "sales": _count_of(kinds, "sale"),
            "returns": _count_of(kinds, "return"),
            "voids": _count_of(kinds, "void"),
            "exchanges": _count_of(kinds, "exchange"),
            "items_sold": _sum(kinds, "items_sold"),
            "items_returned": _sum(kinds, "items_returned"),
            "line_voids": _sum(kinds, "line_void_count"),
            "no_sales": no_sale_count,
            "cash_in": cash_in_count,
            "cash_out": cash_out_count,
        },
        "sales_total": sales_total,
        "returns_total": returns_total,
        "voids_total": voids_total,
        "net_sales": sales_total + returns_total + voids_total,
        "tax_total": sum(tax.tax for tax in taxes),
        "discounts": {
            "line": _sum(kinds, "line_discounts"),
            "promotion": _sum(kinds, "promotion_discounts"),
            "subtotal": _sum(kinds, "subtotal_discount"),
        },
        "line_void_amount": _sum(kinds, "line_void_amount"),
        "taxes": [
            {
                "tax_class": tax.tax_class,
                "rate_percent": tax.rate_percent,
                "price_mode": tax.price_mode,
                "amount": tax.amount,
                "discount": tax.discount,
                "base": tax.base,
                "tax": tax.tax,
                "total": tax.total,
            }
            for tax in taxes
        ],
        "tenders": [
            {
                "tender_code": tender.tender_code,
                "name": tender.name,
                "kind": tender.kind,
                "payment_count": tender.payment_count,
                "paid": tender.paid,
                "tendered": tender.tendered,
                "change": tender.change,
                "refund_count": tender.refund_count,
                "refunded": tender.refunded,
                "net": tender.paid - tender.refunded,
            }
            for tender in tenders
        ],
        "cash": cash,
        "cash_movements": [
            {
                "kind": movement.kind,
                "reason_code": movement.reason_code,
                "reason": movement.reason,
                "count": movement.count,
                "amount": movement.amount,
            }
            for movement in movements
            if movement.kind in ("cash_in", "cash_out")
        ],
    }
