"""Voids, returns and exchanges against the original receipt, to the yen (F2, F3, F7)."""

from __future__ import annotations

import sqlite3
from typing import Any

from fastapi.testclient import TestClient

from backend.plugins.receipt_layout import receipt_barcode_data
from backend.settings import Settings
from tests.lifecycle.helpers import (
    APPROVER_HEADERS,
    EXCLUSIVE_105,
    FOOD_216,
    INCLUSIVE_550_A,
    INCLUSIVE_550_B,
    INCLUSIVE_1100_A,
    INCLUSIVE_1100_B,
    error_of,
    ok,
    sell,
    set_store_extra,
    x_figures,
)


def return_lines(client: TestClient, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/returns", json=body, headers=APPROVER_HEADERS)


def test_f2_full_return_is_exact_negation(till: TestClient):
    sale = sell(till, [(EXCLUSIVE_105, 3)], [("cash", 1000)])
    assert sale["total"] == 346
    assert sale["tax_total"] == 31

    refund = ok(return_lines(till, {"receipt_number": sale["receipt_number"]}))["transaction"]
    assert refund["kind"] == "return"
    assert refund["total"] == -346
    assert refund["tax_total"] == -31
    (tax,) = refund["taxes"]
    assert tax["base"] == -315
    assert tax["tax"] == -31
    assert tax["total"] == -346
    assert [(t["tender_code"], t["applied"]) for t in refund["tenders"]] == [("cash", -346)]
    assert refund["receipt_number"] == sale["receipt_number"] + 1
    assert refund["original_transaction_id"] == sale["transaction_id"]


def test_f7_return_both_lines_then_again(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 1), (INCLUSIVE_550_B, 1)], [("cash", 1100)])
    assert sale["total"] == 1100
    assert sale["tax_total"] == 100

    body = {"receipt_number": sale["receipt_number"], "lines": [{"line_no": 1}, {"line_no": 2}]}
    refund = ok(return_lines(till, body))["transaction"]
    assert refund["total"] == -1100
    assert refund["tax_total"] == -100

    figures = x_figures(till)
    assert figures["net_sales"] == 0
    assert figures["tax_total"] == 0
    assert figures["cash"]["expected"] == 30000

    again = error_of(return_lines(till, body), 400)
    assert again["code"] == "return_exceeds_sold"
    assert again["message"] == "明細 1 の返品可能数は 0 です。"
    assert again["message_en"] == "Line 1 has only 0 left to return."
    assert x_figures(till)["cash"]["expected"] == 30000


def test_partial_returns_add_up_to_original(till: TestClient):
    discount = {"kind": "amount", "value": 50}
    sale = sell(till, [(EXCLUSIVE_105, 3), (FOOD_216, 2), (INCLUSIVE_550_A, 1)], [("cash", 2000)], discount)
    assert sale["total"] == 1277
    assert sale["tax_total"] == 108

    pieces = [(1, 1), (2, 1), (1, 2), (3, 1), (2, 1)]
    refunds = []
    for line_no, quantity in pieces:
        body = {
            "receipt_number": sale["receipt_number"],
            "lines": [{"line_no": line_no, "quantity": quantity}],
        }
        refunds.append(ok(return_lines(till, body))["transaction"])

    assert sum(refund["total"] for refund in refunds) == -sale["total"]
    assert sum(refund["tax_total"] for refund in refunds) == -sale["tax_total"]
    for original in sale["taxes"]:
        key = (original["tax_class"], original["price_mode"])
        returned = [
            tax
            for refund in refunds
            for tax in refund["taxes"]
            if (tax["tax_class"], tax["price_mode"]) == key
        ]
        for field in ("amount", "discount", "base", "tax", "total"):
            assert sum(tax[field] for tax in returned) == -original[field], (key, field)
    assert sum(refund["subtotal_discount"]["amount"] for refund in refunds) == -50
    assert x_figures(till)["net_sales"] == 0
    assert x_figures(till)["cash"]["expected"] == 30000


def test_return_more_than_sold_rejected(till: TestClient):
    sale = sell(till, [(EXCLUSIVE_105, 3)], [("cash", 346)])
    first = {"receipt_number": sale["receipt_number"], "lines": [{"line_no": 1, "quantity": 2}]}
    ok(return_lines(till, first))
    error = error_of(return_lines(till, first), 400)
    assert error["code"] == "return_exceeds_sold"
    assert error["details"] == {"line": 1, "available": 1, "requested": 2}
    missing = {"receipt_number": sale["receipt_number"], "lines": [{"line_no": 9, "quantity": 1}]}
    assert error_of(return_lines(till, missing), 400)["code"] == "line_not_found"
    empty = error_of(return_lines(till, {"receipt_number": sale["receipt_number"], "lines": []}), 422)
    assert "Omit lines to return every remaining line" in empty["message_en"]


