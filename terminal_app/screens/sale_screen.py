"""The main sale screen: lines, totals, the scan/code field, preset keys and function keys.

Keyboard:

- a scan, or a code and Enter, adds an item;
- ``*`` after a typed number sets the quantity of the next item;
- F1-F12 are the function keys shown along the bottom;
- Up and Down select a line (the newest line is the default target);
- Esc clears the input and the message.

The code field gets the focus back after every action.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from terminal_app.context import AppContext
from terminal_app.i18n import fill, format_yen
from terminal_app.screens.base import Screen, digits_of, function_button
from terminal_app.screens.dialogs import ask_number
from terminal_app.widgets.cart_table import CartLinesModel, CartTable
from terminal_app.widgets.code_field import CodeField
from terminal_app.widgets.numpad import NumPad
from terminal_app.widgets.presets import PresetPad

logger = logging.getLogger(__name__)

Json = dict[str, Any]


class TotalsPanel(QWidget):
    """Item count, total and tax per rate of the cart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count_caption = QLabel(self)
        self.count_value = QLabel("0", self)
        self.total_caption = QLabel(self)
        self.total_caption.setObjectName("TotalLabel")
        self.total_value = QLabel(format_yen(0), self)
        self.total_value.setObjectName("TotalAmount")
        self.total_value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tax_lines = QLabel(self)
        self.tax_lines.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.tax_lines.setWordWrap(True)
        self.reduced_note = QLabel(self)
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.count_caption, 0, 0)
        layout.addWidget(self.count_value, 0, 1, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.total_caption, 1, 0)
        layout.addWidget(self.total_value, 1, 1)
        layout.addWidget(self.tax_lines, 2, 0, 1, 2)
        layout.addWidget(self.reduced_note, 3, 0, 1, 2)
        self.totals: Json = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.count_caption.setText(self.tr("Items"))
        self.total_caption.setText(self.tr("Total"))
        self.reduced_note.setText(self.tr("※ reduced tax rate (8%)"))
        self.show_totals(self.totals)

    def rate_caption(self, tax: Json) -> str:
        """Return e.g. "8%※ (tax incl.)": the rate, the reduced-rate mark and the price mode."""
        mark = "※" if tax.get("tax_class") == "reduced" else ""
        mode = self.tr("tax incl.") if tax.get("price_mode") == "inclusive" else self.tr("tax excl.")
        return f"{tax['rate_percent']}%{mark} ({mode})"

    def show_totals(self, totals: Json) -> None:
        self.totals = totals
        self.count_value.setText(str(totals.get("item_count", 0)))
        self.total_value.setText(format_yen(int(totals.get("total", 0))))
        parts = []
        for tax in totals.get("taxes", []):
            parts.append(
                fill(
                    self.tr("%1 taxable %2  tax %3"),
                    self.rate_caption(tax),
                    format_yen(int(tax["total"])),
                    format_yen(int(tax["tax"])),
                )
            )
        self.tax_lines.setText("\n".join(parts))
        self.reduced_note.setVisible(any(t.get("tax_class") == "reduced" for t in totals.get("taxes", [])))


