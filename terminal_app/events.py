"""The backend's event WebSocket, read on the GUI event loop (QWebSocket is asynchronous).

The backend pushes JSON objects with a ``type``: cart changes, completed sales, scans from
serial scanners, device status and store-tier sync status. Each arrives here as the
``received`` signal; the app routes them by type. A dropped connection is reopened with
back-off, so a restart of the backend's socket does not need a restart of the app.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtWebSockets import QWebSocket

logger = logging.getLogger(__name__)

RECONNECT_MIN_MS = 250
RECONNECT_MAX_MS = 5000


class EventStream(QObject):
    received = Signal(dict)
    connection_changed = Signal(bool)

    def __init__(self, url: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._url = QUrl(url)
        self._socket = QWebSocket(parent=self)
        self._socket.connected.connect(self._on_connected)
        self._socket.disconnected.connect(self._on_disconnected)
        self._socket.textMessageReceived.connect(self._on_message)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._open)
        self._delay_ms = RECONNECT_MIN_MS
        self._stopped = False
        self.connected = False
        self.received_count = 0

    def start(self) -> None:
        self._stopped = False
        self._open()

    def stop(self) -> None:
        self._stopped = True
        self._retry.stop()
        self._socket.close()

    def _open(self) -> None:
        if not self._stopped:
            self._socket.open(self._url)

    def _on_connected(self) -> None:
        self._delay_ms = RECONNECT_MIN_MS
        self.connected = True
        logger.info("event stream connected")
        self.connection_changed.emit(True)

    def _on_disconnected(self) -> None:
        was_connected = self.connected
        self.connected = False
        if was_connected:
            logger.warning("event stream disconnected close_code=%s", self._socket.closeCode())
            self.connection_changed.emit(False)
        if self._stopped:
            return
        self._retry.start(self._delay_ms)
        self._delay_ms = min(self._delay_ms * 2, RECONNECT_MAX_MS)

    def _on_message(self, text: str) -> None:
        try:
            event: Any = json.loads(text)
        except ValueError:
            logger.warning("event stream sent invalid JSON length=%d", len(text))
            return
        if not isinstance(event, dict) or "type" not in event:
            logger.warning("event without a type ignored")
            return
        self.received_count += 1
        self.received.emit(event)
