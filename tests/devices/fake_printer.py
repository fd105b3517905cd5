"""A fake ESC/POS printer on the far end of a real byte stream (pty or TCP socket).

The stream is split into the messages a printer acts on: DLE EOT status requests
and ESC p drawer kicks between jobs, and job data up to and including the cut command.
Each message goes to a PrinterModel, whose replies are written back.
"""

from __future__ import annotations

import os
import select
import socket
import threading

from devices.escpos_dialect import CLEAR_BUFFERS
from devices.simulators import PrinterModel

_CUTS = (b"\x1dVB\x00", b"\x1dVA\x00")


class EscPosStreamSplitter:
    """Cut a byte stream into status requests, drawer kicks and whole jobs."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        self._buffer += data
        messages: list[bytes] = []
        while self._buffer:
            if self._buffer[:2] == b"\x10\x04":
                if len(self._buffer) < 3:
                    break
                messages.append(bytes(self._buffer[:3]))
                del self._buffer[:3]
            elif self._buffer[:2] == CLEAR_BUFFERS[:2]:
                if len(self._buffer) < len(CLEAR_BUFFERS):
                    break
                messages.append(bytes(self._buffer[: len(CLEAR_BUFFERS)]))
                del self._buffer[: len(CLEAR_BUFFERS)]
            elif self._buffer[:2] == b"\x1bp":
                if len(self._buffer) < 5:
                    break
                messages.append(bytes(self._buffer[:5]))
                del self._buffer[:5]
            else:
                ends = [self._buffer.find(cut) + len(cut) for cut in _CUTS if cut in self._buffer]
                if not ends:
                    break
                end = min(ends)
                messages.append(bytes(self._buffer[:end]))
                del self._buffer[:end]
        return messages


class _Endpoint:
    def __init__(self, model: PrinterModel) -> None:
        self.model = model
        self.received = bytearray()
        self._splitter = EscPosStreamSplitter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def _handle(self, data: bytes) -> bytes:
        self.received += data
        return b"".join(self.model.handle(message) for message in self._splitter.feed(data))

    def _run(self) -> None:
        raise NotImplementedError


class PtyPrinterEndpoint(_Endpoint):
    """Serves the master side of a pty; the printer under test opens ``slave_path``."""

    def __init__(self, model: PrinterModel) -> None:
        super().__init__(model)
        self.master, self._slave = os.openpty()
        self.slave_path = os.ttyname(self._slave)

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 4096)
            except OSError:
                return
            reply = self._handle(data)
            if reply:
                os.write(self.master, reply)

    def stop(self) -> None:
        super().stop()
        os.close(self.master)
        os.close(self._slave)


class TcpPrinterEndpoint(_Endpoint):
    """Listens on 127.0.0.1 on a free port, like a network printer on port 9100."""

    def __init__(self, model: PrinterModel) -> None:
        super().__init__(model)
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.05)
        self.port = self._server.getsockname()[1]

    def _run(self) -> None:
        connection = None
        while not self._stop.is_set():
            if connection is None:
                try:
                    connection, _ = self._server.accept()
                    connection.settimeout(0.05)
                except TimeoutError:
                    continue
            try:
                data = connection.recv(4096)
            except TimeoutError:
                continue
            if not data:
                connection.close()
                connection = None
                continue
            reply = self._handle(data)
            if reply:
                connection.sendall(reply)
        if connection is not None:
            connection.close()

    def stop(self) -> None:
        super().stop()
        self._server.close()
