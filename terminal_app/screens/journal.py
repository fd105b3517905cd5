"""Electronic journal search (電子ジャーナル): records by business date or receipt number."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from terminal_app import api
from terminal_app.context import AppContext
from terminal_app.i18n import format_yen
from terminal_app.operations import Operation
from terminal_app.screens.base import Screen, digits_of, function_button

Json = dict[str, Any]


class JournalScreen(Screen):
    back = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.records: list[Json] = []
        self.title = QLabel(self)
        self.title.setObjectName("ScreenTitle")
        self.date_caption = QLabel(self)
        self.date_field = QLineEdit(self)
        self.date_field.setPlaceholderText("2026-12-04")
        self.number_caption = QLabel(self)
        self.number_field = QLineEdit(self)
        self.search_button = function_button(self, "primary")
        self.search_button.clicked.connect(self.search)
        self.date_field.returnPressed.connect(self.search)
        self.number_field.returnPressed.connect(self.search)
        self.table = QTableWidget(0, 5, self)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.detail = QPlainTextEdit(self)
        self.detail.setObjectName("ReceiptPreview")
        self.detail.setReadOnly(True)
        self.back_button = function_button(self)
        self.back_button.clicked.connect(self.back.emit)
        self.shortcut(Qt.Key.Key_Escape, self.back.emit)
        filters = QHBoxLayout()
        for widget in (self.date_caption, self.date_field, self.number_caption, self.number_field):
            filters.addWidget(widget)
        filters.addWidget(self.search_button)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addWidget(self.detail, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(filters)
        layout.addLayout(body, 1)
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Electronic journal"))
        self.date_caption.setText(self.tr("Business date"))
        self.number_caption.setText(self.tr("Receipt No."))
        self.search_button.setText(self.tr("Search"))
        self.back_button.setText(self.tr("Esc\nBack"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Receipt"), self.tr("Type"), self.tr("Staff"), self.tr("Amount")]
        )

    def activated(self) -> None:
        if not self.date_field.text():
            self.date_field.setText(str(self.ctx.terminal.business_date or ""))
        self.search()

    def search(self) -> None:
        filters: Json = {"limit": 500}
        if self.date_field.text().strip():
            filters["business_date"] = self.date_field.text().strip()
        number = digits_of(self.number_field.text())
        if number is not None:
            filters["receipt_number"] = number
        self.ctx.runner.run(Operation(lambda client: api.journal(client, **filters), self.show_records))

    def show_records(self, records: list[Json]) -> None:
        self.records = records
        self.table.setRowCount(len(records))
        for row, record in enumerate(records):
            amount = record.get("amount")
            values = [
                str(record["created_at"])[11:19],
                str(record.get("receipt_number") or ""),
                self.type_name(str(record["record_type"])),
                str(record.get("staff_code") or ""),
                format_yen(int(amount)) if isinstance(amount, int) else "",
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (1, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.detail.clear()

    def type_name(self, record_type: str) -> str:
        """Return the screen word for a journal record type."""
        names = {
            "sale": self.tr("Sale"),
            "return": self.tr("Return"),
            "void": self.tr("Void"),
            "exchange": self.tr("Exchange"),
            "training": self.tr("Training"),
            "sign_in": self.tr("Sign in"),
            "sign_out": self.tr("Sign out"),
            "open": self.tr("Open"),
            "close": self.tr("Close"),
            "cash_in": self.tr("Cash in"),
            "cash_out": self.tr("Cash out"),
            "no_sale": self.tr("No sale"),
            "reprint": self.tr("Reprint"),
            "x_report": self.tr("X report"),
            "z_report": self.tr("Z report"),
            "training_mode": self.tr("Training mode"),
        }
        return names.get(record_type, record_type)

    def _show_detail(self) -> None:
        """Show the receipt of a transaction record, or the record's data for the others."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        record = self.records[rows[0].row()]
        self.detail.setPlainText(json.dumps(record, ensure_ascii=False, indent=2))
        transaction_id = record.get("transaction_id")
        if transaction_id:
            shown = record["seq"]

            def show_receipt(receipt: Json) -> None:
                current = self.table.selectionModel().selectedRows()
                if current and self.records[current[0].row()]["seq"] == shown:
                    self.detail.setPlainText(str(receipt.get("text", "")))

            self.ctx.runner.run(
                Operation(
                    lambda client: api.receipt(client, str(transaction_id)), show_receipt, label="receipt"
                )
            )
