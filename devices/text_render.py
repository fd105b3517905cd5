"""Plain-text rendering of a receipt, with the same layout as the printed one.

Used for previews, journal files, tests, and the ``text`` printer dialect (which sends
the text as CP932 with the same substitutions as the Japanese encoders).
"""

from __future__ import annotations

from backend.domain.receipt import (
    Align,
    Barcode,
    Cut,
    Feed,
    Logo,
    QRCode,
    ReceiptDocument,
    Text,
    layout_text,
)
from devices.charset import CP932Encoder
from devices.config import CutMode, PrinterConfig
from devices.layout import LayoutItem, TextLine, layout_document

CUT_MARKER = "✂"


def render_lines(document: ReceiptDocument, columns: int, *, show_cuts: bool = True) -> list[str]:
    """Return the receipt as lines of at most ``columns`` display columns.

    Double-width text is shown with its characters once (the line already fits the
    narrower width); barcodes, QR codes and logos appear as bracketed placeholders.
    """
    lines: list[str] = []
    for item in layout_document(document, columns):
        lines.extend(item_lines(item, columns, show_cuts=show_cuts))
    return lines


def item_lines(item: LayoutItem, columns: int, *, show_cuts: bool = True) -> list[str]:
    """Return the text lines that stand for one laid-out item."""
    if isinstance(item, TextLine):
        return [item.text]
    if isinstance(item, Barcode):
        return _placeholder(f"[{item.symbology.value.upper()} {item.data}]", columns)
    if isinstance(item, QRCode):
        return _placeholder(f"[QR {item.data}]", columns)
    if isinstance(item, Logo):
        return _placeholder(f"[logo {item.name}]", columns)
    if isinstance(item, Feed):
        return [""] * item.lines
    if isinstance(item, Cut) and show_cuts:
        return [CUT_MARKER + "-" * (columns - 1)]
    return []


def render_text(document: ReceiptDocument, columns: int) -> str:
    """Return the receipt as one string, lines ending in newline."""
    return "".join(line + "\n" for line in render_lines(document, columns))


def _placeholder(text: str, columns: int) -> list[str]:
    return layout_text(Text(text, Align.CENTER), columns)


class TextEncoder:
    """The ``text`` printer dialect: rendered lines as CP932, a form feed for each cut."""

    def __init__(self, config: PrinterConfig) -> None:
        self.config = config

    def encode(self, document: ReceiptDocument, columns: int | None = None) -> bytes:
        width = columns or self.config.columns
        encoder = CP932Encoder(
            self.config.kanji_ranges,
            wide_substitute=self.config.wide_substitute,
            narrow_substitute=self.config.narrow_substitute,
            device=self.config.name,
        )
        out = bytearray()
        for item in layout_document(document, width):
            if isinstance(item, Cut):
                out += b"\x0c"
                continue
            for line in item_lines(item, width):
                out += encoder.encode(line) + b"\n"
        encoder.log_substitutions(str(document.receipt_number or ""))
        return bytes(out)

    def cut(self, mode: CutMode) -> bytes:
        return b"\x0c"

    def drawer_kick(self, pin: int, on_ms: int, off_ms: int) -> bytes:
        return b""
