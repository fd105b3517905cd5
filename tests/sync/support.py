"""Helpers of the store-tier tests: a seeded terminal over HTTP, FerretDB restarts, waits."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pymongo
from fastapi.testclient import TestClient
from pymongo.errors import PyMongoError

from backend.api.app import create_app
from backend.api.deps import Services
from backend.domain.gtin import gtin_check_digit
from backend.domain.master import Category, Item, PriceMode, Role, Staff, TaxClass, TenderKind, TenderType
from backend.masterdata.models import MasterSet
from backend.masterdata.pins import hash_pin
from backend.masterdata.repository import MasterRepository
from backend.services.context import Clock
from backend.storage.db import Database
from backend.sync.service import SyncService
from tests.conftest import TOKEN, make_settings
from tests.support.servers import (
    FERRETDB_BINARY_NAME,
    LOOPBACK_HOST,
    RunningServer,
    ServiceStartError,
    service_binary,
)

T = TypeVar("T")

DATABASE = "openregi_test"
TENANT = "chain1"
STORE = "0001"
CASHIER = ("1001", "1234")
SUPERVISOR = ("9001", "9999")
FLOAT = 30000


def jan(body: str) -> str:
    """Return a 13-digit JAN code with its check digit."""
    return body + str(gtin_check_digit(body))


BENTO = jan("490000000001")  # ¥550 inclusive, reduced rate
WINE = jan("490000000002")  # ¥1,080 inclusive, standard rate
TEA = jan("490000000003")  # ¥150 inclusive, reduced rate
DETERGENT = jan("490000000004")  # ¥398 exclusive, standard rate: ¥437 with tax (floor)


def master_set() -> MasterSet:
    categories = [Category("01", "弁当"), Category("02", "飲料"), Category("03", "日用品")]
    items = [
        Item(BENTO, "幕の内弁当", 550, PriceMode.INCLUSIVE, TaxClass.REDUCED, "01"),
        Item(WINE, "赤ワイン", 1080, PriceMode.INCLUSIVE, TaxClass.STANDARD, "02"),
        Item(TEA, "緑茶", 150, PriceMode.INCLUSIVE, TaxClass.REDUCED, "02"),
        Item(DETERGENT, "洗剤", 398, PriceMode.EXCLUSIVE, TaxClass.STANDARD, "03"),
    ]
    tenders = [
        TenderType("cash", "現金", TenderKind.CASH, 10),
        TenderType("credit", "クレジット", TenderKind.CASHLESS, 20),
    ]
    staff = [
        Staff(CASHIER[0], "山田 花子", Role.CASHIER, hash_pin(CASHIER[1])),
        Staff(SUPERVISOR[0], "佐藤 健", Role.SUPERVISOR, hash_pin(SUPERVISOR[1])),
    ]
    return MasterSet(categories=categories, items=items, tender_types=tenders, staff=staff)


def seed_terminal_store(data_dir: Path, master: MasterSet | None = None) -> None:
    """Create the terminal store with the test master, unless it exists already."""
    path = data_dir / "terminal.sqlite3"
    if path.exists():
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    try:
        db.migrate()
        MasterRepository(db).replace_master(master or master_set())
    finally:
        db.close()


def wait_for(probe: Callable[[], T | None], what: str, timeout: float = 20.0, interval: float = 0.05) -> T:
    """Call ``probe`` until it returns something other than None or False; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = probe()
        if last is not None and last is not False:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; last value {last!r}")


@dataclass
class Terminal:
    """A backend on its own data directory, driven over HTTP like the cashier app does."""

    client: TestClient
    data_dir: Path

    @property
    def services(self) -> Services:
        services: Services = self.client.app.state.services  # type: ignore[attr-defined]
        return services

    @property
    def sync(self) -> SyncService:
        service: SyncService = self.services.extra["sync"]
        return service

    def call(self, method: str, path: str, body: dict[str, Any] | None = None, **params: Any) -> Any:
        response = self.client.request(method, f"/api/v1{path}", json=body, params=params or None)
        assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def open_and_sign_in(self) -> None:
        state = self.call("GET", "/terminal")
        if state["status"] != "open":
            code, pin = CASHIER
            self.call("POST", "/terminal/open", {"float_amount": FLOAT, "staff_code": code, "pin": pin})
        elif state["staff_code"] is None:
            self.call("POST", "/terminal/sign-in", {"staff_code": CASHIER[0], "pin": CASHIER[1]})

    def sell(self, lines: Sequence[tuple[str, int]], tenders: Sequence[tuple[str, int]]) -> dict[str, Any]:
        """Ring up items, pay with the tenders and complete; return the transaction document."""
        cart_id = self.call("POST", "/carts")["cart_id"]
        for code, quantity in lines:
            self.call("POST", f"/carts/{cart_id}/items", {"code": code, "quantity": quantity})
        self.call("POST", f"/carts/{cart_id}/subtotal")
        for tender_code, amount in tenders:
            self.call("POST", f"/carts/{cart_id}/tenders", {"tender_code": tender_code, "amount": amount})
        transaction: dict[str, Any] = self.call("POST", f"/carts/{cart_id}/complete")["transaction"]
        return transaction

    def status(self) -> dict[str, Any]:
        status: dict[str, Any] = self.call("GET", "/sync/status")
        return status

    def wait_status(
        self, condition: Callable[[dict[str, Any]], bool], what: str, timeout: float = 20.0
    ) -> dict[str, Any]:
        """Poll the sync status until ``condition`` is true and return that status."""

        def probe() -> dict[str, Any] | None:
            status = self.status()
            return status if condition(status) else None

        return wait_for(probe, what, timeout)

    def wait_delivered(self, timeout: float = 30.0) -> dict[str, Any]:
        """Wake the relay and wait until nothing is pending for the store tier."""
        self.call("POST", "/sync/retry")
        return self.wait_status(
            lambda status: status["pending"] == 0 and status["connected"] is True,
            "the outbox to drain",
            timeout,
        )


