"""The receipt printer device: status checks, one write per receipt, drawer kick.

``Printer.print_document`` checks the printer's status first and sends nothing while a
fault (cover open, paper end, offline, hardware error) is reported. It then writes the
whole receipt in one call and checks the status once more. It never resends on its own:
after a fault found once data was sent, the printer may still hold part of the receipt,
and only the caller (the backend's print queue) can decide whether and when to print it
again.

All methods block, so the backend calls them from a worker thread.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass

from backend.domain.receipt import ReceiptDocument
from devices.base import Capability, Device
from devices.config import PrinterConfig, PrinterDialect, SensorPolarity, StatusMode
from devices.dialects import ReceiptEncoder, make_encoder
from devices.errors import (
    DeviceErrorCode,
    DeviceIOError,
    DeviceNotSupportedError,
    DeviceTimeoutError,
    PrinterCoverOpenError,
    PrinterFaultError,
    PrinterOfflineError,
    PrinterPaperEndError,
)
from devices.escpos_dialect import CLEAR_BUFFERS, CLEAR_RESPONSE, auto_status_back, status_request
from devices.events import ErrorEvent, ErrorResponse, OutputCompleteEvent, StatusKind, StatusUpdateEvent
from devices.star_dialect import STATUS_REQUEST as STAR_STATUS_REQUEST
from devices.status import (
    PrinterStatus,
    StatusFormatError,
    decode_dle_eot,
    decode_epson_asb,
    decode_star_asb,
    star_asb_length,
)
from devices.transports import Transport

logger = logging.getLogger(__name__)

_FAULT_ERRORS: dict[DeviceErrorCode, type[PrinterFaultError]] = {
    DeviceErrorCode.PRINTER_COVER_OPEN: PrinterCoverOpenError,
    DeviceErrorCode.PRINTER_PAPER_END: PrinterPaperEndError,
    DeviceErrorCode.PRINTER_OFFLINE: PrinterOfflineError,
    DeviceErrorCode.PRINTER_HARDWARE_ERROR: PrinterFaultError,
}
_FAULT_MESSAGES = {
    DeviceErrorCode.PRINTER_COVER_OPEN: "the printer cover is open; close it",
    DeviceErrorCode.PRINTER_PAPER_END: "the printer is out of paper; load a new roll",
    DeviceErrorCode.PRINTER_OFFLINE: "the printer is offline; check its power and cable",
    DeviceErrorCode.PRINTER_HARDWARE_ERROR: "the printer reports an error (cutter or mechanism)",
}


@dataclass(frozen=True, slots=True)
class PrintResult:
    """A receipt written in full: ``status`` is the check made after the write, or None
    when the printer cannot report status."""

    job_id: str
    byte_count: int
    status: PrinterStatus | None


class Printer(Device):
    """A receipt printer reached through ``transport`` and spoken to in ``config.dialect``."""

    def __init__(
        self,
        config: PrinterConfig,
        transport: Transport,
        encoder: ReceiptEncoder | None = None,
        *,
        drawer_polarity: SensorPolarity = SensorPolarity.OPEN_HIGH,
    ) -> None:
        super().__init__(config.name, transport.location)
        # The drawer's wiring decides which sensor level means open (DrawerConfig).
        self.drawer_polarity = drawer_polarity
        self.config = config
        self.transport = transport
        self.encoder = encoder or make_encoder(config)
        self._io_lock = threading.Lock()
        self._last_status: PrinterStatus | None = None
        self._asb_status: PrinterStatus | None = None
        self._asb_thread: threading.Thread | None = None
        self._asb_stop = threading.Event()
        self._asb_received = threading.Condition()

    # -- capabilities and lifecycle ----------------------------------------------------------

    @property
    def capabilities(self) -> frozenset[Capability]:
        if self.config.dialect is PrinterDialect.TEXT:
            return frozenset({Capability.KANJI})
        found = {
            Capability.CUTTER,
            Capability.BARCODE,
            Capability.QRCODE,
            Capability.LOGO,
            Capability.DRAWER_KICK,
        }
        if self.config.dialect is not PrinterDialect.EPSON:
            found.add(Capability.KANJI)
        if self._can_report_status():
            found.update({Capability.STATUS, Capability.DRAWER_SENSOR})
            if self._uses_auto_status_back():
                found.add(Capability.AUTO_STATUS_BACK)
        return frozenset(found)

    @property
    def last_status(self) -> PrinterStatus | None:
        """The most recent status read, without asking the printer."""
        return self._last_status

    def _can_report_status(self) -> bool:
        return (
            self.transport.can_read
            and self.config.status_mode is not StatusMode.NONE
            and self.config.dialect is not PrinterDialect.TEXT
        )

    def _uses_auto_status_back(self) -> bool:
        return self.config.status_mode is StatusMode.AUTO_STATUS_BACK and self.config.dialect in (
            PrinterDialect.EPSON_JP,
            PrinterDialect.EPSON,
        )

    def _on_claim(self, timeout: float | None) -> None:
        self.transport.open()

    def _on_enable(self) -> None:
        if self._can_report_status() and self._uses_auto_status_back():
            self._asb_stop.clear()
            self._write(auto_status_back(True))
            self._asb_thread = threading.Thread(
                target=self._read_auto_status, name=f"{self.name}-asb", daemon=True
            )
            self._asb_thread.start()

    def _on_disable(self) -> None:
        if self._asb_thread is not None:
            self._asb_stop.set()
            self._asb_thread.join(timeout=2)
            self._asb_thread = None
            self._write(auto_status_back(False))

    def _on_release(self) -> None:
        self.transport.close()

    # -- printing --------------------------------------------------------------------------

    def print_document(self, document: ReceiptDocument, job_id: str | None = None) -> PrintResult:
        """Print one receipt: check status, write it in one call, check status again.

        Raises a PrinterFaultError subclass (``data_sent`` False) without writing anything
        when the printer reports a fault first, the same error with ``data_sent`` True when
        the fault appears during the job, and DeviceIOError when the link fails.
        """
        self._require_enabled("print")
        job = job_id or uuid.uuid4().hex
        data = self.encoder.encode(document)
        with self._io_lock:
            self._raise_if_faulted(data_sent=False)
            self._write(data)
            status_after = self._raise_if_faulted(data_sent=True)
        logger.info("printer %s printed job %s (%d bytes)", self.name, job, len(data))
        self._emit(OutputCompleteEvent(self.name, job_id=job, byte_count=len(data)))
        return PrintResult(job_id=job, byte_count=len(data), status=status_after)

    def kick_drawer(
        self, pin: int | None = None, on_ms: int | None = None, off_ms: int | None = None
    ) -> None:
        """Pulse the drawer connector; pin and pulse lengths default to the configuration."""
        self._require_enabled("open the drawer")
        if Capability.DRAWER_KICK not in self.capabilities:
            raise DeviceNotSupportedError("this printer dialect has no drawer port", device=self.name)
        command = self.encoder.drawer_kick(
            pin or self.config.drawer_pin,
            on_ms or self.config.drawer_on_ms,
            off_ms or self.config.drawer_off_ms,
        )
        with self._io_lock:
            self._write(command)
        logger.info("printer %s kicked drawer pin %d", self.name, pin or self.config.drawer_pin)

    def clear_buffers(self) -> None:
        """Drop whatever the printer still holds of an interrupted receipt (Epson dialects).

        Raises DeviceNotSupportedError for dialects without a buffer-clear command, in which
        case the caller must let an operator decide whether to reprint.
        """
        self._require_enabled("clear buffers")
        if self.config.dialect not in (PrinterDialect.EPSON_JP, PrinterDialect.EPSON):
            raise DeviceNotSupportedError(
                f"dialect {self.config.dialect.value} has no buffer-clear command", device=self.name
            )
        with self._io_lock:
            self._write(CLEAR_BUFFERS)
            if self.transport.can_read:
                # Read the clear response (37h 25h 00h) so it is not taken for a status reply.
                reply = self.transport.read(len(CLEAR_RESPONSE), self.config.status_timeout_s)
                if reply != CLEAR_RESPONSE:
                    logger.warning("printer %s clear-buffers reply was %r", self.name, reply)
        logger.info("printer %s buffers cleared", self.name)

    # -- status ----------------------------------------------------------------------------

    def check_status(self) -> PrinterStatus:
        """Ask the printer for its status now (or return the latest automatic status)."""
        self._require_enabled("read status")
        if not self._can_report_status():
            raise DeviceNotSupportedError(
                f"status is not available over {self.transport.location} with mode"
                f" {self.config.status_mode.value}",
                device=self.name,
                location=self.location,
            )
        with self._io_lock:
            return self._read_status()

    def _raise_if_faulted(self, *, data_sent: bool) -> PrinterStatus | None:
        if not self._can_report_status():
            return None
        try:
            status = self._read_status()
        except DeviceTimeoutError as error:
            raise PrinterOfflineError(
                "the printer did not respond to the status request; check its power and cable",
                device=self.name,
                location=self.location,
                data_sent=data_sent,
            ) from error
        fault = status.fault
        if fault is not None:
            error_class = _FAULT_ERRORS[fault]
            self._emit(
                ErrorEvent(
                    self.name, code=fault.value, message=_FAULT_MESSAGES[fault], response=ErrorResponse.RETRY
                )
            )
            raise error_class(
                _FAULT_MESSAGES[fault], device=self.name, location=self.location, data_sent=data_sent
            )
        return status

    def _read_status(self) -> PrinterStatus:
        if self._uses_auto_status_back():
            status = self._wait_for_auto_status()
        elif self.config.dialect in (PrinterDialect.STAR_LINE, PrinterDialect.STARPRNT):
            status = self._poll_star()
        else:
            status = self._poll_dle_eot()
        self._remember(status)
        return status

    def _poll_dle_eot(self) -> PrinterStatus:
        replies = []
        self.transport.discard_input()
        for kind in (1, 2, 3, 4):
            self._write(status_request(kind))
            reply = self.transport.read(1, self.config.status_timeout_s)
            if not reply:
                raise DeviceTimeoutError(
                    f"no reply to DLE EOT {kind} within {self.config.status_timeout_s} s",
                    device=self.name,
                    location=self.location,
                )
            replies.append(reply[0])
        try:
            return decode_dle_eot(
                replies[0], replies[1], replies[2], replies[3], polarity=self._drawer_polarity()
            )
        except StatusFormatError as error:
            raise DeviceIOError(str(error), device=self.name, location=self.location) from error

    def _poll_star(self) -> PrinterStatus:
        self.transport.discard_input()
        self._write(STAR_STATUS_REQUEST)
        timeout = self.config.status_timeout_s
        header = self.transport.read(1, timeout)
        if not header:
            raise DeviceTimeoutError(
                f"no reply to ESC ACK SOH within {timeout} s", device=self.name, location=self.location
            )
        try:
            length = star_asb_length(header[0])
            rest = self.transport.read(length - 1, timeout)
            return decode_star_asb(header + rest, polarity=self._drawer_polarity())
        except StatusFormatError as error:
            raise DeviceIOError(str(error), device=self.name, location=self.location) from error

    def _wait_for_auto_status(self) -> PrinterStatus:
        with self._asb_received:
            if self._asb_status is None:
                self._asb_received.wait(self.config.status_timeout_s)
            if self._asb_status is None:
                raise DeviceTimeoutError(
                    "no automatic status received yet", device=self.name, location=self.location
                )
            return self._asb_status

    def _read_auto_status(self) -> None:
        buffer = bytearray()
        while not self._asb_stop.is_set():
            try:
                buffer += self.transport.read(4 - len(buffer), 0.2)
            except DeviceIOError as error:
                logger.error("printer %s: automatic status reader stopped: %s", self.name, error)
                return
            if len(buffer) < 4:
                continue
            try:
                status = decode_epson_asb(bytes(buffer), polarity=self._drawer_polarity())
            except StatusFormatError:
                buffer.pop(0)  # resynchronise on the next byte
                continue
            buffer.clear()
            with self._asb_received:
                self._asb_status = status
                self._asb_received.notify_all()
            self._remember(status)

    def _remember(self, status: PrinterStatus) -> None:
        changed = status != self._last_status
        self._last_status = status
        if changed:
            self._emit(StatusUpdateEvent(self.name, StatusKind.PRINTER_STATUS, status.to_dict()))

    def _drawer_polarity(self) -> SensorPolarity:
        return self.drawer_polarity

    def _write(self, data: bytes) -> None:
        try:
            self.transport.write(data)
        except DeviceIOError as error:
            self._emit(
                ErrorEvent(self.name, code=error.code.value, message=str(error), response=ErrorResponse.RETRY)
            )
            if not isinstance(error, DeviceTimeoutError):
                self._enter_error_state(str(error))
            raise
