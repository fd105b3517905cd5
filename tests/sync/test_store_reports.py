"""Store-wide reports from the store tier equal the sum of the terminals' own figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.conftest import TOKYO, FixedClock
from tests.support.servers import RunningServer
from tests.sync.support import BENTO, DETERGENT, SUPERVISOR, TEA, WINE, Terminal, run_terminal

DAY = "2026-12-04"
# The drawer of each terminal at its Z report: the float and its cash sales, by denomination.
DRAWERS = {
    "T001": {"10000": 3, "1000": 2, "500": 1, "100": 3, "10": 6, "1": 3},
    "T002": {"10000": 3, "1000": 1, "100": 6, "50": 1, "10": 3},
}


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 4, hour, minute, tzinfo=TOKYO)


def ring_up_t001(terminal: Terminal, clock: FixedClock) -> None:
    clock.moment = at(9, 5)
    terminal.sell([(BENTO, 2), (TEA, 1)], [("cash", 2000)])  # 1,250
    clock.moment = at(9, 40)
    sale = terminal.sell([(WINE, 1), (DETERGENT, 2)], [("credit", 1000), ("cash", 2000)])  # 1,080 + 875
    clock.moment = at(13, 15)
    terminal.sell([(TEA, 3)], [("cash", 450)])  # 450
    clock.moment = at(13, 30)
    code, pin = SUPERVISOR
    terminal.call(
        "POST",
        "/returns",
        {"transaction_id": sale["transaction_id"], "lines": [{"line_no": 2, "quantity": 1}]}
        | {"approver_code": code, "approver_pin": pin},
    )


def ring_up_t002(terminal: Terminal, clock: FixedClock) -> None:
    clock.moment = at(9, 10)
    terminal.sell([(WINE, 2)], [("credit", 2160)])  # 2,160
    clock.moment = at(17, 45)
    terminal.sell([(BENTO, 1), (DETERGENT, 1), (TEA, 2)], [("cash", 1300)])  # 550 + 437 + 300


def local_figures(transactions: Iterable[dict[str, Any]]) -> dict[str, Counter[Any]]:
    """Sum a terminal's own transaction documents the way the store reports do."""
    figures: dict[str, Counter[Any]] = {
        name: Counter()
        for name in ("total", "tax", "count", "hour_total", "hour_count", "category", "tender")
    }
    for document in transactions:
        figures["total"]["all"] += document["total"]
        figures["tax"]["all"] += document["tax_total"]
        figures["count"]["all"] += 1
        hour = datetime.fromisoformat(document["completed_at"]).hour
        figures["hour_total"][hour] += document["total"]
        figures["hour_count"][hour] += 1
        for line in document["lines"]:
            if not line["voided"]:
                figures["category"][line["category_code"]] += line["net"]
        for tender in document["tenders"]:
            figures["tender"][tender["tender_code"]] += tender["applied"]
    return figures


def test_store_report_equals_terminal_figures(tmp_path: Path, ferretdb: RunningServer) -> None:
    clocks = {"T001": FixedClock(), "T002": FixedClock()}
    with (
        run_terminal(tmp_path / "t001", ferretdb.uri, clocks["T001"], terminal_id="T001") as first,
        run_terminal(tmp_path / "t002", ferretdb.uri, clocks["T002"], terminal_id="T002") as second,
    ):
        ring_up_t001(first, clocks["T001"])
        ring_up_t002(second, clocks["T002"])
        terminals = {"T001": first, "T002": second}
        own = {
            terminal_id: local_figures(terminal.call("GET", "/transactions", business_date=DAY, limit=1000))
            for terminal_id, terminal in terminals.items()
        }
        for terminal_id, terminal in terminals.items():
            x_report = terminal.call("GET", "/reports/x")
            assert x_report["figures"]["net_sales"] == own[terminal_id]["total"]["all"]
            terminal.wait_delivered()

        # The figures below are worked out by hand from the sales above, so a mistake in
        # local_figures() cannot hide one in the store reports.
        assert own["T001"]["total"]["all"] == 1250 + 1955 + 450 - 437
        assert own["T002"]["total"]["all"] == 2160 + 1287

        by_terminal = first.call("GET", "/sync/reports/terminals", business_date=DAY)["terminals"]
        assert by_terminal == [
            {
                "terminal_id": terminal_id,
                "total": own[terminal_id]["total"]["all"],
                "tax_total": own[terminal_id]["tax"]["all"],
                "count": own[terminal_id]["count"]["all"],
            }
            for terminal_id in ("T001", "T002")
        ]
        assert [row["total"] for row in by_terminal] == [3218, 3447]
        assert [row["count"] for row in by_terminal] == [4, 2]

        store_total = own["T001"]["total"] + own["T002"]["total"]
        daily = second.call("GET", "/sync/reports/daily", business_date=DAY)
        assert daily["total"] == store_total["all"] == 6665
        assert daily["count"] == 6
        assert {row["kind"]: row["count"] for row in daily["by_kind"]} == {"return": 1, "sale": 5}
        assert daily["tax_total"] == own["T001"]["tax"]["all"] + own["T002"]["tax"]["all"]

        hours = first.call("GET", "/sync/reports/hourly", business_date=DAY)["hours"]
        hour_total = own["T001"]["hour_total"] + own["T002"]["hour_total"]
        hour_count = own["T001"]["hour_count"] + own["T002"]["hour_count"]
        assert hours == [
            {"hour": hour, "total": hour_total[hour], "count": hour_count[hour]}
            for hour in sorted(hour_total)
        ]
        assert [row["hour"] for row in hours] == [9, 13, 17]

        categories = first.call("GET", "/sync/reports/categories", business_date=DAY)["categories"]
        category_net = own["T001"]["category"] + own["T002"]["category"]
        assert {row["category_code"]: row["net"] for row in categories} == dict(category_net)
        # Line nets leave out the tax added on top of tax-exclusive prices: ¥79 on the two
        # detergents sold by T001, less ¥39 on the one returned, plus ¥39 on T002's.
        assert sum(row["net"] for row in categories) == 6665 - 79

        tenders = first.call("GET", "/sync/reports/tenders", business_date=DAY)["tenders"]
        tender_amount = own["T001"]["tender"] + own["T002"]["tender"]
        assert {row["tender_code"]: row["amount"] for row in tenders} == dict(tender_amount)
        assert sum(row["amount"] for row in tenders) == 6665

        # Closing: the store's day is closed only when every active terminal has its Z report.
        assert daily["all_terminals_closed"] is False
        code, pin = SUPERVISOR
        first.call(
            "POST",
            "/reports/z",
            {"denominations": DRAWERS["T001"], "approver_code": code, "approver_pin": pin},
        )
        first.wait_delivered()
        half = second.call("GET", "/sync/reports/daily", business_date=DAY)
        assert half["closed_terminals"] == ["T001"]
        assert half["open_terminals"] == ["T002"]
        assert half["all_terminals_closed"] is False

        second.call(
            "POST",
            "/reports/z",
            {"denominations": DRAWERS["T002"], "approver_code": code, "approver_pin": pin},
        )
        second.wait_delivered()
        closed = second.call("GET", "/sync/reports/daily", business_date=DAY)
        assert closed["open_terminals"] == []
        assert closed["all_terminals_closed"] is True
        assert closed["total"] == 6665
