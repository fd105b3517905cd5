"""Dapr enabled but no sidecar running: the terminal starts at once, keeps selling, and
reports Dapr as unavailable."""

from __future__ import annotations

from pathlib import Path

from tests.events.conftest import (
    backend_client,
    dapr_settings,
    dapr_status,
    new_cart_with,
    open_terminal,
    sell,
    wait_for,
)
from tests.events.sidecars import DaprdPorts


def test_status_reports_dapr_unavailable(tmp_path: Path):
    with backend_client(dapr_settings(tmp_path / "data", DaprdPorts.pick())) as client:
        wait_for(lambda: dapr_status(client)["checked_at"] is not None, 10.0, "the first health check")
        status = dapr_status(client)
        assert status["enabled"] is True
        assert status["available"] is False
        assert status["state"] == "unavailable"
        assert status["message"] == "Dapr 未接続 / Dapr unavailable"
        assert "health check" in status["detail"]
        # The SDK client, whose constructor waits for a sidecar, was never built.
        assert status["client_created"] is False

        overall = client.get("/api/v1/status").json()
        assert overall["dapr"]["available"] is False
        assert overall["dapr"]["state"] == "unavailable"


def test_sales_continue_and_queue_without_sidecar(tmp_path: Path):
    with backend_client(dapr_settings(tmp_path / "data", DaprdPorts.pick())) as client:
        open_terminal(client)
        transactions = [sell(client) for _ in range(3)]
        assert [transaction["transaction_number"] for transaction in transactions] == [1, 2, 3]

        wait_for(lambda: dapr_status(client)["relay"]["failures"] >= 1, 10.0, "a failed delivery attempt")
        status = dapr_status(client)
        assert status["relay"]["pending"] == 4
        assert status["relay"]["delivered"] == 0
        assert "health check" in status["relay"]["last_error"]
        assert status["relay"]["next_attempt_at"] is not None
        assert client.get("/api/v1/status").json()["outbox_pending"]["dapr"] == 4


def test_shared_suspend_without_sidecar_changes_nothing(tmp_path: Path):
    with backend_client(dapr_settings(tmp_path / "data", DaprdPorts.pick())) as client:
        open_terminal(client)
        cart = new_cart_with(client)
        response = client.post("/api/v1/dapr/suspended", json={"cart_id": cart["cart_id"]})
        assert response.status_code == 503
        error = response.json()["error"]
        assert error["code"] == "dapr_unavailable"
        assert "Dapr サイドカー" in error["message"]
        assert error["message_en"] == "The Dapr sidecar is unavailable. Try again shortly."

        after = client.get(f"/api/v1/carts/{cart['cart_id']}")
        assert after.status_code == 200
        assert after.json()["state"] == "entering"
        assert after.json()["lines"] == cart["lines"]

        assert client.get("/api/v1/dapr/suspended").status_code == 503
        resume = client.post("/api/v1/dapr/suspended/any-id/resume")
        assert resume.status_code == 503


def test_dapr_routes_when_disabled(tmp_path: Path):
    from tests.conftest import make_settings

    with backend_client(make_settings(tmp_path / "data")) as client:
        assert dapr_status(client) == {
            "enabled": False,
            "state": "disabled",
            "message": "Dapr 無効 / Dapr disabled",
        }
        assert "dapr" not in client.get("/api/v1/status").json()
        response = client.get("/api/v1/dapr/suspended")
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "dapr_not_enabled"
