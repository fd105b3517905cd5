"""Benchmark the MongoDB store tier against a real FerretDB.

Usage:
    python bench/bench_mongo.py [--records 10000] [--transactions 100000] [--batch-size 200]
                                [--uri mongodb://127.0.0.1:27017/]

Two measurements, printed as a table:

1. Drain: ``--records`` transaction events are queued in a fresh terminal store (SQLite,
   one transaction), then OutboxRelay.drain() delivers them with its ordered upserts and
   delivery marks, exactly as the running backend does. Reported in records per second.
2. Store report: ``--transactions`` transaction documents for four terminals are inserted
   into the store tier, all on one business date, then each store report is run once for
   that date. Reported in seconds per report.

Without ``--uri`` the script starts FerretDB (SQLite backend) with
tests.support.servers.start_ferretdb, which needs ``bash tools/build_services.sh`` first.
Every server is on 127.0.0.1. The figures depend on the machine and its load: run on an
otherwise idle machine and compare runs on the same one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pymongo import AsyncMongoClient, InsertOne

from backend.storage.db import Database
from backend.storage.sales import OutboxRepository
from backend.sync.documents import OutboxEvent, StoreIdentity, store_document
from backend.sync.indexes import ensure_indexes
from backend.sync.relay import OutboxRelay
from backend.sync.reports import StoreReports

BUSINESS_DATE = "2026-12-04"
DATABASE = "openregi_bench"
TERMINALS = ("T001", "T002", "T003", "T004")
INSERT_BATCH = 1000


def sale_document(number: int, terminal_id: str) -> dict[str, Any]:
    """Return a three-line cash or card sale shaped like build_sale_document's output."""
    hour = 9 + number % 12
    card = number % 3 == 0
    amounts = [(100 + index * 50) * (1 + index) for index in range(3)]
    lines: list[dict[str, Any]] = [
        {
            "line_no": index + 1,
            "item_code": f"49{number % 5000:011d}",
            "name": "商品",
            "category_code": f"{(number + index) % 13 + 1:02d}",
            "quantity": 1 + index,
            "unit_price": 100 + index * 50,
            "list_price": 100 + index * 50,
            "price_overridden": False,
            "price_mode": "inclusive",
            "tax_class": "reduced",
            "rate_percent": "8",
            "reduced": True,
            "gross": amounts[index],
            "discount": None,
            "promotions": [],
            "net": amounts[index],
            "voided": False,
        }
        for index in range(3)
    ]
    total = sum(amounts)
    tender = {
        "tender_code": "credit" if card else "cash",
        "kind": "cashless" if card else "cash",
        "tendered": total if card else total + 1000 - total % 1000,
        "applied": total,
        "change": 0 if card else 1000 - total % 1000,
        "unused": 0,
    }
    return {
        "schema_version": 1,
        "transaction_id": str(uuid.uuid4()),
        "kind": "sale",
        "store_code": "0001",
        "terminal_id": terminal_id,
        "transaction_number": number,
        "receipt_number": number,
        "business_date": BUSINESS_DATE,
        "completed_at": f"{BUSINESS_DATE}T{hour:02d}:{number % 60:02d}:00+09:00",
        "staff_code": "1001",
        "training": False,
        "currency": "JPY",
        "lines": lines,
        "taxes": [{"tax_class": "reduced", "rate_percent": "8", "total": total, "tax": total * 8 // 108}],
        "total": total,
        "tax_total": total * 8 // 108,
        "item_count": 6,
        "tenders": [tender],
    }


def queue_events(db: Database, count: int) -> float:
    outbox = OutboxRepository(db)
    started = time.perf_counter()
    with db.atomic() as connection:
        for number in range(1, count + 1):
            outbox.enqueue(
                connection, str(uuid.uuid4()), "T001", "transaction", sale_document(number, "T001")
            )
    return time.perf_counter() - started


async def measure_drain(uri: str, work_dir: Path, records: int, batch_size: int) -> dict[str, float]:
    db = Database(work_dir / "terminal.sqlite3")
    db.migrate()
    queue_seconds = queue_events(db, records)
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri, tz_aware=True)
    try:
        database = client[DATABASE]
        await database.drop_collection("transactions")
        await ensure_indexes(database)
        relay = OutboxRelay(db, database, StoreIdentity("bench", "0001", "T001"), batch_size=batch_size)
        started = time.perf_counter()
        delivered = await relay.drain()
        seconds = time.perf_counter() - started
        stored = await database["transactions"].count_documents({"tenant": "bench"})
    finally:
        await client.close()
        db.close()
    if delivered != records or stored != records:
        raise RuntimeError(f"drain delivered {delivered} and stored {stored} of {records} records")
    return {"queue_seconds": queue_seconds, "drain_seconds": seconds, "per_second": records / seconds}


def report_documents(count: int, identity: StoreIdentity) -> Iterator[dict[str, Any]]:
    relayed_at = datetime.now(UTC)
    for number in range(1, count + 1):
        terminal_id = TERMINALS[number % len(TERMINALS)]
        payload = sale_document(number, terminal_id)
        event = OutboxEvent(
            number, str(uuid.uuid4()), terminal_id, "transaction", payload, relayed_at.isoformat()
        )
        yield store_document(event, identity, relayed_at)


async def measure_reports(uri: str, transactions: int) -> dict[str, float]:
    identity = StoreIdentity("bench-reports", "0001", "T001")
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri, tz_aware=True)
    timings: dict[str, float] = {}
    try:
        database = client[DATABASE]
        await database.drop_collection("transactions")
        await ensure_indexes(database)
        started = time.perf_counter()
        batch: list[InsertOne[dict[str, Any]]] = []
        for document in report_documents(transactions, identity):
            batch.append(InsertOne(document))
            if len(batch) == INSERT_BATCH:
                await database["transactions"].bulk_write(batch, ordered=False)
                batch = []
        if batch:
            await database["transactions"].bulk_write(batch, ordered=False)
        timings["load"] = time.perf_counter() - started

        reports = StoreReports(database, identity)
        runs = {
            "hourly": reports.sales_by_hour,
            "categories": reports.sales_by_category,
            "tenders": reports.sales_by_tender,
            "terminals": reports.sales_by_terminal,
            "daily": reports.daily_total,
        }
        for name, run in runs.items():
            started = time.perf_counter()
            result = await run(BUSINESS_DATE)
            timings[name] = time.perf_counter() - started
            if name == "daily" and result["count"] != transactions:
                raise RuntimeError(f"daily report counted {result['count']} of {transactions} transactions")
    finally:
        await client.close()
    return timings


