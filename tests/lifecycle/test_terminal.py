"""Terminal open, sign-in, close and restart over HTTP, and PIN lockout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from backend.settings import Settings
from tests.conftest import FixedClock
from tests.lifecycle.helpers import (
    CASHIER,
    INCLUSIVE_550_A,
    SUPERVISOR,
    backend,
    error_of,
    ok,
    open_terminal,
    sell,
    sign_in,
)


def test_sale_refused_on_closed_terminal(api: TestClient):
    error = error_of(api.post("/api/v1/carts"), 400)
    assert error["code"] == "terminal_not_open"
    assert error["message"] == "レジが開局されていません。開局してください。"


def test_cash_and_reports_refused_on_closed_terminal(api: TestClient):
    cash_in = api.post("/api/v1/cash/in", json={"amount": 1000, "reason_code": "change_fund"})
    assert error_of(cash_in, 400)["code"] == "terminal_not_open"
    assert error_of(api.get("/api/v1/reports/x"), 400)["code"] == "terminal_not_open"
    z_body = {"denominations": {"1000": 1}}
    assert error_of(api.post("/api/v1/reports/z", json=z_body), 400)["code"] == "terminal_not_open"


def test_open_without_staff_needs_sign_in(api: TestClient):
    opened = ok(api.post("/api/v1/terminal/open", json={"float_amount": 10000}))
    assert opened["terminal"]["status"] == "open"
    assert opened["terminal"]["staff_code"] is None
    assert error_of(api.post("/api/v1/carts"), 400)["code"] == "not_signed_in"
    cash_in = api.post("/api/v1/cash/in", json={"amount": 1000, "reason_code": "change_fund"})
    assert error_of(cash_in, 400)["code"] == "not_signed_in"

    signed_in = sign_in(api, CASHIER)
    assert signed_in["terminal"]["staff_code"] == "1001"
    assert signed_in["terminal"]["staff_role"] == "cashier"
    assert ok(api.post("/api/v1/carts"), 201)["staff_code"] == "1001"


def test_open_twice_refused(till: TestClient):
    error = error_of(till.post("/api/v1/terminal/open", json={"float_amount": 0}), 400)
    assert error["code"] == "terminal_already_open"


@pytest.mark.parametrize(
    "body", [None, {}, {"staff_code": "1001", "pin": "1234"}, {"float_denominations": {}}]
)
def test_open_without_float_rejected(api: TestClient, body: dict | None):
    error = error_of(api.post("/api/v1/terminal/open", json=body), 422)
    assert error["code"] == "validation_failed"
    assert error["message_en"] == (
        "The request is invalid: the float is missing: give float_amount or float_denominations (0 for none)"
    )
    assert error["message"] == (
        "入力内容が正しくありません: 釣銭準備金がありません: float_amount（金額）か"
        " float_denominations（金種）を指定してください（なしなら 0）"
    )
    assert ok(api.get("/api/v1/terminal"))["status"] == "closed"


def test_float_counted_by_denomination(api: TestClient):
    body = {"float_denominations": {"5000": 2, "1000": 9, "100": 10}, "staff_code": "1001", "pin": "1234"}
    opened = ok(api.post("/api/v1/terminal/open", json=body))
    assert opened["record"]["amount"] == 20000
    assert ok(api.get("/api/v1/reports/x"))["figures"]["cash"]["expected"] == 20000


def test_float_mismatching_count_rejected(api: TestClient):
    body = {"float_amount": 1000, "float_denominations": {"500": 1}}
    error = error_of(api.post("/api/v1/terminal/open", json=body), 422)
    assert error["code"] == "validation_failed"
    assert "does not match" in error["message_en"]
    assert error["message"] == (
        "入力内容が正しくありません: 釣銭準備金 1,000 円が金種の合計 500 円と合いません"
    )


def test_bad_denomination_worded_in_japanese(api: TestClient):
    body = {"float_denominations": {"abc": 1}}
    error = error_of(api.post("/api/v1/terminal/open", json=body), 422)
    assert error["message"] == "入力内容が正しくありません: 金種 'abc' は数値ではありません"
    assert error["message_en"] == "The request is invalid: denomination 'abc' is not a number"


def test_sign_out_stops_sales(till: TestClient):
    ok(till.post("/api/v1/terminal/sign-out"))
    assert error_of(till.post("/api/v1/carts"), 400)["code"] == "not_signed_in"


def test_close_signs_out_and_stops_sales(till: TestClient):
    closed = ok(till.post("/api/v1/terminal/close"))
    assert closed["terminal"]["status"] == "closed"
    assert closed["terminal"]["staff_code"] is None
    assert error_of(till.post("/api/v1/carts"), 400)["code"] == "terminal_not_open"
    assert error_of(till.post("/api/v1/terminal/close"), 400)["code"] == "terminal_not_open"


def test_restart_keeps_terminal_open(settings: Settings, clock: FixedClock):
    with backend(settings, clock) as first:
        open_terminal(first, 15000)
        sell(first, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    with backend(settings, clock) as second:
        status = ok(second.get("/api/v1/terminal"))
        assert status["status"] == "open"
        assert status["staff_code"] == "1001"
        document = sell(second, [(INCLUSIVE_550_A, 1)], [("cash", 1000)])
        assert document["receipt_number"] == 2
        assert ok(second.get("/api/v1/reports/x"))["figures"]["cash"]["expected"] == 15000 + 1100


def test_wrong_pin_rejected(api: TestClient):
    error = error_of(api.post("/api/v1/terminal/sign-in", json={"staff_code": "1001", "pin": "0000"}), 401)
    assert error["code"] == "sign_in_failed"
    unknown = api.post("/api/v1/terminal/sign-in", json={"staff_code": "7777", "pin": "1234"})
    assert error_of(unknown, 401)["code"] == "sign_in_failed"


def test_pin_locked_after_five_failures(api: TestClient, clock: FixedClock):
    wrong = {"staff_code": "1001", "pin": "9876"}
    for _ in range(4):
        assert error_of(api.post("/api/v1/terminal/sign-in", json=wrong), 401)["code"] == "sign_in_failed"
    fifth = error_of(api.post("/api/v1/terminal/sign-in", json=wrong), 429)
    assert fifth["code"] == "pin_attempts_locked"
    assert fifth["details"]["seconds"] == 60

    clock.moment += timedelta(seconds=20)
    right = {"staff_code": "1001", "pin": "1234"}
    locked = error_of(api.post("/api/v1/terminal/sign-in", json=right), 429)
    assert locked["details"]["seconds"] == 40
    assert locked["message"] == "暗証番号の誤りが多すぎます。40 秒後に再度お試しください。"

    other = ok(api.post("/api/v1/terminal/sign-in", json={"staff_code": "9001", "pin": "9999"}))
    assert other["terminal"]["staff_code"] == "9001"

    clock.moment += timedelta(seconds=41)
    assert ok(api.post("/api/v1/terminal/sign-in", json=right))["terminal"]["staff_code"] == "1001"


def test_pin_lock_survives_restart(settings: Settings, clock: FixedClock):
    wrong = {"staff_code": "1001", "pin": "9876"}
    with backend(settings, clock) as first:
        for _ in range(5):
            first.post("/api/v1/terminal/sign-in", json=wrong)
    with backend(settings, clock) as second:
        right = {"staff_code": "1001", "pin": "1234"}
        assert (
            error_of(second.post("/api/v1/terminal/sign-in", json=right), 429)["code"]
            == "pin_attempts_locked"
        )


def test_pin_lock_written_to_audit(api: TestClient):
    for _ in range(5):
        api.post("/api/v1/terminal/sign-in", json={"staff_code": "1001", "pin": "9876"})
    sign_in(api, SUPERVISOR)
    rows = ok(api.get("/api/v1/audit", params={"action": "pin_locked"}))
    assert len(rows) == 1
    assert rows[0]["actor_code"] == "1001"
    assert rows[0]["outcome"] == "denied"
    assert rows[0]["terminal_id"] == "T001"
