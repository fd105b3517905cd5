"""The receipt document: a width-independent list of printing operations.

A layout plugin turns a completed transaction into a :class:`ReceiptDocument`. Renderers
(ESC/POS and Star bytes, plain text, PNG) turn the document into output for a given paper
width in columns, so one document serves 58 mm (32 columns) and 80 mm (42 or 48 columns)
paper alike. Column counts use :func:`display_width`: a character that a Japanese printer
prints from its double-byte (Kanji) font takes two columns, everything else one.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

# Characters that print as one column although Shift_JIS has no single byte for them
# (the yen sign is 0x5C under the Japan international character set).
_SINGLE_COLUMN_EXTRA = frozenset("¥‾")


@functools.lru_cache(maxsize=8192)
def char_width(char: str) -> int:
    """Return the number of print columns one character takes (1 or 2)."""
    if char in _SINGLE_COLUMN_EXTRA:
        return 1
    try:
        return 2 if len(char.encode("cp932")) == 2 else 1
    except UnicodeEncodeError:
        # Not in Shift_JIS: printers substitute it, screens show it by its Unicode width.
        return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


# Receipts repeat most of their strings (header, footer, item names), so widths are cached.
@functools.lru_cache(maxsize=4096)
def display_width(text: str) -> int:
    """Return the number of print columns a string takes."""
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))


def cut_to_width(text: str, width: int) -> str:
    """Cut text so it takes at most ``width`` columns, never splitting a full-width character."""
    if text.isascii():
        return text[: max(width, 0)]
    if display_width(text) <= width:
        return text
    used = 0
    for index, char in enumerate(text):
        used += char_width(char)
        if used > width:
            return text[:index]
    return text


def wrap_to_width(text: str, width: int) -> list[str]:
    """Wrap text into lines of at most ``width`` columns (character wrapping, as Japanese has
    no spaces between words)."""
    if width < 2:
        raise ValueError(f"width must be at least 2 columns, got {width}")
    lines: list[str] = []
    rest = text
    while display_width(rest) > width:
        head = cut_to_width(rest, width)
        lines.append(head)
        rest = rest[len(head) :]
    if rest or not lines:
        lines.append(rest)
    return lines


def pad_to_width(text: str, width: int, align: Align) -> str:
    """Pad text with spaces to ``width`` columns, aligned left, centre or right."""
    gap = max(0, width - display_width(text))
    if align is Align.RIGHT:
        return " " * gap + text
    if align is Align.CENTER:
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap


class Align(enum.StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class BarcodeSymbology(enum.StrEnum):
    CODE128 = "code128"
    JAN13 = "jan13"
    JAN8 = "jan8"


@dataclass(frozen=True, slots=True)
class TextStyle:
    """Character style of one operation; width and height are multipliers of 1 or 2."""

    bold: bool = False
    underline: bool = False
    invert: bool = False
    width: int = 1
    height: int = 1

    def __post_init__(self) -> None:
        if self.width not in (1, 2) or self.height not in (1, 2):
            raise ValueError(f"text size multipliers must be 1 or 2, got {self.width}x{self.height}")


PLAIN = TextStyle()


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph of text, wrapped to the paper width."""

    text: str
    align: Align = Align.LEFT
    style: TextStyle = PLAIN


