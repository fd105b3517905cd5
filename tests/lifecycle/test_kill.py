"""The backend killed with SIGKILL: completed sales survive exactly once (F5 and a small kill test)."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

import httpx
import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "kill_test.py"
ANPAN = "2102000000054"  # あんバター, ¥220 tax-inclusive, in the demo store


@pytest.fixture(scope="module")
def kill_test() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kill_test", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["kill_test"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_kill_test_small_run(kill_test: ModuleType, tmp_path: Path):
    report = kill_test.run(kills=3, sales=30, seed=7, data_dir=tmp_path)
    assert report.problems == []
    assert report.kills == 3
    assert report.starts == 4
    assert len(report.reported) + report.abandoned == 30
    assert len(report.reported) >= 27


@pytest.mark.slow
def test_f5_sale_survives_kill_before_network(kill_test: ModuleType, tmp_path: Path):
    backend = kill_test.BackendProcess(tmp_path)
    backend.start()
    try:
        with httpx.Client(
            base_url=f"{backend.base_url}/api/v1", headers=backend.headers, timeout=10
        ) as client:
            body = {"float_amount": 10000, "staff_code": "1001", "pin": "1234"}
            assert client.post("/terminal/open", json=body).status_code == 200
            cart_id = client.post("/carts").json()["cart_id"]
            assert (
                client.post(f"/carts/{cart_id}/items", json={"code": ANPAN, "quantity": 4}).status_code == 200
            )
            assert client.post(f"/carts/{cart_id}/subtotal").status_code == 200
            tender = client.post(f"/carts/{cart_id}/tenders", json={"tender_code": "cash", "amount": 1000})
            assert tender.status_code == 200
            completed = client.post(
                f"/carts/{cart_id}/complete", json={"idempotency_key": "f5-sale-0001"}
            ).json()
    finally:
        backend.kill()
        backend.wait()
    sale = completed["transaction"]
    assert sale["total"] == 880
    assert sale["change"] == 120

    backend.start()
    try:
        with httpx.Client(
            base_url=f"{backend.base_url}/api/v1", headers=backend.headers, timeout=10
        ) as client:
            stored = client.get(f"/transactions/{sale['transaction_id']}").json()
            assert stored["receipt_number"] == sale["receipt_number"]
            assert stored["total"] == 880
            status = client.get("/status").json()
            # Queued for delivery: the open record and the sale.
            assert status["outbox_pending"] == {"mongo": 2, "dapr": 2}
            cash = client.get("/reports/x").json()["figures"]["cash"]
            assert cash["expected"] == 10000 + 880
            assert cash["cash_sales"] == 880
            assert client.get("/journal/verify").json()["ok"] is True
    finally:
        backend.stop()

    with sqlite3.connect(tmp_path / "terminal.sqlite3") as connection:
        topics = connection.execute("SELECT topic, payload FROM outbox ORDER BY seq").fetchall()
    assert [topic for topic, _ in topics] == ["open_close", "transaction"]
    transaction_events = [payload for topic, payload in topics if topic == "transaction"]
    assert sale["transaction_id"] in transaction_events[0]
