"""The background checkpoint: the database file catches up with the write-ahead log."""

import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from backend.storage.db import Checkpointer, Database

THREAD_NAME = "openregi-checkpoint"


def _rows_in_file_alone(database: Path, copy: Path) -> list[tuple[int, str]]:
    """Read the table from a copy of the database file without its -wal file, which is
    what the file contains once the log is lost. No table yet reads as no rows."""
    shutil.copyfile(database, copy)
    connection = sqlite3.connect(copy)
    try:
        if connection.execute("SELECT 1 FROM sqlite_schema WHERE name = 'notes'").fetchone() is None:
            return []
        return connection.execute("SELECT id, body FROM notes ORDER BY id").fetchall()
    finally:
        connection.close()


def _wait_for(condition, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _log_restarts(database: Path) -> int:
    """Return the checkpoint sequence number of the log header, which counts its restarts."""
    header = (database.parent / f"{database.name}-wal").read_bytes()[:32]
    return int.from_bytes(header[12:16], "big")


def _checkpoint_threads() -> int:
    return sum(thread.name == THREAD_NAME for thread in threading.enumerate())


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def store(store_path: Path) -> Iterator[Database]:
    """Yield a terminal store with a notes table and one durable sale note committed."""
    db = Database(store_path)
    try:
        with db.atomic() as connection:
            connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        with db.atomic(durable=True) as connection:
            connection.execute("INSERT INTO notes(body) VALUES ('レシート 1')")
        yield db
    finally:
        db.close()


@contextmanager
def _recording(quiet_s: float, latest_s: float) -> Iterator[tuple[Checkpointer, list[float]]]:
    """Run a Checkpointer whose checkpoint records the moment it is called."""
    calls: list[float] = []
    checkpointer = Checkpointer(lambda: calls.append(time.monotonic()), quiet_s=quiet_s, latest_s=latest_s)
    try:
        yield checkpointer, calls
    finally:
        checkpointer.stop()


def test_writer_does_not_checkpoint_itself(store: Database):
    assert store.connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0


def test_file_catches_up_after_pause(store: Database, store_path: Path, tmp_path: Path):
    expected = [(1, "レシート 1")]
    assert _wait_for(lambda: _rows_in_file_alone(store_path, tmp_path / "copy.sqlite3") == expected)


def test_log_restarted_after_pause(store: Database, store_path: Path):
    """After a pause the log has been started over, so the next sale's commit does not
    start it over itself."""
    with store.atomic(durable=True) as connection:
        connection.execute("INSERT INTO notes(body) VALUES ('レシート 2')")
    before = _log_restarts(store_path)
    assert _wait_for(lambda: _log_restarts(store_path) == before + 1)

    # Only the restart itself is in the log, so no further checkpoint starts it over again.
    time.sleep(0.5)
    assert _log_restarts(store_path) == before + 1


def test_steady_writes_still_checkpointed():
    """A writer that never pauses for the quiet time is still checkpointed every latest_s."""
    with _recording(quiet_s=5.0, latest_s=0.3) as (checkpointer, calls):
        started = time.monotonic()
        while time.monotonic() - started < 1.0:
            checkpointer.committed()
            time.sleep(0.02)

        # Writes 20 ms apart for 1 s never leave 5 s of quiet, so only latest_s runs them.
        assert len(calls) >= 2
        assert calls[0] - started >= 0.3


def test_no_checkpoint_without_commit():
    with _recording(quiet_s=0.05, latest_s=0.1) as (checkpointer, calls):
        time.sleep(0.3)
        assert calls == []

        checkpointer.committed()
        assert _wait_for(lambda: len(calls) == 1)
        time.sleep(0.3)
        assert len(calls) == 1


def test_request_runs_checkpoint_at_once():
    with _recording(quiet_s=5.0, latest_s=5.0) as (checkpointer, calls):
        checkpointer.request()  # no commit waits, so there is nothing to copy
        time.sleep(0.2)
        assert calls == []

        checkpointer.committed()
        requested_at = time.monotonic()
        checkpointer.request()
        assert _wait_for(lambda: len(calls) == 1)
        assert calls[0] - requested_at < 1.0


def test_close_stops_thread(store_path: Path):
    before = _checkpoint_threads()
    db = Database(store_path)
    assert _checkpoint_threads() == before + 1
    db.close()
    assert _checkpoint_threads() == before


def test_memory_store_has_no_thread():
    before = _checkpoint_threads()
    db = Database(":memory:")
    try:
        assert _checkpoint_threads() == before
    finally:
        db.close()
