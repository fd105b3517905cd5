"""Benchmark the Dapr outbox relay and the start of a terminal whose sidecar is missing.

Drain rate: a real backend (FastAPI TestClient, demo store) completes one sale while its
daprd is down, then the outbox is filled with N copies of that transaction (each with its
own event id, as a day's sales would be), the daprd is started, and the time from the
relay's wake-up to an empty outbox and to the last event at the subscriber is measured.
The subscriber is tests.events.subscriber_app in its own process, and daprd is the binary
built by tools/build_services.sh. Two set-ups:

- in-memory: one daprd with resources/dapr/in-memory, the subscriber as its app;
- redis: the terminal's daprd and a head-office daprd (the subscriber's) sharing
  redis-server through resources/dapr/redis.

Start: time for the app's lifespan to finish with Dapr enabled and nothing listening on
the sidecar ports, next to the same with Dapr disabled.

Run: python bench/bench_dapr_relay.py [--events N] [--starts N]
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import make_settings  # noqa: E402
from tests.events.conftest import (  # noqa: E402
    Subscriber,
    backend_client,
    dapr_settings,
    open_terminal,
    sell,
    wait_for,
)
from tests.events.sidecars import IN_MEMORY_RESOURCES, Daprd, DaprdPorts, redis_resources  # noqa: E402
from tests.support.servers import start_redis  # noqa: E402


def fill_outbox(client: Any, template: dict[str, Any], count: int) -> None:
    """Insert ``count`` transaction events into the terminal's outbox in one transaction."""
    db = client.app.state.services.context.db
    with db.atomic() as connection:
        for number in range(count):
            document = {**template, "transaction_id": str(uuid.uuid4()), "transaction_number": number + 2}
            connection.execute(
                "INSERT INTO outbox(event_id, terminal_id, topic, payload, created_at)"
                " VALUES (?, ?, 'transaction', ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
                (str(uuid.uuid4()), template["terminal_id"], json.dumps(document, ensure_ascii=False)),
            )


def measure_drain(
    work_dir: Path, events: int, sidecar: Daprd, receiver: Subscriber, started: Callable[[], None]
) -> dict[str, float]:
    with backend_client(dapr_settings(work_dir / "data", sidecar.ports)) as client:
        open_terminal(client)
        template = sell(client)
        fill_outbox(client, template, events)
        total = events + 2  # the open record and the sale made above
        started()
        begin = time.perf_counter()
        client.post("/api/v1/dapr/relay/retry")

        def pending() -> int:
            count: int = client.get("/api/v1/dapr/status").json()["relay"]["pending"]
            return count

        wait_for(lambda: pending() == 0, 600.0, "an empty outbox")
        drained = time.perf_counter() - begin
        wait_for(lambda: receiver.count("transaction-log") == events + 1, 600.0, "every event delivered")
        delivered = time.perf_counter() - begin
        assert receiver.duplicates() == [], "duplicates at the subscriber"
        return {"events": total, "drained_s": drained, "delivered_s": delivered}


def bench_in_memory(work_dir: Path, events: int) -> dict[str, float]:
    work_dir.mkdir(parents=True)
    receiver = Subscriber(work_dir / "subscriber.log")
    sidecar = Daprd("head-office", [IN_MEMORY_RESOURCES], work_dir / "daprd", app_port=receiver.port)
    try:
        return measure_drain(work_dir, events, sidecar, receiver, sidecar.start)
    finally:
        sidecar.stop()
        receiver.stop()


def bench_redis(work_dir: Path, events: int) -> dict[str, float]:
    work_dir.mkdir(parents=True)
    with start_redis(work_dir / "redis") as redis:
        resources = redis_resources(work_dir / "components", redis.port)
        receiver = Subscriber(work_dir / "subscriber.log")
        head_office = Daprd("head-office", [resources], work_dir / "head-office", app_port=receiver.port)
        terminal = Daprd("openregi-T001", [resources], work_dir / "terminal")
        try:
            head_office.start()
            return measure_drain(work_dir, events, terminal, receiver, terminal.start)
        finally:
            terminal.stop()
            head_office.stop()
            receiver.stop()


def bench_start(work_dir: Path, starts: int) -> dict[str, float]:
    timings: dict[str, list[float]] = {"dapr_missing_ms": [], "dapr_disabled_ms": []}
    for index in range(starts):
        for name, settings in (
            ("dapr_missing_ms", dapr_settings(work_dir / f"missing-{index}", DaprdPorts.pick())),
            ("dapr_disabled_ms", make_settings(work_dir / f"disabled-{index}")),
        ):
            client = backend_client(settings)
            begin = time.perf_counter()
            client.__enter__()
            timings[name].append((time.perf_counter() - begin) * 1000)
            client.__exit__(None, None, None)
    return {name: statistics.median(values) for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000, help="outbox events to drain per set-up")
    parser.add_argument("--starts", type=int, default=5, help="app starts per case (median reported)")
    arguments = parser.parse_args()
    # The relay logs each sidecar outage it sees; the table is the output here.
    logging.disable(logging.WARNING)

    with tempfile.TemporaryDirectory(prefix="openregi-bench-dapr-") as temp:
        work_dir = Path(temp)
        rows = [
            ("in-memory", bench_in_memory(work_dir / "in-memory", arguments.events)),
            ("redis", bench_redis(work_dir / "redis", arguments.events)),
        ]
        start = bench_start(work_dir / "start", arguments.starts)

    print(f"{'set-up':<10} {'events':>7} {'drained s':>10} {'events/s':>9} {'at subscriber s':>16}")
    for name, row in rows:
        rate = row["events"] / row["drained_s"]
        print(
            f"{name:<10} {int(row['events']):>7} {row['drained_s']:>10.2f} {rate:>9.0f}"
            f" {row['delivered_s']:>16.2f}"
        )
    print()
    print(f"{'app start (median of ' + str(arguments.starts) + ')':<32} {'ms':>8}")
    print(f"{'Dapr enabled, no sidecar':<32} {start['dapr_missing_ms']:>8.0f}")
    print(f"{'Dapr disabled':<32} {start['dapr_disabled_ms']:>8.0f}")


if __name__ == "__main__":
    main()
