"""Receipt logos: loading a PNG, the built-in OpenRegi mark, and raster conversion.

A ``Logo(name)`` operation names a PNG. The printer configuration's ``logo_path`` wins,
then ``resources/<name>.png``. For ``receipt_logo`` with no file, the built-in mark is
drawn in code with a 5x9 pixel font, so it is the same on every machine and the
repository needs no binary file. Run ``python -m devices.logo PATH`` to write the
built-in mark as a PNG that a store can edit.
"""

from __future__ import annotations

import argparse
import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# The functions import PIL (about 10 ms) when they run, because the backend imports this
# module at start-up and needs a logo only for the first receipt.
if TYPE_CHECKING:
    from PIL import Image

logger = logging.getLogger(__name__)

DEFAULT_LOGO_NAME = "receipt_logo"
RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"

_GLYPHS: dict[str, tuple[str, ...]] = {
    "O": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.", ".....", "....."),
    "p": (".....", ".....", "####.", "#...#", "#...#", "#...#", "####.", "#....", "#...."),
    "e": (".....", ".....", ".###.", "#...#", "#####", "#....", ".####", ".....", "....."),
    "n": (".....", ".....", "####.", "#...#", "#...#", "#...#", "#...#", ".....", "....."),
    "R": ("####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#", ".....", "....."),
    "g": (".....", ".....", ".####", "#...#", "#...#", "#...#", ".####", "....#", ".###."),
    "i": ("..#..", ".....", ".##..", "..#..", "..#..", "..#..", ".###.", ".....", "....."),
}
_SCALE = 4
_HEIGHT = 48


@dataclass(frozen=True, slots=True)
class RasterImage:
    """A 1-bit image packed row by row, most significant bit first, 1 = black dot."""

    width_bytes: int
    height: int
    data: bytes


def draw_default_logo() -> Image.Image:
    """Draw the built-in mark: a receipt icon and the word OpenRegi, 1-bit, 248x48."""
    from PIL import Image, ImageDraw

    text = "OpenRegi"
    glyph_width = 5 * _SCALE + _SCALE
    image = Image.new("1", (56 + glyph_width * len(text), _HEIGHT), 1)
    draw = ImageDraw.Draw(image)

    # Receipt icon: a slip with a zigzag torn edge and three printed lines.
    outline = [(6, 2), (38, 2), (38, 40), (34, 45), (30, 40), (26, 45), (22, 40), (18, 45),
               (14, 40), (10, 45), (6, 40)]
    draw.polygon(outline, fill=0)
    draw.rectangle((10, 6, 34, 36), fill=1)
    for top in (10, 18, 26):
        draw.rectangle((13, top, 31, top + 3), fill=0)

    # The word, drawn from the pixel font.
    left, top = 50, (_HEIGHT - 9 * _SCALE) // 2 + 2
    for char in text:
        for row, bits in enumerate(_GLYPHS[char]):
            for column, bit in enumerate(bits):
                if bit == "#":
                    x = left + column * _SCALE
                    y = top + row * _SCALE
                    draw.rectangle((x, y, x + _SCALE - 1, y + _SCALE - 1), fill=0)
        left += glyph_width
    return image


def find_logo_file(name: str, logo_path: str | None = None) -> Path | None:
    """Return the PNG to use for ``name``, or None when the built-in mark applies."""
    if logo_path:
        return Path(logo_path)
    candidate = RESOURCES_DIR / f"{name}.png"
    return candidate if candidate.is_file() else None


def load_logo(name: str, logo_path: str | None = None) -> Image.Image | None:
    """Load the logo as a 1-bit image, or return None (and log) when it is not available."""
    from PIL import Image

    path = find_logo_file(name, logo_path)
    if path is None:
        if name == DEFAULT_LOGO_NAME:
            return _default_logo_cached().copy()
        logger.warning("logo %r not found in %s; printing without it", name, RESOURCES_DIR)
        return None
    try:
        with Image.open(path) as source:
            return to_one_bit(source)
    except OSError as error:
        logger.error("cannot read logo %s (%s); printing without it", path, error)
        return None


@functools.cache
def _default_logo_cached() -> Image.Image:
    return draw_default_logo()


def to_one_bit(image: Image.Image) -> Image.Image:
    """Convert any image to 1-bit black and white with a fixed threshold (no dithering)."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "P"):
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        background.alpha_composite(image.convert("RGBA"))
        image = background
    gray = image.convert("L")
    return gray.point(lambda value: 255 if value >= 128 else 0, mode="1")


def fit_width(image: Image.Image, max_width: int) -> Image.Image:
    """Scale the image down to at most ``max_width`` dots wide, keeping its aspect ratio."""
    from PIL import Image

    if image.width <= max_width:
        return image
    height = max(1, image.height * max_width // image.width)
    resized = image.convert("L").resize((max_width, height), Image.Resampling.LANCZOS)
    return resized.point(lambda value: 255 if value >= 128 else 0, mode="1")


def to_raster(image: Image.Image) -> RasterImage:
    """Pack a 1-bit image for GS v 0 and Star raster commands (width padded to 8 dots)."""
    from PIL import Image

    one_bit = image if image.mode == "1" else to_one_bit(image)
    width_bytes = (one_bit.width + 7) // 8
    padded = Image.new("1", (width_bytes * 8, one_bit.height), 1)
    padded.paste(one_bit, (0, 0))
    # PIL packs mode "1" rows MSB first with 1 = white; printers want 1 = black.
    packed = padded.tobytes()
    data = bytes(byte ^ 0xFF for byte in packed)
    return RasterImage(width_bytes=width_bytes, height=one_bit.height, data=data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the built-in receipt logo as a PNG.")
    parser.add_argument("path", type=Path, help="output PNG file")
    args = parser.parse_args(argv)
    draw_default_logo().save(args.path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
