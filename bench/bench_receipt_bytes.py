"""Benchmark: ESC/POS size and encode time of a 20-item Japanese receipt without a logo.

Run: python bench/bench_receipt_bytes.py [--runs N]
Prints one table: bytes per dialect, encode time p50 and p99, and the time the bytes
take on a serial line at 9600 and 38400 baud (8N1: 10 bits per byte). The design budget
is under 3 KB (3072 bytes) of ESC/POS for this receipt.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devices.config import PrinterConfig, PrinterDialect
from devices.dialects import make_encoder
from tests.devices.receipts import twenty_item_receipt

BUDGET_BYTES = 3 * 1024
BITS_PER_BYTE_8N1 = 10


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500, help="encodes per dialect (default 500)")
    args = parser.parse_args()
    document = twenty_item_receipt()

    print(f"20-item Japanese receipt, no logo; {args.runs} runs; Python {platform.python_version()}"
          f" on {platform.machine()}")
    print(f"{'dialect':<10} {'columns':>7} {'bytes':>6} {'budget':>7} {'p50 ms':>7} {'p99 ms':>7}"
          f" {'9600 bd s':>9} {'38400 bd s':>10}")
    for dialect in (PrinterDialect.EPSON_JP, PrinterDialect.STAR_LINE, PrinterDialect.STARPRNT):
        for paper_mm, columns in ((80, 48), (58, 32)):
            encoder = make_encoder(PrinterConfig(dialect=dialect, paper_mm=paper_mm, columns=columns))
            data = encoder.encode(document)
            timings = []
            for _ in range(args.runs):
                start = time.perf_counter()
                encoder.encode(document)
                timings.append((time.perf_counter() - start) * 1000)
            within = "ok" if len(data) < BUDGET_BYTES else "OVER"
            seconds_9600 = len(data) * BITS_PER_BYTE_8N1 / 9600
            seconds_38400 = len(data) * BITS_PER_BYTE_8N1 / 38400
            print(f"{dialect.value:<10} {columns:>7} {len(data):>6} {within:>7}"
                  f" {statistics.median(timings):>7.3f} {_percentile(timings, 0.99):>7.3f}"
                  f" {seconds_9600:>9.2f} {seconds_38400:>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
