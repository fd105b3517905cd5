"""Suspended sales shared through a real daprd state store: two registers racing to resume
one sale, exactly one wins."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.events.conftest import (
    ONIGIRI,
    ONIGIRI_PRICE,
    backend_client,
    dapr_settings,
    new_cart_with,
    open_terminal,
)
from tests.events.sidecars import IN_MEMORY_RESOURCES, Daprd, redis_resources
from tests.support.servers import RunningServer, start_redis

ROUNDS = 10


def suspend(client: TestClient, cart_id: str) -> dict[str, Any]:
    response = client.post("/api/v1/dapr/suspended", json={"cart_id": cart_id})
    assert response.status_code == 201, response.text
    entry: dict[str, Any] = response.json()
    return entry


def race_to_resume(clients: list[TestClient], suspend_id: str) -> list[httpx.Response]:
    """Send the resume of every client at once, from one thread each."""
    barrier = threading.Barrier(len(clients))
    responses: list[httpx.Response | None] = [None] * len(clients)

    def resume(index: int) -> None:
        barrier.wait()
        responses[index] = clients[index].post(f"/api/v1/dapr/suspended/{suspend_id}/resume")

    threads = [threading.Thread(target=resume, args=(index,)) for index in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert all(response is not None for response in responses)
    return [response for response in responses if response is not None]


def check_race(t001: TestClient, t002: TestClient) -> None:
    for round_number in range(ROUNDS):
        cart = new_cart_with(t001, ONIGIRI, quantity=3)
        entry = suspend(t001, cart["cart_id"])
        assert entry["total"] == 3 * ONIGIRI_PRICE
        assert entry["item_count"] == 3
        assert entry["origin_terminal_id"] == "T001"
        assert t001.get(f"/api/v1/carts/{cart['cart_id']}").status_code == 404

        listed = t002.get("/api/v1/dapr/suspended").json()
        assert [item["suspend_id"] for item in listed] == [entry["suspend_id"]]

        responses = race_to_resume([t001, t002], entry["suspend_id"])
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200, 409], f"round {round_number}: {[r.text for r in responses]}"
        (winner,) = [response.json() for response in responses if response.status_code == 200]
        (loser,) = [response.json() for response in responses if response.status_code == 409]
        assert loser["error"]["code"] == "suspended_sale_already_resumed"
        assert winner["state"] == "entering"
        assert [(line["item_code"], line["quantity"]) for line in winner["lines"]] == [(ONIGIRI, 3)]
        assert winner["totals"]["total"] == 3 * ONIGIRI_PRICE

        # Asking again, from either register, never hands the sale out a second time.
        winner_client = t001 if winner["terminal_id"] == "T001" else t002
        loser_client = t002 if winner_client is t001 else t001
        again = loser_client.post(f"/api/v1/dapr/suspended/{entry['suspend_id']}/resume")
        assert again.status_code == 409
        repeat = winner_client.post(f"/api/v1/dapr/suspended/{entry['suspend_id']}/resume")
        assert repeat.status_code == 200
        assert repeat.json()["cart_id"] == winner["cart_id"]
        assert t002.get("/api/v1/dapr/suspended").json() == []

        cancel = winner_client.post(f"/api/v1/carts/{winner['cart_id']}/cancel")
        assert cancel.status_code == 200, cancel.text


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RunningServer]:
    with start_redis(tmp_path / "redis") as server:
        yield server


def test_race_to_resume_in_memory_store(tmp_path: Path, daprd_factory: Callable[..., Daprd]):
    # The in-memory state store lives inside one daprd, so both registers use this one.
    daprd = daprd_factory("store-0001", [IN_MEMORY_RESOURCES])
    daprd.start()
    with ExitStack() as stack:
        t001 = stack.enter_context(backend_client(dapr_settings(tmp_path / "t001", daprd.ports, "T001")))
        t002 = stack.enter_context(backend_client(dapr_settings(tmp_path / "t002", daprd.ports, "T002")))
        open_terminal(t001)
        open_terminal(t002)
        check_race(t001, t002)


def test_race_to_resume_redis_store(
    tmp_path: Path, daprd_factory: Callable[..., Daprd], redis: RunningServer
):
    resources = redis_resources(tmp_path / "redis-components", redis.port)
    sidecars = [daprd_factory(f"openregi-{terminal}", [resources]) for terminal in ("T001", "T002")]
    for sidecar in sidecars:
        sidecar.start()
    t001_settings = dapr_settings(tmp_path / "t001", sidecars[0].ports, "T001")
    t002_settings = dapr_settings(tmp_path / "t002", sidecars[1].ports, "T002")
    with ExitStack() as stack:
        t001 = stack.enter_context(backend_client(t001_settings))
        t002 = stack.enter_context(backend_client(t002_settings))
        open_terminal(t001)
        open_terminal(t002)
        check_race(t001, t002)


async def _stale_etag_rejected(daprd: Daprd) -> None:
    from backend.events.sidecar import Sidecar, SidecarAddress
    from backend.events.suspended import EtagMismatchError, StateClient

    sidecar = Sidecar(SidecarAddress("127.0.0.1", daprd.ports.http, daprd.ports.grpc, None))
    state = StateClient(sidecar, "openregi-state")
    try:
        await state.save("suspended:test:1", {"claimed_by": None}, etag=None)
        document, etag = await state.get("suspended:test:1")
        assert document == {"claimed_by": None}
        assert etag

        # Two registers read the same version; the first save wins, the second is rejected.
        await state.save("suspended:test:1", {"claimed_by": "T001"}, etag=etag)
        with pytest.raises(EtagMismatchError):
            await state.save("suspended:test:1", {"claimed_by": "T002"}, etag=etag)
        assert (await state.get("suspended:test:1"))[0] == {"claimed_by": "T001"}
    finally:
        await sidecar.close()


async def test_stale_etag_rejected_in_memory(daprd_factory: Callable[..., Daprd]):
    daprd = daprd_factory("store-0001", [IN_MEMORY_RESOURCES])
    daprd.start()
    await _stale_etag_rejected(daprd)


async def test_stale_etag_rejected_redis(
    tmp_path: Path, daprd_factory: Callable[..., Daprd], redis: RunningServer
):
    daprd = daprd_factory("openregi-T001", [redis_resources(tmp_path / "components", redis.port)])
    daprd.start()
    await _stale_etag_rejected(daprd)
