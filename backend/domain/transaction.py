"""The completed transaction document: what is journaled, delivered and printed.

The document is plain JSON-compatible data with a schema version, so the terminal store,
the MongoDB store tier and Dapr subscribers all read the same thing. Amounts are integer
yen; ``currency`` names the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.domain.cart import Cart, CartLine, CartTotals, Discount
from backend.domain.master import TaxClass
from backend.domain.money import JPY, RoundingMode, format_rate

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Numbers:
    """Numbers drawn from the terminal's counter for one transaction."""

    transaction_number: int
    receipt_number: int | None


def _discount_dict(discount: Discount | None, amount: int) -> dict[str, Any] | None:
    if discount is None:
        return None
    return {"kind": discount.kind.value, "value": discount.value, "amount": amount}


def line_document(line: CartLine, mode: RoundingMode) -> dict[str, Any]:
    return {
        "line_no": line.line_no,
        "item_code": line.item_code,
        "name": line.name,
        "category_code": line.category_code,
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        "list_price": line.list_price,
        "price_overridden": line.price_overridden,
        "price_mode": line.price_mode.value,
        "tax_class": line.tax_class.value,
        "rate_percent": format_rate(line.rate),
        "reduced": line.tax_class is TaxClass.REDUCED,
        "gross": line.gross,
        "discount": _discount_dict(line.discount, line.discount_amount(mode)),
        "promotions": [
            {"promotion_id": p.promotion_id, "name": p.name, "amount": p.amount} for p in line.promotions
        ],
        "net": line.net(mode),
        "voided": line.voided,
    }


def build_sale_document(
    cart: Cart,
    totals: CartTotals,
    numbers: Numbers,
    transaction_id: str,
    store_code: str,
    completed_at: datetime,
) -> dict[str, Any]:
    """Assemble the document of a completed sale from its cart and computed totals."""
    mode = cart.discount_rounding_mode
    return {
        "schema_version": SCHEMA_VERSION,
        "transaction_id": transaction_id,
        "kind": "sale",
        "store_code": store_code,
        "terminal_id": cart.terminal_id,
        "cart_id": cart.cart_id,
        "transaction_number": numbers.transaction_number,
        "receipt_number": numbers.receipt_number,
        "business_date": cart.business_date.isoformat(),
        "completed_at": completed_at.isoformat(timespec="seconds"),
        "staff_code": cart.staff_code,
        "training": cart.training,
        "currency": JPY,
        "rounding_mode": cart.rounding_mode.value,
        "lines": [line_document(line, mode) for line in cart.lines],
        "subtotal_discount": _discount_dict(cart.subtotal_discount, totals.subtotal_discount),
        "lines_total": totals.lines_total,
        "line_discounts": totals.line_discounts,
        "promotion_discounts": totals.promotion_discounts,
        "taxes": [entry.to_dict() for entry in totals.breakdown],
        "total": totals.total,
        "tax_total": totals.tax_total,
        "item_count": totals.item_count,
        "tenders": [
            {
                "tender_code": tender.tender_code,
                "kind": tender.kind.value,
                "tendered": tender.tendered,
                "applied": tender.applied,
                "change": tender.change,
                "unused": tender.unused,
            }
            for tender in cart.tenders
        ],
        "paid": totals.paid,
        "change": totals.change,
        "unused": totals.unused,
        "original_transaction_id": None,
        "approvals": list(cart.approvals),
    }
