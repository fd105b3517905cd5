"""Suspend (保留) and resume (呼出) a sale on the same terminal."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from tests.conftest import TOKYO, FixedClock
from tests.lifecycle.helpers import INCLUSIVE_550_A, INCLUSIVE_880, error_of, new_cart, ok, services


def test_suspend_list_and_resume(till: TestClient, clock: FixedClock):
    first = new_cart(till, [(INCLUSIVE_550_A, 2)])
    second = new_cart(till, [(INCLUSIVE_880, 1)])
    assert ok(till.post(f"/api/v1/carts/{first}/suspend"))["state"] == "suspended"
    ok(till.post(f"/api/v1/carts/{second}/suspend"))

    suspended = ok(till.get("/api/v1/suspended"))
    assert [(cart["cart_id"], cart["total"], cart["item_count"]) for cart in suspended] == [
        (first, 1100, 2),
        (second, 880, 1),
    ]
    blocked = error_of(till.post(f"/api/v1/carts/{first}/items", json={"code": INCLUSIVE_880}), 409)
    assert blocked["code"] == "operation_not_allowed_in_state"

    clock.moment = datetime(2026, 12, 5, 9, 0, tzinfo=TOKYO)
    resumed = ok(till.post(f"/api/v1/suspended/{first}/resume"))
    assert resumed["state"] == "entering"
    assert resumed["business_date"] == "2026-12-05"
    assert [cart["cart_id"] for cart in ok(till.get("/api/v1/suspended"))] == [second]

    again = error_of(till.post(f"/api/v1/suspended/{first}/resume"), 404)
    assert again["code"] == "suspended_sale_not_found"


def test_suspended_sale_of_other_terminal_not_resumed(till: TestClient):
    cart_id = new_cart(till, [(INCLUSIVE_550_A, 1)])
    ok(till.post(f"/api/v1/carts/{cart_id}/suspend"))
    services(till).sales.db.connection.execute(
        "UPDATE carts SET terminal_id = 'T002' WHERE id = ?", (cart_id,)
    )
    services(till).sales.db.connection.execute(
        "UPDATE carts SET document = json_set(document, '$.terminal_id', 'T002'), version = version + 1"
        " WHERE id = ?",
        (cart_id,),
    )
    assert ok(till.get("/api/v1/suspended")) == []
    assert (
        error_of(till.post(f"/api/v1/suspended/{cart_id}/resume"), 404)["code"] == "suspended_sale_not_found"
    )


def test_cancel_suspended_sale(till: TestClient):
    cart_id = new_cart(till, [(INCLUSIVE_550_A, 1)])
    ok(till.post(f"/api/v1/carts/{cart_id}/suspend"))
    assert ok(till.post(f"/api/v1/suspended/{cart_id}/cancel"))["state"] == "cancelled"
    assert ok(till.get("/api/v1/suspended")) == []
    rows = ok(till.get("/api/v1/audit", params={"action": "suspended_cancelled"}))
    assert rows[0]["subject"] == cart_id
    assert rows[0]["details"] == {"total": 550}


def test_cash_reasons_configurable(till: TestClient):
    from tests.lifecycle.helpers import set_store_extra

    unknown = error_of(till.post("/api/v1/cash/in", json={"amount": 100, "reason_code": "tips"}), 400)
    assert unknown["code"] == "reason_unknown"
    assert unknown["message"] == "理由 tips は登録されていません。"
    set_store_extra(till, cash_in_reasons='{"tips": "チップ"}')
    record = ok(till.post("/api/v1/cash/in", json={"amount": 100, "reason_code": "tips"}))["record"]
    assert record["reason"] == "チップ"
    assert record["number"] == 1
    assert ok(till.get("/api/v1/cash/reasons"))["cash_in"] == {"tips": "チップ"}
