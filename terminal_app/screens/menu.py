"""The business menu (業務メニュー, F11): cash, reports, returns, journal, settings, close."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from terminal_app.context import AppContext
from terminal_app.screens.base import Screen, function_button

# (id, key) in the order shown; the key is the digit that picks the entry.
ENTRIES = (
    ("cash_in", "1"),
    ("cash_out", "2"),
    ("no_sale", "3"),
    ("x_report", "4"),
    ("z_report", "5"),
    ("reprint", "6"),
    ("returns", "7"),
    ("journal", "8"),
    ("training", "9"),
    ("settings", "0"),
    ("language", "L"),
    ("sign_out", "S"),
    ("close", "C"),
    ("back", "Esc"),
)


class MenuScreen(Screen):
    chosen = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = QLabel(self)
        self.title.setObjectName("ScreenTitle")
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for index, (entry, key) in enumerate(ENTRIES):
            button = function_button(self, "danger" if entry in ("close", "z_report") else "function")
            button.setMinimumHeight(84)
            button.clicked.connect(lambda _checked=False, name=entry: self.chosen.emit(name))
            self.buttons[entry] = button
            grid.addWidget(button, index // 4, index % 4)
            self.shortcut(Qt.Key.Key_Escape if key == "Esc" else key, self._chooser(entry))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addStretch(1)
        ctx.terminal.changed.connect(self.retranslate)
        self.retranslate()

    def _chooser(self, entry: str) -> Callable[[], None]:
        return lambda: self.chosen.emit(entry)

    def caption(self, entry: str) -> str:
        training = self.ctx.terminal.training
        captions = {
            "cash_in": self.tr("Cash in"),
            "cash_out": self.tr("Cash out"),
            "no_sale": self.tr("Open drawer (no sale)"),
            "x_report": self.tr("X report (read)"),
            "z_report": self.tr("Z report (settle)"),
            "reprint": self.tr("Reprint last receipt"),
            "returns": self.tr("Void / return / exchange"),
            "journal": self.tr("Electronic journal"),
            "training": self.tr("Training mode off") if training else self.tr("Training mode on"),
            "settings": self.tr("Settings (store IT)"),
            "language": self.tr("English") if self.ctx.language == "ja" else "日本語",
            "sign_out": self.tr("Sign out"),
            "close": self.tr("Close the terminal"),
            "back": self.tr("Back to sale"),
        }
        return captions[entry]

    def retranslate(self) -> None:
        self.title.setText(self.tr("Menu"))
        for entry, key in ENTRIES:
            self.buttons[entry].setText(f"{key}\n{self.caption(entry)}")

    def activated(self) -> None:
        self.retranslate()
        self.setFocus()
