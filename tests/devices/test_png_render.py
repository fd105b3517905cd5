"""PNG previews: paper width in dots and visible Japanese text at the top."""

from __future__ import annotations

import pytest
from PIL import ImageOps

from backend.domain.receipt import Align, ReceiptDocument, Text, TextStyle
from devices.png_render import find_japanese_font, render_png
from tests.devices.receipts import sale_receipt


@pytest.mark.parametrize(("paper_mm", "columns", "width"), [(80, 48, 576), (80, 42, 576), (58, 32, 384)])
def test_png_has_paper_width(paper_mm, columns, width):
    image = render_png(sale_receipt(), columns, paper_mm)

    assert image.width == width
    assert image.height > 600


def test_top_text_region_is_not_blank(tmp_path):
    document = ReceiptDocument((Text("領収書 おにぎり 鮭", Align.CENTER, TextStyle(bold=True)),))
    path = tmp_path / "receipt.png"

    image = render_png(document, 48, 80, path)

    top = image.crop((0, 0, image.width, 40))
    ink = ImageOps.invert(top).getbbox()
    assert ink is not None
    assert path.read_bytes().startswith(b"\x89PNG")


def test_japanese_font_is_found():
    path = find_japanese_font()

    assert path.is_file()


def test_too_many_columns_for_58_mm_rejected():
    with pytest.raises(ValueError, match="wider than 58 mm"):
        render_png(sale_receipt(), 48, 58)
