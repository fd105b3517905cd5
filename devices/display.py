"""Customer line display, 2 lines of 20 columns, Epson DM-D style commands.

The display has no Kanji font, so text is shown in half-width katakana from the Katakana
code table (ESC t 1). Hiragana and full-width katakana are converted (おにぎり becomes
ｵﾆｷﾞﾘ), full-width letters and digits become ASCII, and anything else becomes "?".
Under the Japan character set (ESC R 8) byte 0x5C shows ¥.
"""

from __future__ import annotations

import functools
import logging
import threading
import unicodedata

from devices.base import Capability, Device
from devices.config import DisplayConfig
from devices.transports import Transport

logger = logging.getLogger(__name__)

INITIALISE = b"\x1b@"
KATAKANA_TABLE = b"\x1bt\x01"
JAPAN_CHARACTER_SET = b"\x1bR\x08"
CLEAR = b"\x0c"


def move_cursor(column: int, row: int) -> bytes:
    """US $ x y: move the cursor to ``column`` and ``row``, both counted from 1."""
    return b"\x1f$" + bytes((column, row))


def format_yen(amount: int) -> str:
    """Format an integer yen amount as ¥1,080 or -¥100."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount must be an int of yen, got {type(amount).__name__}")
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,}"


@functools.cache
def _half_width_katakana() -> dict[str, str]:
    """Map full-width katakana (with voiced marks) to half-width katakana strings."""
    table: dict[str, str] = {}
    singles = [chr(code) for code in range(0xFF66, 0xFF9E)]
    for half in singles:
        table.setdefault(unicodedata.normalize("NFKC", half), half)
        for mark in ("ﾞ", "ﾟ"):
            combined = unicodedata.normalize("NFKC", half + mark)
            if len(combined) == 1:
                table.setdefault(combined, half + mark)
    for half in ("｡", "｢", "｣", "､", "･", "ﾞ", "ﾟ"):
        table.setdefault(unicodedata.normalize("NFKC", half), half)
    return table


def to_display_text(text: str) -> str:
    """Convert text to characters the display can show (ASCII and half-width katakana)."""
    table = _half_width_katakana()
    out: list[str] = []
    for char in text:
        code = ord(char)
        if 0x3041 <= code <= 0x3096:  # hiragana -> katakana
            char = chr(code + 0x60)
        if char in table:
            out.append(table[char])
            continue
        if char == "¥" or 0x20 <= ord(char) < 0x7F or 0xFF61 <= ord(char) <= 0xFF9F:
            out.append(char)
            continue
        normalised = unicodedata.normalize("NFKC", char)
        if normalised == "¥":
            out.append("¥")
        elif len(normalised) == 1 and 0x20 <= ord(normalised) < 0x7F:
            out.append(normalised)
        else:
            out.append("?")
    return "".join(out)


def _encode(text: str) -> bytes:
    return b"".join(b"\x5c" if char == "¥" else char.encode("cp932") for char in text)


def _fit(left: str, right: str, columns: int) -> str:
    """Put ``left`` and ``right`` on one line, cutting ``left`` so ``right`` fits."""
    room = columns - len(right)
    if room <= 0:
        return right[-columns:]
    cut = left[: room - 1] if len(left) >= room else left
    return cut + " " * (room - len(cut)) + right


class CustomerDisplay(Device):
    """A 2 x 20 line display. ``lines`` contains the two lines it shows now."""

    def __init__(self, config: DisplayConfig, transport: Transport) -> None:
        super().__init__(config.name, transport.location)
        self.config = config
        self.transport = transport
        self.lines: tuple[str, str] = ("", "")
        self._lock = threading.Lock()

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset({Capability.LINE_DISPLAY})

    def _on_claim(self, timeout: float | None) -> None:
        self.transport.open()

    def _on_enable(self) -> None:
        with self._lock:
            self.transport.write(INITIALISE + JAPAN_CHARACTER_SET + KATAKANA_TABLE + CLEAR)
            self.lines = ("", "")

    def _on_release(self) -> None:
        self.transport.close()

    def show_message(self, line1: str, line2: str = "") -> None:
        """Show two lines of text, each cut or padded to the display width."""
        self._require_enabled("write to the display")
        columns = self.config.columns
        first = to_display_text(line1)[:columns]
        second = to_display_text(line2)[:columns]
        data = CLEAR + move_cursor(1, 1) + _encode(first) + move_cursor(1, 2) + _encode(second)
        with self._lock:
            self.transport.write(data)
            self.lines = (first, second)

    def show_item(self, name: str, price: int) -> None:
        """Show an item name on line 1 and its price at the right of line 2."""
        self.show_message(name, _fit("", format_yen(price), self.config.columns))

    def show_total(self, total: int) -> None:
        self.show_message("ｺﾞｳｹｲ", _fit("", format_yen(total), self.config.columns))

    def show_change(self, paid: int, change: int) -> None:
        columns = self.config.columns
        self.show_message(
            _fit("ｵｱｽﾞｶﾘ", format_yen(paid), columns), _fit("ｵﾂﾘ", format_yen(change), columns)
        )

    def clear(self) -> None:
        self._require_enabled("clear the display")
        with self._lock:
            self.transport.write(CLEAR)
            self.lines = ("", "")
