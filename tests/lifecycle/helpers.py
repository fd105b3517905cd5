"""Helpers for the lifecycle tests: test items, opening the terminal, ringing up sales."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from fastapi.testclient import TestClient

from backend.api.app import create_app
from backend.domain.master import Item, PriceMode, TaxClass
from backend.settings import Settings
from tests.conftest import TOKEN, FixedClock

CASHIER = ("1001", "1234")
SUPERVISOR = ("9001", "9999")
MANAGER = ("9901", "0000")
APPROVER_HEADERS = {"X-Approver-Code": SUPERVISOR[0], "X-Approver-Pin": SUPERVISOR[1]}
SUPERVISOR_FIELDS = {"approver_code": SUPERVISOR[0], "approver_pin": SUPERVISOR[1]}

EXCLUSIVE_105 = "LC-EXCL105"
INCLUSIVE_550_A = "LC-INCL550A"
INCLUSIVE_550_B = "LC-INCL550B"
INCLUSIVE_880 = "LC-INCL880"
FOOD_216 = "LC-FOOD216"
INCLUSIVE_1100_A = "LC-INCL1100A"
INCLUSIVE_1100_B = "LC-INCL1100B"
INCLUSIVE_54000 = "LC-INCL54000"
INCLUSIVE_55000 = "LC-INCL55000"
INCLUSIVE_100000 = "LC-INCL100000"

# Category 11 (日用品) has no promotion in the demo store, so these prices stay as listed.
TEST_ITEMS = (
    Item(EXCLUSIVE_105, "テスト外税105", 105, PriceMode.EXCLUSIVE, TaxClass.STANDARD, "11"),
    Item(INCLUSIVE_550_A, "テスト内税550A", 550, PriceMode.INCLUSIVE, TaxClass.STANDARD, "11"),
    Item(INCLUSIVE_550_B, "テスト内税550B", 550, PriceMode.INCLUSIVE, TaxClass.STANDARD, "11"),
    Item(INCLUSIVE_880, "テスト内税880", 880, PriceMode.INCLUSIVE, TaxClass.STANDARD, "11"),
    Item(FOOD_216, "テスト食品216", 216, PriceMode.INCLUSIVE, TaxClass.REDUCED, "11"),
    Item(INCLUSIVE_1100_A, "テスト内税1100A", 1100, PriceMode.INCLUSIVE, TaxClass.STANDARD, "11"),
    Item(INCLUSIVE_1100_B, "テスト内税1100B", 1100, PriceMode.INCLUSIVE, TaxClass.STANDARD, "11"),
    Item(INCLUSIVE_54000, "テスト内税54000", 54000, PriceMode.INCLUSIVE, TaxClass.STANDARD, "11"),
    Item(INCLUSIVE_55000, "テスト内税55000", 55000, PriceMode.INCLUSIVE, TaxClass.STANDARD, "11"),
    Item(INCLUSIVE_100000, "テスト内税100000", 100000, PriceMode.INCLUSIVE, TaxClass.STANDARD, "11"),
)


@contextmanager
def backend(settings: Settings, clock: FixedClock) -> Iterator[TestClient]:
    """Start a backend on the settings' data directory, with the test items in its master."""
    app = create_app(settings, clock=clock)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app, base_url="http://127.0.0.1", headers=headers) as client:
        services(client).context.master.upsert_items(TEST_ITEMS)
        yield client


def services(client: TestClient) -> Any:
    return client.app.state.services  # type: ignore[attr-defined]


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    return error


def open_terminal(
    client: TestClient, float_amount: int = 30000, staff: tuple[str, str] = CASHIER
) -> dict[str, Any]:
    body = {"float_amount": float_amount, "staff_code": staff[0], "pin": staff[1]}
    return ok(client.post("/api/v1/terminal/open", json=body))


def sign_in(client: TestClient, staff: tuple[str, str]) -> dict[str, Any]:
    return ok(client.post("/api/v1/terminal/sign-in", json={"staff_code": staff[0], "pin": staff[1]}))


def new_cart(client: TestClient, items: Sequence[tuple[str, int]]) -> str:
    cart_id = str(ok(client.post("/api/v1/carts"), 201)["cart_id"])
    for code, quantity in items:
        ok(client.post(f"/api/v1/carts/{cart_id}/items", json={"code": code, "quantity": quantity}))
    return cart_id


def pay(client: TestClient, cart_id: str, tenders: Sequence[tuple[str, int]]) -> dict[str, Any]:
    for code, amount in tenders:
        ok(client.post(f"/api/v1/carts/{cart_id}/tenders", json={"tender_code": code, "amount": amount}))
    result: dict[str, Any] = ok(client.post(f"/api/v1/carts/{cart_id}/complete"))
    return result


def sell(
    client: TestClient,
    items: Sequence[tuple[str, int]],
    tenders: Sequence[tuple[str, int]],
    subtotal_discount: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Ring up, subtotal, pay and complete a sale; return the transaction document."""
    cart_id = new_cart(client, items)
    ok(client.post(f"/api/v1/carts/{cart_id}/subtotal"))
    if subtotal_discount is not None:
        ok(client.post(f"/api/v1/carts/{cart_id}/discount", json=subtotal_discount))
    document: dict[str, Any] = pay(client, cart_id, tenders)["transaction"]
    return document


def x_figures(client: TestClient) -> dict[str, Any]:
    figures: dict[str, Any] = ok(client.get("/api/v1/reports/x"))["figures"]
    return figures


def set_store_extra(client: TestClient, **values: str) -> None:
    """Save extra store settings, as store IT would, and drop the cached settings."""
    context = services(client).context
    store = context.store_settings()
    context.master.save_store_settings(replace(store, extra={**store.extra, **values}))
    context.invalidate()
