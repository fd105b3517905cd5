"""Epson ESC/POS bytes for Japanese (``epson_jp``) and other (``epson``) TM printers.

Command bytes follow the Epson ESC/POS command reference for TM printers. A Japanese job
starts with these commands:

- ESC @ initialises the printer.
- ESC R 8 selects the Japan international set, so 0x5C prints ¥.
- ESC t 1 selects the Katakana table, so 0xA1-0xDF print half-width katakana.
- FS C 1 selects the Shift_JIS Kanji code system, and FS & turns Kanji mode on.

Japanese models read Shift_JIS double bytes once FS C 1 is set. FS & is sent as well
for models that still need Kanji mode switched on.
"""

from __future__ import annotations

import logging

from backend.domain.receipt import Align, Barcode, BarcodeSymbology, QRCode, TextStyle
from devices.config import CutMode, PrinterDialect
from devices.encoder_base import ByteEncoder
from devices.logo import RasterImage

logger = logging.getLogger(__name__)

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
DLE = b"\x10"

INITIALISE = ESC + b"@"
JAPAN_CHARACTER_SET = ESC + b"R\x08"
KATAKANA_TABLE = ESC + b"t\x01"
SHIFT_JIS_CODE_SYSTEM = FS + b"C\x01"
KANJI_MODE_ON = FS + b"&"

# ESC t page numbers for the single-byte code pages the ``epson`` dialect offers.
CODE_PAGE_NUMBERS = {"cp437": 0, "cp850": 2, "cp858": 19, "cp1252": 16}

_ALIGN = {Align.LEFT: 0, Align.CENTER: 1, Align.RIGHT: 2}
_QR_ERROR_CORRECTION = {"L": 48, "M": 49, "Q": 50, "H": 51}
_BARCODE_TYPE = {BarcodeSymbology.JAN13: 67, BarcodeSymbology.JAN8: 68, BarcodeSymbology.CODE128: 73}


# DLE DC4 fn=8 (real-time "clear buffers"): drops the receive and print buffers, so a
# receipt cut short by a fault cannot finish printing by itself once the fault clears.
# Epson TM printers answer with 37h 25h 00h.
CLEAR_BUFFERS = DLE + b"\x14\x08\x01\x03\x14\x01\x06\x02\x08"
CLEAR_RESPONSE = b"\x37\x25\x00"


def status_request(kind: int) -> bytes:
    """DLE EOT n: real-time status, n = 1 printer, 2 offline cause, 3 error, 4 paper."""
    if kind not in (1, 2, 3, 4):
        raise ValueError(f"DLE EOT takes 1 to 4, got {kind}")
    return DLE + b"\x04" + bytes((kind,))


def auto_status_back(enabled: bool) -> bytes:
    """GS a n: report drawer, online, error and paper sensor changes (n = 0x0F) or none."""
    return GS + b"a" + (b"\x0f" if enabled else b"\x00")


def _pulse_units(milliseconds: int) -> int:
    units = max(1, milliseconds // 2)
    if units > 255:
        logger.warning("drawer pulse %d ms exceeds the ESC p maximum; sending 510 ms", milliseconds)
        units = 255
    return units


class EscPosEncoder(ByteEncoder):
    """Encoder for both Epson dialects; ``epson`` differs only in its character setup."""

    def initialise(self) -> bytes:
        if self.config.dialect is PrinterDialect.EPSON:
            page = CODE_PAGE_NUMBERS[self.config.code_page]
            return INITIALISE + ESC + b"R\x00" + ESC + b"t" + bytes((page,))
        return INITIALISE + JAPAN_CHARACTER_SET + KATAKANA_TABLE + SHIFT_JIS_CODE_SYSTEM + (KANJI_MODE_ON)

    def style_change(self, old: TextStyle, new: TextStyle) -> bytes:
        out = bytearray()
        if (old.width, old.height) != (new.width, new.height):
            out += GS + b"!" + bytes(((new.width - 1) << 4 | (new.height - 1),))
        if old.bold != new.bold:
            out += ESC + b"E" + bytes((int(new.bold),))
        if old.underline != new.underline:
            out += ESC + b"-" + bytes((int(new.underline),))
            if self.config.dialect is PrinterDialect.EPSON_JP:
                out += FS + b"-" + bytes((int(new.underline),))  # Kanji underline
        if old.invert != new.invert:
            out += GS + b"B" + bytes((int(new.invert),))
        return bytes(out)

    def align(self, align: Align) -> bytes:
        return ESC + b"a" + bytes((_ALIGN[align],))

    def barcode(self, barcode: Barcode, payload: str) -> bytes:
        if barcode.symbology is BarcodeSymbology.CODE128:
            # Code set B; a literal "{" is written "{{" because "{" starts a code set switch.
            data = b"{B" + payload.replace("{", "{{").encode("ascii")
        else:
            data = payload.encode("ascii")
        height = max(1, min(255, barcode.height_dots))
        return (
            self.align(Align.CENTER)
            + GS
            + b"h"
            + bytes((height,))
            + GS
            + b"w\x02"
            + GS
            + b"H"
            + (b"\x02" if barcode.human_readable else b"\x00")
            + GS
            + b"f\x00"
            + GS
            + b"k"
            + bytes((_BARCODE_TYPE[barcode.symbology], len(data)))
            + data
            + b"\n"
            + self.align(Align.LEFT)
        )

    def qrcode(self, qrcode: QRCode, data: bytes) -> bytes:
        size = max(1, min(16, qrcode.module_size))
        level = _QR_ERROR_CORRECTION.get(qrcode.error_correction.upper(), 49)
        stored = data[:7089]
        length = len(stored) + 3
        return (
            self.align(Align.CENTER)
            + GS
            + b"(k\x04\x00\x31\x41\x32\x00"  # model 2
            + GS
            + b"(k\x03\x00\x31\x43"
            + bytes((size,))
            + GS
            + b"(k\x03\x00\x31\x45"
            + bytes((level,))
            + GS
            + b"(k"
            + length.to_bytes(2, "little")
            + b"\x31\x50\x30"
            + stored
            + GS
            + b"(k\x03\x00\x31\x51\x30"  # print the stored symbol
            + b"\n"
            + self.align(Align.LEFT)
        )

    def raster(self, image: RasterImage) -> bytes:
        return (
            self.align(Align.CENTER)
            + GS
            + b"v0\x00"
            + image.width_bytes.to_bytes(2, "little")
            + image.height.to_bytes(2, "little")
            + image.data
            + self.align(Align.LEFT)
        )

    def feed(self, lines: int) -> bytes:
        return ESC + b"d" + bytes((max(0, min(255, lines)),))

    def cut(self, mode: CutMode) -> bytes:
        # GS V 65/66 n: feed to the cutting position, then cut (65 full, 66 partial).
        return GS + b"V" + (b"B" if mode is CutMode.PARTIAL else b"A") + b"\x00"

    def drawer_kick(self, pin: int, on_ms: int, off_ms: int) -> bytes:
        """ESC p m t1 t2: m = 0 for pin 2, 1 for pin 5; t1, t2 in units of 2 ms."""
        if pin not in (2, 5):
            raise ValueError(f"drawer pin must be 2 or 5, got {pin}")
        connector = 0 if pin == 2 else 1
        return ESC + b"p" + bytes((connector, _pulse_units(on_ms), _pulse_units(off_ms)))
