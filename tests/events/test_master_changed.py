"""Head office pushes a price change through a real daprd; the terminal's next cart uses it.

daprd delivers to the backend on a real port, authenticated with the app API token, through
the declarative subscription shipped in resources/dapr/subscriptions.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.cli import main as openregi
from backend.events.extension import root_router
from backend.server import BackendServer
from tests.conftest import TOKEN
from tests.events.conftest import CASHIER_CODE, CASHIER_PIN, ONIGIRI, ONIGIRI_PRICE, dapr_settings, wait_for
from tests.events.sidecars import IN_MEMORY_RESOURCES, SUBSCRIPTION_RESOURCES, Daprd, DaprdPorts
from tests.support.servers import RunningServer, start_ferretdb

APP_TOKEN = "app-api-token-for-the-test"
DAPR_TOKEN = "dapr-api-token-for-the-test"
TOPIC = "master-data-changed"


@pytest.fixture
def ferretdb(tmp_path: Path) -> Iterator[RunningServer]:
    with start_ferretdb(tmp_path / "ferretdb") as server:
        yield server


class Terminal:
    """A backend serving on a real loopback port, with daprd next to it."""

    def __init__(self, server: BackendServer, daprd: Daprd) -> None:
        self.server = server
        self.daprd = daprd
        self.http = httpx.Client(
            base_url=server.base_url, headers={"Authorization": f"Bearer {TOKEN}"}, trust_env=False
        )

    def publish(self, data: Any, event_id: str | None = None) -> str:
        """Publish a CloudEvent to the master-data-changed topic through daprd's HTTP API."""
        event_id = event_id or str(uuid.uuid4())
        envelope = {
            "specversion": "1.0",
            "id": event_id,
            "source": "head-office",
            "type": "jp.openregi.master-changed",
            "datacontenttype": "application/json",
            "data": data,
        }
        response = httpx.post(
            f"http://127.0.0.1:{self.daprd.ports.http}/v1.0/publish/openregi-pubsub/{TOPIC}",
            content=json.dumps(envelope),
            headers={"content-type": "application/cloudevents+json", "dapr-api-token": DAPR_TOKEN},
            trust_env=False,
        )
        assert response.status_code == 204, response.text
        return event_id

    def master_status(self) -> dict[str, Any]:
        status: dict[str, Any] = self.http.get("/api/v1/dapr/status").json()["master_changed"]
        return status

    def sync_status(self) -> dict[str, Any]:
        status: dict[str, Any] = self.http.get("/api/v1/status").json()["sync"]
        return status

    def item(self, code: str) -> dict[str, Any]:
        response = self.http.get(f"/api/v1/items/{code}")
        assert response.status_code == 200, response.text
        item: dict[str, Any] = response.json()
        return item

    def new_cart_total(self, code: str) -> tuple[int, int]:
        cart_id = self.http.post("/api/v1/carts").json()["cart_id"]
        response = self.http.post(f"/api/v1/carts/{cart_id}/items", json={"code": code})
        assert response.status_code == 200, response.text
        cart = response.json()
        return cart["lines"][0]["unit_price"], cart["totals"]["total"]


@contextmanager
def running_terminal(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    daprd_factory: Callable[..., Daprd],
    resources: tuple[Path, ...] = (IN_MEMORY_RESOURCES, SUBSCRIPTION_RESOURCES),
    mount_root_router: bool = False,
    **settings: Any,
) -> Iterator[Terminal]:
    """Start a backend on a real port, then daprd calling it, and open the terminal."""
    monkeypatch.setenv("APP_API_TOKEN", APP_TOKEN)
    ports = DaprdPorts.pick()
    server = BackendServer(dapr_settings(tmp_path / "data", ports, api_token=DAPR_TOKEN, other=settings))
    if mount_root_router:
        server.server.config.app.include_router(root_router)
    server.start_in_thread()
    server.wait_ready()
    daprd = daprd_factory(
        "openregi-T001",
        list(resources),
        app_port=server.port,
        api_token=DAPR_TOKEN,
        app_api_token=APP_TOKEN,
        ports=ports,
    )
    terminal = Terminal(server, daprd)
    try:
        daprd.start()
        response = terminal.http.post(
            "/api/v1/terminal/open",
            json={"float_amount": 30000, "staff_code": CASHIER_CODE, "pin": CASHIER_PIN},
        )
        assert response.status_code == 200, response.text
        yield terminal
    finally:
        terminal.http.close()
        daprd.stop()
        server.stop()


@pytest.fixture
def terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, daprd_factory: Callable[..., Daprd]
) -> Iterator[Terminal]:
    with running_terminal(tmp_path, monkeypatch, daprd_factory) as running:
        yield running


def test_price_change_reaches_next_cart(terminal: Terminal):
    assert terminal.new_cart_total(ONIGIRI) == (ONIGIRI_PRICE, ONIGIRI_PRICE)

    terminal.publish({"items": [{"code": ONIGIRI, "price": 180}]})
    wait_for(lambda: terminal.master_status()["applied"] == 1, what="the price change")

    assert terminal.item(ONIGIRI)["price"] == 180
    assert terminal.new_cart_total(ONIGIRI) == (180, 180)


