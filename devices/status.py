"""Printer status: decoded from Epson DLE EOT and ASB bytes and Star ASB bytes.

Bit positions follow the Epson ESC/POS reference (DLE EOT n, GS a) and Star's automatic
status (ASB) tables. Every decoder checks the fixed bits, so a stray byte on the line is
reported as a protocol error instead of being read as a status.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.config import SensorPolarity
from devices.errors import DeviceErrorCode


class StatusFormatError(ValueError):
    """Bytes that are not a status response of the expected kind."""


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """A decoded printer status. ``drawer_open`` is None when no sensor is read."""

    online: bool
    cover_open: bool = False
    paper_near_end: bool = False
    paper_end: bool = False
    error: bool = False
    drawer_open: bool | None = None

    @property
    def fault(self) -> DeviceErrorCode | None:
        """The fault that stops printing, most specific first, or None when ready."""
        if self.cover_open:
            return DeviceErrorCode.PRINTER_COVER_OPEN
        if self.paper_end:
            return DeviceErrorCode.PRINTER_PAPER_END
        if self.error:
            return DeviceErrorCode.PRINTER_HARDWARE_ERROR
        if not self.online:
            return DeviceErrorCode.PRINTER_OFFLINE
        return None

    @property
    def ready(self) -> bool:
        return self.fault is None

    def to_dict(self) -> dict[str, object]:
        fault = self.fault
        return {
            "online": self.online,
            "cover_open": self.cover_open,
            "paper_near_end": self.paper_near_end,
            "paper_end": self.paper_end,
            "error": self.error,
            "drawer_open": self.drawer_open,
            "fault": fault.value if fault else None,
        }


def drawer_open_from_level(level_high: bool, polarity: SensorPolarity) -> bool:
    """Turn the drawer sensor signal level into open or closed for the drawer's wiring."""
    return level_high if polarity is SensorPolarity.OPEN_HIGH else not level_high


def _check_dle_eot_byte(value: int, kind: int) -> None:
    # Bits 1 and 4 are fixed on, bits 0 and 7 fixed off in every DLE EOT response.
    if value & 0x93 != 0x12:
        raise StatusFormatError(f"DLE EOT {kind} response 0x{value:02X} has wrong fixed bits")


def decode_dle_eot(
    printer: int,
    offline: int,
    error: int,
    paper: int,
    polarity: SensorPolarity = SensorPolarity.OPEN_HIGH,
) -> PrinterStatus:
    """Decode the four DLE EOT responses (n = 1, 2, 3, 4) into one status.

    n=1: bit 2 drawer connector pin 3 level, bit 3 offline.
    n=2: bit 2 cover open, bit 5 stopped by paper end, bit 6 error.
    n=3: bit 3 autocutter error, bit 5 unrecoverable, bit 6 auto-recoverable error.
    n=4: bits 2-3 roll paper near end, bits 5-6 roll paper end.
    """
    for kind, value in enumerate((printer, offline, error, paper), start=1):
        _check_dle_eot_byte(value, kind)
    return PrinterStatus(
        online=not printer & 0x08,
        cover_open=bool(offline & 0x04),
        paper_near_end=bool(paper & 0x0C),
        paper_end=bool(paper & 0x60) or bool(offline & 0x20),
        error=bool(offline & 0x40) or bool(error & 0x68),
        drawer_open=drawer_open_from_level(bool(printer & 0x04), polarity),
    )


def encode_dle_eot(
    status: PrinterStatus, polarity: SensorPolarity = SensorPolarity.OPEN_HIGH
) -> dict[int, int]:
    """Return the DLE EOT response byte for each n that ``status`` would produce.

    The simulators reply to DLE EOT with these bytes, so tests exercise the real decoder.
    """
    drawer_high = bool(status.drawer_open) == (polarity is SensorPolarity.OPEN_HIGH)
    printer = 0x12 | (0x04 if drawer_high else 0) | (0 if status.online else 0x08)
    offline = 0x12 | (0x04 if status.cover_open else 0) | (0x20 if status.paper_end else 0)
    offline |= 0x40 if status.error else 0
    error = 0x12 | (0x20 if status.error else 0)
    paper = 0x12 | (0x0C if status.paper_near_end else 0) | (0x60 if status.paper_end else 0)
    return {1: printer, 2: offline, 3: error, 4: paper}


def decode_epson_asb(data: bytes, polarity: SensorPolarity = SensorPolarity.OPEN_HIGH) -> PrinterStatus:
    """Decode a 4-byte Epson automatic status back (ASB) message sent after GS a."""
    if len(data) != 4 or data[0] & 0x93 != 0x10 or any(byte & 0x90 for byte in data[1:]):
        raise StatusFormatError(f"not an Epson ASB message: {data.hex(' ')}")
    first, second, third = data[0], data[1], data[2]
    return PrinterStatus(
        online=not first & 0x08,
        cover_open=bool(first & 0x20),
        paper_near_end=bool(third & 0x03),
        paper_end=bool(third & 0x0C),
        error=bool(second & 0x6C),
        drawer_open=drawer_open_from_level(bool(first & 0x04), polarity),
    )


def star_asb_length(header: int) -> int:
    """Return the total length of a Star ASB message from its first byte."""
    if header & 0x91 != 0x01:
        raise StatusFormatError(f"not a Star ASB header: 0x{header:02X}")
    return ((header >> 2) & 0x08) | ((header >> 1) & 0x07)


def decode_star_asb(data: bytes, polarity: SensorPolarity = SensorPolarity.OPEN_HIGH) -> PrinterStatus:
    """Decode a Star automatic status (the reply to ESC ACK SOH).

    Byte 3: bit 2 drawer (compulsion switch), bit 3 offline, bit 5 cover open.
    Byte 4: bit 2 mechanical, bit 3 autocutter, bit 5 unrecoverable, bit 6 head too hot.
    Byte 6: bit 2 paper near end, bit 3 paper end.
    """
    if not data or len(data) < 7 or len(data) != star_asb_length(data[0]):
        raise StatusFormatError(f"not a complete Star ASB message: {data.hex(' ')}")
    printer, errors, sensors = data[2], data[3], data[5]
    return PrinterStatus(
        online=not printer & 0x08,
        cover_open=bool(printer & 0x20),
        paper_near_end=bool(sensors & 0x04),
        paper_end=bool(sensors & 0x08),
        error=bool(errors & 0x6C),
        drawer_open=drawer_open_from_level(bool(printer & 0x04), polarity),
    )


def encode_star_asb(status: PrinterStatus, polarity: SensorPolarity = SensorPolarity.OPEN_HIGH) -> bytes:
    """Return the 9-byte Star ASB a printer in ``status`` would send (for simulators)."""
    drawer_high = bool(status.drawer_open) == (polarity is SensorPolarity.OPEN_HIGH)
    printer = (0x20 if status.cover_open else 0) | (0 if status.online else 0x08)
    printer |= 0x04 if drawer_high else 0
    errors = 0x20 if status.error else 0
    sensors = (0x04 if status.paper_near_end else 0) | (0x08 if status.paper_end else 0)
    return bytes((0x23, 0x86, printer, errors, 0x00, sensors, 0x00, 0x00, 0x00))
