"""Cart routes: ring up, subtotal, tender and complete a sale."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Header

from backend.api.deps import SalesDep
from backend.api.schemas import AddItem, ChangeLine, CompleteBody, DiscountBody, NewCart, TenderBody

router = APIRouter(prefix="/carts", tags=["carts"])


@router.post("", status_code=201)
def create_cart(sales: SalesDep, body: NewCart | None = None) -> dict[str, Any]:
    return sales.new_cart(training=bool(body and body.training))


@router.get("/{cart_id}")
def get_cart(cart_id: str, sales: SalesDep) -> dict[str, Any]:
    return sales.get_cart(cart_id)


@router.post("/{cart_id}/items")
def add_item(cart_id: str, body: AddItem, sales: SalesDep) -> dict[str, Any]:
    return sales.add_item(cart_id, body.code, body.quantity, body.price)


@router.patch("/{cart_id}/lines/{line_no}")
def change_line(cart_id: str, line_no: int, body: ChangeLine, sales: SalesDep) -> dict[str, Any]:
    cart: dict[str, Any] = {}
    if body.quantity is not None:
        cart = sales.set_quantity(cart_id, line_no, body.quantity)
    if body.unit_price is not None:
        cart = sales.override_price(cart_id, line_no, body.unit_price)
    return cart or sales.get_cart(cart_id)


@router.post("/{cart_id}/lines/{line_no}/void")
def void_line(cart_id: str, line_no: int, sales: SalesDep) -> dict[str, Any]:
    return sales.void_line(cart_id, line_no)


@router.post("/{cart_id}/lines/{line_no}/discount")
def discount_line(cart_id: str, line_no: int, body: DiscountBody, sales: SalesDep) -> dict[str, Any]:
    return sales.discount_line(cart_id, line_no, body.kind, body.value)


@router.post("/{cart_id}/subtotal")
def subtotal(cart_id: str, sales: SalesDep) -> dict[str, Any]:
    return sales.subtotal(cart_id)


@router.post("/{cart_id}/entry")
def back_to_entry(cart_id: str, sales: SalesDep) -> dict[str, Any]:
    return sales.back_to_entry(cart_id)


@router.post("/{cart_id}/discount")
def discount_subtotal(cart_id: str, body: DiscountBody, sales: SalesDep) -> dict[str, Any]:
    return sales.discount_subtotal(cart_id, body.kind, body.value)


@router.post("/{cart_id}/tenders")
def add_tender(cart_id: str, body: TenderBody, sales: SalesDep) -> dict[str, Any]:
    return sales.add_tender(cart_id, body.tender_code, body.amount)


@router.delete("/{cart_id}/tenders/{index}")
def remove_tender(cart_id: str, index: int, sales: SalesDep) -> dict[str, Any]:
    return sales.remove_tender(cart_id, index)


@router.post("/{cart_id}/cancel")
def cancel(cart_id: str, sales: SalesDep) -> dict[str, Any]:
    return sales.cancel(cart_id)


@router.post("/{cart_id}/complete")
def complete(
    cart_id: str,
    sales: SalesDep,
    body: CompleteBody | None = None,
    idempotency_key: str | None = Header(default=None, alias="Idempotency-Key"),
) -> dict[str, Any]:
    key = (body.idempotency_key if body else None) or idempotency_key
    result = sales.complete(cart_id, key)
    return {
        "transaction": result.document,
        "receipt_text": result.receipt_text,
        "print_job_id": result.print_job_id,
        "replayed": result.replayed,
    }
