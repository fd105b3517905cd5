"""The base of every screen: the shared context, texts set again on a language change."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QWidget

from terminal_app.context import AppContext


class Screen(QWidget):
    """A page of the main window's stack."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def retranslate(self) -> None:
        """Set every user-visible text; called at build time and on each language change."""

    def activated(self) -> None:
        """Called when the screen comes on top."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def shortcut(self, key: QKeySequence | Qt.Key | str, action: Callable[[], None]) -> QShortcut:
        """Bind a key that works anywhere on this screen while it is shown."""
        sequence = key if isinstance(key, QKeySequence) else QKeySequence(key)
        shortcut = QShortcut(sequence, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(action)
        return shortcut


def function_button(parent: QWidget, role: str = "function") -> QPushButton:
    """Make a touch button that leaves the keyboard focus where it was (on the code field)."""
    button = QPushButton(parent)
    button.setProperty("role", role)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


def digits_of(text: str) -> int | None:
    """Return the typed whole number, or None when the text is empty or not digits."""
    stripped = text.strip().replace(",", "")
    if not stripped.isdigit() or len(stripped) > 9:
        return None
    return int(stripped)