def test_original_lists_its_returns(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 2)], [("cash", 1100)])
    body = {"transaction_id": sale["transaction_id"], "lines": [{"line_no": 1, "quantity": 1}]}
    first = ok(return_lines(till, body))["transaction"]
    second = ok(return_lines(till, body))["transaction"]

    original = ok(till.get(f"/api/v1/transactions/{sale['transaction_id']}"))
    assert [entry["transaction_id"] for entry in original["returns"]] == [
        first["transaction_id"],
        second["transaction_id"],
    ]
    assert [entry["total"] for entry in original["returns"]] == [-550, -550]
    stored = ok(till.get(f"/api/v1/transactions/{first['transaction_id']}"))
    assert stored["original_transaction_id"] == sale["transaction_id"]
    assert stored["original_receipt_number"] == sale["receipt_number"]


def test_original_found_by_barcode_and_date(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    barcode = receipt_barcode_data(sale)
    assert barcode == "RT001-000001"
    found = ok(till.get("/api/v1/returns/original", params={"barcode": barcode}))
    assert found["transaction_id"] == sale["transaction_id"]
    assert found["returnable"] == {"1": 1}

    candidates = ok(till.get("/api/v1/returns/candidates", params={"business_date": "2026-12-04"}))
    assert [entry["transaction_id"] for entry in candidates] == [sale["transaction_id"]]
    assert ok(till.get("/api/v1/returns/candidates", params={"business_date": "2026-12-03"})) == []

    refund = ok(return_lines(till, {"barcode": barcode}))["transaction"]
    assert refund["total"] == -550
    assert (
        "元レシート No.000001 (2026-12-04)"
        in ok(till.get(f"/api/v1/transactions/{refund['transaction_id']}/receipt"))["text"]
    )
    unknown = error_of(till.get("/api/v1/returns/original", params={"barcode": "RT001-000099"}), 404)
    assert unknown["code"] == "transaction_not_found"


def test_void_negates_split_tender_sale(till: TestClient):
    cart_items = [(INCLUSIVE_1100_A, 1), (FOOD_216, 1)]
    sale = sell(till, cart_items, [("credit", 800), ("cash", 1000)])
    assert sale["total"] == 1316
    assert sale["change"] == 484

    voided = ok(
        till.post("/api/v1/voids", json={"receipt_number": sale["receipt_number"]}, headers=APPROVER_HEADERS)
    )
    document = voided["transaction"]
    assert document["kind"] == "void"
    assert document["total"] == -1316
    assert document["tax_total"] == -sale["tax_total"]
    for negated, original in zip(document["taxes"], sale["taxes"], strict=True):
        for field in ("amount", "discount", "base", "tax", "total"):
            assert negated[field] == -original[field]
    refunds = sorted((tender["tender_code"], tender["applied"]) for tender in document["tenders"])
    assert refunds == [("cash", -516), ("credit", -800)]
    assert "【取消】" in voided["receipt_text"]

    figures = x_figures(till)
    assert figures["net_sales"] == 0
    assert figures["counts"]["voids"] == 1
    assert figures["cash"]["expected"] == 30000

    again = error_of(
        till.post("/api/v1/voids", json={"receipt_number": sale["receipt_number"]}, headers=APPROVER_HEADERS),
        400,
    )
    assert again["code"] == "transaction_already_voided"
    after_void = error_of(return_lines(till, {"receipt_number": sale["receipt_number"]}), 400)
    assert after_void["code"] == "transaction_already_voided"


def test_void_after_return_rejected(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 2)], [("cash", 1100)])
    ok(
        return_lines(
            till, {"receipt_number": sale["receipt_number"], "lines": [{"line_no": 1, "quantity": 1}]}
        )
    )
    error = error_of(
        till.post("/api/v1/voids", json={"receipt_number": sale["receipt_number"]}, headers=APPROVER_HEADERS),
        422,
    )
    assert "already has returns" in error["message_en"]


def test_return_of_a_return_rejected(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    refund = ok(return_lines(till, {"receipt_number": sale["receipt_number"]}))["transaction"]
    error = error_of(return_lines(till, {"transaction_id": refund["transaction_id"]}), 422)
    assert "only sales can be voided or returned" in error["message_en"]


def test_card_refund_goes_back_to_card(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 2)], [("credit", 1100)])
    body = {"receipt_number": sale["receipt_number"], "lines": [{"line_no": 1, "quantity": 1}]}
    refund = ok(return_lines(till, body))["transaction"]
    assert [(t["tender_code"], t["kind"], t["applied"]) for t in refund["tenders"]] == [
        ("credit", "cashless", -550)
    ]
    assert x_figures(till)["cash"]["expected"] == 30000


