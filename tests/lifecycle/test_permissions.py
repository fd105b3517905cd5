"""Each permission: a cashier is rejected, a supervisor's approval grants it, the audit log has it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.lifecycle.helpers import (
    APPROVER_HEADERS,
    EXCLUSIVE_105,
    INCLUSIVE_550_A,
    INCLUSIVE_1100_A,
    SUPERVISOR,
    SUPERVISOR_FIELDS,
    error_of,
    new_cart,
    ok,
    sell,
    set_store_extra,
    sign_in,
)


def audit_rows(client: TestClient, permission: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = ok(client.get("/api/v1/audit", params={"permission": permission}))
    return rows


def grant(client: TestClient, permission: str, subject: str, approver: tuple[str, str] = SUPERVISOR) -> Any:
    body = {
        "permission": permission,
        "subject": subject,
        "approver_code": approver[0],
        "approver_pin": approver[1],
    }
    return client.post("/api/v1/approvals", json=body)


def assert_required(response: Any, permission: str) -> None:
    error = error_of(response, 403)
    assert error["code"] == "permission_required"
    assert error["details"]["permission"] == permission


def assert_approved_audit(client: TestClient, permission: str, action: str) -> None:
    rows = audit_rows(client, permission)
    approved = [row for row in rows if row["action"] == action and row["outcome"] == "approved"]
    denied = [row for row in rows if row["outcome"] == "denied"]
    assert len(approved) == 1
    assert approved[0]["actor_code"] == "1001"
    assert approved[0]["approver_code"] == "9001"
    assert approved[0]["terminal_id"] == "T001"
    assert approved[0]["created_at"] == "2026-12-04T10:00:00+09:00"
    assert len(denied) == 1
    assert denied[0]["actor_code"] == "1001"
    assert denied[0]["approver_code"] is None


def test_price_override_needs_approval(till: TestClient):
    cart_id = new_cart(till, [(INCLUSIVE_550_A, 1)])
    change = {"unit_price": 500}
    assert_required(till.patch(f"/api/v1/carts/{cart_id}/lines/1", json=change), "price_override")

    ok(grant(till, "price_override", cart_id))
    cart = ok(till.patch(f"/api/v1/carts/{cart_id}/lines/1", json=change))
    assert cart["lines"][0]["unit_price"] == 500
    assert cart["approvals"][0]["permission"] == "price_override"
    assert cart["approvals"][0]["approver"] == "9001"
    assert_approved_audit(till, "price_override", "price_override")


def test_price_entered_at_scan_needs_approval(till: TestClient):
    cart_id = new_cart(till, [])
    response = till.post(f"/api/v1/carts/{cart_id}/items", json={"code": INCLUSIVE_550_A, "price": 400})
    assert_required(response, "price_override")
    assert ok(till.get(f"/api/v1/carts/{cart_id}"))["lines"] == []


def test_discount_within_limit_allowed(till: TestClient):
    cart_id = new_cart(till, [(INCLUSIVE_1100_A, 1)])
    cart = ok(till.post(f"/api/v1/carts/{cart_id}/lines/1/discount", json={"kind": "percent", "value": 10}))
    assert cart["totals"]["total"] == 990
    amount = ok(till.post(f"/api/v1/carts/{cart_id}/lines/1/discount", json={"kind": "amount", "value": 110}))
    assert amount["totals"]["total"] == 990
    assert audit_rows(till, "discount_over_limit") == []


def test_discount_over_limit_needs_approval(till: TestClient):
    cart_id = new_cart(till, [(INCLUSIVE_1100_A, 1)])
    discount = {"kind": "percent", "value": 20}
    assert_required(
        till.post(f"/api/v1/carts/{cart_id}/lines/1/discount", json=discount), "discount_over_limit"
    )
    amount = {"kind": "amount", "value": 111}
    assert_required(
        till.post(f"/api/v1/carts/{cart_id}/lines/1/discount", json=amount), "discount_over_limit"
    )

    ok(grant(till, "discount_over_limit", cart_id))
    cart = ok(till.post(f"/api/v1/carts/{cart_id}/lines/1/discount", json=discount))
    assert cart["totals"]["total"] == 880
    rows = audit_rows(till, "discount_over_limit")
    assert [row["outcome"] for row in rows] == ["approved", "approved", "denied", "denied"]
    assert rows[0]["action"] == "discount_over_limit"
    assert rows[0]["approver_code"] == "9001"


def test_subtotal_discount_over_limit_needs_approval(till: TestClient):
    cart_id = new_cart(till, [(INCLUSIVE_1100_A, 1)])
    ok(till.post(f"/api/v1/carts/{cart_id}/subtotal"))
    discount = {"kind": "amount", "value": 200}
    assert_required(till.post(f"/api/v1/carts/{cart_id}/discount", json=discount), "discount_over_limit")
    ok(grant(till, "discount_over_limit", cart_id))
    assert ok(till.post(f"/api/v1/carts/{cart_id}/discount", json=discount))["totals"]["total"] == 900
    assert_approved_audit(till, "discount_over_limit", "discount_over_limit")


def test_line_void_after_subtotal_needs_approval(till: TestClient):
    cart_id = new_cart(till, [(INCLUSIVE_550_A, 1), (EXCLUSIVE_105, 1)])
    ok(till.post(f"/api/v1/carts/{cart_id}/lines/2/void"))
    ok(till.post(f"/api/v1/carts/{cart_id}/items", json={"code": EXCLUSIVE_105}))
    ok(till.post(f"/api/v1/carts/{cart_id}/subtotal"))
    assert_required(till.post(f"/api/v1/carts/{cart_id}/lines/3/void"), "line_void_after_subtotal")

    ok(grant(till, "line_void_after_subtotal", cart_id))
    cart = ok(till.post(f"/api/v1/carts/{cart_id}/lines/3/void"))
    assert cart["totals"]["total"] == 550
    assert_approved_audit(till, "line_void_after_subtotal", "line_void")


def test_transaction_void_needs_approval(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    body = {"receipt_number": sale["receipt_number"]}
    assert_required(till.post("/api/v1/voids", json=body), "transaction_void")
    voided = ok(till.post("/api/v1/voids", json=body, headers=APPROVER_HEADERS))
    assert voided["transaction"]["approvals"][0]["approver"] == "9001"
    assert_approved_audit(till, "transaction_void", "void")


def test_return_needs_approval(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    body = {"receipt_number": sale["receipt_number"]}
    assert_required(till.post("/api/v1/returns", json=body), "return")
    ok(till.post("/api/v1/returns", json={**body, **SUPERVISOR_FIELDS}))
    assert_approved_audit(till, "return", "return")


def test_cash_out_needs_approval(till: TestClient):
    body = {"amount": 10000, "reason_code": "bank_deposit"}
    assert_required(till.post("/api/v1/cash/out", json=body), "cash_out")
    record = ok(till.post("/api/v1/cash/out", json=body, headers=APPROVER_HEADERS))["record"]
    assert record["approver_code"] == "9001"
    assert_approved_audit(till, "cash_out", "cash_out")


def test_no_sale_needs_approval(till: TestClient):
    assert_required(till.post("/api/v1/cash/no-sale"), "no_sale")
    record = ok(till.post("/api/v1/cash/no-sale", json={"reason": "両替"}, headers=APPROVER_HEADERS))[
        "record"
    ]
    assert record["kind"] == "no_sale"
    assert_approved_audit(till, "no_sale", "no_sale")


def test_reprint_needs_approval(till: TestClient):
    sale = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 1000)])
    path = f"/api/v1/transactions/{sale['transaction_id']}/reprint"
    assert_required(till.post(path), "reprint")
    record = ok(till.post(path, headers=APPROVER_HEADERS))["record"]
    text = record["receipt_text"]
    assert "【再発行】" in text
    assert "No.000001" in text
    assert "お預り 現金                         ¥1,000" in text
    assert_approved_audit(till, "reprint", "reprint")


def test_z_report_needs_approval(till: TestClient):
    body = {"denominations": {"10000": 3}}
    assert_required(till.post("/api/v1/reports/z", json=body), "z_report")
    record = ok(till.post("/api/v1/reports/z", json={**body, **SUPERVISOR_FIELDS}))["record"]
    assert record["number"] == 1
    assert_approved_audit(till, "z_report", "z_report")


def test_supervisor_signed_in_needs_no_approval(till: TestClient):
    sign_in(till, SUPERVISOR)
    record = ok(till.post("/api/v1/cash/out", json={"amount": 5000, "reason_code": "petty_cash"}))["record"]
    assert record["approver_code"] is None
    rows = audit_rows(till, "cash_out")
    assert len(rows) == 1
    assert rows[0]["outcome"] == "performed"
    assert rows[0]["actor_code"] == "9001"


@pytest.mark.parametrize(
    ("approver", "detail"),
    [
        (("1001", "1234"), "may not approve"),
        (("9001", "1111"), "wrong approver code or PIN"),
    ],
)
def test_approval_failures(till: TestClient, approver: tuple[str, str], detail: str):
    headers = {"X-Approver-Code": approver[0], "X-Approver-Pin": approver[1]}
    response = till.post("/api/v1/cash/out", json={"amount": 1000, "reason_code": "other"}, headers=headers)
    error = error_of(response, 403)
    assert error["code"] == "approval_failed"
    assert detail in error["message_en"]


def test_grant_used_once(till: TestClient):
    cart_id = new_cart(till, [(INCLUSIVE_550_A, 1), (INCLUSIVE_1100_A, 1)])
    ok(grant(till, "price_override", cart_id))
    ok(till.patch(f"/api/v1/carts/{cart_id}/lines/1", json={"unit_price": 500}))
    assert_required(
        till.patch(f"/api/v1/carts/{cart_id}/lines/2", json={"unit_price": 1000}), "price_override"
    )


def test_permission_table_from_settings(till: TestClient):
    set_store_extra(till, permissions='{"cashier": ["cash_out", "no_sale"]}')

    table = ok(till.get("/api/v1/permissions"))["roles"]
    assert table["cashier"] == ["cash_out", "no_sale"]
    record = ok(till.post("/api/v1/cash/out", json={"amount": 1000, "reason_code": "other"}))["record"]
    assert record["approver_code"] is None
    sale = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    assert_required(
        till.post("/api/v1/voids", json={"receipt_number": sale["receipt_number"]}), "transaction_void"
    )
