"""The shared walk over a laid-out receipt that every byte dialect (Epson, Star) uses.

A dialect subclass supplies the command bytes. This class lays the document out and
tracks the current text style, so only style changes are sent. It also encodes text
with the configured character encoder, checks barcode data, and logs character
substitutions once per job.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod

from backend.domain.receipt import (
    PLAIN,
    Align,
    Barcode,
    BarcodeSymbology,
    Cut,
    Feed,
    Logo,
    QRCode,
    ReceiptDocument,
    TextStyle,
)
from devices.barcodes import has_valid_gs1_check_digit
from devices.charset import CodePageEncoder, CP932Encoder, TextEncoder
from devices.config import CutMode, PrinterConfig, PrinterDialect
from devices.layout import TextLine, layout_document
from devices.logo import RasterImage, fit_width, load_logo, to_raster

logger = logging.getLogger(__name__)

DOTS_PER_COLUMN = 12  # Font A is 12 x 24 dots: 48 columns = 576 dots on 80 mm paper


class InvalidBarcodeError(ValueError):
    """Barcode data that the symbology cannot carry."""


def barcode_payload(barcode: Barcode) -> str:
    """Return the data to send for ``barcode``: JAN without its check digit (the printer
    adds it), CODE128 as given. Raises InvalidBarcodeError for data the symbology rejects.
    """
    data = barcode.data
    if barcode.symbology is BarcodeSymbology.CODE128:
        if not data or not all(0x20 <= ord(char) < 0x7F for char in data):
            raise InvalidBarcodeError(f"CODE128 needs printable ASCII, got {data!r}")
        return data
    length = 13 if barcode.symbology is BarcodeSymbology.JAN13 else 8
    if not data.isascii() or not data.isdigit() or len(data) not in (length - 1, length):
        raise InvalidBarcodeError(
            f"{barcode.symbology.value} needs {length - 1} or {length} digits, got {data!r}"
        )
    if len(data) == length and not has_valid_gs1_check_digit(data):
        raise InvalidBarcodeError(f"{barcode.symbology.value} {data} has a wrong check digit")
    return data[: length - 1]


class ByteEncoder(ABC):
    """Encode a :class:`ReceiptDocument` into one dialect's bytes."""

    def __init__(self, config: PrinterConfig) -> None:
        self.config = config

    # -- the walk -----------------------------------------------------------------------

    def encode(self, document: ReceiptDocument, columns: int | None = None) -> bytes:
        """Return the complete bytes for ``document`` at ``columns`` (default: configured)."""
        width = columns or self.config.columns
        text_encoder = self.new_text_encoder()
        out = bytearray(self.initialise())
        style = PLAIN
        for item in layout_document(document, width):
            if isinstance(item, TextLine):
                if item.style != style:
                    out += self.style_change(style, item.style)
                    style = item.style
                out += text_encoder.encode(item.text) + b"\n"
                continue
            if style != PLAIN:
                out += self.style_change(style, PLAIN)
                style = PLAIN
            out += self._encode_block(item, width, text_encoder)
        if style != PLAIN:
            out += self.style_change(style, PLAIN)
        text_encoder.log_substitutions(str(document.receipt_number or ""))
        return bytes(out)

    def _encode_block(
        self, item: Barcode | QRCode | Logo | Feed | Cut, columns: int, text: TextEncoder
    ) -> bytes:
        if isinstance(item, Barcode):
            try:
                payload = barcode_payload(item)
            except InvalidBarcodeError as error:
                # A wrong barcode must not cost the customer the receipt: print the data.
                logger.error("printing barcode data as text: %s", error)
                return self.align(Align.CENTER) + text.encode(item.data) + b"\n" + self.align(
                    Align.LEFT
                )
            return self.barcode(item, payload)
        if isinstance(item, QRCode):
            return self.qrcode(item, text.encode(item.data))
        if isinstance(item, Logo):
            image = load_logo(item.name, self.config.logo_path)
            if image is None:
                return b""
            return self.raster(to_raster(fit_width(image, columns * DOTS_PER_COLUMN)))
        if isinstance(item, Feed):
            return self.feed(item.lines)
        return self.cut(CutMode.PARTIAL if item.partial else CutMode.FULL)

    def new_text_encoder(self) -> TextEncoder:
        if self.config.dialect is PrinterDialect.EPSON:
            return CodePageEncoder(
                self.config.code_page,
                narrow_substitute=self.config.narrow_substitute,
                device=self.config.name,
            )
        return CP932Encoder(
            self.config.kanji_ranges,
            wide_substitute=self.config.wide_substitute,
            narrow_substitute=self.config.narrow_substitute,
            device=self.config.name,
        )

    # -- commands each dialect provides -------------------------------------------------

    @abstractmethod
    def initialise(self) -> bytes:
        """Reset the printer and select character sets for this job."""

    @abstractmethod
    def style_change(self, old: TextStyle, new: TextStyle) -> bytes:
        """Switch from ``old`` to ``new`` text style, sending only what differs."""

    @abstractmethod
    def align(self, align: Align) -> bytes: ...

    @abstractmethod
    def barcode(self, barcode: Barcode, payload: str) -> bytes: ...

    @abstractmethod
    def qrcode(self, qrcode: QRCode, data: bytes) -> bytes: ...

    @abstractmethod
    def raster(self, image: RasterImage) -> bytes: ...

    @abstractmethod
    def feed(self, lines: int) -> bytes: ...

    @abstractmethod
    def cut(self, mode: CutMode) -> bytes: ...

    @abstractmethod
    def drawer_kick(self, pin: int, on_ms: int, off_ms: int) -> bytes:
        """Return the command that pulses drawer connector ``pin`` (2 or 5)."""
