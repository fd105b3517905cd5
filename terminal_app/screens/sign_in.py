"""Staff sign-in (サインイン) with code and PIN, and the language switch."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from terminal_app import api
from terminal_app.client import BackendError
from terminal_app.context import AppContext
from terminal_app.operations import Operation
from terminal_app.screens.approval import digit_field
from terminal_app.screens.base import Screen, function_button
from terminal_app.widgets.numpad import NumPad

Json = dict[str, object]


class SignInScreen(Screen):
    signed_in = Signal(dict)
    language_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = QLabel(self)
        self.title.setObjectName("ScreenTitle")
        self.state_label = QLabel(self)
        self.state_label.setObjectName("HeaderInfo")
        self.code_caption = QLabel(self)
        self.pin_caption = QLabel(self)
        self.code_field = digit_field(self)
        self.pin_field = digit_field(self, secret=True)
        self.code_field.returnPressed.connect(self.pin_field.setFocus)
        self.pin_field.returnPressed.connect(self.submit)
        self.pad = NumPad(None, self)
        self.pad.enter_pressed.connect(self._pad_enter)
        self.sign_in_button = function_button(self, "primary")
        self.sign_in_button.clicked.connect(self.submit)
        self.language_button = function_button(self)
        self.language_button.clicked.connect(self._toggle_language)
        form = QFormLayout()
        form.addRow(self.code_caption, self.code_field)
        form.addRow(self.pin_caption, self.pin_field)
        column = QVBoxLayout()
        column.addWidget(self.title)
        column.addWidget(self.state_label)
        column.addLayout(form)
        column.addWidget(self.pad)
        column.addWidget(self.sign_in_button)
        column.addStretch(1)
        column.addWidget(self.language_button)
        box = QWidget(self)
        box.setLayout(column)
        box.setMaximumWidth(520)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box)
        outer.addStretch(1)
        self._busy = False
        ctx.terminal.changed.connect(self._show_state)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sign in"))
        self.code_caption.setText(self.tr("Staff code"))
        self.pin_caption.setText(self.tr("PIN"))
        self.sign_in_button.setText(self.tr("Sign in"))
        self.language_button.setText(self.tr("English") if self.ctx.language == "ja" else "日本語")
        self._show_state()

    def _show_state(self) -> None:
        status = str(self.ctx.terminal.raw.get("status", ""))
        texts = {
            "open": self.tr("Terminal is open."),
            "closed": self.tr("Terminal is closed. Sign in to open it."),
            "settled": self.tr("Z report taken. Sign in to open the next period or close."),
        }
        self.state_label.setText(texts.get(status, ""))

    def activated(self) -> None:
        self.code_field.clear()
        self.pin_field.clear()
        self.code_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _pad_enter(self) -> None:
        if self.code_field.hasFocus():
            self.pin_field.setFocus()
        else:
            self.submit()

    def _toggle_language(self) -> None:
        self.language_requested.emit("en" if self.ctx.language == "ja" else "ja")

    def submit(self) -> None:
        code = self.code_field.text().strip()
        pin = self.pin_field.text().strip()
        if not code or not pin:
            self.ctx.errors.show_notice(self.tr("Enter your staff code and PIN."))
            self.code_field.setFocus() if not code else self.pin_field.setFocus()
            return
        if self._busy:
            return
        self._busy = True

        def done(result: dict[str, object]) -> None:
            self._busy = False
            self.pin_field.clear()
            self.ctx.errors.clear()
            terminal = result.get("terminal")
            if isinstance(terminal, dict):
                self.ctx.terminal.apply(terminal)
            self.signed_in.emit(result)

        def failed(error: BackendError) -> None:
            self._busy = False
            self.pin_field.clear()
            self.pin_field.setFocus()
            self.ctx.errors.show_error(error)

        self.ctx.runner.run_serial(
            Operation(lambda client: api.sign_in(client, code, pin), done, failed, label="sign in")
        )
