"""The backend's event WebSocket, read on a worker thread and delivered by a Qt signal.

The backend pushes JSON objects with a ``type``: cart changes, completed sales, scans from
serial scanners, device status and store-tier sync status. Each arrives on the GUI thread
as the ``received`` signal; the app routes them by type. A dropped connection is reopened
with back-off. The client is the ``websockets`` package's synchronous one (installed with
uvicorn[standard]), so the app needs no Qt module beyond PySide6-Essentials.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal
from websockets.exceptions import WebSocketException
from websockets.sync.client import ClientConnection, connect

logger = logging.getLogger(__name__)

RECONNECT_MIN_SECONDS = 0.25
RECONNECT_MAX_SECONDS = 5.0
OPEN_TIMEOUT_SECONDS = 5.0


class EventStream(QObject):
    received = Signal(dict)
    connection_changed = Signal(bool)

    def __init__(self, url: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._url = url
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._connection: ClientConnection | None = None
        self._thread: threading.Thread | None = None
        self.connected = False
        self.received_count = 0

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="openregi-events", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ask the reader to stop; the closing handshake runs off the GUI thread."""
        self._stop.set()
        with self._lock:
            connection = self._connection
        if connection is not None:
            threading.Thread(target=connection.close, name="openregi-events-close", daemon=True).start()

    def join(self, timeout: float = 3.0) -> None:
        """Wait for the reader thread to end (after the GUI event loop has ended)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        delay = RECONNECT_MIN_SECONDS
        while not self._stop.is_set():
            try:
                with connect(self._url, open_timeout=OPEN_TIMEOUT_SECONDS, proxy=None) as connection:
                    with self._lock:
                        self._connection = connection
                    delay = RECONNECT_MIN_SECONDS
                    self._set_connected(True)
                    for message in connection:
                        self._deliver(message)
            except (OSError, TimeoutError, WebSocketException) as error:
                if not self._stop.is_set():
                    logger.warning("event stream failed error=%s retry_seconds=%.2f", error, delay)
            finally:
                with self._lock:
                    self._connection = None
                self._set_connected(False)
            if self._stop.wait(delay):
                break
            delay = min(delay * 2, RECONNECT_MAX_SECONDS)
        logger.info("event stream stopped")

    def _set_connected(self, connected: bool) -> None:
        if connected == self.connected:
            return
        self.connected = connected
        if connected:
            logger.info("event stream connected")
        elif not self._stop.is_set():
            logger.warning("event stream disconnected")
        self.connection_changed.emit(connected)

    def _deliver(self, message: str | bytes) -> None:
        try:
            event: Any = json.loads(message)
        except ValueError:
            logger.warning("event stream sent invalid JSON length=%d", len(message))
            return
        if not isinstance(event, dict) or "type" not in event:
            logger.warning("event without a type ignored")
            return
        self.received_count += 1
        self.received.emit(event)