@contextmanager
def run_terminal(
    data_dir: Path,
    url: str | None,
    clock: Clock | None = None,
    *,
    terminal_id: str = "T001",
    store_code: str = STORE,
    master: MasterSet | None = None,
    **mongo: Any,
) -> Iterator[Terminal]:
    """Start a backend on ``data_dir`` (seeded with the test master on first use), opened
    and signed in, with the store tier at ``url``."""
    seed_terminal_store(data_dir, master)
    mongo_settings: dict[str, Any] = {"url": url, "database": DATABASE, "tenant": TENANT}
    mongo_settings.update(mongo)
    settings = make_settings(
        data_dir, demo=False, terminal_id=terminal_id, store_code=store_code, mongo=mongo_settings
    )
    app = create_app(settings, clock=clock)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app, base_url="http://127.0.0.1", headers=headers) as client:
        terminal = Terminal(client, data_dir)
        terminal.open_and_sign_in()
        yield terminal


def mongo_client(server: RunningServer) -> pymongo.MongoClient[dict[str, Any]]:
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(
        server.uri, serverSelectionTimeoutMS=5000, tz_aware=True
    )
    return client


def restart_ferretdb(stopped: RunningServer, tmp_dir: Path, timeout: float = 30.0) -> RunningServer:
    """Start FerretDB again on the port and state directory of a stopped one.

    tests.support.servers.start_ferretdb picks a new port on every start, but a terminal
    keeps the URL it was configured with, so a restart must come back on the same port.
    """
    assert stopped.process.poll() is not None, "stop the server before restarting it"
    log_path = tmp_dir / f"ferretdb-{stopped.port}-restart-{time.monotonic_ns()}.log"
    argv = [
        str(service_binary(FERRETDB_BINARY_NAME)),
        "-host", LOOPBACK_HOST,
        "-port", str(stopped.port),
        "-state-dir", str(tmp_dir / "ferretdb-state"),
    ]  # fmt: skip
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT)
    server = RunningServer(
        name="FerretDB",
        host=LOOPBACK_HOST,
        port=stopped.port,
        uri=stopped.uri,
        process=process,
        log_path=log_path,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServiceStartError(
                f"FerretDB restart exited with {process.returncode}:\n{server.log_tail()}"
            )
        probe: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(
            stopped.uri, serverSelectionTimeoutMS=300, connectTimeoutMS=300
        )
        try:
            probe.admin.command("ping")
            return server
        except PyMongoError:
            time.sleep(0.1)
        finally:
            probe.close()
    server.stop()
    raise ServiceStartError(f"FerretDB did not answer on {stopped.uri} within {timeout:.0f} s")


def reset_delivery_mark(data_dir: Path, transaction_id: str) -> int:
    """Forget that the store tier acknowledged one transaction's event; return its seq."""
    connection = sqlite3.connect(data_dir / "terminal.sqlite3")
    try:
        row = connection.execute(
            "SELECT seq FROM outbox"
            " WHERE topic = 'transaction' AND json_extract(payload, '$.transaction_id') = ?",
            (transaction_id,),
        ).fetchone()
        assert row is not None, f"no outbox event for transaction {transaction_id}"
        with connection:
            changed = connection.execute(
                "UPDATE outbox_delivery SET delivered_at = NULL WHERE destination = 'mongo' AND seq = ?",
                (row[0],),
            ).rowcount
        assert changed == 1, f"event {row[0]} had no delivery mark to reset"
        return int(row[0])
    finally:
        connection.close()
