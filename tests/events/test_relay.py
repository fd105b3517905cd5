"""The outbox relay against a real daprd: every event delivered once, in order per terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.events.conftest import (
    Subscriber,
    backend_client,
    dapr_settings,
    dapr_status,
    open_terminal,
    outbox_event_ids,
    sell,
    wait_for,
)
from tests.events.sidecars import IN_MEMORY_RESOURCES, Daprd, RedisServer, redis_resources
from tests.support.servers import RunningServer, start_redis


def test_sales_reach_subscriber_as_cloudevents(
    tmp_path: Path, subscriber: Subscriber, daprd_factory: Callable[..., Daprd]
):
    receiver = subscriber
    daprd = daprd_factory("head-office", [IN_MEMORY_RESOURCES], app_port=receiver.port)
    daprd.start()
    with backend_client(dapr_settings(tmp_path / "data", daprd.ports)) as client:
        open_terminal(client)
        transactions = [sell(client) for _ in range(5)]
        reason = next(iter(client.get("/api/v1/cash/reasons").json()["cash_in"]))
        cash_in = client.post("/api/v1/cash/in", json={"amount": 5000, "reason_code": reason})
        assert cash_in.status_code == 200, cash_in.text
        wait_for(lambda: receiver.count("transaction-log") == 5, what="5 transaction events")
        wait_for(lambda: receiver.count("open-close-log") == 1, what="the open event")
        wait_for(lambda: receiver.count("cash-log") == 1, what="the cash-in event")

        event_ids = outbox_event_ids(client, "transaction")
        received = receiver.events("transaction-log")
        assert [event["id"] for event in received] == event_ids
        assert [event["data"]["transaction_number"] for event in received] == [1, 2, 3, 4, 5]
        assert [event["data"]["transaction_id"] for event in received] == [
            transaction["transaction_id"] for transaction in transactions
        ]
        first = received[0]
        assert first["specversion"] == "1.0"
        assert first["type"] == "jp.openregi.transaction"
        assert first["source"] == "openregi/0001/T001"
        assert first["subject"] == "T001"
        assert first["datacontenttype"] == "application/json"
        assert first["topic"] == "transaction-log"
        assert first["pubsubname"] == "openregi-pubsub"
        assert first["data"]["total"] == 150
        (opened,) = receiver.events("open-close-log")
        assert opened["type"] == "jp.openregi.open-close"
        assert opened["id"] == outbox_event_ids(client, "open_close")[0]
        assert opened["data"]["kind"] == "open"
        (cash,) = receiver.events("cash-log")
        assert cash["type"] == "jp.openregi.cash"
        assert cash["id"] == outbox_event_ids(client, "cash")[0]
        assert cash["data"]["kind"] == "cash_in"
        assert cash["data"]["amount"] == 5000
        assert receiver.duplicates() == []

        wait_for(lambda: dapr_status(client)["relay"]["pending"] == 0, what="an empty outbox")
        status = dapr_status(client)
        assert status["available"] is True
        assert status["relay"]["delivered"] == 7


def _assert_delivered_once_in_order(receiver: Subscriber, event_ids: list[str], count: int) -> None:
    received = receiver.events("transaction-log")
    received_ids = [event["id"] for event in received]
    assert len(event_ids) == count
    assert receiver.duplicates() == []
    assert sorted(received_ids) == sorted(event_ids)
    assert received_ids == event_ids
    assert [event["data"]["transaction_number"] for event in received] == list(range(1, count + 1))
    sequences = [int(event["sequence"]) for event in received]
    assert sequences == sorted(sequences)


def test_sidecar_down_for_200_sales_then_up(
    tmp_path: Path, subscriber: Subscriber, daprd_factory: Callable[..., Daprd]
):
    receiver = subscriber
    daprd = daprd_factory("head-office", [IN_MEMORY_RESOURCES], app_port=receiver.port)
    with backend_client(dapr_settings(tmp_path / "data", daprd.ports)) as client:
        open_terminal(client)
        for _ in range(200):
            sell(client)
        status = dapr_status(client)
        assert status["available"] is False
        assert status["client_created"] is False
        assert status["relay"]["pending"] == 201
        assert status["relay"]["delivered"] == 0
        assert receiver.count("transaction-log") == 0

        daprd.start()
        # No wake-up call: the relay finds the sidecar on its own back-off schedule.
        wait_for(lambda: receiver.count("transaction-log") == 200, what="200 transaction events")
        wait_for(lambda: dapr_status(client)["relay"]["pending"] == 0, what="an empty outbox")

        _assert_delivered_once_in_order(receiver, outbox_event_ids(client, "transaction"), 200)
        assert receiver.count("open-close-log") == 1
        status = dapr_status(client)
        assert status["available"] is True
        assert status["relay"]["delivered"] == 201
        assert status["relay"]["consecutive_failures"] == 0
        assert status["relay"]["failures"] >= 1


def test_sidecar_stopped_between_sales(
    tmp_path: Path, subscriber: Subscriber, daprd_factory: Callable[..., Daprd]
):
    receiver = subscriber
    daprd = daprd_factory("head-office", [IN_MEMORY_RESOURCES], app_port=receiver.port)
    daprd.start()
    with backend_client(dapr_settings(tmp_path / "data", daprd.ports)) as client:
        open_terminal(client)
        for _ in range(20):
            sell(client)
        wait_for(lambda: receiver.count("transaction-log") == 20, what="the first 20 events")

        daprd.stop()
        for _ in range(50):
            sell(client)
        wait_for(lambda: dapr_status(client)["available"] is False, what="the relay to notice")
        assert dapr_status(client)["relay"]["pending"] == 50

        daprd.start()
        wait_for(lambda: receiver.count("transaction-log") == 70, what="all 70 events")
        wait_for(lambda: dapr_status(client)["relay"]["pending"] == 0, what="an empty outbox")
        _assert_delivered_once_in_order(receiver, outbox_event_ids(client, "transaction"), 70)


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RunningServer]:
    with start_redis(tmp_path / "redis") as server:
        yield server


def test_redis_sidecar_down_for_200_sales_then_up(
    tmp_path: Path,
    subscriber: Subscriber,
    daprd_factory: Callable[..., Daprd],
    redis: RunningServer,
):
    receiver = subscriber
    resources = redis_resources(tmp_path / "redis-components", redis.port)
    head_office = daprd_factory("head-office", [resources], app_port=receiver.port)
    head_office.start()
    terminal_sidecar = daprd_factory("openregi-T001", [resources])
    with backend_client(dapr_settings(tmp_path / "data", terminal_sidecar.ports)) as client:
        open_terminal(client)
        for _ in range(200):
            sell(client)
        assert dapr_status(client)["available"] is False
        assert dapr_status(client)["relay"]["pending"] == 201

        terminal_sidecar.start()
        wait_for(lambda: receiver.count("transaction-log") == 200, what="200 transaction events")
        wait_for(lambda: dapr_status(client)["relay"]["pending"] == 0, what="an empty outbox")

        _assert_delivered_once_in_order(receiver, outbox_event_ids(client, "transaction"), 200)
        assert receiver.count("open-close-log") == 1
        assert dapr_status(client)["relay"]["delivered"] == 201


def test_redis_broker_down_then_up(
    tmp_path: Path, subscriber: Subscriber, daprd_factory: Callable[..., Daprd]
):
    receiver = subscriber
    broker = RedisServer(tmp_path / "redis")
    broker.start()
    try:
        resources = redis_resources(tmp_path / "redis-components", broker.port)
        head_office = daprd_factory("head-office", [resources], app_port=receiver.port)
        terminal_sidecar = daprd_factory("openregi-T001", [resources])
        head_office.start()
        terminal_sidecar.start()
        with backend_client(dapr_settings(tmp_path / "data", terminal_sidecar.ports)) as client:
            open_terminal(client)
            for _ in range(10):
                sell(client)
            wait_for(lambda: receiver.count("transaction-log") == 10, what="the first 10 events")

            broker.stop()
            for _ in range(30):
                sell(client)
            wait_for(lambda: dapr_status(client)["relay"]["failures"] >= 1, what="a failed publish")
            status = dapr_status(client)
            assert status["relay"]["pending"] == 30
            assert status["relay"]["publishing"] == "failing"
            assert "redis" in status["relay"]["last_error"]
            # The sidecar itself responded; only the broker behind it is down.
            assert status["available"] is True

            broker.start()
            wait_for(lambda: receiver.count("transaction-log") == 40, what="all 40 events")
            wait_for(lambda: dapr_status(client)["relay"]["pending"] == 0, what="an empty outbox")
            _assert_delivered_once_in_order(receiver, outbox_event_ids(client, "transaction"), 40)
    finally:
        broker.stop()
