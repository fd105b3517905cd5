"""Sync bookkeeping in the terminal store: high-water marks, and a cheap outbox probe."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from backend.storage.db import Database

_HIGH_WATER_PREFIX = "master_high_water:"


class SyncStateRepository:
    """Reads and writes the ``sync_state`` table (migration m0003)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str) -> str | None:
        row = self.db.query_one("SELECT value FROM sync_state WHERE key = ?", (key,))
        return str(row[0]) if row else None

    @staticmethod
    def put(connection: sqlite3.Connection, key: str, value: str) -> None:
        """Write one value inside the caller's transaction."""
        connection.execute(
            "INSERT INTO sync_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET"
            " value = excluded.value, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')",
            (key, value),
        )

    def high_water_mark(self, collection: str) -> datetime | None:
        """Return the newest ``updated_at`` applied from a master collection, or None."""
        text = self.get(_HIGH_WATER_PREFIX + collection)
        return datetime.fromisoformat(text) if text else None

    @classmethod
    def put_high_water_mark(cls, connection: sqlite3.Connection, collection: str, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("a high-water mark must carry a time zone")
        cls.put(connection, _HIGH_WATER_PREFIX + collection, moment.isoformat(timespec="microseconds"))

    def last_outbox_seq(self) -> int:
        """Return the newest outbox sequence number, 0 for an empty outbox.

        This is one lookup on the primary key, cheap enough to poll several times a second,
        unlike OutboxRepository.pending(), which walks past every delivered event.
        """
        row = self.db.query_one("SELECT max(seq) FROM outbox")
        return int(row[0]) if row and row[0] is not None else 0
