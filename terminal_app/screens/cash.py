"""Cash in (入金) and cash out (出金) with a reason, and the list of suspended sales."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal_app import api
from terminal_app.context import AppContext
from terminal_app.i18n import format_yen
from terminal_app.operations import Operation
from terminal_app.screens.approval import digit_field
from terminal_app.screens.base import digits_of
from terminal_app.widgets.numpad import NumPad

Json = dict[str, Any]


class CashDialog(QDialog):
    """Record one cash movement; ``direction`` is "in" or "out"."""

    def __init__(
        self, parent: QWidget, ctx: AppContext, direction: str, on_done: Callable[[Json], None]
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.direction = direction
        self._on_done = on_done
        self._key = uuid.uuid4().hex
        self.setWindowTitle(self.tr("Cash in") if direction == "in" else self.tr("Cash out"))
        self.amount_field = digit_field(self)
        self.amount_field.returnPressed.connect(self.submit)
        self.reason = QComboBox(self)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #8e1c12;")
        pad = NumPad(self.amount_field, self)
        pad.enter_pressed.connect(self.submit)
        self.ok_button = QPushButton(self.tr("Record"), self)
        self.ok_button.setProperty("role", "primary")
        self.ok_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Amount (yen)"), self.amount_field)
        form.addRow(self.tr("Reason"), self.reason)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(pad)
        layout.addLayout(buttons)
        self.amount_field.setFocus()
        ctx.runner.run(Operation(api.cash_reasons, self._show_reasons, label="cash reasons"))

    def _show_reasons(self, reasons: dict[str, dict[str, str]]) -> None:
        self.reason.clear()
        for code, label in reasons.get(f"cash_{self.direction}", {}).items():
            self.reason.addItem(label, code)

    def submit(self) -> None:
        amount = digits_of(self.amount_field.text())
        if amount is None or amount <= 0:
            self.problem.setText(self.tr("Enter an amount above 0 yen."))
            return
        reason = self.reason.currentData()
        if not reason:
            self.problem.setText(self.tr("Choose a reason."))
            return
        direction, key = self.direction, self._key
        self.ok_button.setEnabled(False)

        def done(result: Json) -> None:
            self.accept()
            self._on_done(result)

        def failed(error: Any) -> None:
            self.ok_button.setEnabled(True)
            self.problem.setText(error.text(self.ctx.language))
            self.ctx.errors.show_error(error)

        self.ctx.runner.run_serial(
            Operation(
                lambda client: api.cash_movement(client, direction, amount, str(reason), key),
                done,
                failed,
                label=f"cash {direction}",
            )
        )


class SuspendedDialog(QDialog):
    """Choose a suspended sale (保留) to resume."""

    def __init__(self, parent: QWidget, ctx: AppContext, on_chosen: Callable[[str], None]) -> None:
        super().__init__(parent)
        self._on_chosen = on_chosen
        self.setWindowTitle(self.tr("Resume a suspended sale"))
        self.list = QListWidget(self)
        self.list.itemActivated.connect(self._chosen)
        self.hint = QLabel(self.tr("Choose a sale and press Enter."), self)
        self.resume_button = QPushButton(self.tr("Resume"), self)
        self.resume_button.setProperty("role", "primary")
        self.resume_button.clicked.connect(self._chosen_current)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addWidget(self.resume_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.resize(560, 420)
        ctx.runner.run(Operation(api.suspended_carts, self.show_carts, label="suspended sales"))

    def show_carts(self, carts: list[Json]) -> None:
        self.list.clear()
        for cart in carts:
            text = self.tr("%1 items  %2  staff %3").replace("%1", str(cart["item_count"]))
            text = text.replace("%2", format_yen(int(cart["total"]))).replace(
                "%3", str(cart.get("staff_code") or "-")
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, cart["cart_id"])
            self.list.addItem(item)
        if carts:
            self.list.setCurrentRow(0)
            self.list.setFocus()
        else:
            self.hint.setText(self.tr("There are no suspended sales."))

    def _chosen_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._chosen(item)

    def _chosen(self, item: QListWidgetItem) -> None:
        cart_id = str(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
        self._on_chosen(cart_id)
