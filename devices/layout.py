"""Lay a receipt document out in lines, shared by every renderer and encoder.

Text and rows become :class:`TextLine` values already padded and aligned in columns (see
``backend.domain.receipt``), so the byte encoders, the text renderer and the PNG
renderer print the same characters in the same places. Barcodes, QR codes, logos, feeds
and cuts pass through unchanged. Reprints and training receipts get banners here, so no
renderer can forget them.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.domain.receipt import (
    Align,
    Barcode,
    Cut,
    Feed,
    Logo,
    Operation,
    QRCode,
    ReceiptDocument,
    Row,
    Rule,
    Text,
    TextStyle,
    char_width,
    layout_row,
    layout_text,
)

REPRINT_BANNER = "【再発行】"
TRAINING_BANNER = "【トレーニング】"
_BANNER_STYLE = TextStyle(bold=True, width=2, height=2)


@dataclass(frozen=True, slots=True)
class TextLine:
    """One printed line: ``text`` fits the paper at the style's width multiplier."""

    text: str
    style: TextStyle


LayoutItem = TextLine | Barcode | QRCode | Logo | Feed | Cut


def with_banners(document: ReceiptDocument) -> tuple[Operation, ...]:
    """Return the document's operations with reprint and training banners added.

    A reprint gets 【再発行】 at the top. A training receipt gets 【トレーニング】 at the
    top and again before its final cut, so a torn-off half still shows it.
    """
    operations = list(document.operations)
    header: list[Operation] = []
    if document.training:
        header.append(Text(TRAINING_BANNER, Align.CENTER, _BANNER_STYLE))
    if document.reprint:
        header.append(Text(REPRINT_BANNER, Align.CENTER, _BANNER_STYLE))
    if document.training:
        footer = Text(TRAINING_BANNER, Align.CENTER, _BANNER_STYLE)
        if operations and isinstance(operations[-1], Cut):
            operations.insert(len(operations) - 1, footer)
        else:
            operations.append(footer)
    return (*header, *operations)


def layout_document(document: ReceiptDocument, columns: int) -> list[LayoutItem]:
    """Lay the document out for a paper ``columns`` wide (32, 42 or 48)."""
    if columns < 16:
        raise ValueError(f"columns must be at least 16, got {columns}")
    items: list[LayoutItem] = []
    for operation in with_banners(document):
        if isinstance(operation, Text):
            items.extend(TextLine(line, operation.style) for line in layout_text(operation, columns))
        elif isinstance(operation, Row):
            items.extend(TextLine(line, operation.style) for line in layout_row(operation, columns))
        elif isinstance(operation, Rule):
            width = char_width(operation.char)
            items.append(TextLine(operation.char * (columns // width), TextStyle()))
        else:
            items.append(operation)
    return items
