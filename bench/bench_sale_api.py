"""Benchmark the sale API against a bare FastAPI round trip measured in the same run.

Starts the real backend (`openregi serve` on a temporary data directory with the demo
store) and a bare FastAPI app with one route, each as its own uvicorn process on loopback,
then measures from this process with one keep-alive HTTP client per server. Each baseline
is measured interleaved with the operation it is compared with (a bare round trip, then an
add; a bare round trip and a durable commit, then a completion), so a busy moment of the
machine lands on both sides of a ratio instead of on one:

- bare round trip: GET on the bare app;
- durable commit: one INSERT committed with synchronous=FULL in a WAL SQLite file;
- add item: POST /carts/{id}/items, persisted (budget: p99 within 3x the bare round trip);
- complete: POST /carts/{id}/complete after subtotal and a cash tender (budget: p99 within
  2x bare round trip + durable commit).

Run: python bench/bench_sale_api.py [--samples N]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
# Pauses after each operation, far shorter than a cashier's, so that its background work
# (customer display, receipt printing) finishes before the next measurement starts.
SCAN_GAP_S = 0.01
SALE_GAP_S = 0.05
# The first rounds of each loop (adds, completions) warm up their code paths, caches and
# tables and are not counted.
WARM_UP_ROUNDS = 20
BARE_APP = """
import socket, sys, uvicorn
from fastapi import FastAPI
app = FastAPI()
@app.get("/ping")
def ping() -> dict:
    return {"ok": True}
