"""daprd's app API token opens the Dapr callback paths and nothing else."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.api.app import create_app
from backend.api.auth import LaunchTokenMiddleware
from tests.conftest import make_settings

APP_TOKEN = "app-token-for-daprd"
CALLBACK = "/api/v1/dapr/events/master-changed"


def _client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_token: str | None) -> TestClient:
    if app_token is None:
        monkeypatch.delenv("APP_API_TOKEN", raising=False)
    else:
        monkeypatch.setenv("APP_API_TOKEN", app_token)
    app = create_app(make_settings(tmp_path / "data"))
    return TestClient(app, base_url="http://127.0.0.1")


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    with _client(tmp_path, monkeypatch, APP_TOKEN) as test_client:
        yield test_client


def test_callback_path_accepts_app_token(client: TestClient):
    response = client.post(CALLBACK, json={"id": "e1"}, headers={"dapr-api-token": APP_TOKEN})
    # Dapr is not enabled in this app, so a 503 from the route shows the middleware let it in.
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "dapr_not_enabled"


def test_app_token_rejected_outside_callbacks(client: TestClient):
    for path in ("/api/v1/health", "/api/v1/dapr/status", "/api/v1/dapr/suspended"):
        response = client.get(path, headers={"dapr-api-token": APP_TOKEN})
        assert response.status_code == 401, path


def test_app_token_rejected_on_cart_creation(client: TestClient):
    response = client.post("/api/v1/carts", headers={"dapr-api-token": APP_TOKEN})
    assert response.status_code == 401


def test_wrong_app_token_rejected(client: TestClient):
    response = client.post(CALLBACK, json={"id": "e1"}, headers={"dapr-api-token": "not-it"})
    assert response.status_code == 401


async def test_dot_segments_rejected():
    # httpx removes dot segments before sending, so this drives the middleware directly.
    reached: list[str] = []

    async def inner(scope: dict, receive: object, send: object) -> None:
        reached.append(scope["path"])

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    middleware = LaunchTokenMiddleware(inner, "launch", ["127.0.0.1"], app_api_token=APP_TOKEN)
    for path in ("/dapr/../api/v1/health", "/api/v1/dapr/events/../../carts", "/dapr/subscribe"):
        scope = {
            "type": "http",
            "path": path,
            "query_string": b"",
            "headers": [(b"host", b"127.0.0.1"), (b"dapr-api-token", APP_TOKEN.encode())],
        }
        await middleware(scope, None, send)  # type: ignore[arg-type]
    assert reached == ["/dapr/subscribe"]
    statuses = [message["status"] for message in sent if message["type"] == "http.response.start"]
    assert statuses == [401, 401]


def test_app_token_as_bearer_rejected(client: TestClient):
    response = client.post(CALLBACK, json={"id": "e1"}, headers={"Authorization": f"Bearer {APP_TOKEN}"})
    assert response.status_code == 401


def test_no_configured_app_token_rejects_callbacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with _client(tmp_path, monkeypatch, None) as client:
        for token in ("", "anything"):
            response = client.post(CALLBACK, json={"id": "e1"}, headers={"dapr-api-token": token})
            assert response.status_code == 401


def test_launch_token_still_opens_callbacks(client: TestClient):
    response = client.post(CALLBACK, json={"id": "e1"}, headers={"Authorization": "Bearer test-launch-token"})
    assert response.status_code == 503
