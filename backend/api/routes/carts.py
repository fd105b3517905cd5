"""Cart routes: ring up, subtotal, tender and complete a sale.

Each route is a coroutine that hands its whole sale operation to the thread pool in one
call (``in_worker``): the event loop never waits on SQLite, and a request costs one thread
hand-off instead of one for the route plus one for serialising its reply.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from fastapi import APIRouter, BackgroundTasks, Header
from starlette.concurrency import run_in_threadpool

from backend.api.deps import SalesDep
from backend.api.schemas import AddItem, ChangeLine, CompleteBody, DiscountBody, NewCart, TenderBody
from backend.services.sales import SaleService

router = APIRouter(prefix="/carts", tags=["carts"])

Result = TypeVar("Result")


async def in_worker(call: Callable[..., Result], *args: Any) -> Result:
    """Run one blocking service call in the thread pool."""
    return await run_in_threadpool(partial(call, *args))


@router.post("", status_code=201)
async def create_cart(sales: SalesDep, body: NewCart | None = None) -> dict[str, Any]:
    return await in_worker(partial(sales.new_cart, training=bool(body and body.training)))


@router.get("/{cart_id}")
async def get_cart(cart_id: str, sales: SalesDep) -> dict[str, Any]:
    return await in_worker(sales.get_cart, cart_id)


@router.post("/{cart_id}/items")
async def add_item(cart_id: str, body: AddItem, sales: SalesDep) -> dict[str, Any]:
    return await in_worker(sales.add_item, cart_id, body.code, body.quantity, body.price)


def _change_line(sales: SaleService, cart_id: str, line_no: int, body: ChangeLine) -> dict[str, Any]:
    cart: dict[str, Any] = {}
    if body.quantity is not None:
        cart = sales.set_quantity(cart_id, line_no, body.quantity)
    if body.unit_price is not None:
        cart = sales.override_price(cart_id, line_no, body.unit_price)
    return cart or sales.get_cart(cart_id)


@router.patch("/{cart_id}/lines/{line_no}")
async def change_line(cart_id: str, line_no: int, body: ChangeLine, sales: SalesDep) -> dict[str, Any]:
    return await in_worker(_change_line, sales, cart_id, line_no, body)


@router.post("/{cart_id}/lines/{line_no}/void")
async def void_line(cart_id: str, line_no: int, sales: SalesDep) -> dict[str, Any]:
    return await in_worker(sales.void_line, cart_id, line_no)


@router.post("/{cart_id}/lines/{line_no}/discount")
async def discount_line(cart_id: str, line_no: int, body: DiscountBody, sales: SalesDep) -> dict[str, Any]:
    return await in_worker(sales.discount_line, cart_id, line_no, body.kind, body.value)


@router.post("/{cart_id}/subtotal")
async def subtotal(cart_id: str, sales: SalesDep) -> dict[str, Any]:
    return await in_worker(sales.subtotal, cart_id)


@router.post("/{cart_id}/entry")
async def back_to_entry(cart_id: str, sales: SalesDep) -> dict[str, Any]:
    return await in_worker(sales.back_to_entry, cart_id)


@router.post("/{cart_id}/discount")
async def discount_subtotal(cart_id: str, body: DiscountBody, sales: SalesDep) -> dict[str, Any]:
    return await in_worker(sales.discount_subtotal, cart_id, body.kind, body.value)


@router.post("/{cart_id}/tenders")
async def add_tender(cart_id: str, body: TenderBody, sales: SalesDep) -> dict[str, Any]:
    return await in_worker(sales.add_tender, cart_id, body.tender_code, body.amount)


@router.delete("/{cart_id}/tenders/{index}")
async def remove_tender(cart_id: str, index: int, sales: SalesDep) -> dict[str, Any]:
    return await in_worker(sales.remove_tender, cart_id, index)


@router.post("/{cart_id}/cancel")
async def cancel(cart_id: str, sales: SalesDep) -> dict[str, Any]:
    return await in_worker(sales.cancel, cart_id)


def _complete(
    sales: SaleService, cart_id: str, key: str | None, background: BackgroundTasks
) -> dict[str, Any]:
    result, announce = sales.complete_unannounced(cart_id, key)
    background.add_task(announce)
    return {
        "transaction": result.document,
        "receipt_text": result.receipt_text,
        "print_job_id": result.print_job_id,
        "replayed": result.replayed,
    }


@router.post("/{cart_id}/complete")
async def complete(
    cart_id: str,
    sales: SalesDep,
    background: BackgroundTasks,
    body: CompleteBody | None = None,
    idempotency_key: str | None = Header(default=None, alias="Idempotency-Key"),
) -> dict[str, Any]:
    """Complete the sale durably. The printer, drawer and customer display are told once
    the reply is sent (see ``SaleService.complete_unannounced``)."""
    key = (body.idempotency_key if body else None) or idempotency_key
    return await in_worker(_complete, sales, cart_id, key, background)
