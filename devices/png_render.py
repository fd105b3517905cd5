"""PNG previews of receipts at the printer's dot width, drawn with Pillow.

Characters sit on the printer's grid of Epson Font A at the default line spacing. A
column is 12 dots and a line 24 dots plus 6 dots of spacing, so the preview wraps and
aligns like the printed receipt. Paper is 384 dots wide for 58 mm and 576
dots for 80 mm (203 dpi print heads). Text needs a Japanese font: Noto Sans CJK
(Debian package fonts-noto-cjk) is found through fontconfig or known paths.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from pathlib import Path

import barcode as barcode_library
import qrcode as qrcode_library
from PIL import Image, ImageDraw, ImageFont

from backend.domain.receipt import (
    PLAIN,
    Barcode,
    BarcodeSymbology,
    Cut,
    Feed,
    Logo,
    QRCode,
    ReceiptDocument,
    char_width,
)
from devices.encoder_base import DOTS_PER_COLUMN, InvalidBarcodeError, barcode_payload
from devices.layout import TextLine, layout_document
from devices.logo import fit_width, load_logo

logger = logging.getLogger(__name__)

PAPER_DOTS = {58: 384, 80: 576}
GLYPH_HEIGHT = 24
LINE_PITCH = 30
_MARGIN = 12

_KNOWN_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "C:/Windows/Fonts/msgothic.ttc",
    "C:/Windows/Fonts/YuGothM.ttc",
    "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
)
_PROBE = "あ漢ｱ"


class FontNotFoundError(RuntimeError):
    """No font with Japanese glyphs was found for PNG previews."""


def find_japanese_font() -> Path:
    """Return a font file with Japanese glyphs, asking fontconfig first.

    Raises FontNotFoundError naming the package to install when none is found.
    """
    candidates: list[str] = []
    if shutil.which("fc-match"):
        try:
            result = subprocess.run(
                ["fc-match", "-f", "%{file}", "Noto Sans CJK JP:lang=ja"],
                capture_output=True, text=True, timeout=5, check=False,
            )
            if result.stdout.strip():
                candidates.append(result.stdout.strip())
        except (OSError, subprocess.SubprocessError) as error:
            logger.debug("fc-match failed: %s", error)
    candidates.extend(_KNOWN_FONT_FILES)
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file() and _has_japanese_glyphs(path):
            return path
    raise FontNotFoundError(
        "no Japanese font found for receipt previews; install Noto Sans CJK"
        " (Debian/Ubuntu: apt-get install fonts-noto-cjk)"
    )


def _has_japanese_glyphs(path: Path) -> bool:
    try:
        font = ImageFont.truetype(str(path), GLYPH_HEIGHT)
    except OSError:
        return False
    return all(font.getmask(char).getbbox() is not None for char in _PROBE)


@functools.cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    path = find_japanese_font()
    if bold:
        bold_path = Path(str(path).replace("Regular", "Bold"))
        if bold_path != path and bold_path.is_file():
            path = bold_path
    return ImageFont.truetype(str(path), GLYPH_HEIGHT - 2, index=0)


def render_png(
    document: ReceiptDocument,
    columns: int,
    paper_mm: int = 80,
    path: str | Path | None = None,
    logo_path: str | None = None,
) -> Image.Image:
    """Draw the receipt as a grayscale image ``PAPER_DOTS[paper_mm]`` wide; save it to
    ``path`` as PNG when given."""
    if paper_mm not in PAPER_DOTS:
        raise ValueError(f"paper must be 58 or 80 mm, got {paper_mm}")
    width = PAPER_DOTS[paper_mm]
    text_width = columns * DOTS_PER_COLUMN
    if text_width > width:
        raise ValueError(f"{columns} columns need {text_width} dots, wider than {paper_mm} mm paper")

    blocks = [
        _render_item(item, columns, logo_path) for item in layout_document(document, columns)
    ]
    height = _MARGIN * 2 + sum(block.height for block in blocks)
    page = Image.new("L", (width, height), 255)
    top = _MARGIN
    left = (width - text_width) // 2
    for block in blocks:
        block_left = left if block.width == text_width else (width - block.width) // 2
        page.paste(block, (block_left, top))
        top += block.height
    if path is not None:
        page.save(path, format="PNG")
    return page


def _render_item(
    item: TextLine | Barcode | QRCode | Logo | Feed | Cut, columns: int, logo_path: str | None
) -> Image.Image:
    text_width = columns * DOTS_PER_COLUMN
    if isinstance(item, TextLine):
        return _render_text_line(item, columns)
    if isinstance(item, Barcode):
        return _render_barcode(item, text_width)
    if isinstance(item, QRCode):
        return _render_qrcode(item)
    if isinstance(item, Logo):
        image = load_logo(item.name, logo_path)
        if image is None:
            return Image.new("L", (text_width, 1), 255)
        return fit_width(image, text_width).convert("L")
    if isinstance(item, Feed):
        return Image.new("L", (text_width, LINE_PITCH * item.lines), 255)
    return _render_cut(text_width)


def _render_text_line(line: TextLine, columns: int) -> Image.Image:
    style = line.style
    cells = columns // style.width
    base = Image.new("L", (cells * DOTS_PER_COLUMN, GLYPH_HEIGHT), 0 if style.invert else 255)
    draw = ImageDraw.Draw(base)
    ink = 255 if style.invert else 0
    font = _font(style.bold)
    column = 0
    for char in line.text:
        span = char_width(char)
        if char != " ":
            cell_left = column * DOTS_PER_COLUMN
            glyph_width = font.getlength(char)
            x = cell_left + (span * DOTS_PER_COLUMN - glyph_width) / 2
            draw.text((x, GLYPH_HEIGHT - 3), char, font=font, fill=ink, anchor="ls")
        column += span
    if style.underline:
        draw.line((0, GLYPH_HEIGHT - 1, column * DOTS_PER_COLUMN, GLYPH_HEIGHT - 1), fill=ink, width=1)
    scaled = base.resize((base.width * style.width, GLYPH_HEIGHT * style.height), Image.Resampling.NEAREST)
    pitch = LINE_PITCH + GLYPH_HEIGHT * (style.height - 1)
    out = Image.new("L", (columns * DOTS_PER_COLUMN, pitch), 255)
    out.paste(scaled, (0, 0))
    return out


def _render_barcode(item: Barcode, text_width: int) -> Image.Image:
    try:
        payload = barcode_payload(item)
    except InvalidBarcodeError:
        return _render_text_line(TextLine(item.data, style=PLAIN), text_width // DOTS_PER_COLUMN)
    kind = {BarcodeSymbology.JAN13: "ean13", BarcodeSymbology.JAN8: "ean8",
            BarcodeSymbology.CODE128: "code128"}[item.symbology]
    symbol = barcode_library.get_barcode_class(kind)(payload)
    modules = symbol.build()[0]
    module_width = 2 if len(modules) * 2 <= text_width else 1
    label_height = LINE_PITCH if item.human_readable else 0
    image = Image.new("L", (len(modules) * module_width + 20, item.height_dots + label_height + 6), 255)
    draw = ImageDraw.Draw(image)
    for index, module in enumerate(modules):
        if module == "1":
            x = 10 + index * module_width
            draw.rectangle((x, 0, x + module_width - 1, item.height_dots - 1), fill=0)
    if item.human_readable:
        label = symbol.get_fullcode()
        font = _font(False)
        draw.text((image.width / 2, item.height_dots + GLYPH_HEIGHT), label, font=font, fill=0, anchor="ms")
    return image


def _render_qrcode(item: QRCode) -> Image.Image:
    level = {"L": qrcode_library.constants.ERROR_CORRECT_L, "M": qrcode_library.constants.ERROR_CORRECT_M,
             "Q": qrcode_library.constants.ERROR_CORRECT_Q, "H": qrcode_library.constants.ERROR_CORRECT_H}
    code = qrcode_library.QRCode(
        error_correction=level.get(item.error_correction.upper(), level["M"]), border=4
    )
    code.add_data(item.data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = max(1, item.module_size)
    image = Image.new("L", (len(matrix) * size, len(matrix) * size), 255)
    draw = ImageDraw.Draw(image)
    for row_index, row in enumerate(matrix):
        for column_index, dark in enumerate(row):
            if dark:
                x, y = column_index * size, row_index * size
                draw.rectangle((x, y, x + size - 1, y + size - 1), fill=0)
    return image


def _render_cut(text_width: int) -> Image.Image:
    image = Image.new("L", (text_width, LINE_PITCH), 255)
    draw = ImageDraw.Draw(image)
    for x in range(0, text_width, 12):
        draw.line((x, LINE_PITCH // 2, x + 6, LINE_PITCH // 2), fill=128, width=1)
    return image
