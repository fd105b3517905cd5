"""Keyboard-wedge scan detection from key events, without any Qt dependency.

A wedge scanner types its code as keystrokes ending in Enter, much faster than a person
types. The Qt app passes each key to :meth:`WedgeDecoder.feed` with its timestamp in
milliseconds and gets back what to do: keys to pass on to the focused widget as typing,
and a complete scan when a fast burst ended in Enter. Keys are held back while a burst
may still be a scan, so call :meth:`WedgeDecoder.flush` from a timer (every 50-100 ms)
to release held keys once the burst has stopped.

With the input method on, a scanner's digits arrive full-width (４９０１…); scans are
NFKC-normalised, so they become the same ASCII code.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

ENTER = "\n"


@dataclass(frozen=True, slots=True)
class WedgeOutput:
    """``typed``: text to deliver as ordinary typing; ``scan``: a finished scan or None."""

    typed: str = ""
    scan: str | None = None
    enter_typed: bool = field(default=False)


class WedgeDecoder:
    """Split key events into scans and typing by the gap between keys."""

    def __init__(self, max_key_gap_ms: float = 50, min_length: int = 4) -> None:
        if max_key_gap_ms <= 0 or min_length < 1:
            raise ValueError("max_key_gap_ms must be positive and min_length at least 1")
        self.max_key_gap_ms = max_key_gap_ms
        self.min_length = min_length
        self._held: list[str] = []
        self._last_key_ms: float | None = None

    def feed(self, key: str, timestamp_ms: float) -> WedgeOutput:
        """Process one key: a character (or an input-method commit string) or ENTER."""
        typed = ""
        last = self._last_key_ms
        if self._held and last is not None and timestamp_ms - last > self.max_key_gap_ms:
            typed = self._release()
        self._last_key_ms = timestamp_ms

        if key in (ENTER, "\r"):
            if len(self._held) >= self.min_length:
                scan = unicodedata.normalize("NFKC", "".join(self._held)).strip()
                self._held.clear()
                return WedgeOutput(typed=typed, scan=scan)
            typed += self._release()
            return WedgeOutput(typed=typed, enter_typed=True)
        self._held.extend(key)
        return WedgeOutput(typed=typed)

    def flush(self, now_ms: float) -> WedgeOutput:
        """Release held keys as typing when no key came for longer than the gap."""
        if self._held and self._last_key_ms is not None and now_ms - self._last_key_ms > self.max_key_gap_ms:
            return WedgeOutput(typed=self._release())
        return WedgeOutput()

    def _release(self) -> str:
        text = "".join(self._held)
        self._held.clear()
        return text
