"""Repositories for carts, counters, transactions, the outbox and print jobs.

The write methods take the open connection of a :meth:`Database.atomic` block, so a caller
can put a completed sale, its numbers, its outbox events and its print job in one
transaction.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from backend.domain.cart import Cart
from backend.domain.errors import ErrorCode, PosError
from backend.storage.db import Database


def utc_now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


CART_CACHE_SIZE = 32


class CartRepository:
    """Carts in the terminal store, with the last few kept parsed in memory.

    A cached cart is used only while its version matches the stored row, so a cart changed
    or deleted by any other path is read again. A caller that changes a loaded cart and
    then fails before :meth:`save` must call :meth:`forget`, because the cached object
    contains the half-made change.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: OrderedDict[str, Cart] = OrderedDict()
        self._cache_lock = threading.Lock()

    def load(self, cart_id: str) -> Cart:
        row = self.db.query_one("SELECT version FROM carts WHERE id = ?", (cart_id,))
        if row is None:
            self.forget(cart_id)
            raise PosError(ErrorCode.CART_NOT_FOUND, cart_id=cart_id)
        with self._cache_lock:
            cached = self._cache.get(cart_id)
            if cached is not None and cached.version == int(row["version"]):
                self._cache.move_to_end(cart_id)
                return cached
        row = self.db.query_one("SELECT document, version FROM carts WHERE id = ?", (cart_id,))
        if row is None:
            raise PosError(ErrorCode.CART_NOT_FOUND, cart_id=cart_id)
        cart = Cart.from_dict(json.loads(row["document"]))
        cart.version = int(row["version"])
        self._remember(cart)
        return cart

    def forget(self, cart_id: str) -> None:
        with self._cache_lock:
            self._cache.pop(cart_id, None)

    def _remember(self, cart: Cart) -> None:
        with self._cache_lock:
            self._cache[cart.cart_id] = cart
            self._cache.move_to_end(cart.cart_id)
            while len(self._cache) > CART_CACHE_SIZE:
                self._cache.popitem(last=False)

    def insert(self, connection: sqlite3.Connection, cart: Cart) -> None:
        now = utc_now_text()
        connection.execute(
            "INSERT INTO carts(id, terminal_id, state, document, version, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                cart.cart_id,
                cart.terminal_id,
                cart.state.value,
                _dumps(cart.to_dict()),
                cart.version,
                now,
                now,
            ),
        )
        self._remember(cart)

    def save(self, connection: sqlite3.Connection, cart: Cart) -> dict[str, Any]:
        """Write a changed cart, rejecting a write based on a stale version.

        Returns the document written (``Cart.to_dict``), which the caller may extend.
        """
        expected = cart.version
        cart.version = expected + 1
        document = cart.to_dict()
        cursor = connection.execute(
            "UPDATE carts SET state = ?, document = ?, version = ?, updated_at = ?"
            " WHERE id = ? AND version = ?",
            (cart.state.value, _dumps(document), cart.version, utc_now_text(), cart.cart_id, expected),
        )
        if cursor.rowcount != 1:
            cart.version = expected
            self.forget(cart.cart_id)
            raise PosError(ErrorCode.CART_CONFLICT, cart_id=cart.cart_id)
        self._remember(cart)
        return document

    def list_by_state(self, terminal_id: str, state: str) -> list[dict[str, Any]]:
        rows = self.db.query(
            "SELECT document FROM carts WHERE terminal_id = ? AND state = ? ORDER BY updated_at",
            (terminal_id, state),
        )
        return [json.loads(row["document"]) for row in rows]


class CounterRepository:
    """One atomic counter per terminal and name; a number once drawn is never drawn again."""

    def next_value(self, connection: sqlite3.Connection, terminal_id: str, name: str) -> int:
        row = connection.execute(
            "INSERT INTO counters(terminal_id, name, value) VALUES (?, ?, 1)"
            " ON CONFLICT(terminal_id, name) DO UPDATE SET value = value + 1 RETURNING value",
            (terminal_id, name),
        ).fetchone()
        return int(row[0])

    def current(self, db: Database, terminal_id: str, name: str) -> int:
        row = db.query_one(
            "SELECT value FROM counters WHERE terminal_id = ? AND name = ?", (terminal_id, name)
        )
        return int(row[0]) if row else 0


class TransactionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(
        self,
        connection: sqlite3.Connection,
        document: Mapping[str, Any],
        idempotency_key: str | None,
        document_json: str | None = None,
    ) -> None:
        """Insert a transaction; ``document_json`` is the document already encoded, if it is."""
        connection.execute(
            "INSERT INTO transactions(id, terminal_id, transaction_number, receipt_number, kind,"
            " business_date, completed_at, total, staff_code, training, idempotency_key,"
            " original_id, document) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                document["transaction_id"],
                document["terminal_id"],
                document["transaction_number"],
                document["receipt_number"],
                document["kind"],
                document["business_date"],
                document["completed_at"],
                document["total"],
                document.get("staff_code"),
                1 if document.get("training") else 0,
                idempotency_key,
                document.get("original_transaction_id"),
                _dumps(document) if document_json is None else document_json,
            ),
        )

    def by_idempotency_key(self, key: str) -> dict[str, Any] | None:
        row = self.db.query_one("SELECT document FROM transactions WHERE idempotency_key = ?", (key,))
        return json.loads(row["document"]) if row else None

    def get(self, transaction_id: str) -> dict[str, Any] | None:
        row = self.db.query_one("SELECT document FROM transactions WHERE id = ?", (transaction_id,))
        return json.loads(row["document"]) if row else None

    def by_receipt_number(self, terminal_id: str, receipt_number: int) -> dict[str, Any] | None:
        row = self.db.query_one(
            "SELECT document FROM transactions WHERE terminal_id = ? AND receipt_number = ?",
            (terminal_id, receipt_number),
        )
        return json.loads(row["document"]) if row else None

    def list(
        self, business_date: str | None = None, kind: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        clauses, params = [], []
        if business_date:
            clauses.append("business_date = ?")
            params.append(business_date)
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.db.query(
            f"SELECT document FROM transactions {where} ORDER BY terminal_id, transaction_number"
            " LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [json.loads(row["document"]) for row in rows]


class OutboxRepository:
    """Events waiting for delivery to the store tier and the Dapr sidecar."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def enqueue(
        self,
        connection: sqlite3.Connection,
        event_id: str,
        terminal_id: str,
        topic: str,
        payload: Mapping[str, Any],
        payload_json: str | None = None,
    ) -> int:
        """Queue an event; ``payload_json`` is the payload already encoded, if it is."""
        encoded = _dumps(payload) if payload_json is None else payload_json
        cursor = connection.execute(
            "INSERT INTO outbox(event_id, terminal_id, topic, payload, created_at) VALUES (?,?,?,?,?)",
            (event_id, terminal_id, topic, encoded, utc_now_text()),
        )
        return int(cursor.lastrowid or 0)

    def pending(self, destination: str, limit: int) -> list[dict[str, Any]]:
        """Return undelivered events for a destination, oldest first."""
        rows = self.db.query(
            "SELECT o.seq, o.event_id, o.terminal_id, o.topic, o.payload, o.created_at"
            " FROM outbox o LEFT JOIN outbox_delivery d ON d.seq = o.seq AND d.destination = ?"
            " WHERE d.delivered_at IS NULL ORDER BY o.seq LIMIT ?",
            (destination, limit),
        )
        return [
            {
                "seq": row["seq"],
                "event_id": row["event_id"],
                "terminal_id": row["terminal_id"],
                "topic": row["topic"],
                "payload": json.loads(row["payload"]),
                "created_at": row["created_at"],
            }
            for row in rows
        ]

    def pending_count(self, destination: str) -> int:
        row = self.db.query_one(
            "SELECT count(*) FROM outbox o LEFT JOIN outbox_delivery d"
            " ON d.seq = o.seq AND d.destination = ? WHERE d.delivered_at IS NULL",
            (destination,),
        )
        return int(row[0]) if row else 0

    def mark_delivered(self, destination: str, seqs: list[int]) -> None:
        now = utc_now_text()
        with self.db.atomic() as connection:
            connection.executemany(
                "INSERT INTO outbox_delivery(seq, destination, delivered_at, attempts)"
                " VALUES (?, ?, ?, 1) ON CONFLICT(destination, seq) DO UPDATE SET"
                " delivered_at = excluded.delivered_at, attempts = attempts + 1, last_error = NULL",
                [(seq, destination, now) for seq in seqs],
            )

    def mark_failed(self, destination: str, seq: int, error: str, next_attempt_at: str) -> None:
        with self.db.atomic() as connection:
            connection.execute(
                "INSERT INTO outbox_delivery(seq, destination, attempts, last_error, next_attempt_at)"
                " VALUES (?, ?, 1, ?, ?) ON CONFLICT(destination, seq) DO UPDATE SET"
                " attempts = attempts + 1, last_error = excluded.last_error,"
                " next_attempt_at = excluded.next_attempt_at",
                (seq, destination, error[:500], next_attempt_at),
            )


class PrintJobRepository:
    """The durable print queue: a job is kept until it is printed or cleared."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def enqueue(
        self,
        connection: sqlite3.Connection,
        document: Mapping[str, Any],
        transaction_id: str | None,
        receipt_number: int | None,
    ) -> int:
        now = utc_now_text()
        cursor = connection.execute(
            "INSERT INTO print_jobs(transaction_id, receipt_number, document, status, created_at,"
            " updated_at) VALUES (?, ?, ?, 'queued', ?, ?)",
            (transaction_id, receipt_number, _dumps(document), now, now),
        )
        return int(cursor.lastrowid or 0)

    def next_queued(self) -> dict[str, Any] | None:
        row = self.db.query_one(
            "SELECT * FROM print_jobs WHERE status IN ('queued', 'sending') ORDER BY id LIMIT 1"
        )
        return self._row(row) if row else None

    def held(self) -> list[dict[str, Any]]:
        return [self._row(row) for row in self.db.query("SELECT * FROM print_jobs WHERE status = 'held'")]

    def get(self, job_id: int) -> dict[str, Any] | None:
        row = self.db.query_one("SELECT * FROM print_jobs WHERE id = ?", (job_id,))
        return self._row(row) if row else None

    def set_status(self, job_id: int, status: str, fault: str | None = None, attempt: bool = False) -> None:
        with self.db.atomic() as connection:
            connection.execute(
                "UPDATE print_jobs SET status = ?, fault = ?, updated_at = ?,"
                " attempts = attempts + ? WHERE id = ?",
                (status, fault, utc_now_text(), 1 if attempt else 0, job_id),
            )

    def counts(self) -> dict[str, int]:
        rows = self.db.query("SELECT status, count(*) AS n FROM print_jobs GROUP BY status")
        return {row["status"]: int(row["n"]) for row in rows}

    @staticmethod
    def _row(row: sqlite3.Row) -> dict[str, Any]:
        data = dict(row)
        data["document"] = json.loads(data["document"])
        return data
