"""Preset item keys (プリセットキー), one tab per page from GET /presets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QTabWidget, QWidget

from terminal_app.i18n import format_yen

COLUMNS = 5
ROWS = 3


class PresetPad(QTabWidget):
    pressed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.buttons: dict[str, QPushButton] = {}
        self.pages: list[dict[str, Any]] = []

    def set_pages(self, pages: list[dict[str, Any]]) -> None:
        """Build one tab per page; the same pages again change nothing."""
        if pages == self.pages and self.count() == len(pages):
            return
        self.pages = list(pages)
        # QTabWidget.clear() removes the tabs but keeps their widgets alive.
        while self.count():
            old_page = self.widget(0)
            self.removeTab(0)
            if old_page is not None:
                old_page.deleteLater()
        self.buttons.clear()
        for page in pages:
            widget = QWidget(self)
            grid = QGridLayout(widget)
            grid.setSpacing(6)
            grid.setContentsMargins(4, 4, 4, 4)
            for key in page.get("keys", []):
                position = int(key["position"]) - 1
                if position < 0 or position >= COLUMNS * ROWS:
                    continue
                label = key.get("label") or key.get("item_name", "")
                button = QPushButton(f"{label}\n{format_yen(int(key['price']))}", widget)
                button.setProperty("role", "preset")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setEnabled(bool(key.get("active", True)))
                code = str(key["item_code"])
                button.clicked.connect(lambda _checked=False, item_code=code: self.pressed.emit(item_code))
                grid.addWidget(button, position // COLUMNS, position % COLUMNS)
                self.buttons[code] = button
            for column in range(COLUMNS):
                grid.setColumnStretch(column, 1)
            self.addTab(widget, str(page.get("name", page.get("page", ""))))
