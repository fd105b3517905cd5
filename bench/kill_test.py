"""Kill the backend with SIGKILL at random moments while it completes sales, then check
that no completed sale was lost or doubled.

The backend runs as ``python -m backend.cli serve`` on a temporary data directory with the
demo store. This script opens the terminal, signs in the cashier and rings up sales over
HTTP, each completed with an idempotency key. A timer kills the process at a random moment
inside chosen sales (during item entry, payment or the durable commit). After each kill
the backend is started again on the same store, and the interrupted sale's completion is
retried with the same key, as the cashier app does after a timeout.

Checks, on the store after the last stop:
- every sale the API reported complete is stored exactly once with one journal record,
  every stored sale was reported complete, and the report totals match the stored sales;
- receipt numbers rise strictly in the order the API reported them, and the stored sales
  carry receipt numbers 1..n with none reused or skipped;
- ``openregi journal verify`` passes.

Run: python bench/kill_test.py [--kills N] [--sales N] [--seed N]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
ITEM = "2102000000054"  # あんバター, ¥220 tax-inclusive, in the demo store
PRICE = 220
START_TIMEOUT_S = 60
URL_LINE = re.compile(r"API:\s+(http://[\d.]+:\d+)/api/v1")


class BackendProcess:
    """``openregi serve`` as a child process on a fixed data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.token_file = data_dir / "token"
        self.process: subprocess.Popen[str] | None = None
        self.base_url = ""
        self.token = ""
        self.starts = 0

    def start(self) -> None:
        self.token_file.unlink(missing_ok=True)
        environment = {
            **os.environ,
            "OPENREGI_CONFIG_FILE": str(self.data_dir / "no-config.toml"),
            "OPENREGI_LOG_LEVEL": "WARNING",
            # The printer simulator then keeps no PNG previews, which would slow every sale.
            "OPENREGI_DEVICES": '{"printer": {"simulator_output_dir": ""}}',
        }
        stderr = (self.data_dir / "stderr.log").open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "backend.cli",
                "serve",
                "--data-dir",
                str(self.data_dir),
                "--port",
                "0",
                "--token-file",
                str(self.token_file),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=environment,
        )
        stderr.close()
        self.base_url = self._read_url()
        threading.Thread(target=self._drain, daemon=True).start()
        self._wait_ready()
        self.starts += 1

    def _read_url(self) -> str:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            match = URL_LINE.search(line)
            if match:
                return match.group(1)
        raise RuntimeError(f"backend exited before printing its URL; see {self.data_dir / 'stderr.log'}")

    def _drain(self) -> None:
        process = self.process
        if process is not None and process.stdout is not None:
            for _ in process.stdout:
                pass

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.token_file.exists():
                self.token = self.token_file.read_text(encoding="utf-8").strip()
                try:
                    response = httpx.get(f"{self.base_url}/api/v1/health", headers=self.headers, timeout=2)
                    if response.status_code == 200:
                        return
                except httpx.TransportError:
                    pass
            time.sleep(0.05)
        raise RuntimeError(f"backend not ready after {START_TIMEOUT_S} s")

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)

    def wait(self) -> None:
        if self.process is not None:
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@dataclass
class KillReport:
    sales: int
    kills: int
    starts: int = 0
    reported: list[dict[str, Any]] = field(default_factory=list)
    retried: int = 0
    replayed: int = 0
    abandoned: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


class SaleRunner:
    def __init__(self, backend: BackendProcess, report: KillReport) -> None:
        self.backend = backend
        self.report = report
        self.client = httpx.Client(timeout=10)

    def call(
        self, method: str, path: str, body: dict[str, Any] | None = None, **headers: str
    ) -> dict[str, Any]:
        response = self.client.request(
            method,
            f"{self.backend.base_url}/api/v1{path}",
            json=body,
            headers={**self.backend.headers, **headers},
        )
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:200]}")
        data: dict[str, Any] = response.json()
        return data

    def ensure_open(self) -> None:
        status = self.call("GET", "/terminal")
        if status["status"] != "open":
            self.call("POST", "/terminal/open", {"float_amount": 10000, "staff_code": "1001", "pin": "1234"})
        elif status["staff_code"] is None:
            self.call("POST", "/terminal/sign-in", {"staff_code": "1001", "pin": "1234"})

    def restart(self) -> None:
        self.backend.start()
        self.ensure_open()

    def sell(self, key: str) -> tuple[str | None, dict[str, Any] | None]:
        """Ring up one sale; return its cart id and the completion, or the cart id and None when
        the backend died on the way."""
        cart_id: str | None = None
        try:
            cart_id = str(self.call("POST", "/carts")["cart_id"])
            self.call("POST", f"/carts/{cart_id}/items", {"code": ITEM, "quantity": 2})
            self.call("POST", f"/carts/{cart_id}/subtotal")
            self.call("POST", f"/carts/{cart_id}/tenders", {"tender_code": "cash", "amount": 1000})
            return cart_id, self.call("POST", f"/carts/{cart_id}/complete", {"idempotency_key": key})
        except httpx.TransportError:
            return cart_id, None

    def retry_completion(self, cart_id: str, key: str) -> dict[str, Any] | None:
        """Retry the completion of an interrupted sale with its key; None when it never got paid."""
        self.report.retried += 1
        try:
            return self.call("POST", f"/carts/{cart_id}/complete", {"idempotency_key": key})
        except RuntimeError:
            return None


