"""Fixtures for the Dapr tests: a real daprd, a subscriber app it delivers to, and backends
configured to use that daprd.

The subscriber plays head office: a small FastAPI app on a loopback port that
daprd calls with every CloudEvent of the terminal's topics (tests.events.subscriber_app).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from backend.api.app import create_app
from backend.settings import Settings
from tests.conftest import TOKEN, make_settings
from tests.events.sidecars import Daprd, DaprdPorts
from tests.support.servers import free_ports

ONIGIRI = "4901234567894"  # おにぎり 鮭 ¥150, tax-inclusive, reduced rate
ONIGIRI_PRICE = 150
CASHIER_CODE = "1001"
CASHIER_PIN = "1234"
PUBSUB = "openregi-pubsub"
TOPICS = ("transaction-log", "cash-log", "open-close-log")
WAIT_SECONDS = 60.0
REPO_ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition: Callable[[], bool], timeout: float = WAIT_SECONDS, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


# ----- the subscriber playing head office -----


class Subscriber:
    """The subscriber app (tests.events.subscriber_app) in its own process.

    It runs apart from the test process because daprd's in-memory pub/sub delivers while
    the publish call waits. A receiver in the publisher's interpreter made each publish take
    about 45 ms instead of 2.4 ms (50 publishes, daprd 1.16.5, on the 2-core test machine).
    """

    def __init__(self, log_path: Path) -> None:
        (self.port,) = free_ports(1)
        self.log_path = log_path
        with log_path.open("ab") as log_file:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.events.subscriber_app", str(self.port), PUBSUB, *TOPICS],
                cwd=REPO_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", trust_env=False, timeout=5.0)
        wait_for(self._ready, 20.0, "the subscriber app to start")

    def _ready(self) -> bool:
        assert self.process.poll() is None, self.log_path.read_text(errors="replace")
        try:
            return self.http.get("/received").status_code == 200
        except httpx.HTTPError:
            return False

    def received(self) -> dict[str, Any]:
        body: dict[str, Any] = self.http.get("/received").json()
        return body

    def events(self, topic: str) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = self.received()["events"][topic]
        return events

    def count(self, topic: str) -> int:
        return len(self.events(topic))

    def duplicates(self) -> list[str]:
        duplicates: list[str] = self.received()["duplicates"]
        return duplicates

    def stop(self) -> None:
        self.http.close()
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def subscriber(tmp_path: Path) -> Iterator[Subscriber]:
    receiver = Subscriber(tmp_path / "subscriber.log")
    try:
        yield receiver
    finally:
        receiver.stop()


@pytest.fixture
def daprd_factory(tmp_path: Path) -> Iterator[Callable[..., Daprd]]:
    """Make Daprd configurations; every one still running is stopped after the test."""
    made: list[Daprd] = []

    def make(app_id: str, resources: list[Path], **options: Any) -> Daprd:
        daprd = Daprd(app_id, resources, tmp_path / f"daprd-{app_id}-{len(made)}", **options)
        made.append(daprd)
        return daprd

    try:
        yield make
    finally:
        for daprd in made:
            daprd.stop()


# ----- backends -----


def dapr_settings(
    data_dir: Path,
    ports: DaprdPorts,
    terminal_id: str = "T001",
    *,
    other: dict[str, Any] | None = None,
    **dapr: Any,
) -> Settings:
    """Return settings with Dapr enabled on ``ports``; ``dapr`` adds DaprSettings fields and
    ``other`` adds top-level settings."""
    values: dict[str, Any] = {
        "enabled": True,
        "host": "127.0.0.1",
        "http_port": ports.http,
        "grpc_port": ports.grpc,
    }
    values.update(dapr)
    return make_settings(data_dir, terminal_id=terminal_id, dapr=values, **(other or {}))


def backend_client(settings: Settings) -> TestClient:
    app = create_app(settings)
    return TestClient(app, base_url="http://127.0.0.1", headers={"Authorization": f"Bearer {TOKEN}"})


def open_terminal(client: TestClient) -> None:
    """Open the terminal with the demo cashier signed in, as the cart guard requires."""
    response = client.post(
        "/api/v1/terminal/open",
        json={"float_amount": 30000, "staff_code": CASHIER_CODE, "pin": CASHIER_PIN},
    )
    assert response.status_code == 200, response.text


def new_cart_with(client: TestClient, code: str = ONIGIRI, quantity: int = 1) -> dict[str, Any]:
    response = client.post("/api/v1/carts")
    assert response.status_code == 201, response.text
    cart_id = response.json()["cart_id"]
    response = client.post(f"/api/v1/carts/{cart_id}/items", json={"code": code, "quantity": quantity})
    assert response.status_code == 200, response.text
    cart: dict[str, Any] = response.json()
    return cart


def sell(client: TestClient, code: str = ONIGIRI) -> dict[str, Any]:
    """Ring up one item, pay the exact amount in cash and complete; return the transaction."""
    cart = new_cart_with(client, code)
    cart_id = cart["cart_id"]
    assert client.post(f"/api/v1/carts/{cart_id}/subtotal").status_code == 200
    total = cart["totals"]["total"]
    response = client.post(f"/api/v1/carts/{cart_id}/tenders", json={"tender_code": "cash", "amount": total})
    assert response.status_code == 200, response.text
    response = client.post(f"/api/v1/carts/{cart_id}/complete")
    assert response.status_code == 200, response.text
    transaction: dict[str, Any] = response.json()["transaction"]
    return transaction


def outbox_event_ids(client: TestClient, topic: str) -> list[str]:
    """Return the outbox event ids of a topic in outbox order, read from the terminal store."""
    db = client.app.state.services.context.db  # type: ignore[attr-defined]
    rows = db.query("SELECT event_id FROM outbox WHERE topic = ? ORDER BY seq", (topic,))
    return [str(row["event_id"]) for row in rows]


def dapr_status(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/v1/dapr/status")
    assert response.status_code == 200, response.text
    status: dict[str, Any] = response.json()
    return status
