"""X and Z reports to the yen on a scripted day, the next day, business dates and sales reports."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from tests.conftest import TOKYO, FixedClock
from tests.lifecycle.helpers import (
    APPROVER_HEADERS,
    EXCLUSIVE_105,
    FOOD_216,
    INCLUSIVE_550_A,
    INCLUSIVE_1100_A,
    SUPERVISOR_FIELDS,
    error_of,
    new_cart,
    ok,
    open_terminal,
    sell,
    x_figures,
)

# 2 x 10000 + 5000 + 500 + 100 + 50 + 10 = 25,660 yen counted.
COUNTED = {"10000": 2, "5000": 1, "500": 1, "100": 1, "50": 1, "10": 1}


def scripted_day(client: TestClient) -> None:
    """Float 30,000; three sales (cash, credit + cash with a discount, cash); a return; a void;
    cash in 5,000 and cash out 10,000."""
    first = sell(client, [(EXCLUSIVE_105, 3)], [("cash", 1000)])
    assert (first["total"], first["tax_total"], first["change"]) == (346, 31, 654)

    discount = {"kind": "amount", "value": 50}
    second = sell(client, [(FOOD_216, 2), (INCLUSIVE_550_A, 1)], [("credit", 500), ("cash", 500)], discount)
    assert (second["total"], second["tax_total"], second["change"]) == (932, 77, 68)

    third = sell(client, [(INCLUSIVE_1100_A, 1)], [("cash", 1100)])
    assert (third["total"], third["tax_total"]) == (1100, 100)

    body = {"receipt_number": first["receipt_number"], "lines": [{"line_no": 1, "quantity": 1}]}
    refund = ok(client.post("/api/v1/returns", json=body, headers=APPROVER_HEADERS))["transaction"]
    assert (refund["total"], refund["tax_total"]) == (-115, -10)

    ok(
        client.post(
            "/api/v1/voids", json={"receipt_number": third["receipt_number"]}, headers=APPROVER_HEADERS
        )
    )
    ok(client.post("/api/v1/cash/in", json={"amount": 5000, "reason_code": "change_fund"}))
    cash_out = {"amount": 10000, "reason_code": "bank_deposit"}
    ok(client.post("/api/v1/cash/out", json=cash_out, headers=APPROVER_HEADERS))


def test_z_report_figures_to_the_yen(till: TestClient):
    scripted_day(till)
    written = ok(till.post("/api/v1/reports/z", json={"denominations": COUNTED, **SUPERVISOR_FIELDS}))
    record = written["record"]
    figures = record["figures"]

    assert record["number"] == 1
    assert record["business_date"] == "2026-12-04"
    assert figures["counts"] == {
        "sales": 3,
        "returns": 1,
        "voids": 1,
        "exchanges": 0,
        "items_sold": 6,
        "items_returned": 1,
        "line_voids": 0,
        "no_sales": 0,
        "cash_in": 1,
        "cash_out": 1,
    }
    assert figures["sales_total"] == 2378
    assert figures["returns_total"] == -115
    assert figures["voids_total"] == -1100
    assert figures["net_sales"] == 1163
    assert figures["tax_total"] == 98
    assert figures["discounts"] == {"line": 0, "promotion": 0, "subtotal": 50}
    assert figures["taxes"] == [
        {
            "tax_class": "standard",
            "rate_percent": "10",
            "price_mode": "exclusive",
            "amount": 210,
            "discount": 0,
            "base": 210,
            "tax": 21,
            "total": 231,
        },
        {
            "tax_class": "standard",
            "rate_percent": "10",
            "price_mode": "inclusive",
            "amount": 550,
            "discount": 28,
            "base": 475,
            "tax": 47,
            "total": 522,
        },
        {
            "tax_class": "reduced",
            "rate_percent": "8",
            "price_mode": "inclusive",
            "amount": 432,
            "discount": 22,
            "base": 380,
            "tax": 30,
            "total": 410,
        },
    ]
    cash_tender, credit_tender = figures["tenders"]
    assert cash_tender == {
        "tender_code": "cash",
        "name": "現金",
        "kind": "cash",
        "payment_count": 3,
        "paid": 1878,
        "tendered": 2600,
        "change": 722,
        "refund_count": 2,
        "refunded": 1215,
        "net": 663,
    }
    assert credit_tender["tender_code"] == "credit"
    assert credit_tender["paid"] == 500
    assert credit_tender["refunded"] == 0
    assert figures["cash"] == {
        "float": 30000,
        "float_count": 1,
        "tendered": 2600,
        "change": 722,
        "cash_sales": 1878,
        "cash_refunds": 1215,
        "cash_in": 5000,
        "cash_out": 10000,
        "expected": 25663,
        "counted": 25660,
        "over_short": -3,
        "denominations": {
            "10000": 2,
            "5000": 1,
            "2000": 0,
            "1000": 0,
            "500": 1,
            "100": 1,
            "50": 1,
            "10": 1,
            "5": 0,
            "1": 0,
        },
    }
    assert [(m["kind"], m["reason_code"], m["amount"]) for m in figures["cash_movements"]] == [
        ("cash_in", "change_fund", 5000),
        ("cash_out", "bank_deposit", 10000),
    ]
    assert written["terminal"]["status"] == "settled"


def test_z_report_slip_printed(till: TestClient):
    scripted_day(till)
    written = ok(till.post("/api/v1/reports/z", json={"denominations": COUNTED, **SUPERVISOR_FIELDS}))
    services = till.app.state.services  # type: ignore[attr-defined]
    job = services.sales.print_jobs.get(written["print_job_id"])
    texts = [
        op.get("text", "") + op.get("left", "") + op.get("right", "") for op in job["document"]["operations"]
    ]
    assert "精算番号 Z0001" in texts
    assert "過不足-¥3" in texts
    assert "現金在高（理論）¥25,663" in texts


def test_x_report_matches_before_z(till: TestClient):
    scripted_day(till)
    figures = x_figures(till)
    assert figures["net_sales"] == 1163
    assert figures["cash"]["expected"] == 25663
    assert figures["cash"]["counted"] is None
    taken = ok(till.post("/api/v1/reports/x", json={"denominations": COUNTED}))["record"]
    assert taken["figures"]["cash"]["over_short"] == -3
    assert taken["number"] is None
    assert x_figures(till)["net_sales"] == 1163


def test_next_day_starts_clean(till: TestClient, clock: FixedClock):
    scripted_day(till)
    ok(till.post("/api/v1/reports/z", json={"denominations": COUNTED, **SUPERVISOR_FIELDS}))
    assert error_of(till.post("/api/v1/carts"), 400)["code"] == "terminal_not_open"
    ok(till.post("/api/v1/terminal/close"))

    clock.moment = datetime(2026, 12, 5, 9, 0, tzinfo=TOKYO)
    open_terminal(till, 20000)
    figures = x_figures(till)
    assert figures["counts"]["sales"] == 0
    assert figures["net_sales"] == 0
    assert figures["taxes"] == []
    assert figures["tenders"] == []
    assert figures["cash"]["expected"] == 20000

    sale = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 1000)])
    assert sale["business_date"] == "2026-12-05"
    assert x_figures(till)["cash"]["expected"] == 20550
    second = ok(
        till.post(
            "/api/v1/reports/z", json={"denominations": {"10000": 2, "500": 1, "50": 1}, **SUPERVISOR_FIELDS}
        )
    )
    assert second["record"]["number"] == 2
    assert second["record"]["figures"]["cash"]["over_short"] == 0
    assert [report["number"] for report in ok(till.get("/api/v1/reports/z"))] == [2, 1]
    assert ok(till.get("/api/v1/reports/z/1"))["figures"]["net_sales"] == 1163


def test_close_without_z_continues_period(till: TestClient):
    sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    ok(till.post("/api/v1/terminal/close"))
    open_terminal(till, 0)
    figures = x_figures(till)
    assert figures["counts"]["sales"] == 1
    assert figures["cash"]["expected"] == 30550
    assert figures["cash"]["float_count"] == 2


def test_sale_after_midnight_belongs_to_previous_day(till: TestClient, clock: FixedClock):
    clock.moment = datetime(2026, 12, 5, 1, 30, tzinfo=TOKYO)
    late = sell(till, [(INCLUSIVE_550_A, 1)], [("cash", 550)])
    assert late["business_date"] == "2026-12-04"

    clock.moment = datetime(2026, 12, 5, 5, 0, tzinfo=TOKYO)
    early = sell(till, [(INCLUSIVE_1100_A, 1)], [("cash", 1100)])
    assert early["business_date"] == "2026-12-05"

    previous = ok(till.get("/api/v1/reports/summary", params={"date_from": "2026-12-04"}))["figures"]
    assert previous["net_sales"] == 550
    assert previous["counts"]["sales"] == 1
    today = ok(till.get("/api/v1/reports/summary", params={"date_from": "2026-12-05"}))["figures"]
    assert today["net_sales"] == 1100
    both = ok(
        till.get("/api/v1/reports/summary", params={"date_from": "2026-12-04", "date_to": "2026-12-05"})
    )
    assert both["figures"]["net_sales"] == 1650


def test_sales_by_category_item_and_hour(till: TestClient, clock: FixedClock):
    discount = {"kind": "amount", "value": 50}
    sale = sell(till, [(FOOD_216, 2), (INCLUSIVE_550_A, 1)], [("cash", 1000)], discount)
    clock.moment += timedelta(hours=3)
    sell(till, [(INCLUSIVE_550_A, 2)], [("cash", 1100)])
    body = {"receipt_number": sale["receipt_number"], "lines": [{"line_no": 1, "quantity": 1}]}
    ok(till.post("/api/v1/returns", json=body, headers=APPROVER_HEADERS))

    by_item = ok(till.get("/api/v1/reports/sales", params={"group": "item", "date_from": "2026-12-04"}))[
        "rows"
    ]
    assert by_item == [
        {
            "key": FOOD_216,
            "name": "テスト食品216",
            "sold_quantity": 2,
            "sold_total": 410,
            "returned_quantity": 1,
            "returned_total": -205,
            "net_total": 205,
            "tax": 15,
        },
        {
            "key": INCLUSIVE_550_A,
            "name": "テスト内税550A",
            "sold_quantity": 3,
            "sold_total": 1622,
            "returned_quantity": 0,
            "returned_total": 0,
            "net_total": 1622,
            "tax": 147,
        },
    ]
    by_category = ok(
        till.get("/api/v1/reports/sales", params={"group": "category", "date_from": "2026-12-04"})
    )
    (category,) = by_category["rows"]
    assert category["name"] == "日用品"
    assert category["net_total"] == 1827
    assert category["net_total"] == x_figures(till)["net_sales"]
    by_hour = ok(till.get("/api/v1/reports/sales", params={"group": "hour", "date_from": "2026-12-04"}))[
        "rows"
    ]
    # The return at 13:00 counts in the hour it was made, not in the hour of the sale.
    assert [(row["key"], row["net_total"]) for row in by_hour] == [(10, 932), (13, 895)]
    invalid = error_of(
        till.get("/api/v1/reports/sales", params={"group": "staff", "date_from": "2026-12-04"}), 422
    )
    assert "group must be one of" in invalid["message_en"]


def test_z_report_waits_for_suspended_sales(till: TestClient):
    cart_id = new_cart(till, [(INCLUSIVE_550_A, 1)])
    ok(till.post(f"/api/v1/carts/{cart_id}/suspend"))
    body = {"denominations": {"10000": 3}, **SUPERVISOR_FIELDS}
    error = error_of(till.post("/api/v1/reports/z", json=body), 400)
    assert error["code"] == "suspended_sales_pending"
    assert error["details"]["count"] == 1
    assert error["details"]["carts"] == [cart_id]
    assert x_figures(till)["counts"]["sales"] == 0

    forced = ok(till.post("/api/v1/reports/z", json={**body, "force": True}))["record"]
    assert [cart["cart_id"] for cart in forced["suspended"]] == [cart_id]
    assert forced["suspended"][0]["total"] == 550
    assert forced["forced"] is True
    rows = ok(till.get("/api/v1/audit", params={"action": "z_report_forced"}))
    assert rows[0]["details"] == {"suspended": [cart_id]}


def test_z_report_after_resolving_suspended(till: TestClient):
    first = new_cart(till, [(INCLUSIVE_550_A, 1)])
    second = new_cart(till, [(INCLUSIVE_1100_A, 1)])
    ok(till.post(f"/api/v1/carts/{first}/suspend"))
    ok(till.post(f"/api/v1/carts/{second}/suspend"))
    ok(till.post(f"/api/v1/suspended/{first}/cancel"))
    ok(till.post(f"/api/v1/suspended/{second}/resume"))
    ok(till.post(f"/api/v1/carts/{second}/subtotal"))
    ok(till.post(f"/api/v1/carts/{second}/tenders", json={"tender_code": "cash", "amount": 1100}))
    ok(till.post(f"/api/v1/carts/{second}/complete"))
    record = ok(
        till.post(
            "/api/v1/reports/z",
            json={"denominations": {"10000": 3, "1000": 1, "100": 1}, **SUPERVISOR_FIELDS},
        )
    )["record"]
    assert record["suspended"] == []
    assert record["figures"]["cash"]["over_short"] == 0
