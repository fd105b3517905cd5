"""The exchange dialog: scan the new items, and take cash when they cost more."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal_app.context import AppContext
from terminal_app.screens.base import digits_of
from terminal_app.widgets.code_field import CodeField

Json = dict[str, Any]


class ExchangeDialog(QDialog):
    def __init__(
        self, parent: QWidget, ctx: AppContext, on_submit: Callable[[list[Json], list[Json]], None]
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._on_submit = on_submit
        self.items: list[Json] = []
        self.setWindowTitle(self.tr("Exchange"))
        self.hint = QLabel(self.tr("Scan the new items. When they cost more, enter the cash received."), self)
        self.hint.setWordWrap(True)
        self.code_field = CodeField(self)
        self.code_field.scanned.connect(self.add)
        self.code_field.entered.connect(self.add)
        self.list = QListWidget(self)
        self.cash_caption = QLabel(self.tr("Cash received (yen)"), self)
        self.cash_field = QLineEdit(self)
        self.ok_button = QPushButton(self.tr("Record exchange"), self)
        self.ok_button.setProperty("role", "primary")
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.code_field)
        layout.addWidget(self.list)
        layout.addWidget(self.cash_caption)
        layout.addWidget(self.cash_field)
        layout.addLayout(buttons)
        self.code_field.setFocus()
        self.resize(520, 520)

    def add(self, code: str) -> None:
        self.code_field.clear_input()
        if not code:
            return
        self.items.append({"code": code, "quantity": 1})
        self.list.addItem(code)

    def submit(self) -> None:
        if not self.items:
            self.hint.setText(self.tr("Scan at least one new item."))
            return
        cash = digits_of(self.cash_field.text())
        tenders = [{"tender_code": "cash", "amount": cash}] if cash else []
        self.accept()
        self._on_submit(list(self.items), tenders)
