"""Training mode: receipts marked, numbers, totals and outbox untouched, journal kept apart."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.lifecycle.helpers import INCLUSIVE_550_A, INCLUSIVE_880, ok, sell, services, x_figures


def outbox_count(client: TestClient) -> int:
    return int(services(client).sales.outbox.pending_count("mongo"))


def test_training_sale_leaves_totals_untouched(till: TestClient):
    first = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    before = x_figures(till)
    queued = outbox_count(till)

    ok(till.post("/api/v1/terminal/training", json={"enabled": True}))
    cart = ok(till.post("/api/v1/carts"), 201)
    assert cart["training"] is True
    ok(till.post(f"/api/v1/carts/{cart['cart_id']}/items", json={"code": INCLUSIVE_880}))
    ok(till.post(f"/api/v1/carts/{cart['cart_id']}/subtotal"))
    ok(till.post(f"/api/v1/carts/{cart['cart_id']}/tenders", json={"tender_code": "cash", "amount": 1000}))
    practice = ok(till.post(f"/api/v1/carts/{cart['cart_id']}/complete"))
    assert practice["transaction"]["training"] is True
    assert practice["transaction"]["receipt_number"] is None
    assert practice["receipt_text"].count("トレーニング") == 2
    ok(till.post("/api/v1/terminal/training", json={"enabled": False}))

    assert x_figures(till) == before
    assert outbox_count(till) == queued
    second = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    assert second["receipt_number"] == first["receipt_number"] + 1
    assert second["transaction_number"] == first["transaction_number"] + 1

    journal = ok(till.get("/api/v1/journal", params={"record_type": ["sale", "training"]}))
    assert [(record["record_type"], record["receipt_number"]) for record in journal] == [
        ("sale", 1),
        ("training", None),
        ("sale", 2),
    ]
    assert journal[1]["data"]["total"] == 880


def test_training_return_of_training_sale(till: TestClient):
    ok(till.post("/api/v1/terminal/training", json={"enabled": True}))
    practice = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    body = {"transaction_id": practice["transaction_id"], "approver_code": "9001", "approver_pin": "9999"}
    refund = ok(till.post("/api/v1/returns", json=body))["transaction"]
    assert refund["training"] is True
    assert refund["total"] == -550
    ok(till.post("/api/v1/terminal/training", json={"enabled": False}))
    figures = x_figures(till)
    assert figures["counts"]["returns"] == 0
    assert figures["cash"]["expected"] == 30000


def test_real_sale_not_returned_in_training(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    ok(till.post("/api/v1/terminal/training", json={"enabled": True}))
    body = {"receipt_number": sale["receipt_number"], "approver_code": "9001", "approver_pin": "9999"}
    response = till.post("/api/v1/returns", json=body)
    assert response.status_code == 422
    assert "training mode is on" in response.json()["error"]["message_en"]


def test_training_cash_in_not_counted(till: TestClient):
    ok(till.post("/api/v1/terminal/training", json={"enabled": True}))
    record = ok(till.post("/api/v1/cash/in", json={"amount": 3000, "reason_code": "other"}))["record"]
    assert record["training"] is True
    assert record["number"] is None
    ok(till.post("/api/v1/terminal/training", json={"enabled": False}))
    assert x_figures(till)["cash"]["expected"] == 30000
