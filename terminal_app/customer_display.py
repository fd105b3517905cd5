"""The customer-facing window for a second screen: current item, total, change, thanks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from terminal_app.context import AppContext
from terminal_app.i18n import format_yen

Json = dict[str, Any]


class CustomerDisplay(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        # The customer's screen never takes the keyboard from the cashier's window.
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.ctx = ctx
        self.setObjectName("CustomerDisplay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.item_label = QLabel(self)
        self.item_label.setObjectName("CustomerItem")
        self.item_label.setWordWrap(True)
        self.total_caption = QLabel(self)
        self.total_caption.setObjectName("CustomerItem")
        self.total_label = QLabel(self)
        self.total_label.setObjectName("CustomerTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.change_label = QLabel(self)
        self.change_label.setObjectName("CustomerItem")
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.thanks_label = QLabel(self)
        self.thanks_label.setObjectName("CustomerThanks")
        self.thanks_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(self.item_label)
        layout.addStretch(1)
        layout.addWidget(self.total_caption)
        layout.addWidget(self.total_label)
        layout.addWidget(self.change_label)
        layout.addWidget(self.thanks_label)
        self.mode = "welcome"
        self._cart: Json = {}
        self._completed: Json = {}
        ctx.sale.cart_changed.connect(self.show_cart)
        ctx.sale.completed.connect(self.show_completed)
        ctx.sale.cleared.connect(self.show_welcome)
        self.resize(800, 480)
        self.show_welcome()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._refresh()
        super().changeEvent(event)

    def show_welcome(self) -> None:
        self.mode = "welcome"
        self._refresh()

    def show_cart(self, cart: Json) -> None:
        self._cart = cart
        self.mode = "cart" if cart.get("lines") else "welcome"
        self._refresh()

    def show_completed(self, result: Json) -> None:
        self._completed = result.get("transaction", {})
        self.mode = "thanks"
        self._refresh()

    def _refresh(self) -> None:
        self.total_caption.setText(self.tr("Total"))
        if self.mode == "thanks":
            transaction = self._completed
            self.item_label.clear()
            self.total_label.setText(format_yen(int(transaction.get("total", 0))))
            change = int(transaction.get("change", 0))
            self.change_label.setText(self.tr("Change %1").replace("%1", format_yen(change)))
            self.thanks_label.setText(self.tr("Thank you very much"))
            return
        if self.mode == "welcome":
            self.item_label.setText(self.tr("Welcome"))
            self.total_label.setText(format_yen(0))
            self.change_label.clear()
            self.thanks_label.clear()
            return
        active = [line for line in self._cart.get("lines", []) if not line.get("voided")]
        totals = self._cart.get("totals", {})
        if active:
            last = active[-1]
            mark = "※" if last.get("reduced") else ""
            amount = format_yen(int(last.get("net", last["gross"])))
            self.item_label.setText(f"{last['name']}{mark}  ×{last['quantity']}  {amount}")
        else:
            self.item_label.clear()
        self.total_label.setText(format_yen(int(totals.get("total", 0))))
        paid = int(totals.get("paid", 0))
        self.change_label.setText(
            self.tr("Paid %1  Due %2")
            .replace("%1", format_yen(paid))
            .replace("%2", format_yen(int(totals.get("remaining", 0))))
            if paid
            else ""
        )
        self.thanks_label.clear()
