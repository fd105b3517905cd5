"""Cart routes: ring up, subtotal, tender and complete a sale.

Each route is a coroutine that hands its whole sale operation, JSON encoding of the reply
included, to the thread pool in one call (``reply``). So these routes keep SQLite off the
event loop, and a request costs one thread hand-off. The reply is returned as a ready Response, so
FastAPI does not validate and serialise the whole cart again against the declared type.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Header, Response
from starlette.concurrency import run_in_threadpool

from backend.api.deps import SalesDep
from backend.api.schemas import AddItem, ChangeLine, CompleteBody, DiscountBody, NewCart, TenderBody
from backend.services.sales import SaleService

router = APIRouter(prefix="/carts", tags=["carts"])

# The type the API docs show for every reply here; the routes return ready Responses.
CartReply = dict[str, Any]


def _encoded(call: Callable[..., dict[str, Any]], *args: Any) -> bytes:
    return json.dumps(call(*args), ensure_ascii=False, separators=(",", ":")).encode()


async def reply(call: Callable[..., dict[str, Any]], *args: Any, status_code: int = 200) -> Response:
    """Run one blocking service call in the thread pool and return its result as JSON."""
    body = await run_in_threadpool(partial(_encoded, call, *args))
    return Response(body, status_code=status_code, media_type="application/json")


@router.post("", status_code=201, response_model=CartReply)
async def create_cart(sales: SalesDep, body: NewCart | None = None) -> Response:
    return await reply(partial(sales.new_cart, training=bool(body and body.training)), status_code=201)


@router.get("/{cart_id}", response_model=CartReply)
async def get_cart(cart_id: str, sales: SalesDep) -> Response:
    return await reply(sales.get_cart, cart_id)


@router.post("/{cart_id}/items", response_model=CartReply)
async def add_item(cart_id: str, body: AddItem, sales: SalesDep) -> Response:
    return await reply(sales.add_item, cart_id, body.code, body.quantity, body.price)


def _change_line(sales: SaleService, cart_id: str, line_no: int, body: ChangeLine) -> dict[str, Any]:
    cart: dict[str, Any] = {}
    if body.quantity is not None:
        cart = sales.set_quantity(cart_id, line_no, body.quantity)
    if body.unit_price is not None:
        cart = sales.override_price(cart_id, line_no, body.unit_price)
    return cart or sales.get_cart(cart_id)


@router.patch("/{cart_id}/lines/{line_no}", response_model=CartReply)
async def change_line(cart_id: str, line_no: int, body: ChangeLine, sales: SalesDep) -> Response:
    return await reply(_change_line, sales, cart_id, line_no, body)


@router.post("/{cart_id}/lines/{line_no}/void", response_model=CartReply)
async def void_line(cart_id: str, line_no: int, sales: SalesDep) -> Response:
    return await reply(sales.void_line, cart_id, line_no)


@router.post("/{cart_id}/lines/{line_no}/discount", response_model=CartReply)
async def discount_line(cart_id: str, line_no: int, body: DiscountBody, sales: SalesDep) -> Response:
    return await reply(sales.discount_line, cart_id, line_no, body.kind, body.value)


@router.post("/{cart_id}/subtotal", response_model=CartReply)
async def subtotal(cart_id: str, sales: SalesDep) -> Response:
    return await reply(sales.subtotal, cart_id)


@router.post("/{cart_id}/entry", response_model=CartReply)
async def back_to_entry(cart_id: str, sales: SalesDep) -> Response:
    return await reply(sales.back_to_entry, cart_id)


@router.post("/{cart_id}/discount", response_model=CartReply)
async def discount_subtotal(cart_id: str, body: DiscountBody, sales: SalesDep) -> Response:
    return await reply(sales.discount_subtotal, cart_id, body.kind, body.value)


@router.post("/{cart_id}/tenders", response_model=CartReply)
async def add_tender(cart_id: str, body: TenderBody, sales: SalesDep) -> Response:
    return await reply(sales.add_tender, cart_id, body.tender_code, body.amount)


@router.delete("/{cart_id}/tenders/{index}", response_model=CartReply)
async def remove_tender(cart_id: str, index: int, sales: SalesDep) -> Response:
    return await reply(sales.remove_tender, cart_id, index)


@router.post("/{cart_id}/cancel", response_model=CartReply)
async def cancel(cart_id: str, sales: SalesDep) -> Response:
    return await reply(sales.cancel, cart_id)


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


@router.post("/{cart_id}/complete", response_model=CartReply)
async def complete(
    cart_id: str,
    sales: SalesDep,
    background: BackgroundTasks,
    body: CompleteBody | None = None,
    idempotency_key: str | None = Header(default=None, alias="Idempotency-Key"),
) -> Response:
    """Complete the sale durably. The printer, drawer and customer display are notified
    after the reply is sent (see ``SaleService.complete_unannounced``)."""
    key = (body.idempotency_key if body else None) or idempotency_key
    return await reply(_complete, sales, cart_id, key, background)
