"""Void (取引取消), return (返品), exchange (交換) and reprint against an original receipt.

Scan the receipt's barcode or type its receipt number; the screen shows the sale's lines
with the quantity still returnable. Each action sends one idempotency key per original
receipt and action, so a double press records it once. A supervisor approves when the
backend requires it (the approval dialog opens by itself).
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from terminal_app import api
from terminal_app.client import BackendError
from terminal_app.context import AppContext
from terminal_app.i18n import format_datetime, format_yen
from terminal_app.operations import Operation
from terminal_app.screens.base import Screen, digits_of, function_button
from terminal_app.screens.dialogs import TextDialog
from terminal_app.screens.exchange import ExchangeDialog
from terminal_app.widgets.code_field import CodeField

Json = dict[str, Any]


class ReturnsScreen(Screen):
    back = Signal()
    # The backend's reply to a void, return or exchange (transaction and receipt text).
    recorded = Signal(dict)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.original: Json = {}
        self._keys: dict[str, str] = {}
        self.title = QLabel(self)
        self.title.setObjectName("ScreenTitle")
        self.field_caption = QLabel(self)
        self.code_field = CodeField(self)
        self.code_field.scanned.connect(lambda code: self.find_receipt({"barcode": code}))
        self.code_field.entered.connect(self._typed)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.lines = QTableWidget(0, 5, self)
        self.lines.verticalHeader().setVisible(False)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.lines.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.lines.verticalHeader().setDefaultSectionSize(44)
        self.quantity_boxes: list[tuple[int, QSpinBox]] = []
        self.void_button = function_button(self, "danger")
        self.void_button.clicked.connect(self.void)
        self.return_button = function_button(self, "primary")
        self.return_button.clicked.connect(self.return_selected)
        self.exchange_button = function_button(self)
        self.exchange_button.clicked.connect(self.exchange)
        self.reprint_button = function_button(self)
        self.reprint_button.clicked.connect(self.reprint)
        self.back_button = function_button(self)
        self.back_button.clicked.connect(self.back.emit)
        self.shortcut(Qt.Key.Key_Escape, self.back.emit)
        search = QHBoxLayout()
        search.addWidget(self.field_caption)
        search.addWidget(self.code_field, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for button in (self.reprint_button, self.exchange_button, self.void_button, self.return_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(search)
        layout.addWidget(self.summary)
        layout.addWidget(self.lines, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Void, return and exchange"))
        self.field_caption.setText(self.tr("Receipt barcode or number"))
        self.lines.setHorizontalHeaderLabels(
            [self.tr("No."), self.tr("Item"), self.tr("Sold"), self.tr("Returnable"), self.tr("Return")]
        )
        self.void_button.setText(self.tr("Void whole sale"))
        self.return_button.setText(self.tr("Return selected"))
        self.exchange_button.setText(self.tr("Exchange"))
        self.reprint_button.setText(self.tr("Reprint"))
        self.back_button.setText(self.tr("Esc\nBack"))
        self._show_summary()

    def activated(self) -> None:
        self.code_field.clear_input()
        self.code_field.setFocus()
        self._enable_actions()

    # ----- finding the original -----

    def _typed(self, text: str) -> None:
        number = digits_of(text)
        if number is not None and len(text) <= 6:
            self.find_receipt({"receipt_number": number})
        elif text:
            self.find_receipt({"barcode": text})
        self.code_field.clear_input()

    def find_receipt(self, reference: Json) -> None:
        self.code_field.clear_input()
        self.ctx.errors.clear()
        self.ctx.runner.run(
            Operation(
                lambda client: api.find_original(client, reference), self.show_original, label="find receipt"
            )
        )

    def show_original(self, original: Json) -> None:
        self.original = original
        self._keys.clear()
        returnable: dict[str, int] = original.get("returnable", {})
        active = [line for line in original.get("lines", []) if not line.get("voided")]
        self.lines.setRowCount(len(active))
        self.quantity_boxes = []
        for row, line in enumerate(active):
            available = int(returnable.get(str(line["line_no"]), 0))
            mark = "※" if line.get("reduced") else ""
            values = [str(line["line_no"]), f"{line['name']}{mark}", str(line["quantity"]), str(available)]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.lines.setItem(row, column, item)
            box = QSpinBox(self.lines)
            box.setRange(0, available)
            box.setEnabled(available > 0)
            self.lines.setCellWidget(row, 4, box)
            self.quantity_boxes.append((int(line["line_no"]), box))
        self._show_summary()
        self._enable_actions()

    def _show_summary(self) -> None:
        original = self.original
        if not original:
            self.summary.setText(
                self.tr("Scan the barcode on the receipt, or type its number and press Enter.")
            )
            return
        text = (
            self.tr("Receipt No. %1  %2  total %3")
            .replace("%1", str(original.get("receipt_number")))
            .replace("%2", format_datetime(str(original["completed_at"]), self.ctx.language))
            .replace("%3", format_yen(int(original["total"])))
        )
        if original.get("voided_by"):
            text += "  " + self.tr("(voided)")
        self.summary.setText(text)

    def _enable_actions(self) -> None:
        found = bool(self.original)
        voided = bool(self.original.get("voided_by"))
        for button in (self.void_button, self.return_button, self.exchange_button):
            button.setEnabled(found and not voided)
        self.reprint_button.setEnabled(found)

    def selected_lines(self) -> list[Json]:
        return [
            {"line_no": line_no, "quantity": box.value()}
            for line_no, box in self.quantity_boxes
            if box.value() > 0
        ]

    # ----- actions -----

    def _key(self, action: str) -> str:
        return self._keys.setdefault(action, uuid.uuid4().hex)

    def _done(self, result: Json) -> None:
        self.recorded.emit(result)
        transaction = result.get("transaction", {})
        self.ctx.errors.show_notice(
            self.tr("Recorded: %1 %2")
            .replace("%1", str(transaction.get("kind", "")))
            .replace("%2", format_yen(int(transaction.get("total", 0))))
        )
        dialog = TextDialog(self, self.tr("Receipt"), str(result.get("receipt_text", "")))
        dialog.open()
        transaction_id = str(self.original.get("transaction_id", ""))
        if transaction_id:
            self.find_receipt({"transaction_id": transaction_id})

    def _failed(self, error: BackendError) -> None:
        self.ctx.errors.show_error(error)

    def void(self) -> None:
        transaction_id = str(self.original["transaction_id"])
        key = self._key("void")
        self.ctx.runner.run_serial(
            Operation(
                lambda client: api.void_transaction(client, transaction_id, key),
                self._done,
                self._failed,
                label="void",
            )
        )

    def return_selected(self) -> None:
        lines = self.selected_lines()
        if not lines:
            self.ctx.errors.show_notice(self.tr("Set the quantity to return on at least one line."))
            return
        transaction_id = str(self.original["transaction_id"])
        key = self._key("return:" + ",".join(f"{line['line_no']}x{line['quantity']}" for line in lines))
        self.ctx.runner.run_serial(
            Operation(
                lambda client: api.return_lines(client, transaction_id, lines, None, key),
                self._done,
                self._failed,
                label="return",
            )
        )

    def exchange(self) -> None:
        lines = self.selected_lines()
        if not lines:
            self.ctx.errors.show_notice(self.tr("Set the quantity to return on at least one line."))
            return
        transaction_id = str(self.original["transaction_id"])
        key = self._key("exchange")

        def submit(items: list[Json], tenders: list[Json]) -> None:
            self.ctx.runner.run_serial(
                Operation(
                    lambda client: api.exchange(client, transaction_id, lines, items, tenders, key),
                    self._done,
                    self._failed,
                    label="exchange",
                )
            )

        dialog = ExchangeDialog(self, self.ctx, submit)
        dialog.open()

    def reprint(self) -> None:
        transaction_id = str(self.original["transaction_id"])

        def done(_result: Json) -> None:
            self.ctx.errors.show_notice(self.tr("Receipt reprinted."))

        self.ctx.runner.run_serial(
            Operation(lambda client: api.reprint(client, transaction_id), done, self._failed, label="reprint")
        )
