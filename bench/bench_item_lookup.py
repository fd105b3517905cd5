"""Benchmark MasterRepository.get_item on a 1,000,000-item master in a SQLite file.

Usage:
    python bench/bench_item_lookup.py [--items 1000000] [--lookups 100000] [--seed 7]

Builds the master in a temporary directory in one transaction, reopens the store as a
starting terminal would, then times get_item for random existing codes and for codes
that are not in the master. The budget is p99 under 1 ms.
"""

from __future__ import annotations

import argparse
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.domain.gtin import gtin_check_digit
from backend.masterdata.repository import MasterRepository
from backend.storage.db import Database

BUDGET_P99_MS = 1.0


def jan(prefix: str, number: int) -> str:
    body = f"{prefix}{number:010d}"
    return body + str(gtin_check_digit(body))


def item_rows(count: int) -> Iterator[tuple[str, str, str, int, str, str, str, int]]:
    for number in range(count):
        code = jan("49", number)
        tax_class = "standard" if number % 5 == 0 else "reduced"
        price_mode = "exclusive" if number % 7 == 0 else "inclusive"
        yield (
            code,
            f"商品 {number:07d}",
            f"ショウヒン {number}",
            100 + number % 900,
            price_mode,
            tax_class,
            "01",
            1,
        )


def build_master(path: Path, count: int) -> float:
    db = Database(path)
    db.migrate()
    started = time.perf_counter()
    with db.atomic() as connection:
        connection.execute("INSERT INTO categories(code, name) VALUES ('01', '食品')")
        connection.executemany(
            "INSERT INTO items(code, name, name_kana, price, price_mode, tax_class, category_code, active)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            item_rows(count),
        )
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


def time_lookups(repository: MasterRepository, codes: list[str], expect_found: bool) -> list[float]:
    """Return the duration of each get_item call in microseconds."""
    durations: list[float] = []
    clock = time.perf_counter_ns
    for code in codes:
        started = clock()
        item = repository.get_item(code)
        durations.append((clock() - started) / 1000)
        if (item is not None) != expect_found:
            raise SystemExit(f"lookup of {code} returned {item!r}, expected found={expect_found}")
    return durations


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--items", type=int, default=1_000_000, help="items in the master (default 1,000,000)"
    )
    parser.add_argument(
        "--lookups", type=int, default=100_000, help="timed lookups per case (default 100,000)"
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed for the codes looked up")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="openregi-bench-") as directory:
        path = Path(directory) / "terminal.sqlite3"
        build_seconds = build_master(path, args.items)
        size_mb = path.stat().st_size / 1_000_000

        db = Database(path)
        repository = MasterRepository(db)
        existing = [jan("49", rng.randrange(args.items)) for _ in range(args.lookups)]
        # Prefix 45 is never used by the built master, so every one of these misses.
        missing = [jan("45", rng.randrange(10**10)) for _ in range(args.lookups)]
        time_lookups(repository, existing[:1000], True)  # warm the statement cache
        results = {
            "existing code": time_lookups(repository, existing, True),
            "missing code": time_lookups(repository, missing, False),
        }
        db.close()

    print(f"python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.machine()}")
    print(f"built {args.items:,} items in {build_seconds:.1f} s (file {size_mb:.0f} MB)")
    print(f"{args.lookups:,} timed lookups per case")
    print()
    header = ("case", "p50 µs", "p99 µs", "p99.9 µs", "max µs", "mean µs")
    print(f"| {header[0]:<14} | " + " | ".join(f"{title:>9}" for title in header[1:]) + " |")
    print("|" + "-" * 16 + "|" + "|".join("-" * 11 for _ in header[1:]) + "|")
    worst_p99 = 0.0
    for case, durations in results.items():
        ordered = sorted(durations)
        p99 = percentile(ordered, 0.99)
        worst_p99 = max(worst_p99, p99)
        print(
            f"| {case:<14} | {percentile(ordered, 0.50):9.1f} | {p99:9.1f} |"
            f" {percentile(ordered, 0.999):9.1f} | {ordered[-1]:9.1f} | {statistics.fmean(ordered):9.1f} |"
        )
    print()
    verdict = "within" if worst_p99 / 1000 < BUDGET_P99_MS else "OVER"
    print(f"p99 {worst_p99 / 1000:.3f} ms: {verdict} the {BUDGET_P99_MS:g} ms budget")
    return 0 if verdict == "within" else 1


if __name__ == "__main__":
    raise SystemExit(main())