def test_refund_policy_cash(till: TestClient):
    set_store_extra(till, refund_tender_policy="cash")
    sale = sell(till, [(INCLUSIVE_550_A, 2)], [("credit", 1100)])
    refund = ok(return_lines(till, {"receipt_number": sale["receipt_number"]}))["transaction"]
    assert [(t["tender_code"], t["applied"]) for t in refund["tenders"]] == [("cash", -1100)]
    assert x_figures(till)["cash"]["expected"] == 30000 - 1100


def test_voucher_refunded_in_cash(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 2)], [("voucher", 1000), ("cash", 100)])
    refund = ok(return_lines(till, {"receipt_number": sale["receipt_number"]}))["transaction"]
    refunds = [(t["tender_code"], t["applied"], t["original_tender_index"]) for t in refund["tenders"]]
    assert refunds == [("cash", -100, 1), ("cash", -1000, 0)]


def test_f3_exchange_of_equal_items(till: TestClient):
    sale = sell(till, [(INCLUSIVE_1100_A, 1)], [("cash", 1100)])
    body = {"receipt_number": sale["receipt_number"], "items": [{"code": INCLUSIVE_1100_B}]}
    result = ok(till.post("/api/v1/exchanges", json=body, headers=APPROVER_HEADERS))
    exchange = result["transaction"]
    assert exchange["kind"] == "exchange"
    assert exchange["total"] == 0
    assert exchange["tax_total"] == 0
    assert exchange["tenders"] == []
    assert exchange["returned"]["total"] == -1100
    assert exchange["sold"]["total"] == 1100
    assert [line["quantity"] for line in exchange["lines"]] == [-1, 1]
    assert "【交換】" in result["receipt_text"]

    figures = x_figures(till)
    assert figures["sales_total"] == 2200
    assert figures["returns_total"] == -1100
    assert figures["net_sales"] == 1100
    assert figures["counts"]["exchanges"] == 1
    assert figures["cash"]["expected"] == 31100


def test_exchange_pays_or_refunds_difference(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    upgrade = {"receipt_number": sale["receipt_number"], "items": [{"code": INCLUSIVE_1100_A}]}
    unpaid = error_of(till.post("/api/v1/exchanges", json=upgrade, headers=APPROVER_HEADERS), 400)
    assert unpaid["code"] == "not_fully_paid"
    assert unpaid["details"]["remaining"] == 550

    paid = {**upgrade, "tenders": [{"tender_code": "cash", "amount": 1000}]}
    exchange = ok(till.post("/api/v1/exchanges", json=paid, headers=APPROVER_HEADERS))["transaction"]
    assert exchange["total"] == 550
    assert exchange["change"] == 450
    assert exchange["tax_total"] == 50
    assert x_figures(till)["cash"]["expected"] == 30000 + 1100

    second = sell(till, [(INCLUSIVE_1100_A, 1)], [("cash", 1100)])
    downgrade = {"receipt_number": second["receipt_number"], "items": [{"code": INCLUSIVE_550_B}]}
    refund = ok(till.post("/api/v1/exchanges", json=downgrade, headers=APPROVER_HEADERS))["transaction"]
    assert refund["total"] == -550
    assert [(t["tender_code"], t["applied"]) for t in refund["tenders"]] == [("cash", -550)]
    assert x_figures(till)["cash"]["expected"] == 30000 + 1100 + 1100 - 550


def test_return_replayed_by_idempotency_key(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    body = {"receipt_number": sale["receipt_number"], "idempotency_key": "return-key-0001"}
    first = ok(return_lines(till, body))
    second = ok(return_lines(till, body))
    assert second["replayed"] is True
    assert second["transaction"]["transaction_id"] == first["transaction"]["transaction_id"]
    assert x_figures(till)["counts"]["returns"] == 1


def test_returned_quantities_stored(till: TestClient, settings: Settings):
    sale = sell(till, [(EXCLUSIVE_105, 3)], [("cash", 346)])
    ok(
        return_lines(
            till, {"receipt_number": sale["receipt_number"], "lines": [{"line_no": 1, "quantity": 2}]}
        )
    )
    with sqlite3.connect(settings.database_path) as connection:
        rows = connection.execute(
            "SELECT original_line_no, quantity, total FROM return_lines WHERE original_id = ?",
            (sale["transaction_id"],),
        ).fetchall()
    assert rows == [(1, 2, -230)]