sock = socket.socket(); sock.bind(("127.0.0.1", 0))
print(sock.getsockname()[1], flush=True)
uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])
"""


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


def start_backend(data_dir: Path) -> tuple[subprocess.Popen[str], str, str]:
    token_file = data_dir / "token"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "backend.cli",
            "serve",
            "--data-dir",
            str(data_dir),
            "--port",
            "0",
            "--token-file",
            str(token_file),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={
            # A real printer renders nothing here; the simulator's PNG previews would.
            "OPENREGI_DEVICES": '{"printer": {"simulator_output_dir": ""}}',
            **os.environ,
            "OPENREGI_CONFIG_FILE": str(data_dir / "none.toml"),
            "OPENREGI_LOG_LEVEL": "WARNING",
        },
    )
    assert process.stdout is not None
    for line in process.stdout:
        if "API:" in line:
            url = line.split()[1].removesuffix("/api/v1")
            break
    else:
        raise RuntimeError("backend did not start")
    deadline = time.monotonic() + 30
    while not token_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return process, url, token_file.read_text(encoding="utf-8")


def start_bare() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([sys.executable, "-c", BARE_APP], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    port = int(process.stdout.readline())
    return process, f"http://127.0.0.1:{port}"


class DurableCommitter:
    """A WAL SQLite file that commits one INSERT with synchronous=FULL per call."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode = WAL")
        self.connection.execute("PRAGMA synchronous = FULL")
        self.connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
        self.body = "x" * 2000

    def __call__(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute("INSERT INTO t(body) VALUES (?)", (self.body,))
        self.connection.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


def prepare_selling(client: httpx.Client) -> None:
    """Open the terminal and sign in when the lifecycle part is present."""
    for path, body in (
        ("/api/v1/terminal/open", {"float_amount": 30000, "staff_code": "1001", "pin": "1234"}),
        ("/api/v1/terminal/sign-in", {"staff_code": "1001", "pin": "1234"}),
    ):
        client.post(path, json=body)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=1000)
    args = parser.parse_args()
    samples = args.samples

    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        backend, url, token = start_backend(directory / "data")
        bare, bare_url = start_bare()
        try:
            headers = {"Authorization": f"Bearer {token}"}
            with (
                httpx.Client(base_url=url, headers=headers) as client,
                httpx.Client(base_url=bare_url) as plain,
            ):
                prepare_selling(client)
                found = client.get("/api/v1/items", params={"q": "4", "limit": 100}).json()
                codes = [item["code"] for item in found if item["active"]][:50]
                commit = DurableCommitter(directory / "commit.sqlite3")
                # Bare round trips measured beside adds, and beside completions with commits.
                bare_add_ms: list[float] = []
                bare_complete_ms: list[float] = []
                commit_ms: list[float] = []

                def timed(action: Callable[[], object], into: list[float]) -> object:
                    started = time.perf_counter()
                    result = action()
                    into.append((time.perf_counter() - started) * 1000)
                    return result

                for _ in range(WARM_UP_ROUNDS):  # warm-up of the bare server and the commit file
                    plain.get("/ping")
                    commit()

                add_ms: list[float] = []
                cart_id = ""
                for index in range(samples + WARM_UP_ROUNDS):
                    line = index % 30
                    if line == 0:
                        if cart_id:
                            client.post(f"/api/v1/carts/{cart_id}/cancel")
                        cart_id = client.post("/api/v1/carts").json()["cart_id"]
                    warm = index >= WARM_UP_ROUNDS
                    timed(partial(plain.get, "/ping"), bare_add_ms if warm else [])
                    add = partial(
                        client.post, f"/api/v1/carts/{cart_id}/items", json={"code": codes[line % len(codes)]}
                    )
                    response = timed(add, add_ms if warm else [])
                    assert isinstance(response, httpx.Response)
                    if response.status_code != 200:
                        raise RuntimeError(f"add item failed: {response.text}")
                    time.sleep(SCAN_GAP_S)

                complete_ms: list[float] = []
                for index in range(max(100, samples // 2) + WARM_UP_ROUNDS):
                    cart_id = client.post("/api/v1/carts").json()["cart_id"]
                    for code in codes[index % 10 : index % 10 + 3]:
                        client.post(f"/api/v1/carts/{cart_id}/items", json={"code": code})
                    client.post(f"/api/v1/carts/{cart_id}/subtotal")
                    client.post(
                        f"/api/v1/carts/{cart_id}/tenders", json={"tender_code": "cash", "amount": 100000}
                    )
                    warm = index >= WARM_UP_ROUNDS
                    timed(partial(plain.get, "/ping"), bare_complete_ms if warm else [])
                    timed(commit, commit_ms if warm else [])
                    complete = partial(
                        client.post,
                        f"/api/v1/carts/{cart_id}/complete",
                        json={"idempotency_key": f"bench-{index:08d}"},
                    )
                    response = timed(complete, complete_ms if warm else [])
                    assert isinstance(response, httpx.Response)
                    response.raise_for_status()
                    time.sleep(SALE_GAP_S)
                commit.close()
        finally:
            backend.terminate()
            bare.terminate()
            backend.wait(10)
            bare.wait(10)

    rows = [
        ("bare FastAPI round trip", bare_add_ms),
        ("add item (HTTP, persisted)", add_ms),
        ("bare FastAPI round trip", bare_complete_ms),
        ("durable SQLite commit", commit_ms),
        ("complete sale (HTTP, durable)", complete_ms),
    ]
    print(f"{'measurement':32} {'n':>6} {'p50 ms':>8} {'p99 ms':>8}")
    for name, timings in rows:
        print(
            f"{name:32} {len(timings):6d} {statistics.median(timings):8.3f} {percentile(timings, 0.99):8.3f}"
        )
    add_ratio = percentile(add_ms, 0.99) / percentile(bare_add_ms, 0.99)
    complete_ratio = percentile(complete_ms, 0.99) / (
        percentile(bare_complete_ms, 0.99) + percentile(commit_ms, 0.99)
    )
    print()
    print(f"{'ratio':48} {'value':>6} {'budget':>7}")
    print(f"{'add item p99 / bare p99':48} {add_ratio:6.2f} {'3.00':>7}")
    print(f"{'complete p99 / (bare p99 + commit p99)':48} {complete_ratio:6.2f} {'2.00':>7}")


if __name__ == "__main__":
    main()