class SaleScreen(Screen):
    navigate = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.multiplier: int | None = None
        self.lines_model = CartLinesModel(self)
        self.table = CartTable(self.lines_model, self)
        self.totals = TotalsPanel(self)
        self.code_field = CodeField(self)
        self.code_field.scanned.connect(self.on_scan)
        self.code_field.entered.connect(self.on_entered)
        self.code_field.multiply.connect(self.set_multiplier)
        self.multiplier_label = QLabel(self)
        self.multiplier_label.setObjectName("Multiplier")
        self.input_caption = QLabel(self)
        self.numpad = NumPad(self.code_field, self)
        self.numpad.enter_pressed.connect(lambda: self.on_entered(self.code_field.value()))
        self.presets = PresetPad(self)
        self.presets.pressed.connect(self.on_preset)
        self.function_buttons: dict[str, Any] = {}
        self._build_layout()
        self._bind_keys()
        ctx.sale.cart_changed.connect(self.show_cart)
        ctx.sale.cleared.connect(lambda: self.show_cart({}))
        self.retranslate()

    # ----- layout -----

    def _function_keys(self) -> list[tuple[str, str, Callable[[], None]]]:
        """(id, key, action) of each function key, in the order shown."""
        return [
            ("quantity", "F1", self.change_quantity),
            ("price", "F2", self.override_price),
            ("void_line", "F3", self.void_line),
            ("discount_amount", "F4", lambda: self.discount_line("amount")),
            ("discount_percent", "F5", lambda: self.discount_line("percent")),
            ("suspend", "F6", lambda: self.navigate.emit("suspend")),
            ("resume", "F7", lambda: self.navigate.emit("resume")),
            ("cancel", "F8", self.cancel_sale),
            ("returns", "F9", lambda: self.navigate.emit("returns")),
            ("subtotal", "F10", self.subtotal),
            ("menu", "F11", lambda: self.navigate.emit("menu")),
            ("search", "F12", lambda: self.navigate.emit("search")),
        ]

    def function_caption(self, key_id: str) -> str:
        captions = {
            "quantity": self.tr("Quantity"),
            "price": self.tr("Price"),
            "void_line": self.tr("Void line"),
            "discount_amount": self.tr("Discount ¥"),
            "discount_percent": self.tr("Discount %"),
            "suspend": self.tr("Suspend"),
            "resume": self.tr("Resume"),
            "cancel": self.tr("Cancel sale"),
            "returns": self.tr("Void/Return"),
            "subtotal": self.tr("Subtotal"),
            "menu": self.tr("Menu"),
            "search": self.tr("Item search"),
        }
        return captions[key_id]

    def _build_layout(self) -> None:
        right = QVBoxLayout()
        right.addWidget(self.totals)
        input_row = QHBoxLayout()
        input_row.addWidget(self.input_caption)
        input_row.addStretch(1)
        input_row.addWidget(self.multiplier_label)
        right.addLayout(input_row)
        right.addWidget(self.code_field)
        right.addWidget(self.numpad)
        left = QVBoxLayout()
        left.addWidget(self.table, 3)
        left.addWidget(self.presets, 2)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        keys = QGridLayout()
        keys.setSpacing(4)
        for index, (key_id, key, action) in enumerate(self._function_keys()):
            button = function_button(self, "primary" if key_id == "subtotal" else "function")
            button.clicked.connect(action)
            self.function_buttons[key_id] = (button, key)
            keys.addWidget(button, 0, index)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        outer.addLayout(body, 1)
        outer.addLayout(keys)

    def _bind_keys(self) -> None:
        for _key_id, key, action in self._function_keys():
            self.shortcut(key, action)
        self.shortcut(Qt.Key.Key_Escape, self.clear_input)
        self.shortcut(Qt.Key.Key_Up, lambda: self.move_selection(-1))
        self.shortcut(Qt.Key.Key_Down, lambda: self.move_selection(1))

    def retranslate(self) -> None:
        self.lines_model.retranslate()
        self.totals.retranslate()
        self.input_caption.setText(self.tr("Scan or enter a code"))
        for key_id, (button, key) in self.function_buttons.items():
            button.setText(f"{key}\n{self.function_caption(key_id)}")
        self._show_multiplier()

    def activated(self) -> None:
        self.presets.set_pages(self.ctx.master.presets)
        self.show_cart(self.ctx.sale.cart or {})
        self.focus_input()

    def focus_input(self) -> None:
        # After a dialog closes the main window may not get the activation back by itself
        # (platforms without a window manager), and the function keys need it.
        if self.isVisible() and not self.isActiveWindow():
            self.window().activateWindow()
        self.code_field.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----- showing the cart -----

    def show_cart(self, cart: Json) -> None:
        lines = cart.get("lines", [])
        selected = self.table.selected_line()
        grew = len(lines) != len(self.lines_model.lines)
        self.lines_model.set_lines(lines)
        if lines:
            # A new line is selected, so the function keys act on the item just rung up;
            # otherwise the cashier's selection stays.
            row = len(lines) - 1
            if selected is not None and not grew:
                row = next((i for i, line in enumerate(lines) if line["line_no"] == selected["line_no"]), row)
            self.table.selectRow(row)
            self.table.scrollTo(self.lines_model.index(row, 0))
        self.totals.show_totals(cart.get("totals", {}))

    def target_line(self) -> Json | None:
        """Return the selected line, or the last line not voided."""
        selected = self.table.selected_line()
        if selected is not None and not selected.get("voided"):
            return selected
        active = self.ctx.sale.active_lines
        return active[-1] if active else None

    def move_selection(self, step: int) -> None:
        rows = self.lines_model.rowCount()
        if not rows:
            return
        current = self.table.selectionModel().selectedRows()
        row = current[0].row() + step if current else rows - 1
        self.table.selectRow(max(0, min(rows - 1, row)))

    # ----- input -----

    def after_action(self) -> None:
        self.code_field.clear_input()
        self.focus_input()

    def clear_input(self) -> None:
        self.code_field.clear_input()
        self.multiplier = None
        self._show_multiplier()
        self.ctx.errors.clear()
        self.focus_input()

    def _show_multiplier(self) -> None:
        self.multiplier_label.setText(f"× {self.multiplier}" if self.multiplier else "")

    def set_multiplier(self) -> None:
        value = digits_of(self.code_field.value())
        if value is None or value < 1:
            self.ctx.errors.show_notice(self.tr("Type a quantity, then press ×."))
            return
        self.multiplier = value
        self._show_multiplier()
        self.after_action()

    def on_scan(self, code: str) -> None:
        self._add(code)

    def on_entered(self, text: str) -> None:
        if not text:
            self.focus_input()
            return
        self._add(text)
        self.code_field.clear_input()

    def on_preset(self, item_code: str) -> None:
        self._add(item_code)

    def _add(self, code: str) -> None:
        quantity = self.multiplier or 1
        self.multiplier = None
        self._show_multiplier()
        self.ctx.errors.clear()
        self.ctx.sale.add_item(code, quantity)
        self.focus_input()

    # ----- function keys -----

    def _with_number(self, title: str, prompt: str, action: Callable[[int], None], maximum: int) -> None:
        """Run ``action`` with the typed number, or ask for one with the number pad."""
        value = digits_of(self.code_field.value())
        if value is not None:
            self.after_action()
            action(value)
            return

        def chosen(number: int) -> None:
            action(number)
            self.focus_input()

        dialog = ask_number(self, title, prompt, chosen, maximum)
        dialog.rejected.connect(self.focus_input)

    def _need_line(self) -> Json | None:
        line = self.target_line()
        if line is None:
            self.ctx.errors.show_notice(self.tr("There is no line to change. Scan an item first."))
        return line

    def change_quantity(self) -> None:
        line = self._need_line()
        if line is None:
            return
        self._with_number(
            self.tr("Quantity"),
            self.tr("New quantity for %1").replace("%1", line["name"]),
            lambda quantity: self.ctx.sale.set_quantity(line["line_no"], quantity),
            999,
        )

    def override_price(self) -> None:
        line = self._need_line()
        if line is None:
            return
        self._with_number(
            self.tr("Price override"),
            self.tr("New unit price in yen for %1").replace("%1", line["name"]),
            lambda price: self.ctx.sale.override_price(line["line_no"], price),
            9_999_999,
        )

    def void_line(self) -> None:
        line = self._need_line()
        if line is None:
            return
        self.ctx.sale.void_line(line["line_no"])
        self.after_action()

    def discount_line(self, kind: str) -> None:
        line = self._need_line()
        if line is None:
            return
        if kind == "amount":
            title, prompt, maximum = self.tr("Line discount"), self.tr("Discount in yen"), 9_999_999
        else:
            title, prompt, maximum = self.tr("Line discount"), self.tr("Discount in percent (1-100)"), 100
        self._with_number(
            title, prompt, lambda value: self.ctx.sale.discount_line(line["line_no"], kind, value), maximum
        )

    def subtotal(self) -> None:
        # Queued behind scans still in flight; the backend refuses an empty sale itself.
        self.ctx.errors.clear()
        self.ctx.sale.subtotal(on_done=lambda _cart: self.navigate.emit("payment"))

    def cancel_sale(self) -> None:
        if self.ctx.sale.cart_id is None and not self.ctx.sale.has_items:
            return
        self.ctx.sale.cancel()
        self.after_action()
        # Start the next cart at once, so the next scan does not wait for it.
        QTimer.singleShot(0, self.ctx.sale.start)
