"""Cash in (入金) and cash out (出金) with a reason, and the list of suspended sales."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
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
from terminal_app.client import BackendClient, BackendError
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


@dataclass(frozen=True)
class SuspendedSale:
    """A sale to resume: a local suspended cart, or one shared through Dapr by any register."""

    shared: bool
    reference: str  # the cart id of a local sale, the suspend id of a shared one


@dataclass
class SuspendedList:
    local: list[Json] = field(default_factory=list)
    shared: list[Json] = field(default_factory=list)
    shared_error: BackendError | None = None


def load_suspended_sales(client: BackendClient) -> SuspendedList:
    """Read the local suspended sales and, when Dapr is enabled, the store's shared ones.

    A failure to read the shared list (sidecar down) is kept in ``shared_error``, so the
    local sales can still be resumed.
    """
    result = SuspendedList(local=api.suspended_carts(client))
    if not api.dapr_status(client).get("enabled"):
        return result
    try:
        result.shared = api.shared_suspended_sales(client)
    except BackendError as error:
        result.shared_error = error
    return result


class SuspendedDialog(QDialog):
    """Choose a suspended sale (保留) to resume, from this register or, through Dapr, any other."""

    def __init__(
        self, parent: QWidget, ctx: AppContext, on_chosen: Callable[[SuspendedSale], None]
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._on_chosen = on_chosen
        self.setWindowTitle(self.tr("Resume a suspended sale"))
        self.list = QListWidget(self)
        self.list.itemActivated.connect(self._chosen)
        self.hint = QLabel(self.tr("Choose a sale and press Enter."), self)
        self.hint.setWordWrap(True)
        self.shared_note = QLabel(self)
        self.shared_note.setWordWrap(True)
        self.shared_note.hide()
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
        layout.addWidget(self.shared_note)
        layout.addLayout(buttons)
        self.resize(640, 440)
        ctx.runner.run(Operation(load_suspended_sales, self.show_sales, label="suspended sales"))

    def _line(self, sale: Json) -> str:
        text = self.tr("%1 items  %2  staff %3").replace("%1", str(sale["item_count"]))
        return text.replace("%2", format_yen(int(sale["total"]))).replace(
            "%3", str(sale.get("staff_code") or "-")
        )

    def show_sales(self, sales: SuspendedList) -> None:
        self.list.clear()
        for cart in sales.local:
            item = QListWidgetItem(self.tr("This register: %1").replace("%1", self._line(cart)))
            item.setData(Qt.ItemDataRole.UserRole, SuspendedSale(False, str(cart["cart_id"])))
            self.list.addItem(item)
        for sale in sales.shared:
            text = (
                self.tr("Register %1: %2")
                .replace("%1", str(sale.get("origin_terminal_id") or "?"))
                .replace("%2", self._line(sale))
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, SuspendedSale(True, str(sale["suspend_id"])))
            self.list.addItem(item)
        if sales.shared_error is not None:
            self.shared_note.setText(
                self.tr("Sales suspended on other registers cannot be read now: %1").replace(
                    "%1", sales.shared_error.text(self.ctx.language)
                )
            )
            self.shared_note.show()
        if self.list.count():
            self.list.setCurrentRow(0)
            self.list.setFocus()
        else:
            self.hint.setText(self.tr("There are no suspended sales."))

    def _chosen_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._chosen(item)

    def _chosen(self, item: QListWidgetItem) -> None:
        sale = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
        self._on_chosen(sale)
