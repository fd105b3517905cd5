"""The payment screen (after 小計): tenders, quick cash, split payments, change, completion.

Type an amount and press a tender key, or press a quick cash key (exact, ¥1,000, ¥5,000,
¥10,000). Several tenders may be taken (split payment). When nothing remains due the sale
is completed with the cart's idempotency key, and the completion screen shows the change
and the receipt. Esc goes back to item entry while no tender is taken.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from terminal_app.client import BackendError
from terminal_app.context import AppContext
from terminal_app.i18n import format_yen
from terminal_app.screens.base import Screen, digits_of, function_button
from terminal_app.screens.dialogs import ask_number
from terminal_app.widgets.code_field import CodeField
from terminal_app.widgets.numpad import NumPad

logger = logging.getLogger(__name__)

Json = dict[str, Any]

QUICK_CASH = (1000, 5000, 10000)
# Keys of the first tenders in the order GET /tenders lists them (cash first in the demo).
TENDER_KEYS = ("F1", "F2", "F3")
CASH_KIND = "cash"


class PaymentScreen(Screen):
    navigate = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = QLabel(self)
        self.title.setObjectName("ScreenTitle")
        self.captions: dict[str, QLabel] = {}
        self.amounts: dict[str, QLabel] = {}
        figures = QGridLayout()
        for row, name in enumerate(("total", "paid", "remaining", "change")):
            caption = QLabel(self)
            caption.setObjectName("TotalLabel")
            value = QLabel(format_yen(0), self)
            value.setObjectName(
                {"remaining": "RemainingAmount", "change": "ChangeAmount"}.get(name, "TotalAmount")
            )
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.captions[name] = caption
            self.amounts[name] = value
            figures.addWidget(caption, row, 0)
            figures.addWidget(value, row, 1)
        self.discount_info = QLabel(self)
        self.tender_list = QListWidget(self)
        self.tender_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tender_caption = QLabel(self)

        self.amount_caption = QLabel(self)
        self.amount_field = CodeField(self)
        self.amount_field.setObjectName("CodeField")
        self.amount_field.entered.connect(self.pay_cash_text)
        self.amount_field.scanned.connect(self.pay_cash_text)
        self.numpad = NumPad(self.amount_field, self)
        self.numpad.enter_pressed.connect(self.pay_cash_typed)

        self.quick_exact = function_button(self, "tender")
        self.quick_exact.clicked.connect(self.pay_exact)
        self.quick_buttons = []
        for quick_amount in QUICK_CASH:
            button = function_button(self, "tender")
            button.setText(format_yen(quick_amount))
            button.clicked.connect(lambda _checked=False, amount=quick_amount: self.pay_cash(amount))
            self.quick_buttons.append(button)
        self.tender_buttons: dict[str, Any] = {}
        self.tender_grid = QGridLayout()

        self.back_button = function_button(self)
        self.back_button.clicked.connect(self.back_to_entry)
        self.discount_amount_button = function_button(self)
        self.discount_amount_button.clicked.connect(lambda: self.discount("amount"))
        self.discount_percent_button = function_button(self)
        self.discount_percent_button.clicked.connect(lambda: self.discount("percent"))
        self.remove_button = function_button(self)
        self.remove_button.clicked.connect(self.remove_tender)
        self.complete_button = function_button(self, "primary")
        self.complete_button.clicked.connect(self.complete)
        self._completing = False
        self._build_layout(figures)
        self.shortcut(Qt.Key.Key_Escape, self.back_to_entry)
        self.shortcut("F9", self.pay_exact)
        self.shortcut("F10", self.complete)
        self.shortcut("F4", lambda: self.discount("amount"))
        self.shortcut("F5", lambda: self.discount("percent"))
        ctx.sale.cart_changed.connect(self.show_cart)
        self.retranslate()

    def _build_layout(self, figures: QGridLayout) -> None:
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addLayout(figures)
        left.addWidget(self.discount_info)
        left.addWidget(self.tender_caption)
        left.addWidget(self.tender_list, 1)
        quick = QHBoxLayout()
        quick.addWidget(self.quick_exact)
        for button in self.quick_buttons:
            quick.addWidget(button)
        right = QVBoxLayout()
        right.addWidget(self.amount_caption)
        right.addWidget(self.amount_field)
        right.addLayout(quick)
        right.addLayout(self.tender_grid)
        right.addWidget(self.numpad)
        keys = QHBoxLayout()
        for button in (
            self.back_button,
            self.discount_amount_button,
            self.discount_percent_button,
            self.remove_button,
            self.complete_button,
        ):
            keys.addWidget(button)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        outer.addLayout(body, 1)
        outer.addLayout(keys)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Payment"))
        self.captions["total"].setText(self.tr("Total"))
        self.captions["paid"].setText(self.tr("Paid"))
        self.captions["remaining"].setText(self.tr("Due"))
        self.captions["change"].setText(self.tr("Change"))
        self.tender_caption.setText(self.tr("Payments taken"))
        self.amount_caption.setText(self.tr("Amount received (Enter = cash)"))
        self.quick_exact.setText(self.tr("Exact\n(F9)"))
        self.back_button.setText(self.tr("Esc\nBack to items"))
        self.discount_amount_button.setText(self.tr("F4\nSubtotal discount ¥"))
        self.discount_percent_button.setText(self.tr("F5\nSubtotal discount %"))
        self.remove_button.setText(self.tr("Remove payment"))
        self.complete_button.setText(self.tr("F10\nComplete"))
        self.show_cart(self.ctx.sale.cart or {})

    def activated(self) -> None:
        self._completing = False
        self._build_tender_buttons()
        self.show_cart(self.ctx.sale.cart or {})
        self.amount_field.clear_input()
        self.amount_field.setFocus()

    def _build_tender_buttons(self) -> None:
        for button, shortcut in self.tender_buttons.values():
            self.tender_grid.removeWidget(button)
            button.deleteLater()
            if shortcut is not None:
                shortcut.deleteLater()
        self.tender_buttons.clear()
        for index, tender in enumerate(self.ctx.master.tenders):
            code = str(tender["code"])
            key = TENDER_KEYS[index] if index < len(TENDER_KEYS) else ""
            button = function_button(self, "tender")
            button.setText(f"{key}\n{tender['name']}" if key else str(tender["name"]))
            button.clicked.connect(self._tender_action(code))
            shortcut = self.shortcut(key, self._tender_action(code)) if key else None
            self.tender_buttons[code] = (button, shortcut)
            self.tender_grid.addWidget(button, index // 3, index % 3)

    def _tender_action(self, tender_code: str) -> Callable[[], None]:
        return lambda: self.pay_typed(tender_code)

    # ----- showing the figures -----

    def show_cart(self, cart: Json) -> None:
        totals = cart.get("totals", {})
        self.amounts["total"].setText(format_yen(int(totals.get("total", 0))))
        self.amounts["paid"].setText(format_yen(int(totals.get("paid", 0))))
        self.amounts["remaining"].setText(format_yen(int(totals.get("remaining", 0))))
        self.amounts["change"].setText(format_yen(int(totals.get("change", 0))))
        discount = int(totals.get("subtotal_discount", 0))
        self.discount_info.setText(
            self.tr("Subtotal discount %1").replace("%1", format_yen(-discount)) if discount else ""
        )
        names = {tender["code"]: tender["name"] for tender in self.ctx.master.tenders}
        self.tender_list.clear()
        for tender in cart.get("tenders", []):
            name = names.get(tender["tender_code"], tender["tender_code"])
            text = f"{name}  {format_yen(int(tender['tendered']))}"
            if tender.get("change"):
                text += "  " + self.tr("change %1").replace("%1", format_yen(int(tender["change"])))
            self.tender_list.addItem(text)

    # ----- tenders -----

    def _cash_code(self) -> str | None:
        for tender in self.ctx.master.tenders:
            if tender.get("kind") == CASH_KIND:
                return str(tender["code"])
        return None

    def _remaining(self) -> int:
        return int(self.ctx.sale.totals().get("remaining", 0))

    def pay_cash_text(self, text: str) -> None:
        """Take the amount typed (or sent by a fast keypad as a burst) as cash."""
        amount = digits_of(text)
        self.amount_field.clear_input()
        if amount is None:
            self.pay_cash_typed()
            return
        self.pay_cash(amount)

    def pay_cash_typed(self) -> None:
        if digits_of(self.amount_field.value()) is None:
            self.ctx.errors.show_notice(self.tr("Type the amount received, or press a payment key."))
            self.amount_field.setFocus()
            return
        cash = self._cash_code()
        if cash is not None:
            self.pay_typed(cash)

    def pay_typed(self, tender_code: str) -> None:
        """Take the typed amount with a tender; with nothing typed, the amount due."""
        typed = digits_of(self.amount_field.value())
        amount = typed if typed is not None else self._remaining()
        self.amount_field.clear_input()
        self.amount_field.setFocus()
        if amount <= 0:
            self.ctx.errors.show_notice(self.tr("Nothing is due. Press Complete."))
            return
        self._tender(tender_code, amount)

    def pay_exact(self) -> None:
        cash = self._cash_code()
        if cash is not None and self._remaining() > 0:
            self._tender(cash, self._remaining())

    def pay_cash(self, amount: int) -> None:
        cash = self._cash_code()
        if cash is not None:
            self._tender(cash, amount)

    def _tender(self, tender_code: str, amount: int) -> None:
        self.ctx.errors.clear()

        def taken(cart: Json) -> None:
            if int(cart["totals"]["remaining"]) == 0:
                self.complete()

        self.ctx.sale.add_tender(tender_code, amount, on_done=taken)

    def remove_tender(self) -> None:
        row = self.tender_list.currentRow()
        count = self.tender_list.count()
        if count == 0:
            return
        self.ctx.sale.remove_tender(row if row >= 0 else count - 1)

    def discount(self, kind: str) -> None:
        if kind == "amount":
            prompt, maximum = self.tr("Subtotal discount in yen"), 9_999_999
        else:
            prompt, maximum = self.tr("Subtotal discount in percent (1-100)"), 100
        typed = digits_of(self.amount_field.value())
        if typed is not None:
            self.amount_field.clear_input()
            self.ctx.sale.discount_subtotal(kind, typed)
            return
        ask_number(
            self,
            self.tr("Subtotal discount"),
            prompt,
            lambda value: self.ctx.sale.discount_subtotal(kind, value),
            maximum,
        )

    def back_to_entry(self) -> None:
        if self.ctx.sale.cart and self.ctx.sale.cart.get("tenders"):
            self.ctx.errors.show_notice(self.tr("Remove the payments first to go back to items."))
            return
        self.ctx.sale.back_to_entry(on_done=lambda _cart: self.navigate.emit("sale"))

    def complete(self) -> None:
        if self._completing:
            return  # the same key would make this harmless; this saves a request
        self._completing = True

        def failed(error: BackendError) -> None:
            self._completing = False
            self.ctx.errors.show_error(error)

        self.ctx.sale.complete(on_failure=failed)
