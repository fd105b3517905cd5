"""Open the terminal (開局) with the float counted by denomination."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from terminal_app import api
from terminal_app.context import AppContext
from terminal_app.operations import Operation
from terminal_app.screens.base import Screen, function_button
from terminal_app.widgets.denominations import DenominationCount


class OpenTerminalScreen(Screen):
    opened = Signal(dict)
    back = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = QLabel(self)
        self.title.setObjectName("ScreenTitle")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.count = DenominationCount(self)
        self.open_button = function_button(self, "primary")
        self.open_button.clicked.connect(self.submit)
        self.sign_out_button = function_button(self)
        self.sign_out_button.clicked.connect(self.back.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        column = QVBoxLayout()
        column.addWidget(self.title)
        column.addWidget(self.hint)
        column.addWidget(self.count)
        column.addStretch(1)
        column.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 2)
        outer.addStretch(1)
        self._busy = False
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Open the terminal"))
        self.hint.setText(
            self.tr("Count the float (change fund) in the drawer by denomination, then press Open.")
        )
        self.open_button.setText(self.tr("Open"))
        self.sign_out_button.setText(self.tr("Sign out"))

    def activated(self) -> None:
        self.count.clear()
        self.count.fields[10000].setFocus()

    def submit(self) -> None:
        if self._busy:
            return
        self._busy = True
        counts = self.count.counts()

        def done(result: dict[str, Any]) -> None:
            self._busy = False
            terminal = result.get("terminal")
            if isinstance(terminal, dict):
                self.ctx.terminal.apply(terminal)
            self.opened.emit(result)

        def failed(error: Any) -> None:
            self._busy = False
            self.ctx.errors.show_error(error)

        self.ctx.runner.run_serial(
            Operation(lambda client: api.open_terminal(client, counts), done, failed, label="open terminal")
        )
