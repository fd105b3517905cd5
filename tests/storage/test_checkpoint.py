"""The background checkpoint: the database file catches up with the write-ahead log."""

import shutil
import sqlite3
import threading
import time
from pathlib import Path

from backend.storage.db import Checkpointer, Database


def _rows_in_file_alone(database: Path, copy: Path) -> list[tuple[int, str]]:
    """Read the table from a copy of the database file without its -wal file, which is
    what the file holds once the log is lost. No table yet reads as no rows."""
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


def _make_notes(db: Database) -> None:
    with db.atomic() as connection:
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")


def test_writer_does_not_checkpoint_itself(tmp_path: Path):
    db = Database(tmp_path / "store.sqlite3")
    try:
        assert db.connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    finally:
        db.close()


def test_file_catches_up_after_pause(tmp_path: Path):
    path = tmp_path / "store.sqlite3"
    db = Database(path)
    try:
        _make_notes(db)
        with db.atomic(durable=True) as connection:
            connection.execute("INSERT INTO notes(body) VALUES ('レシート 1')")
        expected = [(1, "レシート 1")]
        assert _wait_for(lambda: _rows_in_file_alone(path, tmp_path / "copy.sqlite3") == expected)
    finally:
        db.close()


def test_steady_writes_still_checkpointed():
    """A writer that never pauses for the quiet time is still checkpointed every latest_s."""
    calls: list[float] = []
    checkpointer = Checkpointer(lambda: calls.append(time.monotonic()), quiet_s=5.0, latest_s=0.3)
    try:
        started = time.monotonic()
        while time.monotonic() - started < 1.0:
            checkpointer.committed()
            time.sleep(0.02)
        # Writes 20 ms apart for 1 s never leave 5 s of quiet: only latest_s can run them.
        assert len(calls) >= 2
        assert calls[0] - started >= 0.3
    finally:
        checkpointer.stop()


def test_no_checkpoint_without_commit():
    calls: list[float] = []
    checkpointer = Checkpointer(lambda: calls.append(time.monotonic()), quiet_s=0.05, latest_s=0.1)
    try:
        time.sleep(0.3)
        assert calls == []
        checkpointer.committed()
        assert _wait_for(lambda: len(calls) == 1)
        time.sleep(0.3)
        assert len(calls) == 1
    finally:
        checkpointer.stop()


def test_close_stops_thread(tmp_path: Path):
    db = Database(tmp_path / "store.sqlite3")
    _make_notes(db)
    db.close()
    names = [thread.name for thread in threading.enumerate()]
    assert "openregi-checkpoint" not in names


def test_memory_store_has_no_thread(tmp_path: Path):
    before = sum(thread.name == "openregi-checkpoint" for thread in threading.enumerate())
    db = Database(":memory:")
    try:
        after = sum(thread.name == "openregi-checkpoint" for thread in threading.enumerate())
        assert after == before
    finally:
        db.close()


def _log_restarts(database: Path) -> int:
    """Return the checkpoint sequence number of the log header, which counts its restarts."""
    header = (database.parent / f"{database.name}-wal").read_bytes()[:32]
    return int.from_bytes(header[12:16], "big")


def test_log_restarted_after_pause(tmp_path: Path):
    """After a pause the log has been started over, so the next sale's commit does not
    start it over itself."""
    path = tmp_path / "store.sqlite3"
    db = Database(path)
    try:
        _make_notes(db)
        with db.atomic(durable=True) as connection:
            connection.execute("INSERT INTO notes(body) VALUES ('レシート 1')")
        before = _log_restarts(path)
        assert _wait_for(lambda: _log_restarts(path) == before + 1)
        # Only the restart itself is in the log, and nothing waits for another checkpoint.
        time.sleep(0.5)
        assert _log_restarts(path) == before + 1
    finally:
        db.close()


def test_request_runs_checkpoint_at_once():
    calls: list[float] = []
    checkpointer = Checkpointer(lambda: calls.append(time.monotonic()), quiet_s=5.0, latest_s=5.0)
    try:
        checkpointer.request()  # no commit waits: nothing to copy
        time.sleep(0.2)
        assert calls == []
        checkpointer.committed()
        requested_at = time.monotonic()
        checkpointer.request()
        assert _wait_for(lambda: len(calls) == 1)
        assert calls[0] - requested_at < 1.0
    finally:
        checkpointer.stop()