def _kill_timer(rng: random.Random, durations: list[float], backend: BackendProcess) -> threading.Timer:
    """Start a timer that kills the backend at a random moment inside the coming sale,
    judged by the median time of the recent sales."""
    recent = sorted(durations[-20:])
    typical = recent[len(recent) // 2] if recent else 0.05
    timer = threading.Timer(rng.uniform(0.0, typical), backend.kill)
    timer.start()
    return timer


def run(kills: int, sales: int, seed: int, data_dir: Path) -> KillReport:
    """Run the kill test on a data directory and return what it found."""
    started = time.perf_counter()
    rng = random.Random(seed)
    report = KillReport(sales=sales, kills=0)
    kill_at = set(rng.sample(range(1, sales), min(kills, sales - 1)))
    backend = BackendProcess(data_dir)
    backend.start()
    runner = SaleRunner(backend, report)
    runner.ensure_open()
    durations: list[float] = []

    try:
        for number in range(sales):
            timer = _kill_timer(rng, durations, backend) if number in kill_at else None
            key = f"kill-test-{seed}-{number}-{uuid.uuid4().hex[:8]}"
            sale_started = time.perf_counter()
            cart_id, result = runner.sell(key)
            if timer is None and result is not None:
                durations.append(time.perf_counter() - sale_started)

            if timer is not None:
                # The kill may land after the sale finished; either way the backend is dead.
                timer.join()
                backend.wait()
                report.kills += 1
                runner.restart()
                if result is None and cart_id is not None:
                    result = runner.retry_completion(cart_id, key)
            elif result is None:
                raise RuntimeError(f"backend failed during sale {number} without a kill")

            if result is None:
                report.abandoned += 1
                continue
            if result.get("replayed"):
                report.replayed += 1
            report.reported.append(result["transaction"])
    finally:
        runner.client.close()
        backend.stop()
        report.starts = backend.starts

    check(report, data_dir)
    report.seconds = time.perf_counter() - started
    return report


def check(report: KillReport, data_dir: Path) -> None:
    """Compare what the API reported with the stored sales, journal and report totals."""
    problems = report.problems
    database = data_dir / "terminal.sqlite3"
    with sqlite3.connect(database) as connection:
        for document in report.reported:
            transaction_id = document["transaction_id"]
            for table, column in (("transactions", "id"), ("journal", "transaction_id")):
                count = connection.execute(
                    f"SELECT count(*) FROM {table} WHERE {column} = ?", (transaction_id,)
                ).fetchone()[0]
                if count != 1:
                    problems.append(f"sale {transaction_id}: {count} rows in {table}, expected 1")
        stored_rows = connection.execute(
            "SELECT receipt_number, total FROM transactions WHERE kind = 'sale' ORDER BY transaction_number"
        ).fetchall()
        counted, summed = connection.execute(
            "SELECT coalesce(sum(count), 0), coalesce(sum(total), 0) FROM report_totals WHERE kind = 'sale'"
        ).fetchone()
    stored = [row[0] for row in stored_rows]
    if (counted, summed) != (len(stored_rows), sum(row[1] for row in stored_rows)):
        problems.append(
            f"report totals count {counted} sales of {summed} yen, the store has"
            f" {len(stored_rows)} of {sum(row[1] for row in stored_rows)} yen"
        )
    reported_numbers = [int(document["receipt_number"]) for document in report.reported]
    unique_reported = sorted(set(reported_numbers))
    if reported_numbers != unique_reported:
        problems.append(f"reported receipt numbers do not rise strictly: {reported_numbers}")
    if stored != list(range(1, len(stored) + 1)):
        problems.append(f"stored receipt numbers are not 1..{len(stored)} without gaps or reuse: {stored}")
    missing = set(unique_reported) - set(stored)
    if missing:
        problems.append(f"reported receipt numbers missing from the store: {sorted(missing)}")
    unreported = set(stored) - set(unique_reported)
    if unreported:
        # Every interrupted completion is retried, so each stored sale reached the client.
        problems.append(f"stored sales never reported complete: receipt numbers {sorted(unreported)}")

    verify = subprocess.run(
        [sys.executable, "-m", "backend.cli", "journal", "verify", "--data-dir", str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "OPENREGI_CONFIG_FILE": str(data_dir / "no-config.toml")},
        check=False,
    )
    if verify.returncode != 0:
        problems.append(f"journal verify failed: {verify.stdout.strip()} {verify.stderr.strip()}")


def print_report(report: KillReport) -> None:
    rows = [
        ("sales attempted", report.sales),
        ("kills (SIGKILL)", report.kills),
        ("backend starts", report.starts),
        ("completions retried after a kill", report.retried),
        ("  of which replayed (already stored)", report.replayed),
        ("sales abandoned before payment", report.abandoned),
        ("sales reported complete", len(report.reported)),
        ("problems", len(report.problems)),
        ("seconds", f"{report.seconds:.1f}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>8}")
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    print("PASS" if report.ok else "FAIL")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--kills", type=int, default=10, help="number of SIGKILLs (default 10)")
    parser.add_argument("--sales", type=int, default=100, help="number of sales to attempt (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for when to kill (default 1)")
    parser.add_argument("--data-dir", help="data directory to use (default: a new temporary one)")
    args = parser.parse_args(argv)
    if args.sales < 2:
        parser.error("--sales must be at least 2")
    if args.data_dir:
        report = run(args.kills, args.sales, args.seed, Path(args.data_dir))
    else:
        with tempfile.TemporaryDirectory(prefix="openregi-kill-") as scratch:
            report = run(args.kills, args.sales, args.seed, Path(scratch))
    print_report(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
