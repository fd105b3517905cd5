"""Request functions for the backend's routes, one per call the screens make.

Each function blocks on HTTP and runs on a worker thread inside an Operation; the screens
pass them (or small lambdas over them) to the OperationRunner. Paths are relative to
``/api/v1``. Amounts are integer yen.
"""

from __future__ import annotations

from typing import Any

from terminal_app.client import BackendClient, BackendError

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
    """Return the API routes the backend serves, from its OpenAPI document: each path
    without /api/v1, and each as "path:method" (for example "/store:put")."""
    document: Json = client.get("/openapi.json")
    routes = []
    for path, methods in document.get("paths", {}).items():
        short = path.removeprefix("/api/v1")
        routes.append(short)
        routes.extend(f"{short}:{method}" for method in methods)
    return routes


# ----- terminal lifecycle (backend/lifecycle) -----


def terminal_status_or_none(client: BackendClient) -> Json | None:
    """Return the lifecycle status, or None when this backend has no lifecycle part."""
    try:
        result: Json = client.get("/terminal")
    except BackendError as error:
        if error.status == 404:
            return None
        raise
    return result


def sign_in(client: BackendClient, staff_code: str, pin: str) -> Json:
    result: Json = client.post("/terminal/sign-in", {"staff_code": staff_code, "pin": pin})
    return result


def sign_out(client: BackendClient) -> Json:
    result: Json = client.post("/terminal/sign-out")
    return result


def open_terminal(client: BackendClient, float_denominations: dict[str, int]) -> Json:
    result: Json = client.post("/terminal/open", {"float_denominations": float_denominations})
    return result


def close_terminal(client: BackendClient) -> Json:
    result: Json = client.post("/terminal/close")
    return result


def set_training(client: BackendClient, enabled: bool) -> Json:
    result: Json = client.post("/terminal/training", {"enabled": enabled})
    return result


def cash_reasons(client: BackendClient) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = client.get("/cash/reasons")
    return result


def cash_movement(client: BackendClient, direction: str, amount: int, reason_code: str, key: str) -> Json:
    """Record cash in (入金) or out (出金); ``direction`` is "in" or "out"."""
    body = {"amount": amount, "reason_code": reason_code, "idempotency_key": key}
    result: Json = client.post(f"/cash/{direction}", body)
    return result


def no_sale(client: BackendClient) -> Json:
    result: Json = client.post("/cash/no-sale")
    return result


def suspend_cart(client: BackendClient, cart_id: str) -> Json:
    result: Json = client.post(f"/carts/{cart_id}/suspend")
    return result


def suspended_carts(client: BackendClient) -> list[Json]:
    result: list[Json] = client.get("/suspended")
    return result


def resume_cart(client: BackendClient, cart_id: str) -> Json:
    result: Json = client.post(f"/suspended/{cart_id}/resume")
    return result


def find_original(client: BackendClient, reference: Json) -> Json:
    """Find a receipt by ``barcode``, ``receipt_number`` or ``transaction_id``, with the
    quantity still returnable per line."""
    result: Json = client.get("/returns/original", **reference)
    return result


def return_candidates(client: BackendClient, business_date: str) -> list[Json]:
    result: list[Json] = client.get("/returns/candidates", business_date=business_date)
    return result


def void_transaction(client: BackendClient, transaction_id: str, key: str) -> Json:
    result: Json = client.post("/voids", {"transaction_id": transaction_id, "idempotency_key": key})
    return result


def return_lines(
    client: BackendClient, transaction_id: str, lines: list[Json], refund_tender_code: str | None, key: str
) -> Json:
    body: Json = {"transaction_id": transaction_id, "lines": lines, "idempotency_key": key}
    if refund_tender_code:
        body["refund_tender_code"] = refund_tender_code
    result: Json = client.post("/returns", body)
    return result


def exchange(
    client: BackendClient,
    transaction_id: str,
    lines: list[Json],
    items: list[Json],
    tenders: list[Json],
    key: str,
) -> Json:
    body: Json = {
        "transaction_id": transaction_id,
        "lines": lines,
        "items": items,
        "tenders": tenders,
        "idempotency_key": key,
    }
    result: Json = client.post("/exchanges", body)
    return result


def reprint(client: BackendClient, transaction_id: str) -> Json:
    result: Json = client.post(f"/transactions/{transaction_id}/reprint")
    return result


def x_report(client: BackendClient) -> Json:
    result: Json = client.get("/reports/x")
    return result


def take_x_report(client: BackendClient) -> Json:
    result: Json = client.post("/reports/x")
    return result


def take_z_report(
    client: BackendClient, denominations: dict[str, int], key: str, force: bool = False
) -> Json:
    body: Json = {"denominations": denominations, "idempotency_key": key, "force": force}
    result: Json = client.post("/reports/z", body)
    return result


def journal(client: BackendClient, **filters: Any) -> list[Json]:
    result: list[Json] = client.get("/journal", **filters)
    return result


def device_status(client: BackendClient) -> Json:
    result: Json = client.get("/devices/status")
    return result


def print_jobs(client: BackendClient) -> Json:
    result: Json = client.get("/devices/print-jobs")
    return result


def retry_print_job(client: BackendClient, job_id: int) -> Json:
    result: Json = client.post(f"/devices/print-jobs/{job_id}/retry")
    return result


def printer_test_page(client: BackendClient) -> Json:
    result: Json = client.post("/devices/printer/test-page")
    return result


def display_test(client: BackendClient) -> Json:
    result: Json = client.post("/devices/display/test")
    return result


def drawer_test(client: BackendClient) -> Json:
    result: Json = client.post("/devices/drawer/test")
    return result


def device_config(client: BackendClient) -> Json:
    result: Json = client.get("/devices/config")
    return result


def save_device_config(client: BackendClient, config: Json) -> Json:
    result: Json = client.put("/devices/config", config)
    return result


# ----- store tier and Dapr -----


def sync_status(client: BackendClient) -> Json:
    result: Json = client.get("/sync/status")
    return result


def sync_config(client: BackendClient) -> Json:
    """Return the mongo and dapr settings, with the URL's password and the Dapr token masked."""
    result: Json = client.get("/sync/config")
    return result


def save_sync_config(client: BackendClient, config: Json) -> Json:
    result: Json = client.put("/sync/config", config)
    return result


def check_sync_connection(client: BackendClient, body: Json) -> Json:
    result: Json = client.post("/sync/test", body)
    return result


def dapr_status(client: BackendClient) -> Json:
    result: Json = client.get("/dapr/status")
    return result


def shared_suspended_sales(client: BackendClient) -> list[Json]:
    """Return the sales suspended on any register of the store through Dapr, oldest first."""
    result: list[Json] = client.get("/dapr/suspended")
    return result


def share_suspended_sale(client: BackendClient, cart_id: str) -> Json:
    """Suspend a sale into the store's shared state store through Dapr, so any register can
    resume it, and return its entry in the shared list.

    On success the backend has removed the local cart. After a Dapr refusal (503
    dapr_unavailable or dapr_not_enabled, 502 dapr_state_failed) the local cart is unchanged.
    """
    result: Json = client.post("/dapr/suspended", {"cart_id": cart_id})
    return result


def resume_shared_sale(client: BackendClient, suspend_id: str) -> Json:
    """Claim a sale suspended through Dapr for this register and return the new local cart."""
    result: Json = client.post(f"/dapr/suspended/{suspend_id}/resume")
    return result
