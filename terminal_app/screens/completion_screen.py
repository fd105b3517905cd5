"""After completion: the change in large type and the receipt preview, then the next sale.

Enter, the Next button or a scan starts the next sale; a scan also rings up its item.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from terminal_app.context import AppContext
from terminal_app.i18n import fill, format_yen
from terminal_app.screens.base import Screen, function_button
from terminal_app.widgets.code_field import CodeField

Json = dict[str, Any]


class CompletionScreen(Screen):
    navigate = Signal(str)
    # A code scanned here, to ring up as the first item of the next sale.
    next_sale_scan = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.result: Json = {}
        self.title = QLabel(self)
        self.title.setObjectName("ScreenTitle")
        self.change_caption = QLabel(self)
        self.change_caption.setObjectName("TotalLabel")
        self.change_value = QLabel(self)
        self.change_value.setObjectName("ChangeAmount")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.receipt_caption = QLabel(self)
        self.receipt_view = QPlainTextEdit(self)
        self.receipt_view.setObjectName("ReceiptPreview")
        self.receipt_view.setReadOnly(True)
        self.receipt_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.code_field = CodeField(self)
        self.code_field.scanned.connect(self._scanned)
        self.code_field.entered.connect(self._entered)
        self.next_button = function_button(self, "primary")
        self.next_button.clicked.connect(lambda: self._entered(""))
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.change_caption)
        left.addWidget(self.change_value)
        left.addWidget(self.summary)
        left.addStretch(1)
        left.addWidget(self.code_field)
        left.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addWidget(self.receipt_caption)
        right.addWidget(self.receipt_view, 1)
        outer = QHBoxLayout(self)
        outer.addLayout(left, 1)
        outer.addLayout(right, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sale complete"))
        self.change_caption.setText(self.tr("Change"))
        self.receipt_caption.setText(self.tr("Receipt"))
        self.next_button.setText(self.tr("Next customer (Enter)"))
        self.show_result(self.result)

    def show_result(self, result: Json) -> None:
        self.result = result
        transaction = result.get("transaction", {})
        self.change_value.setText(format_yen(int(transaction.get("change", 0))))
        if transaction:
            number = transaction.get("receipt_number")
            # Received is what the customer handed over, change included.
            received = sum(int(tender["tendered"]) for tender in transaction.get("tenders", []))
            self.summary.setText(
                fill(
                    self.tr("Total %1, received %2. Receipt No. %3"),
                    format_yen(int(transaction.get("total", 0))),
                    format_yen(received),
                    number if number is not None else "-",
                )
            )
        else:
            self.summary.clear()
        self.receipt_view.setPlainText(str(result.get("receipt_text", "")))

    def activated(self) -> None:
        self.code_field.clear_input()
        self.code_field.setFocus()

    def _scanned(self, code: str) -> None:
        self.next_sale_scan.emit(code)

    def _entered(self, text: str) -> None:
        if text:
            self.next_sale_scan.emit(text)
        else:
            self.navigate.emit("sale")
        self.code_field.clear_input()
