"""The master-data-changed route with bad input: dropped, logged, and nothing changed.

These drive the route directly with the launch token; test_master_changed covers delivery
by a real daprd.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.events.conftest import ONIGIRI, ONIGIRI_PRICE, backend_client, dapr_settings, dapr_status
from tests.events.sidecars import DaprdPorts

ROUTE = "/api/v1/dapr/events/master-changed"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with backend_client(dapr_settings(tmp_path / "data", DaprdPorts.pick())) as test_client:
        yield test_client


def deliver(client: TestClient, data: Any, event_id: str = "event-1") -> str:
    response = client.post(ROUTE, json={"id": event_id, "specversion": "1.0", "data": data})
    assert response.status_code == 200, response.text
    status: str = response.json()["status"]
    return status


def onigiri_price(client: TestClient) -> int:
    price: int = client.get(f"/api/v1/items/{ONIGIRI}").json()["price"]
    return price


BAD_CHANGES = [
    ("float price", {"items": [{"code": ONIGIRI, "price": 180.0}]}),
    ("text price", {"items": [{"code": ONIGIRI, "price": "180"}]}),
    ("bool price", {"items": [{"code": ONIGIRI, "price": True}]}),
    ("negative price", {"items": [{"code": ONIGIRI, "price": -1}]}),
    ("unknown price mode", {"items": [{"code": ONIGIRI, "price_mode": "gross"}]}),
    ("unknown tax class", {"items": [{"code": ONIGIRI, "tax_class": "luxury"}]}),
    ("unknown category", {"items": [{"code": ONIGIRI, "category_code": "ZZ"}]}),
    ("text active", {"items": [{"code": ONIGIRI, "active": "yes"}]}),
    ("missing code", {"items": [{"price": 180}]}),
    ("items not a list", {"items": {"code": ONIGIRI}}),
    ("data not an object", [1, 2]),
    ("one bad entry of two", {"items": [{"code": ONIGIRI, "price": 180}, {"code": ONIGIRI, "price": 1.5}]}),
]


@pytest.mark.parametrize(("case", "data"), BAD_CHANGES, ids=[case for case, _ in BAD_CHANGES])
def test_bad_change_dropped(client: TestClient, case: str, data: Any):
    assert deliver(client, data) == "DROP"
    assert onigiri_price(client) == ONIGIRI_PRICE
    status = dapr_status(client)["master_changed"]
    assert status["invalid"] == 1
    assert status["applied"] == 0


def test_event_without_id_dropped(client: TestClient):
    response = client.post(ROUTE, json={"data": {"items": [{"code": ONIGIRI, "price": 180}]}})
    assert response.json() == {"status": "DROP"}
    assert onigiri_price(client) == ONIGIRI_PRICE


def test_body_not_json_dropped(client: TestClient):
    response = client.post(ROUTE, content=b"{not json", headers={"content-type": "application/json"})
    assert response.json() == {"status": "DROP"}


def test_data_as_json_text_applied(client: TestClient):
    assert deliver(client, json.dumps({"items": [{"code": ONIGIRI, "price": 175}]})) == "SUCCESS"
    assert onigiri_price(client) == 175


def test_dropped_event_not_applied_later(client: TestClient):
    assert deliver(client, {"items": [{"code": ONIGIRI, "price": 1.5}]}, "event-7") == "DROP"
    # The same id again, now valid, is a different message reusing an id: it stays rejected.
    assert deliver(client, {"items": [{"code": ONIGIRI, "price": 190}]}, "event-7") == "SUCCESS"
    assert onigiri_price(client) == ONIGIRI_PRICE
    assert dapr_status(client)["master_changed"]["duplicates"] == 1
