"""The SQLite terminal store: connections, the atomic() helper and migrations.

The store runs in WAL mode so readers never block the writer. Ordinary writes use
``synchronous=NORMAL``; a completed sale is committed with :meth:`Database.atomic` and
``durable=True``, which switches the connection to ``synchronous=FULL`` for that commit so
the sale is on disk before the cashier sees "complete".

One :class:`Database` owns one connection and serialises its use with a lock, because the
FastAPI app calls it from a thread pool.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from backend.storage.migrations import MIGRATIONS, Migration

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


class StoreError(RuntimeError):
    """The terminal store could not be opened or migrated."""


class StoreLockedError(StoreError):
    """Another process holds the terminal store's write lock."""


class Database:
    """One SQLite connection to the terminal store, safe to share between threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._depth = 0
        try:
            self.connection = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except sqlite3.Error as error:
            raise StoreError(f"cannot open terminal store {self.path}: {error}") from error
        self.connection.row_factory = sqlite3.Row
        self._configure()

    def _configure(self) -> None:
        """Switch on WAL, foreign keys and normal durability; WAL cannot change inside a
        transaction, so this runs right after connecting."""
        cursor = self.connection
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if self.path != ":memory:":
                mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise StoreError(f"terminal store {self.path} could not switch to WAL (got {mode})")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        except sqlite3.OperationalError as error:
            if "locked" in str(error):
                raise StoreLockedError(f"terminal store {self.path} is locked by another process") from error
            raise StoreError(f"cannot configure terminal store {self.path}: {error}") from error

    def close(self) -> None:
        with self._lock:
            self.connection.close()

    @contextmanager
    def atomic(self, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """Run a block in one transaction, or in a savepoint when already inside one.

        Any exception, a failed COMMIT included, rolls the whole block back and is
        re-raised. With ``durable=True`` the outermost commit uses synchronous=FULL.
        """
        with self._lock:
            connection = self.connection
            if self._depth > 0:
                name = f"sp_{self._depth}"
                connection.execute(f"SAVEPOINT {name}")
                self._depth += 1
                try:
                    yield connection
                except BaseException:
                    connection.execute(f"ROLLBACK TO {name}")
                    connection.execute(f"RELEASE {name}")
                    raise
                else:
                    connection.execute(f"RELEASE {name}")
                finally:
                    self._depth -= 1
                return

            if durable:
                connection.execute("PRAGMA synchronous = FULL")
            connection.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0
                if durable:
                    connection.execute("PRAGMA synchronous = NORMAL")

    def query(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.connection.execute(sql, parameters).fetchall()

    def query_one(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self.connection.execute(sql, parameters).fetchone()
            return row

    def migrate(self, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
        """Apply the numbered migrations not yet recorded; return the versions applied.

        Each migration runs in the same transaction as the row recording it, so a failed
        migration leaves neither its changes nor its record behind.
        """
        with self._lock:
            self.connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            done = {row[0] for row in self.connection.execute("SELECT version FROM schema_migrations")}
            applied: list[int] = []
            for migration in sorted(migrations, key=lambda item: item.version):
                if migration.version in done:
                    continue
                try:
                    with self.atomic() as connection:
                        for statement in migration.statements:
                            connection.execute(statement)
                        connection.execute(
                            "INSERT INTO schema_migrations(version, name, applied_at)"
                            " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
                            (migration.version, migration.name),
                        )
                except sqlite3.Error as error:
                    raise StoreError(
                        f"migration {migration.version} ({migration.name}) failed: {error}"
                    ) from error
                logger.info("migration applied version=%s name=%s", migration.version, migration.name)
                applied.append(migration.version)
            return applied

    def schema_version(self) -> int:
        row = self.query_one("SELECT max(version) FROM schema_migrations")
        return int(row[0]) if row and row[0] is not None else 0
