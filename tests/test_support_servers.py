"""Smoke tests that start the real FerretDB, Redis and daprd servers used by integration tests."""

from __future__ import annotations

import asyncio
import json
import queue
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pymongo
import pytest

from tests.support.servers import (
    BUILD_COMMAND,
    IN_MEMORY_COMPONENTS_DIR,
    LOOPBACK_HOST,
    ServiceBinaryMissingError,
    start_daprd,
    start_ferretdb,
    start_redis,
    write_redis_components,
)

SALE = {
    "_id": "T01-20261204-0001",
    "terminal": "T01",
    "business_date": "2026-12-04",
    "lines": [
        {"jan": "4901234567894", "quantity": 2, "unit_price": 150, "tax_rate": "8%"},
        {"jan": "4909876543210", "quantity": 1, "unit_price": 980, "tax_rate": "10%"},
    ],
    "total": 1280,
}
TOPIC = "transaction-log"
EVENT_TIMEOUT_SECONDS = 10.0


# FerretDB ---------------------------------------------------------------------------------------


def test_ferretdb_async_client_inserts_and_finds(tmp_path: Path) -> None:
    async def insert_and_find(uri: str) -> tuple[dict[str, Any] | None, int]:
        client: pymongo.AsyncMongoClient[dict[str, Any]] = pymongo.AsyncMongoClient(uri)
        try:
            sales = client.openregi.sales
            await sales.insert_one(dict(SALE))
            found = await sales.find_one({"terminal": "T01"})
            count = await sales.count_documents({})
            return found, count
        finally:
            await client.close()

    with start_ferretdb(tmp_path) as server:
        found, count = asyncio.run(insert_and_find(server.uri))

    assert found == SALE
    assert count == 1


def test_ferretdb_sync_client_inserts_and_finds(tmp_path: Path) -> None:
    with start_ferretdb(tmp_path) as server:
        client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(server.uri)
        try:
            sales = client.openregi.sales
            sales.insert_one(dict(SALE))
            found = sales.find_one({"_id": SALE["_id"]})
            totals = sorted(document["total"] for document in sales.find({}, {"total": 1}))
        finally:
            client.close()

    assert found == SALE
    assert totals == [1280]


def test_ferretdb_data_survives_restart(tmp_path: Path) -> None:
    first = start_ferretdb(tmp_path)
    try:
        client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(first.uri)
        client.openregi.sales.insert_one(dict(SALE))
        client.close()
    finally:
        first_exit_code = first.stop()

    with start_ferretdb(tmp_path) as second:
        client = pymongo.MongoClient(second.uri)
        try:
            found = client.openregi.sales.find_one({"_id": SALE["_id"]})
        finally:
            client.close()

    assert first_exit_code == 0
    assert (tmp_path / "ferretdb-state" / "openregi.sqlite").is_file()
    assert found == SALE


def test_ferretdb_listens_on_loopback(tmp_path: Path) -> None:
    with start_ferretdb(tmp_path) as server:
        log = server.log_path.read_text(encoding="utf-8")

    assert server.host == LOOPBACK_HOST
    assert server.uri == f"mongodb://127.0.0.1:{server.port}/"
    assert f"Listening on TCP 127.0.0.1:{server.port}" in log


def test_missing_binaries_raise_with_build_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENREGI_CACHE_DIR", str(tmp_path / "empty-cache"))

    with pytest.raises(ServiceBinaryMissingError) as ferretdb_error:
        start_ferretdb(tmp_path)
    with pytest.raises(ServiceBinaryMissingError) as daprd_error:
        start_daprd("missing", IN_MEMORY_COMPONENTS_DIR)

    assert str(tmp_path / "empty-cache" / "bin" / "openregi-ferretdb") in str(ferretdb_error.value)
    assert BUILD_COMMAND in str(ferretdb_error.value)
    assert str(tmp_path / "empty-cache" / "bin" / "daprd") in str(daprd_error.value)
    assert BUILD_COMMAND in str(daprd_error.value)


# Redis ------------------------------------------------------------------------------------------


def _read_resp(reader: Any) -> Any:
    """Read one RESP2 reply: simple strings, errors, integers, bulk strings and arrays."""
    line = reader.readline().rstrip(b"\r\n")
    kind, payload = line[:1], line[1:]
    if kind in (b"+", b"-"):
        return payload.decode()
    if kind == b":":
        return int(payload)
    if kind == b"$":
        length = int(payload)
        if length < 0:
            return None
        data = reader.read(length + 2)[:length]
        return data.decode()
    if kind == b"*":
        return [_read_resp(reader) for _ in range(int(payload))]
    raise ValueError(f"unexpected RESP reply {line!r}")


