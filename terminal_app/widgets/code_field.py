"""The scan/code field: IME off, wedge scans told apart from typing by key timing.

Key timing is decided by ``devices.wedge.WedgeDecoder``: keys arriving faster than its gap
are held back while they may still be a scan; a burst ending in Enter is a scan, anything
else is released into the field as typing (a timer releases a burst that stopped without
Enter).
"""

from __future__ import annotations

import time
import unicodedata

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from devices.wedge import ENTER, WedgeDecoder, WedgeOutput

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
MULTIPLY_KEYS = ("*", "×", "＊")
MAX_KEY_GAP_MS = 50.0


def normalise_code(raw: str) -> str:
    """Return a typed or scanned code with full-width characters made ASCII (NFKC), trimmed."""
    return unicodedata.normalize("NFKC", raw).strip().replace(" ", "")


def _event_ms(event: QKeyEvent) -> float:
    # Window systems stamp key events in milliseconds; synthetic events (tests) carry 0.
    stamp = event.timestamp()
    return float(stamp) if stamp else time.perf_counter() * 1000.0


class CodeField(QLineEdit):
    """Emits ``scanned`` for a wedge scan, ``entered`` for typing ended by Enter, and
    ``multiply`` for the × key (``*`` on the keypad)."""

    scanned = Signal(str)
    entered = Signal(str)
    multiply = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CodeField")
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhLatinOnly
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhPreferNumbers
        )
        self.decoder = WedgeDecoder(max_key_gap_ms=MAX_KEY_GAP_MS)
        self._release_timer = QTimer(self)
        self._release_timer.setSingleShot(True)
        self._release_timer.setInterval(int(MAX_KEY_GAP_MS) + 10)
        self._release_timer.timeout.connect(self._release_held)

    def clear_input(self) -> None:
        self._release_timer.stop()
        self.decoder.flush(float("inf"))
        self.clear()

    def value(self) -> str:
        """Return the normalised input, with keys still held by the decoder released first."""
        self._release_held()
        return normalise_code(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if event.key() in ENTER_KEYS:
            self._apply(self.decoder.feed(ENTER, _event_ms(event)))
            event.accept()
            return
        if plain and text in MULTIPLY_KEYS:
            self._release_held()
            self.multiply.emit()
            event.accept()
            return
        if plain and text and text.isprintable():
            self._apply(self.decoder.feed(text, _event_ms(event)))
            self._release_timer.start()
            event.accept()
            return
        self._release_held()
        super().keyPressEvent(event)

    def _release_held(self) -> None:
        self._release_timer.stop()
        released = self.decoder.flush(float("inf"))
        if released.typed:
            self.insert(released.typed)

    def _apply(self, output: WedgeOutput) -> None:
        if output.typed:
            self.insert(output.typed)
        if output.scan is not None:
            self._release_timer.stop()
            self.scanned.emit(normalise_code(output.scan))
        elif output.enter_typed:
            self.entered.emit(self.value())
