"""Delivery under faults: the server stopped during sales, the relay cut off mid-drain, and
the backend process killed mid-drain. Every sale must arrive exactly once, in order."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from pymongo.database import Database as MongoDatabase

from backend.storage.db import Database
from backend.storage.sales import OutboxRepository
from tests.conftest import TOKEN, FixedClock
from tests.support.servers import RunningServer, start_ferretdb
from tests.sync.support import (
    DATABASE,
    TEA,
    TENANT,
    mongo_client,
    restart_ferretdb,
    run_terminal,
    wait_for,
)

SALES = 200
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]


def stored_numbers(store_db: MongoDatabase[dict[str, Any]]) -> list[int]:
    documents = store_db["transactions"].find(
        {"tenant": TENANT, "terminal_id": "T001"}, {"transaction_number": 1}
    )
    return sorted(int(doc["transaction_number"]) for doc in documents)


def assert_each_sale_once_in_order(store_db: MongoDatabase[dict[str, Any]], count: int) -> None:
    documents = list(store_db["transactions"].find({"tenant": TENANT, "terminal_id": "T001"}))
    assert len(documents) == count
    assert sorted(doc["transaction_number"] for doc in documents) == list(range(1, count + 1))
    assert len({doc["transaction_id"] for doc in documents}) == count
    # The outbox sequence number orders the events of one terminal; the sales were queued
    # in transaction-number order, so both orders must agree.
    by_seq = sorted(documents, key=lambda doc: doc["seq"])
    assert [doc["transaction_number"] for doc in by_seq] == list(range(1, count + 1))
    assert sum(doc["total"] for doc in documents) == 150 * count


def assert_prefix(numbers: list[int]) -> None:
    """Check that what arrived so far is transactions 1..k with no gap: in-order delivery."""
    assert numbers == list(range(1, len(numbers) + 1))


def queue_offline_sales(data_dir: Path, url: str, clock: FixedClock, count: int) -> None:
    with run_terminal(data_dir, url, clock, server_selection_timeout_ms=200) as terminal:
        for _ in range(count):
            terminal.sell([(TEA, 1)], [("cash", 150)])
        assert terminal.status()["pending"] == count + 1  # the sales and the open record


def test_server_restart_during_sales(tmp_path: Path, clock: FixedClock) -> None:
    ferretdb_dir = tmp_path / "ferretdb"
    server = start_ferretdb(ferretdb_dir)
    client = mongo_client(server)
    store_db = client[DATABASE]
    prefixes_checked = 0
    try:
        with run_terminal(
            tmp_path / "terminal", server.uri, clock, server_selection_timeout_ms=300, relay_batch_size=7
        ) as terminal:
            for number in range(1, SALES + 1):
                if number == 60:
                    server.stop()
                if number == 140:
                    server = restart_ferretdb(server, ferretdb_dir)
                sale = terminal.sell([(TEA, 1)], [("cash", 150)])
                assert sale["transaction_number"] == number
                if number % 10 == 0 and not 60 <= number < 140:
                    assert_prefix(stored_numbers(store_db))
                    prefixes_checked += 1
            status = terminal.wait_delivered(timeout=60)
            assert status["parked"] == 0
        assert prefixes_checked == 12
        assert_each_sale_once_in_order(store_db, SALES)
    finally:
        client.close()
        server.stop()


def test_backend_stopped_mid_drain(tmp_path: Path, clock: FixedClock) -> None:
    ferretdb_dir = tmp_path / "ferretdb"
    server = start_ferretdb(ferretdb_dir)
    server.stop()
    data_dir = tmp_path / "terminal"
    queue_offline_sales(data_dir, server.uri, clock, SALES)

    server = restart_ferretdb(server, ferretdb_dir)
    client = mongo_client(server)
    store_db = client[DATABASE]
    try:
        # One event per batch, so the drain takes long enough to be cut off in the middle.
        with run_terminal(data_dir, server.uri, clock, relay_batch_size=1):
            # The first stored sale is enough: a cheap probe returns at once, so the drain
            # has almost all its events left when the backend stops.
            first = {"tenant": TENANT, "terminal_id": "T001"}
            wait_for(lambda: store_db["transactions"].find_one(first) is not None, "the drain to start")
        # Leaving the block shut the backend down and cancelled the relay mid-drain.
        arrived = stored_numbers(store_db)
        assert len(arrived) < SALES
        assert_prefix(arrived)

        with run_terminal(data_dir, server.uri, clock, relay_batch_size=1) as terminal:
            terminal.wait_delivered(timeout=60)
        assert_each_sale_once_in_order(store_db, SALES)
    finally:
        client.close()
        server.stop()


def serve_process(data_dir: Path, url: str) -> subprocess.Popen[bytes]:
    """Start ``openregi serve`` on the terminal store, relaying one event per batch."""
    environment = dict(os.environ)
    environment.update(
        {
            "OPENREGI_MONGO__URL": url,
            "OPENREGI_MONGO__DATABASE": DATABASE,
            "OPENREGI_MONGO__TENANT": TENANT,
            "OPENREGI_MONGO__RELAY_BATCH_SIZE": "1",
            "OPENREGI_TERMINAL_ID": "T001",
        }
    )
    command = [sys.executable, "-m", "backend.cli", "serve", "--data-dir", str(data_dir)]
    command += ["--port", "0", "--no-demo", "--token", TOKEN]
    log = (data_dir / "serve.log").open("ab")
    return subprocess.Popen(
        command, cwd=REPOSITORY_ROOT, env=environment, stdin=subprocess.DEVNULL, stdout=log, stderr=log
    )


def test_backend_killed_mid_drain(tmp_path: Path, clock: FixedClock) -> None:
    ferretdb_dir = tmp_path / "ferretdb"
    server = start_ferretdb(ferretdb_dir)
    server.stop()
    data_dir = tmp_path / "terminal"
    queue_offline_sales(data_dir, server.uri, clock, SALES)

    server = restart_ferretdb(server, ferretdb_dir)
    client = mongo_client(server)
    store_db = client[DATABASE]
    try:
        process = serve_process(data_dir, server.uri)
        try:
            wait_for(lambda: 0 < len(stored_numbers(store_db)) < SALES, "the drain to start", timeout=60)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        arrived = stored_numbers(store_db)
        assert len(arrived) < SALES
        assert_prefix(arrived)

        process = serve_process(data_dir, server.uri)
        try:
            wait_for(lambda: len(stored_numbers(store_db)) == SALES, "every sale to arrive", timeout=60)
        finally:
            process.send_signal(signal.SIGTERM)
            # uvicorn shuts down gracefully and then re-raises SIGTERM, so -15 is a clean stop.
            assert process.wait(timeout=30) in (0, -signal.SIGTERM)

        db = Database(data_dir / "terminal.sqlite3")
        try:
            assert OutboxRepository(db).pending_count("mongo") == 0
        finally:
            db.close()
        assert_each_sale_once_in_order(store_db, SALES)
    finally:
        client.close()
        server.stop()


def test_reused_transaction_number_parked(
    tmp_path: Path, clock: FixedClock, ferretdb: RunningServer, store_db: MongoDatabase[dict[str, Any]]
) -> None:
    # A terminal whose store was wiped starts numbering again at 1 under the same terminal id.
    with run_terminal(tmp_path / "before", ferretdb.uri, clock) as terminal:
        first = terminal.sell([(TEA, 1)], [("cash", 150)])
        terminal.wait_delivered()
    with run_terminal(tmp_path / "after", ferretdb.uri, clock) as terminal:
        second = terminal.sell([(TEA, 2)], [("cash", 300)])
        assert second["transaction_number"] == first["transaction_number"] == 1
        status = terminal.wait_delivered()
        assert status["parked"] == 1

    stored = list(store_db["transactions"].find({"tenant": TENANT, "terminal_id": "T001"}))
    assert [doc["transaction_id"] for doc in stored] == [first["transaction_id"]]
    parked = list(store_db["undeliverable_events"].find({"tenant": TENANT}))
    assert len(parked) == 1
    assert parked[0]["reason"] == "conflict"
    assert parked[0]["topic"] == "transaction"
    assert second["transaction_id"] in parked[0]["payload_json"]