def _redis_command(port: int, *args: str) -> Any:
    encoded = b"*%d\r\n" % len(args)
    for arg in args:
        raw = arg.encode()
        encoded += b"$%d\r\n%s\r\n" % (len(raw), raw)
    with socket.create_connection((LOOPBACK_HOST, port), timeout=5) as connection:
        connection.sendall(encoded)
        with connection.makefile("rb") as reader:
            return _read_resp(reader)


def test_redis_sets_and_gets_without_persistence(tmp_path: Path) -> None:
    server = start_redis(tmp_path)
    try:
        set_reply = _redis_command(server.port, "SET", "openregi:total", "1280")
        get_reply = _redis_command(server.port, "GET", "openregi:total")
        save_config = _redis_command(server.port, "CONFIG", "GET", "save")
        appendonly_config = _redis_command(server.port, "CONFIG", "GET", "appendonly")
        bind_config = _redis_command(server.port, "CONFIG", "GET", "bind")
    finally:
        exit_code = server.stop()

    assert set_reply == "OK"
    assert get_reply == "1280"
    assert save_config == ["save", ""]
    assert appendonly_config == ["appendonly", "no"]
    assert bind_config == ["bind", "127.0.0.1"]
    assert exit_code == 0
    assert server.uri == f"redis://127.0.0.1:{server.port}/0"


# daprd ------------------------------------------------------------------------------------------


class Subscriber(ThreadingHTTPServer):
    """A minimal Dapr app: subscribes to TOPIC on the "pubsub" component and queues each event."""

    def __init__(self) -> None:
        super().__init__((LOOPBACK_HOST, 0), SubscriberHandler)
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class SubscriberHandler(BaseHTTPRequestHandler):
    server: Subscriber

    def do_GET(self) -> None:
        if self.path == "/dapr/subscribe":
            self._send_json(200, [{"pubsubname": "pubsub", "topic": TOPIC, "route": "/events"}])
        else:
            self._send_json(404, {"error": f"no route for GET {self.path}"})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/events":
            self.server.events.put(json.loads(body))
            self._send_json(200, {"status": "SUCCESS"})
        else:
            self._send_json(404, {"error": f"no route for POST {self.path}"})

    def _send_json(self, status: int, payload: object) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def subscriber() -> Iterator[Subscriber]:
    server = Subscriber()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _http(base_url: str) -> httpx.Client:
    # trust_env=False keeps HTTP proxy variables from routing loopback requests elsewhere.
    return httpx.Client(base_url=base_url, trust_env=False, timeout=10)


def test_daprd_in_memory_pubsub_delivers_event(tmp_path: Path, subscriber: Subscriber) -> None:
    daprd = start_daprd("pos-terminal", IN_MEMORY_COMPONENTS_DIR, app_port=subscriber.port, work_dir=tmp_path)
    try:
        with _http(daprd.uri) as client:
            response = client.post(
                f"/v1.0/publish/pubsub/{TOPIC}", json={"sale_id": SALE["_id"], "total": 1280}
            )
        event = subscriber.events.get(timeout=EVENT_TIMEOUT_SECONDS)
    finally:
        exit_code = daprd.stop()

    assert response.status_code == 204
    assert event["data"] == {"sale_id": "T01-20261204-0001", "total": 1280}
    assert event["topic"] == TOPIC
    assert event["pubsubname"] == "pubsub"
    assert event["source"] == "pos-terminal"
    assert event["type"] == "com.dapr.event.sent"
    assert event["specversion"] == "1.0"
    assert event["datacontenttype"] == "application/json"
    assert exit_code == 0


def test_daprd_keeps_cloudevent_id_and_type(tmp_path: Path, subscriber: Subscriber) -> None:
    cloud_event = {
        "specversion": "1.0",
        "id": "0b6f4c2e-7d1a-4c55-9a43-3f0c2f7e9b10",
        "source": "openregi/T01",
        "type": "openregi.transaction.completed",
        "datacontenttype": "application/json",
        "data": {"sale_id": SALE["_id"], "total": 1280},
    }
    daprd = start_daprd("pos-terminal", IN_MEMORY_COMPONENTS_DIR, app_port=subscriber.port, work_dir=tmp_path)
    try:
        with _http(daprd.uri) as client:
            response = client.post(
                f"/v1.0/publish/pubsub/{TOPIC}",
                content=json.dumps(cloud_event),
                headers={"Content-Type": "application/cloudevents+json"},
            )
        event = subscriber.events.get(timeout=EVENT_TIMEOUT_SECONDS)
    finally:
        daprd.stop()

    assert response.status_code == 204
    assert event["id"] == "0b6f4c2e-7d1a-4c55-9a43-3f0c2f7e9b10"
    assert event["source"] == "openregi/T01"
    assert event["type"] == "openregi.transaction.completed"
    assert event["data"] == {"sale_id": "T01-20261204-0001", "total": 1280}


