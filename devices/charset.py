"""Turn receipt text into the bytes a printer's character tables can print.

Japanese printers (Epson Japanese models, Star) get CP932: single bytes for ASCII and
half-width katakana (0xA1-0xDF under the Katakana table), two bytes for everything in the
Kanji font. A character the printer cannot print becomes a visible substitute of the same
width (〓 for two columns, ? for one) and is logged with its code point. The encoders
never produce UTF-8 or GB18030.

CP932 has up to three codes for some characters. Python's codec picks the NEC-selected
IBM extension (0xED/0xEE) for kanji such as 髙, which many printers lack, so this module
picks the first code that lies in a range the configured printer supports.
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Iterable

from backend.domain.receipt import char_width
from devices.config import KanjiRange

logger = logging.getLogger(__name__)

# Double-byte code ranges (inclusive) for each configurable Kanji area.
_KANJI_RANGE_CODES: dict[KanjiRange, tuple[tuple[int, int], ...]] = {
    KanjiRange.JIS_X0208: ((0x8140, 0x84BE), (0x889F, 0x9872), (0x989F, 0xEAA4)),
    KanjiRange.NEC_SPECIAL: ((0x8740, 0x879C),),
    KanjiRange.NEC_IBM_EXTENSION: ((0xED40, 0xEEFC),),
    KanjiRange.IBM_EXTENSION: ((0xFA40, 0xFC4B),),
    KanjiRange.USER_DEFINED: ((0xF040, 0xF9FC),),
}

# Under the Japan international character set (ESC R 8) 0x5C prints ¥ and 0x7E prints ‾.
_JAPAN_SET_SINGLE_BYTES = {"¥": 0x5C, "‾": 0x7E}


@functools.cache
def _double_byte_codes() -> dict[str, tuple[int, ...]]:
    """Map each character to every CP932 double-byte code that decodes to it.

    Codes are listed in the order Python's codec prefers, then in code order, so the
    first entry is what ``str.encode("cp932")`` returns.
    """
    codes: dict[str, list[int]] = {}
    lead_bytes = [*range(0x81, 0xA0), *range(0xE0, 0xFD)]
    for lead in lead_bytes:
        for trail in range(0x40, 0xFD):
            if trail == 0x7F:
                continue
            try:
                char = bytes((lead, trail)).decode("cp932")
            except UnicodeDecodeError:
                continue
            codes.setdefault(char, []).append(lead << 8 | trail)
    ordered: dict[str, tuple[int, ...]] = {}
    for char, found in codes.items():
        preferred = int.from_bytes(char.encode("cp932"), "big")
        rest = sorted(code for code in found if code != preferred)
        ordered[char] = (preferred, *rest)
    return ordered


def _candidate_codes(char: str) -> tuple[int, ...]:
    """Return the double-byte codes that print ``char``, Python's choice first.

    Some characters (¬ U+00AC) encode to a code that decodes to a different character
    (￢ U+FFE2), so the alternatives are looked up under the decoded character.
    """
    try:
        encoded = char.encode("cp932")
    except UnicodeEncodeError:
        return ()
    if len(encoded) != 2:
        return ()
    return _double_byte_codes().get(encoded.decode("cp932"), (int.from_bytes(encoded, "big"),))


def _in_ranges(code: int, ranges: Iterable[KanjiRange]) -> bool:
    return any(low <= code <= high for area in ranges for low, high in _KANJI_RANGE_CODES[area])


@functools.lru_cache(maxsize=8192)
def _cp932_bytes(char: str, ranges: frozenset[KanjiRange]) -> bytes | None:
    """Return the bytes that print ``char`` with the given Kanji ranges, or None when the
    printer cannot print it. Cached, because a receipt repeats few distinct characters."""
    code_point = ord(char)
    if char in _JAPAN_SET_SINGLE_BYTES:
        return bytes((_JAPAN_SET_SINGLE_BYTES[char],))
    if code_point < 0x20 or 0x7F <= code_point <= 0x9F:
        # Control characters would be read as printer commands, so they never print.
        return None
    if code_point < 0x7F:
        return bytes((code_point,))
    if 0xFF61 <= code_point <= 0xFF9F:  # half-width katakana: one byte each
        return char.encode("cp932")
    for code in _candidate_codes(char):
        if _in_ranges(code, ranges):
            return code.to_bytes(2, "big")
    return None


class CP932Encoder:
    """Encode text to CP932 for one print job, collecting every substitution made.

    Use one instance per job and call :meth:`log_substitutions` at the end, which writes
    one warning per distinct unprintable character with its code point and count.
    """

    def __init__(
        self,
        kanji_ranges: Iterable[KanjiRange],
        *,
        wide_substitute: str = "〓",
        narrow_substitute: str = "?",
        device: str = "printer",
    ) -> None:
        self._ranges = frozenset(kanji_ranges)
        self._wide = wide_substitute.encode("cp932")
        self._narrow = narrow_substitute.encode("ascii")
        self._device = device
        self.substitutions: Counter[str] = Counter()

    def encode(self, text: str) -> bytes:
        if text.isascii() and text.isprintable():
            return text.encode("ascii")  # the same bytes, without a lookup per character
        return b"".join(self.encode_char(char) for char in text)

    def encode_char(self, char: str) -> bytes:
        encoded = _cp932_bytes(char, self._ranges)
        if encoded is None:
            return self._substitute(char)
        return encoded

    def _substitute(self, char: str) -> bytes:
        self.substitutions[char] += 1
        if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
            return self._narrow
        return self._wide if char_width(char) == 2 else self._narrow

    def log_substitutions(self, job: str = "") -> None:
        _log_substitutions(self.substitutions, self._device, "", job)


class CodePageEncoder:
    """Encode text to one single-byte code page, for non-Japanese ESC/POS models.

    A character two columns wide that the page lacks becomes two substitutes, so the
    column layout stays aligned.
    """

    def __init__(self, code_page: str, *, narrow_substitute: str = "?", device: str = "printer"):
        self._code_page = code_page
        self._narrow = narrow_substitute.encode("ascii")
        self._device = device
        self.substitutions: Counter[str] = Counter()

    def encode(self, text: str) -> bytes:
        return b"".join(self.encode_char(char) for char in text)

    def encode_char(self, char: str) -> bytes:
        code_point = ord(char)
        if code_point < 0x20 or 0x7F <= code_point <= 0x9F:
            self.substitutions[char] += 1
            return self._narrow
        try:
            return char.encode(self._code_page)
        except UnicodeEncodeError:
            self.substitutions[char] += 1
            return self._narrow * char_width(char)

    def log_substitutions(self, job: str = "") -> None:
        _log_substitutions(self.substitutions, self._device, self._code_page, job)


TextEncoder = CP932Encoder | CodePageEncoder

_MAX_LOGGED_CHARACTERS = 10


def _log_substitutions(substitutions: Counter[str], device: str, code_page: str, job: str) -> None:
    """Log one warning per substituted character, up to 10, then one summary line."""
    table = f" code page {code_page}" if code_page else ""
    suffix = f" in job {job}" if job else ""
    ordered = sorted(substitutions.items())
    for char, count in ordered[:_MAX_LOGGED_CHARACTERS]:
        logger.warning(
            "printer %s%s cannot print U+%04X %r; printed a substitute %d time(s)%s",
            device,
            table,
            ord(char),
            char,
            count,
            suffix,
            extra={"device": device, "code_point": f"U+{ord(char):04X}"},
        )
    if len(ordered) > _MAX_LOGGED_CHARACTERS:
        logger.warning(
            "printer %s%s substituted %d more distinct characters%s",
            device,
            table,
            len(ordered) - _MAX_LOGGED_CHARACTERS,
            suffix,
        )
