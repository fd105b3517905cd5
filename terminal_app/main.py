"""``openregi run``: the cashier app's entry point.

One app per data directory (a QLockFile in it); a splash while the embedded backend
starts on a background thread; the sign-in screen once it answers. A backend that cannot
start is explained in Japanese and English and the app exits with status 2, changing no
data.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QApplication, QMessageBox

logger = logging.getLogger(__name__)

EXIT_START_FAILED = 2
LOCK_FILE_NAME = "openregi-app.lock"


def _settings(args: argparse.Namespace) -> Any:
    from backend.cli import settings_from_args

    return settings_from_args(args)


def _show_failure(app: QApplication, title: str, message_ja: str, message_en: str) -> None:
    """Tell the cashier why the app stops, in both languages, and on stderr for logs."""
    text = f"{message_ja}\n\n{message_en}"
    if sys.stderr is not None:
        sys.stderr.write(f"openregi: {message_en}\n")
    if app.platformName() in ("offscreen", "minimal"):
        return  # nobody can press OK on a screen that does not exist
    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    box.exec()


def acquire_instance_lock(data_dir: Path) -> tuple[QLockFile | None, str]:
    """Take the per-data-directory lock; return (lock, "") or (None, reason)."""
    lock = QLockFile(str(data_dir / LOCK_FILE_NAME))
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        return lock, ""
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None, "locked"
    return None, "not_writable"


def main(args: argparse.Namespace) -> int:
    from backend.logging_setup import configure_logging
    from terminal_app.controller import TerminalApp
    from terminal_app.i18n import LanguageManager
    from terminal_app.startup import check_data_dir, not_writable
    from terminal_app.style import apply_style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("OpenRegi")
    try:
        settings = _settings(args)
    except ValueError as error:
        _show_failure(app, "OpenRegi", f"設定が正しくありません: {error}", f"Invalid settings: {error}")
        return EXIT_START_FAILED

    languages = LanguageManager()
    languages.set_language(getattr(args, "language", None) or settings.language)
    apply_style(app)

    data_dir = Path(settings.data_dir)
    problem = check_data_dir(data_dir)
    if problem is not None:
        _show_failure(app, "OpenRegi", problem.message_ja, problem.message_en)
        return EXIT_START_FAILED
    lock, reason = acquire_instance_lock(data_dir)
    if lock is None:
        if reason == "locked":
            _show_failure(
                app,
                "OpenRegi",
                f"このデータフォルダ（{data_dir}）のオープンレジは既に起動しています。",
                f"OpenRegi is already running on the data folder {data_dir}.",
            )
        else:
            failure = not_writable(data_dir, "lock file could not be created")
            _show_failure(app, "OpenRegi", failure.message_ja, failure.message_en)
        return EXIT_START_FAILED

    try:
        configure_logging(settings.log_dir, settings.log_level)
        terminal = TerminalApp(settings, languages)
        failed: list[Any] = []

        def on_failed(failure: Any) -> None:
            failed.append(failure)
            _show_failure(app, "OpenRegi", failure.message_ja, failure.message_en)
            app.exit(EXIT_START_FAILED)

        terminal.start_failed.connect(on_failed)
        terminal.start()
        code = app.exec()
        terminal.stop()
        return EXIT_START_FAILED if failed else code
    finally:
        lock.unlock()
