"""Item search by name or kana (F12), for items without a barcode at hand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from terminal_app import api
from terminal_app.context import AppContext
from terminal_app.i18n import format_yen
from terminal_app.operations import Operation

SEARCH_DELAY_MS = 250


class ItemSearchDialog(QDialog):
    def __init__(self, parent: QWidget, ctx: AppContext, on_chosen: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._on_chosen = on_chosen
        self._generation = 0
        self.setWindowTitle(self.tr("Item search"))
        # The input method stays on here: names are searched in kana and kanji.
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(self.tr("Name or kana"))
        self.results = QListWidget(self)
        self.results.itemActivated.connect(self._chosen)
        self.field.returnPressed.connect(self._choose_first)
        self.hint = QLabel(self.tr("Type a name, then choose an item with Enter or a tap."), self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.field)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.resize(640, 560)

    def _search(self) -> None:
        text = self.field.text().strip()
        if not text:
            self.results.clear()
            return
        self._generation += 1
        generation = self._generation
        self.ctx.runner.run(
            Operation(
                lambda client: api.search_items(client, text),
                lambda items: self._show(generation, items),
                label="item search",
            )
        )

    def _show(self, generation: int, items: list[dict[str, Any]]) -> None:
        if generation != self._generation:
            return  # the reply to an older search came after a newer search was sent
        self.results.clear()
        for item in items:
            mark = "※" if item.get("tax_class") == "reduced" else ""
            entry = QListWidgetItem(
                f"{item['name']}{mark}  {format_yen(int(item['price']))}  ({item['code']})"
            )
            entry.setData(Qt.ItemDataRole.UserRole, item["code"])
            self.results.addItem(entry)
        if items:
            self.results.setCurrentRow(0)

    def _choose_first(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._chosen(item)

    def _chosen(self, item: QListWidgetItem) -> None:
        code = str(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
        self._on_chosen(code)
