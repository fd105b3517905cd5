"""The SQLite terminal store: connections, the atomic() helper and migrations.

The store runs in WAL mode, where readers do not block the writer, and a background thread
copies the log back into the database file (:class:`Checkpointer`). Ordinary writes use
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
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from backend.storage.migrations import MIGRATIONS, Migration

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
# The background checkpoint runs once the writer has been quiet this long, or at the latest
# this long after the oldest commit not yet copied. Under steady sales the log then stays
# short, and each checkpoint holds the store's lock only briefly.
CHECKPOINT_QUIET_S = 0.2
CHECKPOINT_LATEST_S = 1.0


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
        self._checkpointer: Checkpointer | None = None
        if self.path != ":memory:":
            self.connection.execute("PRAGMA wal_autocheckpoint = 0")
            self._checkpointer = Checkpointer(self.checkpoint)

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

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file, then start the log over.

        The store's lock is held throughout, so no write of this process lands in between
        and the checkpoint copies the whole log. The first write after that starts the log
        over and syncs its new header, one more fsync. A write here (the unused user_version
        set to itself) takes that fsync instead of the next sale's commit.
        """
        with self._lock:
            connection = self.connection
            busy, log_frames, copied_frames = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if not busy and log_frames == copied_frames > 0:
                version = int(connection.execute("PRAGMA user_version").fetchone()[0])
                connection.execute(f"PRAGMA user_version = {version}")

    def checkpoint_soon(self) -> None:
        """Run the background checkpoint now rather than at the next pause, if any commit waits."""
        if self._checkpointer is not None:
            self._checkpointer.request()

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
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
                if self._checkpointer is not None:
                    self._checkpointer.committed()
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


class Checkpointer:
    """Run the store's checkpoint on a thread of its own when the writer pauses.

    SQLite's automatic checkpoint runs inside whichever COMMIT fills the log past 1000
    pages, so every few dozen sales one completion also copied the log into the database
    file and synced it. Here the writer's automatic checkpoint is off. This thread calls
    ``checkpoint`` when the first of these comes: the writer has paused for ``quiet_s``,
    :meth:`request` is called (after a sale is announced), or ``latest_s`` has passed
    since the oldest commit not yet copied.
    """

    def __init__(
        self,
        checkpoint: Callable[[], None],
        quiet_s: float = CHECKPOINT_QUIET_S,
        latest_s: float = CHECKPOINT_LATEST_S,
    ) -> None:
        self._checkpoint = checkpoint
        self._quiet_s = quiet_s
        self._latest_s = latest_s
        self._wake = threading.Condition()
        self._pending_since: float | None = None
        self._last_commit = 0.0
        self._requested = False
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="openregi-checkpoint", daemon=True)
        self._thread.start()

    def committed(self) -> None:
        """Note a commit; the checkpoint follows when the writer pauses."""
        now = time.monotonic()
        with self._wake:
            self._last_commit = now
            if self._pending_since is None:
                self._pending_since = now
                self._wake.notify()

    def request(self) -> None:
        """Run the checkpoint now if a commit waits for one, without waiting for a pause."""
        with self._wake:
            if self._pending_since is not None:
                self._requested = True
                self._wake.notify()

    def stop(self) -> None:
        """Stop the thread; a checkpoint in progress finishes first."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._thread.join(timeout=10)

    def _due_in(self) -> float | None:
        """Return the seconds until the next checkpoint, 0 when it is due, None when no commit waits."""
        if self._pending_since is None:
            return None
        if self._requested:
            return 0.0
        due = min(self._last_commit + self._quiet_s, self._pending_since + self._latest_s)
        return max(0.0, due - time.monotonic())

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._stopping and (wait := self._due_in()) != 0:
                    self._wake.wait(wait)
                if self._stopping:
                    return
                self._pending_since = None
                self._requested = False
            try:
                self._checkpoint()
            except sqlite3.Error as error:
                logger.warning("background checkpoint failed error=%s", error)
