"""Shared fixtures: a real backend on a temporary SQLite terminal store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from backend.api.app import create_app
from backend.settings import Settings

TOKEN = "test-launch-token"
TOKYO = ZoneInfo("Asia/Tokyo")

os.environ.setdefault("OPENREGI_CONFIG_FILE", str(Path(__file__).parent / "no-such-config.toml"))


class FixedClock:
    """A settable clock for tests; starts at 2026-12-04 10:00 in Tokyo."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 12, 4, 10, 0, tzinfo=TOKYO)

    def __call__(self) -> datetime:
        return self.moment


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"data_dir": data_dir, "token": TOKEN, "demo": True}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


CASHIER = {"staff_code": "1001", "pin": "1234"}
SUPERVISOR = {"staff_code": "9001", "pin": "9999"}


def open_and_sign_in(client: TestClient, float_amount: int = 30000) -> None:
    """Open the terminal with a float and sign the demo cashier in, as at the start of a day."""
    response = client.post("/api/v1/terminal/open", json={"float_amount": float_amount, **CASHIER})
    assert response.status_code == 200, response.text
    assert client.get("/api/v1/terminal").json()["staff_code"] == CASHIER["staff_code"]


@pytest.fixture
def closed_client(settings: Settings, clock: FixedClock) -> Iterator[TestClient]:
    """An HTTP client for a backend with the demo store, terminal not yet opened."""
    app = create_app(settings, clock=clock)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app, base_url="http://127.0.0.1", headers=headers) as test_client:
        yield test_client


@pytest.fixture
def client(closed_client: TestClient) -> TestClient:
    """An HTTP client for an open terminal with the demo cashier signed in."""
    open_and_sign_in(closed_client)
    return closed_client
