"""Start the embedded backend without blocking the GUI thread, and explain start failures.

The backend is imported, built and started on a plain thread. Meanwhile the GUI thread
polls a ``threading.Event`` with a QTimer and keeps painting the splash. When the start
fails, :func:`describe_start_failure` turns the cause into a Japanese and an English
message for the cashier.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

logger = logging.getLogger(__name__)

POLL_INTERVAL_MS = 10
READY_TIMEOUT_SECONDS = 60.0
SHUTDOWN_GRACE_SECONDS = 1


@dataclass(frozen=True)
class StartFailure:
    """The reason the backend did not start: messages for the cashier and a cause for the log."""

    message_ja: str
    message_en: str
    cause: str


class StartupTraceback(RuntimeError):
    """A start-up failure known only from the traceback text uvicorn logged."""

    def __init__(self, text: str) -> None:
        lines = [line for line in text.strip().splitlines() if line.strip()]
        super().__init__(lines[-1] if lines else "startup failed")
        self.text = text


class _LifespanErrorCapture(logging.Handler):
    """Keeps what uvicorn logs when the app's start-up (lifespan) fails.

    uvicorn logs that failure on "uvicorn.error" (as a traceback text, or with exc_info)
    instead of raising it, and BackendServer.wait_ready reports only "startup failed". The
    exception type is what tells a locked store from a failed migration.
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.exception: BaseException | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.exception is not None:
            return
        if record.exc_info and record.exc_info[1] is not None:
            self.exception = record.exc_info[1]
            return
        message = record.getMessage()
        if message.startswith("Traceback"):
            self.exception = StartupTraceback(message)


_TRACEBACK_EXCEPTION = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit)):", re.MULTILINE)


def _exception_names(error: BaseException) -> set[str]:
    """Return the class names of an exception, its causes and contexts, and of the
    exceptions named in a captured traceback text."""
    names: set[str] = set()
    pending: list[BaseException] = [error]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        names.update(klass.__name__ for klass in type(current).__mro__)
        if isinstance(current, StartupTraceback):
            names.update(name.rsplit(".", 1)[-1] for name in _TRACEBACK_EXCEPTION.findall(current.text))
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        for nested in (current.__cause__, current.__context__):
            if nested is not None:
                pending.append(nested)
    return names


def describe_start_failure(error: BaseException, data_dir: Path) -> StartFailure:
    """Turn a start-up exception into the messages shown before the app exits."""
    names = _exception_names(error)
    if "StoreLockedError" in names:
        return StartFailure(
            f"端末データ（{data_dir}）は別のプログラムが使用中です。"
            "他のオープンレジを終了してから起動してください。",
            f"The terminal store in {data_dir} is locked by another program."
            " Close the other OpenRegi, then start again.",
            str(error),
        )
    if "PermissionError" in names:
        return not_writable(data_dir, str(error))
    if names & {"StoreError", "MigrationError", "DatabaseError"}:
        return StartFailure(
            "端末データを開けないか、更新（マイグレーション）に失敗しました。"
            "データは変更していません。店舗のIT担当者に連絡してください。"
            f"\n詳細: {error}",
            "The terminal store could not be opened or its migration failed."
            " No data was changed. Call store IT."
            f"\nDetail: {error}",
            str(error),
        )
    return StartFailure(
        f"バックエンドを起動できません。店舗のIT担当者に連絡してください。\n詳細: {error}",
        f"The backend could not start. Call store IT.\nDetail: {error}",
        repr(error),
    )


def not_writable(data_dir: Path, detail: str) -> StartFailure:
    return StartFailure(
        f"データフォルダ {data_dir} に書き込めません。フォルダの権限を確認してください。",
        f"The data folder {data_dir} is not writable. Check the folder's permissions.",
        detail,
    )


def check_data_dir(data_dir: Path) -> StartFailure | None:
    """Check that the data folder exists (creating it) and is writable, changing nothing in it."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return not_writable(data_dir, str(error))
    if not os.access(data_dir, os.W_OK | os.X_OK):
        return not_writable(data_dir, "no write permission")
    return None


class BackendLauncher(QObject):
    """Builds and starts BackendServer on a thread; reports on the GUI thread."""

    progress = Signal(str)
    ready = Signal(object)
    failed = Signal(object)

    def __init__(self, settings: Any, parent: QObject | None = None, **server_options: Any) -> None:
        super().__init__(parent)
        self.settings = settings
        # Passed to BackendServer, which hands them to create_app (tests pass a clock).
        self.server_options = server_options
        self.server: Any = None
        self.error: BaseException | None = None
        self.started_at = 0.0
        self.ready_seconds = 0.0
        self._done = threading.Event()
        self._stage = ""
        self._shown_stage = ""
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        self.started_at = time.perf_counter()
        thread = threading.Thread(target=self._run, name="openregi-backend-start", daemon=True)
        thread.start()
        self._timer.start()

    def _run(self) -> None:
        capture = _LifespanErrorCapture()
        uvicorn_logger = logging.getLogger("uvicorn.error")
        uvicorn_logger.addHandler(capture)
        try:
            self._stage = "loading"
            from backend.server import BackendServer

            self._stage = "starting"
            server = BackendServer(self.settings, **self.server_options)
            self.server = server
            # NOTE: BackendServer makes its socket with protocol 0, and asyncio sets
            # TCP_NODELAY only on sockets whose protocol is IPPROTO_TCP, so each response
            # waited about 40 ms for a delayed ACK (Nagle). Linux copies the option from
            # the listening socket to the connections it accepts.
            server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            server.start_in_thread()
            self._stage = "opening"
            server.wait_ready(READY_TIMEOUT_SECONDS)
        except BaseException as error:
            self.error = capture.exception or error
            logger.error("backend start failed error=%r", self.error)
            if self.server is not None:
                self.server.stop()
                self.server = None
        finally:
            uvicorn_logger.removeHandler(capture)
            self._done.set()

    def _poll(self) -> None:
        stage = self._stage
        if stage != self._shown_stage:
            self._shown_stage = stage
            self.progress.emit(stage)
        if not self._done.is_set():
            if time.perf_counter() - self.started_at > READY_TIMEOUT_SECONDS + 5:
                self._timer.stop()
                self.failed.emit(
                    describe_start_failure(TimeoutError("backend did not start"), self.settings.data_dir)
                )
            return
        self._timer.stop()
        self.ready_seconds = time.perf_counter() - self.started_at
        if self.error is not None:
            self.failed.emit(describe_start_failure(self.error, self.settings.data_dir))
            return
        logger.info("backend ready url=%s seconds=%.3f", self.server.base_url, self.ready_seconds)
        self.ready.emit(self.server)

    def stop(self) -> None:
        """Stop the backend (call after the GUI event loop has ended)."""
        if self.server is not None:
            # uvicorn waits for open connections without limit by default. With a limit,
            # a connection that does not close in time is cancelled and the app's
            # shutdown (closing the store and the devices) still runs.
            self.server.server.config.timeout_graceful_shutdown = SHUTDOWN_GRACE_SECONDS
            self.server.stop()
            self.server = None
