"""Fixtures of the lifecycle tests: a backend with test items and an open terminal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from backend.settings import Settings
from tests.conftest import FixedClock
from tests.lifecycle.helpers import backend, open_terminal


@pytest.fixture
def api(settings: Settings, clock: FixedClock) -> Iterator[TestClient]:
    """A backend with the demo store and the test items; the terminal is still closed."""
    with backend(settings, clock) as client:
        yield client


@pytest.fixture
def till(api: TestClient) -> TestClient:
    """The same backend, opened with a ¥30,000 float and cashier 1001 signed in."""
    open_terminal(api)
    return api
