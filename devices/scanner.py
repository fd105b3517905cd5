"""Barcode scanners: serial (a reader thread over pyserial) and text submitted by the UI.

A serial scanner's bytes arrive in arbitrary chunks ("490123" then "4567894\\r"), so
:class:`FrameAssembler` joins them and cuts frames at the configured suffix (CR, LF,
CRLF or ETX). Each frame becomes exactly one :class:`DataEvent` with a verified code,
or one :class:`ErrorEvent` when the check digit or the framing is wrong.
"""

from __future__ import annotations

import logging
import threading

from devices.barcodes import InvalidScanError, interpret_scan
from devices.base import Capability, Device
from devices.config import ScannerConfig
from devices.errors import DeviceErrorCode, DeviceIOError
from devices.events import DataEvent, ErrorEvent, ErrorResponse
from devices.transports import Transport

logger = logging.getLogger(__name__)


class FrameAssembler:
    """Join chunks into frames ending in ``terminator``; an overlong frame is dropped."""

    def __init__(self, terminator: bytes, max_frame_bytes: int = 512) -> None:
        self._terminator = terminator
        self._max = max_frame_bytes
        self._buffer = bytearray()
        self.dropped = 0

    def feed(self, chunk: bytes) -> list[bytes]:
        """Add ``chunk`` and return the frames it completed, without their terminators."""
        self._buffer += chunk
        frames: list[bytes] = []
        while True:
            end = self._buffer.find(self._terminator)
            if end < 0:
                break
            frames.append(bytes(self._buffer[:end]))
            del self._buffer[: end + len(self._terminator)]
        if len(self._buffer) > self._max:
            self.dropped += 1
            logger.warning("scanner frame longer than %d bytes without a suffix; dropped", self._max)
            self._buffer.clear()
        return frames

    def reset(self) -> None:
        self._buffer.clear()


class Scanner(Device):
    """A scanner device. With a transport it reads a serial port; without one, scans
    come from :meth:`submit_text` (keyboard wedge via the UI, or the simulator)."""

    def __init__(self, config: ScannerConfig, transport: Transport | None = None) -> None:
        super().__init__(config.name, transport.location if transport else config.connection.value)
        self.config = config
        self.transport = transport
        self._frames = FrameAssembler(config.suffix.terminator, config.max_frame_bytes)
        self._reader: threading.Thread | None = None
        self._stop = threading.Event()
        self._feed_lock = threading.Lock()

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset({Capability.SCAN_INPUT})

    def _on_claim(self, timeout: float | None) -> None:
        if self.transport is not None:
            self.transport.open()

    def _on_enable(self) -> None:
        self._frames.reset()
        if self.transport is not None:
            self._stop.clear()
            self._reader = threading.Thread(target=self._read_loop, name=f"{self.name}-reader", daemon=True)
            self._reader.start()

    def _on_disable(self) -> None:
        if self._reader is not None:
            self._stop.set()
            self._reader.join(timeout=2)
            self._reader = None

    def _on_release(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def feed_bytes(self, chunk: bytes) -> None:
        """Process raw bytes as received from the port (public for simulators and tests)."""
        self._require_enabled("read scans")
        with self._feed_lock:
            frames = self._frames.feed(chunk)
        for frame in frames:
            self._handle_frame(frame)

    def submit_text(self, text: str) -> None:
        """Process one complete scan given as text (keyboard wedge or simulator)."""
        self._require_enabled("read scans")
        self._handle_scan(text, text.encode("utf-8"))

    def _handle_frame(self, frame: bytes) -> None:
        # Scanners send ASCII; a QR code with Japanese text arrives as Shift_JIS.
        self._handle_scan(frame.decode("cp932", errors="replace"), frame)

    def _handle_scan(self, text: str, raw: bytes) -> None:
        try:
            result = interpret_scan(
                text,
                rules=self.config.in_store_codes,
                verify_check_digit=self.config.verify_check_digit,
            )
        except InvalidScanError as error:
            logger.warning("scanner %s: rejected scan %r: %s", self.name, raw, error)
            self._emit(ErrorEvent(self.name, code=DeviceErrorCode.SCANNER_INVALID_DATA.value,
                                  message=str(error), response=ErrorResponse.CONTINUE_INPUT))
            return
        self._emit(DataEvent(
            self.name,
            data=result.code,
            symbology=result.symbology.value,
            raw=raw,
            item_code=result.item_code,
            embedded_price=result.embedded_price,
        ))

    def _read_loop(self) -> None:
        assert self.transport is not None  # the thread only starts with a transport
        logger.info("scanner %s reading from %s", self.name, self.transport.location)
        while not self._stop.is_set():
            try:
                chunk = self.transport.read(256, 0.1)
            except DeviceIOError as error:
                logger.error("scanner %s: read failed, reader stopped: %s", self.name, error)
                self._emit(ErrorEvent(self.name, code=error.code.value, message=str(error),
                                      response=ErrorResponse.RETRY))
                self._enter_error_state(str(error))
                return
            if chunk:
                with self._feed_lock:
                    frames = self._frames.feed(chunk)
                for frame in frames:
                    self._handle_frame(frame)
        logger.info("scanner %s reader stopped", self.name)


class SimulatedScanner(Scanner):
    """A scanner you type codes into; they go through the same framing as serial input."""

    def type_code(self, code: str) -> None:
        """Scan ``code`` as if a serial scanner sent it with the configured suffix."""
        self.feed_bytes(code.encode("cp932", errors="replace") + self.config.suffix.terminator)