@dataclass(frozen=True, slots=True)
class Row:
    """A line with text on the left and an amount on the right.

    The right part always stays on the first line at the right margin. A left part too long
    to fit beside it wraps onto following lines (``wrap=True``) or is cut.
    """

    left: str
    right: str
    style: TextStyle = PLAIN
    wrap: bool = True


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal rule across the full width."""

    char: str = "-"


@dataclass(frozen=True, slots=True)
class Barcode:
    data: str
    symbology: BarcodeSymbology = BarcodeSymbology.CODE128
    height_dots: int = 60
    human_readable: bool = True


@dataclass(frozen=True, slots=True)
class QRCode:
    data: str
    module_size: int = 4
    error_correction: str = "M"


@dataclass(frozen=True, slots=True)
class Logo:
    """A stored logo image, named by its resource key (printed as a raster image)."""

    name: str


@dataclass(frozen=True, slots=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True, slots=True)
class Cut:
    partial: bool = True


Operation = Text | Row | Rule | Barcode | QRCode | Logo | Feed | Cut


class ReceiptKind(enum.StrEnum):
    SALE = "sale"
    RETURN = "return"
    VOID = "void"
    REPORT = "report"
    CASH = "cash"
    TEST_PAGE = "test_page"


@dataclass(frozen=True, slots=True)
class ReceiptDocument:
    """A receipt ready for any renderer, with flags renderers may show prominently."""

    operations: tuple[Operation, ...]
    kind: ReceiptKind = ReceiptKind.SALE
    training: bool = False
    reprint: bool = False
    receipt_number: int | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Operation]:
        return iter(self.operations)


def layout_row(row: Row, columns: int) -> list[str]:
    """Lay a Row out in ``columns`` character columns (before any size multiplier).

    Double-width text takes twice the columns, so the usable width is divided by the width
    multiplier. The amount on the right is never pushed off its line.
    """
    usable = columns // row.style.width
    right_width = display_width(row.right)
    if right_width >= usable:
        return [cut_to_width(row.right, usable)]
    left_room = usable - right_width - 1
    first = cut_to_width(row.left, left_room)
    lines = [pad_to_width(first, usable - right_width, Align.LEFT) + row.right]
    rest = row.left[len(first) :]
    if row.wrap and rest:
        lines.extend(wrap_to_width(rest, usable))
    return lines


def layout_text(text: Text, columns: int) -> list[str]:
    """Lay a Text paragraph out in ``columns`` columns, honouring explicit newlines."""
    usable = columns // text.style.width
    lines: list[str] = []
    for paragraph in text.text.split("\n"):
        for line in wrap_to_width(paragraph, usable):
            lines.append(
                pad_to_width(line, usable, text.align).rstrip() if text.align is not Align.LEFT else line
            )
    return lines


_OPERATION_TYPES: dict[str, type] = {
    "text": Text,
    "row": Row,
    "rule": Rule,
    "barcode": Barcode,
    "qrcode": QRCode,
    "logo": Logo,
    "feed": Feed,
    "cut": Cut,
}
_OPERATION_NAMES = {cls: name for name, cls in _OPERATION_TYPES.items()}


def _defaults_of(cls: type) -> dict[str, object]:
    """Return the default value of each field of a dataclass that has one."""
    return {
        item.name: item.default for item in dataclasses.fields(cls) if item.default is not dataclasses.MISSING
    }


# Stored print jobs leave out every field that has its default value: a sample sale receipt
# shrinks from 5.2 KB to 2.2 KB of JSON. Reading fills the defaults back in.
_OPERATION_DEFAULTS = {cls: _defaults_of(cls) for cls in _OPERATION_NAMES}
_STYLE_DEFAULTS = _defaults_of(TextStyle)


def _style_to_dict(style: TextStyle) -> dict[str, object]:
    values = {name: getattr(style, name) for name in TextStyle.__slots__}
    return {name: value for name, value in values.items() if value != _STYLE_DEFAULTS[name]}


def _operation_to_dict(operation: Operation) -> dict[str, object]:
    cls = type(operation)
    defaults = _OPERATION_DEFAULTS[cls]
    data: dict[str, object] = {"op": _OPERATION_NAMES[cls]}
    for name in operation.__slots__:
        value = getattr(operation, name)
        if name in defaults and value == defaults[name]:
            continue
        if isinstance(value, TextStyle):
            value = _style_to_dict(value)
        elif isinstance(value, enum.Enum):
            value = value.value
        data[name] = value
    return data


def _operation_from_dict(data: dict[str, object]) -> Operation:
    fields = dict(data)
    cls = _OPERATION_TYPES[str(fields.pop("op"))]
    if isinstance(fields.get("style"), dict):
        fields["style"] = TextStyle(**fields["style"])  # type: ignore[arg-type]
    if "align" in fields:
        fields["align"] = Align(str(fields["align"]))
    if "symbology" in fields:
        fields["symbology"] = BarcodeSymbology(str(fields["symbology"]))
    operation: Operation = cls(**fields)
    return operation


def document_to_dict(document: ReceiptDocument) -> dict[str, object]:
    """Serialise a document to JSON-compatible data (stored with each print job)."""
    return {
        "kind": document.kind.value,
        "training": document.training,
        "reprint": document.reprint,
        "receipt_number": document.receipt_number,
        "metadata": dict(document.metadata),
        "operations": [_operation_to_dict(operation) for operation in document.operations],
    }


def document_from_dict(data: dict[str, object]) -> ReceiptDocument:
    """Rebuild a document stored by :func:`document_to_dict`."""
    operations = data["operations"]
    if not isinstance(operations, list):
        raise ValueError("receipt document has no operations list")
    number = data.get("receipt_number")
    metadata = data.get("metadata") or {}
    return ReceiptDocument(
        operations=tuple(_operation_from_dict(item) for item in operations),
        kind=ReceiptKind(str(data.get("kind", "sale"))),
        training=bool(data.get("training", False)),
        reprint=bool(data.get("reprint", False)),
        receipt_number=int(number) if isinstance(number, int) else None,
        metadata={str(k): str(v) for k, v in dict(metadata).items()},  # type: ignore[call-overload]
    )


def render_text(document: ReceiptDocument, columns: int) -> str:
    """Render a document as plain text lines of ``columns`` columns (for previews and logs).

    Double-width text is shown at single width; barcodes and QR codes show their data.
    """
    lines: list[str] = []
    for operation in document.operations:
        if isinstance(operation, Text):
            lines.extend(layout_text(operation, columns * operation.style.width))
        elif isinstance(operation, Row):
            lines.extend(layout_row(Row(operation.left, operation.right, PLAIN, operation.wrap), columns))
        elif isinstance(operation, Rule):
            lines.append(operation.char * (columns // max(1, char_width(operation.char))))
        elif isinstance(operation, Barcode):
            lines.append(pad_to_width(f"|||| {operation.data} ||||", columns, Align.CENTER).rstrip())
        elif isinstance(operation, QRCode):
            lines.append(pad_to_width(f"[QR {operation.data}]", columns, Align.CENTER).rstrip())
        elif isinstance(operation, Logo):
            lines.append(pad_to_width(f"[{operation.name}]", columns, Align.CENTER).rstrip())
        elif isinstance(operation, Feed):
            lines.extend([""] * operation.lines)
        elif isinstance(operation, Cut):
            lines.append("")
    return "\n".join(line.rstrip() for line in lines) + "\n"
