"""Simulated devices, so the embedded default runs and is testable with no hardware.

:class:`PrinterModel` behaves like a printer on the far end of the wire. It replies to
DLE EOT (Epson) and ESC ACK SOH (Star) from its scripted fault state, sends automatic
status after GS a, records each receipt it receives, opens its drawer on a kick, and
can run out of paper part-way through the next job. :class:`SimulatedPrinter` puts it
behind an in-memory transport and can write each receipt as .bin, .txt and .png files.
"""

from __future__ import annotations

import enum
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from backend.domain.receipt import ReceiptDocument
from devices.config import (
    DisplayConfig,
    PrinterConfig,
    PrinterDialect,
    ScannerConfig,
    SensorPolarity,
)
from devices.display import CustomerDisplay
from devices.escpos_dialect import CLEAR_BUFFERS, CLEAR_RESPONSE
from devices.printer import Printer, PrintResult
from devices.scanner import SimulatedScanner
from devices.status import PrinterStatus, encode_dle_eot, encode_star_asb
from devices.text_render import render_text
from devices.transports import RecordingTransport

logger = logging.getLogger(__name__)

# A preview file the simulated printer writes: receipt-0001.bin, .txt or .png.
PREVIEW_NAME = re.compile(r"receipt-(\d+)\.(?:bin|txt|png)")


class PrinterFault(enum.StrEnum):
    COVER_OPEN = "cover_open"
    PAPER_END = "paper_end"
    OFFLINE = "offline"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class ReceivedJob:
    """Bytes the simulated printer received as one job; ``complete`` is False when the
    paper ran out part-way and only ``data`` (the printed part) came out."""

    data: bytes
    complete: bool


class PrinterModel:
    """The far end of a printer link: status replies, received jobs, drawer and faults."""

    def __init__(
        self,
        dialect: PrinterDialect = PrinterDialect.EPSON_JP,
        polarity: SensorPolarity = SensorPolarity.OPEN_HIGH,
    ) -> None:
        self.dialect = dialect
        self.polarity = polarity
        self.faults: set[PrinterFault] = set()
        self.paper_near_end = False
        self.drawer_open = False
        self.jobs: list[ReceivedJob] = []
        self.rejected: list[bytes] = []
        self.kicks: list[bytes] = []
        self.status_requests = 0
        self.paper_runs_out_after: int | None = None
        # The part of an interrupted job still in the printer's buffer; a real printer
        # prints it when the fault clears unless the host cleared the buffers first.
        self.held_data = b""
        self.buffer_clears = 0
        self.auto_status_back = False
        self.push: Callable[[bytes], None] | None = None  # sends unsolicited bytes (ASB)
        self._lock = threading.RLock()

    # -- scripting ---------------------------------------------------------------------

    def set_fault(self, fault: PrinterFault) -> None:
        with self._lock:
            self.faults.add(fault)
        self._push_status()

    def clear_fault(self, fault: PrinterFault | None = None) -> None:
        """Clear one fault, or all of them (paper loaded, cover closed, back online)."""
        with self._lock:
            if fault is None:
                self.faults.clear()
            else:
                self.faults.discard(fault)
            if not self.faults and self.held_data:
                self.jobs.append(ReceivedJob(self.held_data, complete=False))
                self.held_data = b""
        self._push_status()

    def run_out_of_paper_after(self, byte_count: int) -> None:
        """Make the next job stop with paper end after ``byte_count`` bytes."""
        self.paper_runs_out_after = byte_count

    def close_drawer_by_hand(self) -> None:
        self.drawer_open = False
        self._push_status()

    def open_drawer_by_hand(self) -> None:
        self.drawer_open = True
        self._push_status()

    def status(self) -> PrinterStatus:
        with self._lock:
            return PrinterStatus(
                online=not self.faults,
                cover_open=PrinterFault.COVER_OPEN in self.faults,
                paper_near_end=self.paper_near_end,
                paper_end=PrinterFault.PAPER_END in self.faults,
                error=PrinterFault.ERROR in self.faults,
                drawer_open=self.drawer_open,
            )

    @property
    def complete_jobs(self) -> list[bytes]:
        return [job.data for job in self.jobs if job.complete]

    # -- the wire ------------------------------------------------------------------------

    def handle(self, message: bytes) -> bytes:
        """Process one message from the host and return the bytes the printer sends back."""
        with self._lock:
            if len(message) == 3 and message[:2] == b"\x10\x04" and message[2] in (1, 2, 3, 4):
                self.status_requests += 1
                return bytes((encode_dle_eot(self.status(), self.polarity)[message[2]],))
            if message == b"\x1b\x06\x01":
                self.status_requests += 1
                return encode_star_asb(self.status(), self.polarity)
            if len(message) == 3 and message[:2] == b"\x1da":
                self.auto_status_back = message[2] != 0
                return self._asb_bytes() if self.auto_status_back else b""
            if message == CLEAR_BUFFERS and self.dialect in (PrinterDialect.EPSON_JP, PrinterDialect.EPSON):
                self.held_data = b""
                self.buffer_clears += 1
                return CLEAR_RESPONSE
            if self._is_drawer_kick(message):
                self.kicks.append(message)
                if not self.faults:
                    self.drawer_open = True
                return self._asb_bytes() if self.auto_status_back else b""
            self._receive_job(message)
            return b""

    def _receive_job(self, data: bytes) -> None:
        if self.faults:
            self.rejected.append(data)
            logger.info("simulated printer in fault %s discarded %d bytes", sorted(self.faults), len(data))
            return
        if self.paper_runs_out_after is not None:
            printed = data[: self.paper_runs_out_after]
            self.held_data = data[self.paper_runs_out_after :]
            self.paper_runs_out_after = None
            self.jobs.append(ReceivedJob(printed, complete=False))
            self.faults.add(PrinterFault.PAPER_END)
            return
        self.jobs.append(ReceivedJob(data, complete=True))

    def _is_drawer_kick(self, message: bytes) -> bool:
        if self.dialect in (PrinterDialect.STAR_LINE, PrinterDialect.STARPRNT):
            return (len(message) == 5 and message[:2] == b"\x1b\x07" and message[4:] == b"\x07") or (
                message == b"\x1a"
            )
        return len(message) == 5 and message[:2] == b"\x1bp"

    def _asb_bytes(self) -> bytes:
        status = self.status()
        first = 0x10 | (0 if status.online else 0x08) | (0x20 if status.cover_open else 0)
        first |= 0x04 if bool(status.drawer_open) == (self.polarity is SensorPolarity.OPEN_HIGH) else 0
        second = 0x20 if status.error else 0
        third = (0x03 if status.paper_near_end else 0) | (0x0C if status.paper_end else 0)
        return bytes((first, second, third, 0x00))

    def _push_status(self) -> None:
        if self.auto_status_back and self.push is not None:
            self.push(self._asb_bytes())