def print_table(rows: list[tuple[str, str]]) -> None:
    width = max(len(label) for label, _ in rows)
    print(f"{'measurement'.ljust(width)}  value")
    print(f"{'-' * width}  {'-' * 24}")
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=10_000, help="outbox records to drain")
    parser.add_argument("--transactions", type=int, default=100_000, help="transactions for the reports")
    parser.add_argument(
        "--batch-size", type=int, default=200, help="relay batch size (events per bulk write)"
    )
    parser.add_argument("--uri", help="MongoDB URL on loopback; default: start FerretDB")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="openregi-bench-mongo-") as temporary:
        work_dir = Path(temporary)
        server = None
        uri = args.uri
        if uri is None:
            from tests.support.servers import start_ferretdb

            server = start_ferretdb(work_dir / "ferretdb")
            uri = server.uri
        try:
            drain = asyncio.run(measure_drain(uri, work_dir, args.records, args.batch_size))
            reports = asyncio.run(measure_reports(uri, args.transactions))
        finally:
            if server is not None:
                server.stop()

    server_name = "FerretDB (SQLite backend), started by the script" if args.uri is None else args.uri
    print(f"store tier: {server_name}")
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    print(f"python {platform.python_version()} on {machine}")
    print()
    print_table(
        [
            (f"queue {args.records:,} records in SQLite", f"{drain['queue_seconds']:.2f} s"),
            (f"drain {args.records:,} records (batch {args.batch_size})", f"{drain['drain_seconds']:.2f} s"),
            ("drain rate", f"{drain['per_second']:,.0f} records/s"),
            (f"load {args.transactions:,} transactions (setup)", f"{reports['load']:.1f} s"),
            *[
                (f"report {name} over {args.transactions:,} transactions", f"{reports[name]:.2f} s")
                for name in ("hourly", "categories", "tenders", "terminals", "daily")
            ],
        ]
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
