"""Benchmark the sale API against a bare FastAPI round trip measured in the same run.

Starts the real backend (`openregi serve` on a temporary data directory with the demo
store) and a bare FastAPI app with one route, each as its own uvicorn process on loopback,
then measures from this process with one keep-alive HTTP client:

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
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
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


def measure(action: Callable[[], object], samples: int, warmup: int = 20) -> list[float]:
    for _ in range(warmup):
        action()
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


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


def durable_commit_timings(directory: Path, samples: int) -> list[float]:
    connection = sqlite3.connect(directory / "commit.sqlite3", isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    body = "x" * 2000

    def commit() -> None:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t(body) VALUES (?)", (body,))
        connection.execute("COMMIT")

    timings = measure(commit, samples)
    connection.close()
    return timings


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
                bare_ms = measure(lambda: plain.get("/ping"), samples)
                commit_ms = durable_commit_timings(directory, samples)

                cart = {"id": client.post("/api/v1/carts").json()["cart_id"], "lines": 0}

                def add_item() -> None:
                    if cart["lines"] >= 30:
                        client.post(f"/api/v1/carts/{cart['id']}/cancel")
                        cart["id"] = client.post("/api/v1/carts").json()["cart_id"]
                        cart["lines"] = 0
                    code = codes[int(cart["lines"]) % len(codes)]
                    response = client.post(f"/api/v1/carts/{cart['id']}/items", json={"code": code})
                    if response.status_code != 200:
                        raise RuntimeError(f"add item failed: {response.text}")
                    cart["lines"] = int(cart["lines"]) + 1

                add_ms = measure(add_item, samples)

                complete_ms = []
                for index in range(max(100, samples // 5)):
                    cart_id = client.post("/api/v1/carts").json()["cart_id"]
                    for code in codes[index % 10 : index % 10 + 3]:
                        client.post(f"/api/v1/carts/{cart_id}/items", json={"code": code})
                    client.post(f"/api/v1/carts/{cart_id}/subtotal")
                    client.post(
                        f"/api/v1/carts/{cart_id}/tenders", json={"tender_code": "cash", "amount": 100000}
                    )
                    started = time.perf_counter()
                    response = client.post(
                        f"/api/v1/carts/{cart_id}/complete", json={"idempotency_key": f"bench-{index:08d}"}
                    )
                    complete_ms.append((time.perf_counter() - started) * 1000)
                    response.raise_for_status()
        finally:
            backend.terminate()
            bare.terminate()
            backend.wait(10)
            bare.wait(10)

    rows = [
        ("bare FastAPI round trip", bare_ms),
        ("durable SQLite commit", commit_ms),
        ("add item (HTTP, persisted)", add_ms),
        ("complete sale (HTTP, durable)", complete_ms),
    ]
    print(f"{'measurement':32} {'n':>6} {'p50 ms':>8} {'p99 ms':>8}")
    for name, timings in rows:
        print(
            f"{name:32} {len(timings):6d} {statistics.median(timings):8.3f} {percentile(timings, 0.99):8.3f}"
        )
    bare_p99 = percentile(bare_ms, 0.99)
    add_ratio = percentile(add_ms, 0.99) / bare_p99
    complete_ratio = percentile(complete_ms, 0.99) / (bare_p99 + percentile(commit_ms, 0.99))
    print()
    print(f"{'ratio':48} {'value':>6} {'budget':>7}")
    print(f"{'add item p99 / bare p99':48} {add_ratio:6.2f} {'3.00':>7}")
    print(f"{'complete p99 / (bare p99 + commit p99)':48} {complete_ratio:6.2f} {'2.00':>7}")


if __name__ == "__main__":
    main()
