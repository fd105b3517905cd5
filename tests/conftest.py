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


@pytest.fixture
def client(settings: Settings, clock: FixedClock) -> Iterator[TestClient]:
    """An HTTP client for a backend with the demo store, authorised with the launch token."""
    app = create_app(settings, clock=clock)
    with TestClient(
        app, base_url="http://127.0.0.1", headers={"Authorization": f"Bearer {TOKEN}"}
    ) as test_client:
        yield test_client
