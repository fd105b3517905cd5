"""Star Line mode (``star_line``) and StarPRNT (``starprnt``) bytes for Japanese models.

Command bytes follow Star's "STAR Line Mode Command Specifications" and "StarPRNT
Command Specifications". A job starts with ESC @ (initialise), ESC R 8 (Japan set, so
0x5C prints ¥) and ESC $ 1 (Shift_JIS Kanji mode), then sends CP932 text. Star has its
own cut (ESC d n) and drawer commands (ESC BEL n1 n2 sets the pulse, BEL fires drawer 1),
so an Epson ESC p never reaches a Star printer. The two modes differ here only in the
logo command: Line mode uses raster mode (ESC * r A ... ESC * r B), StarPRNT uses
ESC GS S.
"""

from __future__ import annotations

import logging

from backend.domain.receipt import Align, Barcode, BarcodeSymbology, QRCode, TextStyle
from devices.config import CutMode, PrinterDialect
from devices.encoder_base import DOTS_PER_COLUMN, ByteEncoder
from devices.logo import RasterImage

logger = logging.getLogger(__name__)

ESC = b"\x1b"
GS = b"\x1d"
RS = b"\x1e"
BEL = b"\x07"
SUB = b"\x1a"

INITIALISE = ESC + b"@"
JAPAN_CHARACTER_SET = ESC + b"R\x08"
SHIFT_JIS_KANJI_MODE = ESC + b"$\x01"
STATUS_REQUEST = ESC + b"\x06\x01"  # ESC ACK SOH: send the automatic status (ASB) now

_ALIGN = {Align.LEFT: 0, Align.CENTER: 1, Align.RIGHT: 2}
_BARCODE_TYPE = {BarcodeSymbology.JAN8: 2, BarcodeSymbology.JAN13: 3, BarcodeSymbology.CODE128: 6}
_QR_ERROR_CORRECTION = {"L": 0, "M": 1, "Q": 2, "H": 3}


def _pulse_units(milliseconds: int) -> int:
    units = max(1, round(milliseconds / 10))
    if units > 127:
        logger.warning("drawer pulse %d ms exceeds the ESC BEL maximum; sending 1270 ms", milliseconds)
        units = 127
    return units


class StarEncoder(ByteEncoder):
    """Encoder for Star Line mode and StarPRNT printers with Japanese fonts."""

    def initialise(self) -> bytes:
        # NOTE: half-width katakana rely on the printer's Japanese code page, which is the
        # factory memory-switch setting on Japanese models; no ESC GS t is sent.
        return INITIALISE + JAPAN_CHARACTER_SET + SHIFT_JIS_KANJI_MODE

    def style_change(self, old: TextStyle, new: TextStyle) -> bytes:
        out = bytearray()
        if (old.width, old.height) != (new.width, new.height):
            out += ESC + b"i" + bytes((new.height - 1, new.width - 1))
        if old.bold != new.bold:
            out += ESC + (b"E" if new.bold else b"F")
        if old.underline != new.underline:
            out += ESC + b"-" + bytes((int(new.underline),))
        if old.invert != new.invert:
            out += ESC + (b"4" if new.invert else b"5")
        return bytes(out)

    def align(self, align: Align) -> bytes:
        return ESC + GS + b"a" + bytes((_ALIGN[align],))

    def barcode(self, barcode: Barcode, payload: str) -> bytes:
        # ESC b n1 n2 n3 n4 data RS: type, text under the bars (2) or not (1), narrowest
        # module 2 dots (mode 1), height in dots.
        height = max(1, min(255, barcode.height_dots))
        human_readable = 2 if barcode.human_readable else 1
        header = bytes((_BARCODE_TYPE[barcode.symbology], human_readable, 1, height))
        return (
            self.align(Align.CENTER)
            + ESC + b"b" + header + payload.encode("ascii") + RS
            + self.align(Align.LEFT)
        )

    def qrcode(self, qrcode: QRCode, data: bytes) -> bytes:
        stored = data[:7089]
        size = max(1, min(8, qrcode.module_size))
        level = _QR_ERROR_CORRECTION.get(qrcode.error_correction.upper(), 1)
        return (
            self.align(Align.CENTER)
            + ESC + GS + b"yS0\x02"  # model 2
            + ESC + GS + b"yS1" + bytes((level,))
            + ESC + GS + b"yS2" + bytes((size,))
            + ESC + GS + b"yD1\x00" + len(stored).to_bytes(2, "little") + stored
            + ESC + GS + b"yP"
            + b"\n"
            + self.align(Align.LEFT)
        )

    def raster(self, image: RasterImage) -> bytes:
        # NOTE: both logo commands are written from Star's specifications and have not
        # been checked on a printer yet.
        if self.config.dialect is PrinterDialect.STARPRNT:
            return (
                self.align(Align.CENTER)
                + ESC + GS + b"S\x01"
                + image.width_bytes.to_bytes(2, "little")
                + image.height.to_bytes(2, "little")
                + b"\x00"
                + image.data
                + self.align(Align.LEFT)
            )
        paper_bytes = self.config.columns * DOTS_PER_COLUMN // 8
        margin = bytes(max(0, (paper_bytes - image.width_bytes) // 2))
        out = bytearray(ESC + b"*rA")
        for row in range(image.height):
            line = margin + image.data[row * image.width_bytes : (row + 1) * image.width_bytes]
            out += b"b" + len(line).to_bytes(2, "little") + line
        out += ESC + b"*rB"
        return bytes(out)

    def feed(self, lines: int) -> bytes:
        return ESC + b"a" + bytes((max(1, min(127, lines)),))

    def cut(self, mode: CutMode) -> bytes:
        # ESC d 2/3: feed to the cutting position, then cut (2 full, 3 partial).
        return ESC + b"d" + (b"\x03" if mode is CutMode.PARTIAL else b"\x02")

    def drawer_kick(self, pin: int, on_ms: int, off_ms: int) -> bytes:
        """Pin 2 (external device 1): ESC BEL n1 n2 then BEL, pulses in 10 ms units.

        Pin 5 (external device 2) is fired with SUB. Its pulse width cannot be set by
        command, so the printer's memory-switch setting applies.
        """
        if pin == 2:
            return ESC + BEL + bytes((_pulse_units(on_ms), _pulse_units(off_ms))) + BEL
        if pin == 5:
            return SUB
        raise ValueError(f"drawer pin must be 2 or 5, got {pin}")
