"""Start-up of the app: ready without blocking, and clear refusals that change no data."""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from terminal_app.controller import TerminalApp
from terminal_app.i18n import LanguageManager
from terminal_app.main import EXIT_START_FAILED, acquire_instance_lock, main
from terminal_app.startup import describe_start_failure
from tests.app.conftest import open_terminal, sign_in, start_terminal
from tests.conftest import make_settings


def run_args(data_dir: Path) -> argparse.Namespace:
    return argparse.Namespace(config=None, data_dir=str(data_dir), language="ja")


def test_splash_paints_while_backend_starts(qtbot: Any, tmp_path: Path, languages: LanguageManager) -> None:
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    terminal = TerminalApp(make_settings(tmp_path / "data"), languages)
    terminal.start()
    qtbot.waitUntil(lambda: terminal.is_ready, timeout=30_000)
    timer.stop()
    try:
        assert terminal.window is not None
        assert terminal.window.current_name == "signin"
        # The backend takes about a second to start; a GUI thread waiting on it would tick once.
        assert len(ticks) >= 10
        assert terminal.splash.stage.text() == "接続しています…"
    finally:
        terminal.window.close()
        terminal.stop()


def test_second_instance_is_refused(qapp: Any, tmp_path: Path, capsys: Any) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    lock, reason = acquire_instance_lock(data_dir)
    assert lock is not None and reason == ""
    try:
        assert main(run_args(data_dir)) == EXIT_START_FAILED
    finally:
        lock.unlock()
    assert f"OpenRegi is already running on the data folder {data_dir}." in capsys.readouterr().err
    assert not (data_dir / "terminal.sqlite3").exists()


def test_data_dir_not_writable_is_refused(qapp: Any, tmp_path: Path, capsys: Any) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(run_args(blocker / "data")) == EXIT_START_FAILED
    assert f"The data folder {blocker / 'data'} is not writable." in capsys.readouterr().err
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_damaged_store_is_explained_and_left_alone(
    qtbot: Any, tmp_path: Path, languages: LanguageManager
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    store = data_dir / "terminal.sqlite3"
    damaged = b"this is not an SQLite database" * 100
    store.write_bytes(damaged)
    terminal = TerminalApp(make_settings(data_dir), languages)
    terminal.start()
    qtbot.waitUntil(lambda: terminal.failure is not None, timeout=30_000)
    terminal.stop()
    assert terminal.failure is not None
    assert terminal.failure.message_en.startswith(
        "The terminal store could not be opened or its migration failed. No data was changed."
    )
    assert terminal.failure.message_ja.startswith(
        "端末データを開けないか、更新（マイグレーション）に失敗しました。"
    )
    assert store.read_bytes() == damaged


def test_store_locked_by_another_program(qtbot: Any, tmp_path: Path, languages: LanguageManager) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    holder = sqlite3.connect(data_dir / "terminal.sqlite3", isolation_level=None)
    holder.execute("CREATE TABLE held (x)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        terminal = TerminalApp(make_settings(data_dir), languages)
        terminal.start()
        qtbot.waitUntil(lambda: terminal.failure is not None, timeout=30_000)
        terminal.stop()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert terminal.failure is not None
    assert terminal.failure.message_en == (
        f"The terminal store in {data_dir} is locked by another program."
        " Close the other OpenRegi, then start again."
    )


def test_start_failure_names_root_cause() -> None:
    from backend.storage.db import StoreLockedError

    try:
        try:
            raise StoreLockedError("terminal store x is locked by another process")
        except StoreLockedError as inner:
            raise RuntimeError("lifespan failed") from inner
    except RuntimeError as outer:
        failure = describe_start_failure(outer, Path("/data"))
    assert failure.message_ja.startswith("端末データ（/data）は別のプログラムが使用中です。")


def test_backend_restart_keeps_terminal_open(qtbot: Any, tmp_path: Path, languages: LanguageManager) -> None:
    data_dir = tmp_path / "data"
    first = start_terminal(qtbot, data_dir, languages)
    sign_in(qtbot, first)
    open_terminal(qtbot, first)
    assert first.window is not None
    first.window.close()
    first.stop()

    second = start_terminal(qtbot, data_dir, languages)
    try:
        assert second.window is not None
        assert second.window.current_name == "sale"
        assert second.ctx is not None and second.ctx.terminal.staff_name == "山田 花子"
    finally:
        second.window.close()
        second.stop()


def test_main_runs_until_window_closes(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from terminal_app.window import MainWindow

    data_dir = tmp_path / "data"
    closed: list[bool] = []
    deadline = time.monotonic() + 30

    def close_when_shown() -> None:
        # Earlier tests leave closed (hidden) main windows behind; pick the one on screen.
        windows = [
            widget
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, MainWindow) and widget.isVisible()
        ]
        if windows and windows[0].current_name == "signin":
            windows[0].close()
            closed.append(True)
            return
        if time.monotonic() > deadline:
            # The window never showed: end the event loop, so the test fails instead of hanging.
            QApplication.exit(99)
            return
        QTimer.singleShot(50, close_when_shown)

    QTimer.singleShot(50, close_when_shown)
    assert main(run_args(data_dir)) == 0
    assert closed == [True]
    # The instance lock is released and the backend stopped, so a new start may lock again.
    lock, reason = acquire_instance_lock(data_dir)
    assert reason == ""
    assert lock is not None
    lock.unlock()
    assert (data_dir / "terminal.sqlite3").exists()