class SimulatedPrinter(Printer):
    """A printer backed by a :class:`PrinterModel`; keeps each printed document."""

    def __init__(self, config: PrinterConfig, model: PrinterModel | None = None) -> None:
        self.model = model or PrinterModel(config.dialect)
        transport = RecordingTransport("simulator", responder=self.model.handle)
        self.model.push = transport.queue_reply
        super().__init__(config, transport)
        self.documents: list[ReceiptDocument] = []
        self.output_dir = Path(config.simulator_output_dir) if config.simulator_output_dir else None
        # Number of the last preview this printer saved, or None before its first save.
        self._last_preview_number: int | None = None

    @property
    def recording(self) -> RecordingTransport:
        assert isinstance(self.transport, RecordingTransport)
        return self.transport

    def print_document(self, document: ReceiptDocument, job_id: str | None = None) -> PrintResult:
        result = super().print_document(document, job_id)
        self.documents.append(document)
        if self.output_dir is not None:
            self._save(document, result, self.output_dir)
        return result

    def _claim_preview_stem(self, output_dir: Path) -> Path:
        """Create the next free ``receipt-NNNN.bin`` in ``output_dir`` and return its stem.

        Numbering continues after the highest preview already in the folder, so a printer
        made after a configuration change, or another printer on the same folder, keeps the
        earlier previews. The .bin file is created exclusively, and when another printer
        took that number first, the folder is scanned again.
        """
        if self._last_preview_number is None:
            self._last_preview_number = highest_preview_number(output_dir)
        number = self._last_preview_number + 1
        while True:
            stem = output_dir / f"receipt-{number:04d}"
            try:
                stem.with_suffix(".bin").open("xb").close()
            except FileExistsError:
                number = max(number, highest_preview_number(output_dir)) + 1
                continue
            self._last_preview_number = number
            return stem

    def _save(self, document: ReceiptDocument, result: PrintResult, output_dir: Path) -> None:
        from devices.png_render import FontNotFoundError, render_png

        output_dir.mkdir(parents=True, exist_ok=True)
        stem = self._claim_preview_stem(output_dir)
        stem.with_suffix(".bin").write_bytes(self.model.jobs[-1].data)
        stem.with_suffix(".txt").write_text(render_text(document, self.config.columns), encoding="utf-8")
        try:
            render_png(
                document,
                self.config.columns,
                self.config.paper_mm,
                stem.with_suffix(".png"),
                logo_path=self.config.logo_path,
            )
        except FontNotFoundError as error:
            logger.warning("simulated printer wrote no PNG for job %s: %s", result.job_id, error)
        logger.info("simulated printer saved job %s as %s.*", result.job_id, stem)


def highest_preview_number(output_dir: Path) -> int:
    """Return the highest NNNN among the ``receipt-NNNN.*`` files in ``output_dir``, or 0."""
    highest = 0
    for path in output_dir.glob("receipt-*.*"):
        match = PREVIEW_NAME.fullmatch(path.name)
        if match is not None:
            highest = max(highest, int(match.group(1)))
    return highest


class SimulatedDisplay(CustomerDisplay):
    """A display that only keeps its two lines (and the bytes a real one would get)."""

    def __init__(self, config: DisplayConfig) -> None:
        super().__init__(config, RecordingTransport("simulator"))


def make_simulated_scanner(config: ScannerConfig) -> SimulatedScanner:
    return SimulatedScanner(config, transport=None)