def _save_with_etag(client: httpx.Client, value: dict[str, int], etag: str) -> httpx.Response:
    item = {"key": "float", "value": value, "etag": etag, "options": {"concurrency": "first-write"}}
    return client.post("/v1.0/state/statestore", json=[item])


def _check_state_etag_round_trip(base_url: str) -> None:
    """Save, read and conditionally overwrite one key through daprd's state API."""
    with _http(base_url) as client:
        saved = client.post("/v1.0/state/statestore", json=[{"key": "float", "value": {"yen": 30000}}])
        first = client.get("/v1.0/state/statestore/float")
        first_etag = first.headers["ETag"]

        # The first conditional write consumes first_etag, so the second one carries a stale ETag.
        fresh = _save_with_etag(client, {"yen": 50000}, first_etag)
        stale = _save_with_etag(client, {"yen": 1}, first_etag)
        second = client.get("/v1.0/state/statestore/float")
        missing = client.get("/v1.0/state/statestore/no-such-key")

    assert saved.status_code == 204
    assert first.status_code == 200
    assert first.json() == {"yen": 30000}
    assert first_etag != ""
    assert fresh.status_code == 204
    assert stale.status_code == 409
    assert stale.json()["errorCode"] == "ERR_STATE_SAVE"
    assert second.json() == {"yen": 50000}
    assert second.headers["ETag"] != first_etag
    assert missing.status_code == 204
    assert missing.content == b""


def test_daprd_in_memory_state_checks_etag(tmp_path: Path) -> None:
    with start_daprd("pos-terminal", IN_MEMORY_COMPONENTS_DIR, work_dir=tmp_path) as daprd:
        _check_state_etag_round_trip(daprd.uri)
        log = daprd.log_path.read_text(encoding="utf-8")

    # The loopback configuration replaces daprd's default mDNS resolver, which would multicast.
    assert "Initialized name resolution to kubernetes" in log
    assert "mdns" not in log.lower()


def test_daprd_redis_state_checks_etag(tmp_path: Path) -> None:
    with start_redis(tmp_path) as redis:
        components_dir = write_redis_components(tmp_path / "components", redis.port)
        with start_daprd("pos-terminal", components_dir, work_dir=tmp_path) as daprd:
            _check_state_etag_round_trip(daprd.uri)
        stored_keys = _redis_command(redis.port, "KEYS", "*")

    assert (components_dir / "statestore.yaml").read_text(encoding="utf-8").count(
        f'"127.0.0.1:{redis.port}"'
    ) == 1
    assert stored_keys == ["pos-terminal||float"]


def test_daprd_redis_pubsub_delivers_event(tmp_path: Path, subscriber: Subscriber) -> None:
    with start_redis(tmp_path) as redis:
        components_dir = write_redis_components(tmp_path / "components", redis.port)
        with start_daprd(
            "pos-terminal", components_dir, app_port=subscriber.port, work_dir=tmp_path
        ) as daprd:
            with _http(daprd.uri) as client:
                response = client.post(f"/v1.0/publish/pubsub/{TOPIC}", json={"total": 1280})
            event = subscriber.events.get(timeout=EVENT_TIMEOUT_SECONDS)
        stream_length = _redis_command(redis.port, "XLEN", TOPIC)

    assert response.status_code == 204
    assert event["data"] == {"total": 1280}
    assert event["topic"] == TOPIC
    assert stream_length == 1


def test_dapr_python_sdk_talks_to_daprd(
    tmp_path: Path, subscriber: Subscriber, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dapr.clients import DaprClient

    daprd = start_daprd("pos-terminal", IN_MEMORY_COMPONENTS_DIR, app_port=subscriber.port, work_dir=tmp_path)
    try:
        for name, value in daprd.sdk_environment().items():
            monkeypatch.setenv(name, value)
        # gRPC also reads proxy variables, so they are removed for the SDK's channel.
        for name in ("grpc_proxy", "https_proxy", "http_proxy", "GRPC_PROXY", "HTTPS_PROXY", "HTTP_PROXY"):
            monkeypatch.delenv(name, raising=False)
        with DaprClient() as client:
            client.save_state("statestore", "cash-log-0001", '{"yen": 1000}')
            state = client.get_state("statestore", "cash-log-0001")
            client.publish_event(
                "pubsub", TOPIC, json.dumps({"total": 1280}), data_content_type="application/json"
            )
        event = subscriber.events.get(timeout=EVENT_TIMEOUT_SECONDS)
    finally:
        daprd.stop()

    assert state.data == b'{"yen": 1000}'
    assert state.etag != ""
    assert event["data"] == {"total": 1280}
    assert event["source"] == "pos-terminal"
