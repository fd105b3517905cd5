"""Request functions for the backend's routes, one per call the screens make.

Each function blocks on HTTP and runs on a worker thread inside an Operation; the screens
pass them (or small lambdas over them) to the OperationRunner. Paths are relative to
``/api/v1``. Amounts are integer yen.
"""

from __future__ import annotations

from typing import Any

from terminal_app.client import BackendClient

Json = dict[str, Any]

# ----- system and master data -----


def health(client: BackendClient) -> Json:
    result: Json = client.get("/health")
    return result


def status(client: BackendClient) -> Json:
    result: Json = client.get("/status")
    return result


def store(client: BackendClient) -> Json:
    result: Json = client.get("/store")
    return result


def tenders(client: BackendClient) -> list[Json]:
    result: list[Json] = client.get("/tenders")
    return result


def presets(client: BackendClient) -> list[Json]:
    result: list[Json] = client.get("/presets")
    return result


def search_items(client: BackendClient, text: str, limit: int = 30) -> list[Json]:
    result: list[Json] = client.get("/items", q=text, limit=limit)
    return result


# ----- carts -----


def create_cart(client: BackendClient, training: bool = False) -> Json:
    result: Json = client.post("/carts", {"training": training})
    return result


def get_cart(client: BackendClient, cart_id: str) -> Json:
    result: Json = client.get(f"/carts/{cart_id}")
    return result


def add_item(client: BackendClient, cart_id: str, code: str, quantity: int = 1) -> Json:
    result: Json = client.post(f"/carts/{cart_id}/items", {"code": code, "quantity": quantity})
    return result


def set_quantity(client: BackendClient, cart_id: str, line_no: int, quantity: int) -> Json:
    result: Json = client.patch(f"/carts/{cart_id}/lines/{line_no}", {"quantity": quantity})
    return result


def override_price(client: BackendClient, cart_id: str, line_no: int, unit_price: int) -> Json:
    result: Json = client.patch(f"/carts/{cart_id}/lines/{line_no}", {"unit_price": unit_price})
    return result


def void_line(client: BackendClient, cart_id: str, line_no: int) -> Json:
    result: Json = client.post(f"/carts/{cart_id}/lines/{line_no}/void")
    return result


def discount_line(client: BackendClient, cart_id: str, line_no: int, kind: str, value: int) -> Json:
    result: Json = client.post(f"/carts/{cart_id}/lines/{line_no}/discount", {"kind": kind, "value": value})
    return result


def subtotal(client: BackendClient, cart_id: str) -> Json:
    result: Json = client.post(f"/carts/{cart_id}/subtotal")
    return result


def back_to_entry(client: BackendClient, cart_id: str) -> Json:
    result: Json = client.post(f"/carts/{cart_id}/entry")
    return result


def discount_subtotal(client: BackendClient, cart_id: str, kind: str, value: int) -> Json:
    result: Json = client.post(f"/carts/{cart_id}/discount", {"kind": kind, "value": value})
    return result


def add_tender(client: BackendClient, cart_id: str, tender_code: str, amount: int) -> Json:
    result: Json = client.post(f"/carts/{cart_id}/tenders", {"tender_code": tender_code, "amount": amount})
    return result


def remove_tender(client: BackendClient, cart_id: str, index: int) -> Json:
    result: Json = client.delete(f"/carts/{cart_id}/tenders/{index}")
    return result


def cancel_cart(client: BackendClient, cart_id: str) -> Json:
    result: Json = client.post(f"/carts/{cart_id}/cancel")
    return result


def complete(client: BackendClient, cart_id: str, idempotency_key: str) -> Json:
    """Complete a fully paid sale; the same key sent again returns the same transaction."""
    result: Json = client.post(f"/carts/{cart_id}/complete", {"idempotency_key": idempotency_key})
    return result


# ----- transactions -----


def find_transactions(
    client: BackendClient,
    business_date: str | None = None,
    kind: str | None = None,
    receipt_number: int | None = None,
    limit: int = 100,
) -> list[Json]:
    result: list[Json] = client.get(
        "/transactions", business_date=business_date, kind=kind, receipt_number=receipt_number, limit=limit
    )
    return result


def get_transaction(client: BackendClient, transaction_id: str) -> Json:
    result: Json = client.get(f"/transactions/{transaction_id}")
    return result


def receipt(client: BackendClient, transaction_id: str) -> Json:
    result: Json = client.get(f"/transactions/{transaction_id}/receipt")
    return result


def route_paths(client: BackendClient) -> list[str]:
    """Return the API paths the backend serves (from its OpenAPI document), without /api/v1."""
    document: Json = client.get("/openapi.json")
    prefix = "/api/v1"
    return [path.removeprefix(prefix) for path in document.get("paths", {})]


# ----- terminal lifecycle (backend/lifecycle) -----
# NOTE: written before the lifecycle routes landed; paths follow its routes once present.


def terminal_status_or_none(client: BackendClient) -> Json | None:
    """Return the lifecycle status, or None when this backend has no lifecycle part."""
    from terminal_app.client import BackendError

    try:
        result: Json = client.get("/terminal")
    except BackendError as error:
        if error.status == 404:
            return None
        raise
    return result
