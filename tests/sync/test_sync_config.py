"""GET/PUT /sync/config: the mongo and dapr tables of a real TOML file, applied live."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.api.app import create_app
from tests.conftest import SUPERVISOR, TOKEN, FixedClock, make_settings, open_and_sign_in
from tests.support.servers import RunningServer, free_ports
from tests.sync.support import wait_for

ONIGIRI = "4547883011595"  # demo store: おにぎり 塩むすび ¥120

CONFIG_TEXT = """\
# Register 2 by the bakery.
language = "ja"

[mongo]
url = "mongodb://pos:s3cret@127.0.0.1:{port}/?authSource=admin"
database = "store_0001"
tenant = "chain1"

[devices.printer]
columns = 42  # 80 mm paper, font A
"""
MASKED_URL = "mongodb://pos:********@127.0.0.1:{port}/?authSource=admin"


@pytest.fixture
def unused_port() -> int:
    (port,) = free_ports(1)
    return port


@pytest.fixture
def config_file(tmp_path: Path, unused_port: int) -> Path:
    path = tmp_path / "openregi.toml"
    path.write_text(CONFIG_TEXT.format(port=unused_port), encoding="utf-8")
    return path


@pytest.fixture
def client(tmp_path: Path, config_file: Path) -> Iterator[TestClient]:
    """An open terminal with the demo cashier signed in, configured by ``config_file``."""
    settings = make_settings(tmp_path / "data", config_file=config_file)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    app = create_app(settings, clock=FixedClock())
    with TestClient(app, base_url="http://127.0.0.1", headers=headers) as test_client:
        open_and_sign_in(test_client)
        yield test_client


def sign_in_supervisor(client: TestClient) -> None:
    response = client.post("/api/v1/terminal/sign-in", json=SUPERVISOR)
    assert response.status_code == 200, response.text


def current(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/v1/sync/config")
    assert response.status_code == 200, response.text
    config: dict[str, Any] = response.json()
    return config


def test_get_masks_password(client: TestClient, unused_port: int):
    response = client.get("/api/v1/sync/config")

    assert "s3cret" not in response.text
    mongo = response.json()["mongo"]
    assert mongo["url"] == MASKED_URL.format(port=unused_port)
    assert mongo["database"] == "store_0001"
    assert mongo["tenant"] == "chain1"
    assert mongo["tls"] is False
    dapr = response.json()["dapr"]
    assert dapr["enabled"] is False
    assert dapr["api_token"] is None


def test_put_needs_supervisor(client: TestClient, config_file: Path, unused_port: int):
    response = client.put("/api/v1/sync/config", json=current(client))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_required"
    assert config_file.read_text(encoding="utf-8") == CONFIG_TEXT.format(port=unused_port)


def test_masked_url_keeps_stored_password(client: TestClient, config_file: Path, unused_port: int):
    sign_in_supervisor(client)
    config = current(client)
    config["mongo"]["database"] = "store_0002"

    response = client.put("/api/v1/sync/config", json=config)

    assert response.status_code == 200, response.text
    assert response.json()["mongo"]["url"] == MASKED_URL.format(port=unused_port)
    assert response.json()["restart_required"] is False
    text = config_file.read_text(encoding="utf-8")
    assert text.startswith("# Register 2 by the bakery.\n")
    assert "columns = 42  # 80 mm paper, font A" in text
    stored = tomllib.loads(text)
    assert stored["mongo"] == {
        "url": f"mongodb://pos:s3cret@127.0.0.1:{unused_port}/?authSource=admin",
        "database": "store_0002",
        "tenant": "chain1",
    }
    assert stored["dapr"] == {}
    assert stored["devices"] == {"printer": {"columns": 42}}
    sync = client.get("/api/v1/sync/status").json()
    assert sync["database"] == "store_0002"
    assert sync["url"] == f"mongodb://***@127.0.0.1:{unused_port}/?authSource=admin"


def test_masked_password_new_host_rejected(client: TestClient, config_file: Path, unused_port: int):
    sign_in_supervisor(client)
    config = current(client)
    config["mongo"]["url"] = "mongodb://pos:********@127.0.0.2:27017/"

    response = client.put("/api/v1/sync/config", json=config)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "settings_invalid"
    assert "enter the password again" in error["message_en"]
    assert config_file.read_text(encoding="utf-8") == CONFIG_TEXT.format(port=unused_port)
    assert current(client)["mongo"]["database"] == "store_0001"


@pytest.mark.parametrize(
    ("mongo", "dapr", "field"),
    [
        ({"url": "http://127.0.0.1:27017/"}, {}, "mongo.url"),
        ({"url": "mongodb://127.0.0.1:99999/"}, {}, "mongo.url"),
        ({"url": "mongodb+srv://a.example,b.example/"}, {}, "mongo.url"),
        ({"relay_batch_size": 0}, {}, "mongo.relay_batch_size"),
        ({"server_selection_timeout_ms": "soon"}, {}, "mongo.server_selection_timeout_ms"),
        ({"replica": "rs0"}, {}, "mongo: unknown fields replica"),
        ({}, {"http_port": 70000}, "dapr.http_port"),
        ({}, {"enabled": "maybe"}, "dapr.enabled"),
    ],
)
def test_invalid_settings_rejected(
    client: TestClient,
    config_file: Path,
    unused_port: int,
    mongo: dict[str, Any],
    dapr: dict[str, Any],
    field: str,
):
    sign_in_supervisor(client)

    response = client.put("/api/v1/sync/config", json={"mongo": mongo, "dapr": dapr})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "settings_invalid"
    assert field in response.json()["error"]["message_en"]
    assert response.json()["error"]["message"].startswith("設定が正しくありません")
    assert config_file.read_text(encoding="utf-8") == CONFIG_TEXT.format(port=unused_port)


def test_empty_url_turns_store_tier_off(client: TestClient, config_file: Path):
    sign_in_supervisor(client)
    assert client.get("/api/v1/sync/status").json()["configured"] is True

    response = client.put("/api/v1/sync/config", json={"mongo": {"url": ""}, "dapr": {}})

    assert response.status_code == 200, response.text
    assert response.json()["mongo"]["url"] is None
    assert client.get("/api/v1/sync/status").json()["configured"] is False
    assert "url" not in tomllib.loads(config_file.read_text(encoding="utf-8"))["mongo"]


def test_point_at_ferretdb_then_test(
    client: TestClient, config_file: Path, ferretdb: RunningServer
):
    sign_in_supervisor(client)
    before = client.post("/api/v1/sync/test", json={"timeout_ms": 300}).json()
    assert before["ok"] is False

    response = client.put(
        "/api/v1/sync/config",
        json={"mongo": {"url": ferretdb.uri, "database": "openregi_config_test"}, "dapr": {}},
    )

    assert response.status_code == 200, response.text
    assert response.json()["restart_required"] is False
    assert response.json()["mongo"]["url"] == ferretdb.uri
    connection = client.post("/api/v1/sync/test").json()
    assert connection["ok"] is True
    assert connection["error"] is None
    assert tomllib.loads(config_file.read_text(encoding="utf-8"))["mongo"]["url"] == ferretdb.uri

    # The restarted relay delivers a sale made after the change.
    cart_id = client.post("/api/v1/carts").json()["cart_id"]
    assert client.post(f"/api/v1/carts/{cart_id}/items", json={"code": ONIGIRI}).status_code == 200
    assert client.post(f"/api/v1/carts/{cart_id}/subtotal").status_code == 200
    paid = client.post(f"/api/v1/carts/{cart_id}/tenders", json={"tender_code": "cash", "amount": 120})
    assert paid.status_code == 200, paid.text
    assert client.post(f"/api/v1/carts/{cart_id}/complete").status_code == 200
    client.post("/api/v1/sync/retry")

    def drained() -> dict[str, Any] | None:
        status: dict[str, Any] = client.get("/api/v1/sync/status").json()
        return status if status["pending"] == 0 and status["connected"] is True else None

    status = wait_for(drained, "the outbox to drain", 30.0)
    assert status["delivered"] >= 1
    assert status["database"] == "openregi_config_test"


def test_dapr_enabled_and_disabled_live(client: TestClient, config_file: Path):
    sign_in_supervisor(client)
    assert client.get("/api/v1/dapr/status").json()["enabled"] is False
    ports = free_ports(2)
    config = current(client)
    config["dapr"].update(
        {"enabled": True, "http_port": ports[0], "grpc_port": ports[1], "api_token": "dapr-token-1"}
    )

    enabled = client.put("/api/v1/sync/config", json=config)

    assert enabled.status_code == 200, enabled.text
    assert enabled.json()["dapr"]["api_token"] == "********"
    assert enabled.json()["restart_required"] is False
    status = client.get("/api/v1/dapr/status").json()
    assert status["enabled"] is True
    assert status["http_port"] == ports[0]
    assert status["grpc_port"] == ports[1]
    stored = tomllib.loads(config_file.read_text(encoding="utf-8"))["dapr"]
    assert stored == {
        "enabled": True,
        "http_port": ports[0],
        "grpc_port": ports[1],
        "api_token": "dapr-token-1",
    }

    # Sending the masked token back keeps it, and turning Dapr off stops the bridge.
    config = current(client)
    config["dapr"]["enabled"] = False
    disabled = client.put("/api/v1/sync/config", json=config)

    assert disabled.status_code == 200, disabled.text
    assert client.get("/api/v1/dapr/status").json()["enabled"] is False
    stored = tomllib.loads(config_file.read_text(encoding="utf-8"))["dapr"]
    assert stored["api_token"] == "dapr-token-1"
    assert "enabled" not in stored
