"""Pick the byte encoder for a configured printer dialect."""

from __future__ import annotations

from typing import Protocol

from backend.domain.receipt import ReceiptDocument
from devices.config import CutMode, PrinterConfig, PrinterDialect
from devices.escpos_dialect import EscPosEncoder
from devices.star_dialect import StarEncoder
from devices.text_render import TextEncoder


class ReceiptEncoder(Protocol):
    """Turns a receipt into one dialect's bytes; also builds stand-alone commands."""

    def encode(self, document: ReceiptDocument, columns: int | None = None) -> bytes: ...

    def cut(self, mode: CutMode) -> bytes: ...

    def drawer_kick(self, pin: int, on_ms: int, off_ms: int) -> bytes: ...


def make_encoder(config: PrinterConfig) -> ReceiptEncoder:
    """Return the encoder for ``config.dialect``."""
    if config.dialect in (PrinterDialect.EPSON_JP, PrinterDialect.EPSON):
        return EscPosEncoder(config)
    if config.dialect in (PrinterDialect.STAR_LINE, PrinterDialect.STARPRNT):
        return StarEncoder(config)
    return TextEncoder(config)


def encode_receipt(document: ReceiptDocument, config: PrinterConfig, columns: int | None = None) -> bytes:
    """Return the bytes of ``document`` in the configured dialect (a convenience wrapper)."""
    return make_encoder(config).encode(document, columns)