def test_redelivered_event_applied_once(terminal: Terminal):
    event_id = terminal.publish({"items": [{"code": ONIGIRI, "price": 170}]})
    wait_for(lambda: terminal.master_status()["applied"] == 1, what="the first delivery")
    terminal.publish({"items": [{"code": ONIGIRI, "price": 999}]}, event_id=event_id)
    wait_for(lambda: terminal.master_status()["duplicates"] == 1, what="the second delivery")

    assert terminal.master_status()["applied"] == 1
    assert terminal.item(ONIGIRI)["price"] == 170


def test_invalid_change_dropped_and_nothing_changed(terminal: Terminal):
    terminal.publish({"items": [{"code": ONIGIRI, "price": 200}, {"code": "4999999999994", "price": 100}]})
    wait_for(lambda: terminal.master_status()["invalid"] == 1, what="the invalid event")

    assert terminal.master_status()["applied"] == 0
    assert terminal.item(ONIGIRI)["price"] == ONIGIRI_PRICE


def test_new_item_added(terminal: Terminal):
    new_item = {
        "code": "4900000000013",
        "name": "新商品 おにぎり",
        "price": 160,
        "price_mode": "inclusive",
        "tax_class": "reduced",
        "category_code": "01",
    }
    terminal.publish({"items": [new_item]})
    wait_for(lambda: terminal.master_status()["applied"] == 1, what="the new item")

    assert terminal.item("4900000000013")["name"] == "新商品 おにぎり"
    assert terminal.new_cart_total("4900000000013") == (160, 160)


def test_relay_uses_dapr_api_token(terminal: Terminal):
    # The open record went through daprd, which requires DAPR_API_TOKEN on every call.
    wait_for(
        lambda: terminal.http.get("/api/v1/dapr/status").json()["relay"]["delivered"] == 1,
        what="the open event",
    )
    response = httpx.get(f"http://127.0.0.1:{terminal.daprd.ports.http}/v1.0/metadata", trust_env=False)
    assert response.status_code == 401


def test_pull_request_triggers_store_tier_pull(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    daprd_factory: Callable[..., Daprd],
    ferretdb: RunningServer,
):
    mongo = {"url": ferretdb.uri, "database": "openregi_dapr_test", "master_pull_interval_seconds": 3600}
    # `openregi master push` reads the store tier from the environment.
    monkeypatch.setenv("OPENREGI_MONGO__URL", ferretdb.uri)
    monkeypatch.setenv("OPENREGI_MONGO__DATABASE", "openregi_dapr_test")
    with running_terminal(tmp_path, monkeypatch, daprd_factory, mongo=mongo) as terminal:
        wait_for(
            lambda: terminal.sync_status()["last_master_pull_at"] is not None, what="the first master pull"
        )
        items_csv = tmp_path / "items.csv"
        items_csv.write_text(
            f"code,name,price,tax_class,category_code\n{ONIGIRI},おにぎり 鮭,165,軽減,01\n", encoding="utf-8"
        )
        categories_csv = tmp_path / "categories.csv"
        categories_csv.write_text("code,name,sort_order\n01,おにぎり,10\n", encoding="utf-8")
        assert openregi(["master", "push", str(items_csv), "--categories", str(categories_csv)]) == 0
        assert terminal.item(ONIGIRI)["price"] == ONIGIRI_PRICE

        terminal.publish({"items": [], "pull": True})
        # The periodic pull is an hour away, so only the event can bring the new price.
        wait_for(lambda: terminal.item(ONIGIRI)["price"] == 165, what="the pulled price")
        assert terminal.master_status()["applied"] == 1
        assert terminal.new_cart_total(ONIGIRI) == (165, 165)


def test_programmatic_subscription(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, daprd_factory: Callable[..., Daprd]
):
    # NOTE: backend.api.app mounts only the extensions' /api/v1 routers, so this test mounts
    # root_router (GET /dapr/subscribe) itself, as the app factory should.
    with running_terminal(
        tmp_path, monkeypatch, daprd_factory, resources=(IN_MEMORY_RESOURCES,), mount_root_router=True
    ) as terminal:
        subscriptions = httpx.get(
            f"{terminal.server.base_url}/dapr/subscribe",
            headers={"dapr-api-token": APP_TOKEN},
            trust_env=False,
        ).json()
        assert subscriptions == [
            {
                "pubsubname": "openregi-pubsub",
                "topic": "master-data-changed",
                "route": "/api/v1/dapr/events/master-changed",
            }
        ]

        terminal.publish({"items": [{"code": ONIGIRI, "price": 185}]})
        wait_for(lambda: terminal.master_status()["applied"] == 1, what="the price change")
        assert terminal.new_cart_total(ONIGIRI) == (185, 185)
