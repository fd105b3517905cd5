"""F4: sales made offline reach the store tier exactly once, even when an acknowledgement
is lost and the event is sent again."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FixedClock
from tests.support.servers import start_ferretdb
from tests.sync.support import (
    BENTO,
    DATABASE,
    SUPERVISOR,
    TENANT,
    WINE,
    mongo_client,
    reset_delivery_mark,
    restart_ferretdb,
    run_terminal,
)

# The denominations of ¥30,000 float + ¥1,630 of cash sales, for the Z report's cash count.
DRAWER = {"10000": 3, "1000": 1, "500": 1, "100": 1, "10": 3}


def test_f4_offline_sales_stored_once_after_lost_ack(tmp_path: Path, clock: FixedClock) -> None:
    ferretdb_dir = tmp_path / "ferretdb"
    server = start_ferretdb(ferretdb_dir)
    server.stop()  # the terminal's URL now points at a server that is down
    data_dir = tmp_path / "terminal"

    # Offline: both sales complete; the open record and the two sales wait in the outbox.
    with run_terminal(data_dir, server.uri, clock, server_selection_timeout_ms=300) as terminal:
        sale_a = terminal.sell([(BENTO, 1)], [("cash", 1000)])
        sale_b = terminal.sell([(WINE, 1)], [("cash", 1080)])
        assert sale_a["total"] == 550
        assert sale_b["total"] == 1080
        offline = terminal.wait_status(lambda status: status["connected"] is False, "a failed delivery")
        assert offline["pending"] == 3
        assert offline["last_error"]

        # Reconnect: the server comes back on the same address with the same state.
        server = restart_ferretdb(server, ferretdb_dir)
        delivered = terminal.wait_delivered()
        assert delivered["delivered"] == 3

    # B reached the store tier but its acknowledgement was lost, so the terminal sends it again.
    reset_delivery_mark(data_dir, sale_b["transaction_id"])
    client = mongo_client(server)
    try:
        with run_terminal(data_dir, server.uri, clock) as terminal:
            resent = terminal.wait_delivered()
            assert resent["delivered"] == 1

            transactions = list(
                client[DATABASE]["transactions"].find({"tenant": TENANT, "store_code": "0001"})
            )
            assert len(transactions) == 2
            assert {doc["transaction_id"] for doc in transactions} == {
                sale_a["transaction_id"],
                sale_b["transaction_id"],
            }
            assert sum(doc["total"] for doc in transactions) == 1630

            daily = terminal.call("GET", "/sync/reports/daily", business_date="2026-12-04")
            assert daily["count"] == 2
            assert daily["total"] == 1630
            assert daily["all_terminals_closed"] is False

            # The Z report of the terminal counts the same two sales, and once it reaches the
            # store tier the store's day is closed.
            code, pin = SUPERVISOR
            z_report = terminal.call(
                "POST", "/reports/z", {"denominations": DRAWER, "approver_code": code, "approver_pin": pin}
            )
            assert z_report["record"]["figures"]["counts"]["sales"] == 2
            assert z_report["record"]["figures"]["net_sales"] == 1630
            terminal.wait_delivered()
            closed = terminal.call("GET", "/sync/reports/daily", business_date="2026-12-04")
            assert closed["count"] == 2
            assert closed["total"] == 1630
            assert closed["all_terminals_closed"] is True
    finally:
        client.close()
        server.stop()
