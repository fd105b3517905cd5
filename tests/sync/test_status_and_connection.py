"""The terminal without a store tier, the status route and the connection test."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FixedClock
from tests.support.servers import RunningServer, free_ports
from tests.sync.support import BENTO, run_terminal


def test_terminal_sells_without_store_tier(tmp_path: Path, clock: FixedClock) -> None:
    with run_terminal(tmp_path / "terminal", None, clock) as terminal:
        sale = terminal.sell([(BENTO, 2)], [("cash", 1100)])
        assert sale["total"] == 1100

        status = terminal.status()
        assert status["configured"] is False
        assert status["connected"] is False
        assert status["pending"] == 2  # the open record and the sale, kept for a later store tier
        assert status["url"] is None

        response = terminal.client.get("/api/v1/sync/reports/daily")
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "store_tier_not_configured"
        assert terminal.client.post("/api/v1/sync/master/pull").status_code == 503
        assert terminal.client.post("/api/v1/sync/test", json={}).json()["ok"] is False


def test_connection_test_reaches_ferretdb(tmp_path: Path, clock: FixedClock, ferretdb: RunningServer) -> None:
    (unused_port,) = free_ports(1)
    with run_terminal(tmp_path / "terminal", ferretdb.uri, clock) as terminal:
        current = terminal.call("POST", "/sync/test")
        assert current["ok"] is True
        assert current["error"] is None
        assert current["server_version"]

        down = terminal.call(
            "POST",
            "/sync/test",
            {"url": f"mongodb://clerk:secret@127.0.0.1:{unused_port}/", "timeout_ms": 300},
        )
        assert down["ok"] is False
        assert "secret" not in down["error"]
        assert down["url"] == f"mongodb://***@127.0.0.1:{unused_port}/"

        status = terminal.call("GET", "/status")
        assert status["sync"]["configured"] is True
        assert status["sync"]["tenant"] == "chain1"


def test_unknown_report_not_found(tmp_path: Path, clock: FixedClock, ferretdb: RunningServer) -> None:
    with run_terminal(tmp_path / "terminal", ferretdb.uri, clock) as terminal:
        response = terminal.client.get("/api/v1/sync/reports/weekly")
        assert response.status_code == 404
        assert "hourly" in response.json()["error"]["message_en"]
        bad_date = terminal.client.get("/api/v1/sync/reports/daily", params={"business_date": "12/04"})
        assert bad_date.status_code == 422


def test_invalid_url_keeps_terminal_selling(tmp_path: Path, clock: FixedClock) -> None:
    with run_terminal(tmp_path / "terminal", "http://127.0.0.1:27017/", clock) as terminal:
        sale = terminal.sell([(BENTO, 1)], [("cash", 550)])
        assert sale["total"] == 550

        status = terminal.status()
        assert status["configured"] is True
        assert status["connected"] is False
        assert "mongodb://" in status["last_error"]
        assert status["pending"] == 2
