"""The supervisor approval dialog: code and PIN for an action the cashier may not do alone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal_app.client import Approval, BackendError
from terminal_app.context import AppContext
from terminal_app.errors import display_message
from terminal_app.widgets.numpad import NumPad


def digit_field(parent: QWidget, secret: bool = False) -> QLineEdit:
    field = QLineEdit(parent)
    field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
        if secret
        else Qt.InputMethodHint.ImhDigitsOnly
    )
    field.setMaxLength(16)
    if secret:
        field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class ApprovalDialog(QDialog):
    def __init__(
        self,
        parent: QWidget,
        ctx: AppContext,
        refusal: BackendError,
        resume: Callable[[Approval | None], None],
    ) -> None:
        super().__init__(parent)
        self.setModal(True)
        self._resume: Callable[[Approval | None], None] | None = resume
        # The backend names the permission by its code in the message and gives the
        # screen word (e.g. 取引取消) in details["label"]; the action is shown by that word.
        action = str(refusal.details.get("label") or refusal.details.get("permission") or "")
        self.action = QLabel(action, self)
        self.action.setObjectName("TotalLabel")
        self.reason = QLabel(display_message(refusal, ctx.language), self)
        self.reason.setObjectName("BannerPrimary")
        self.reason.setWordWrap(True)
        self.code_field = digit_field(self)
        self.pin_field = digit_field(self, secret=True)
        self.code_field.returnPressed.connect(self.pin_field.setFocus)
        self.pin_field.returnPressed.connect(self.approve)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #8e1c12;")
        self.pad = NumPad(None, self)
        self.pad.enter_pressed.connect(self._pad_enter)
        self.approve_button = QPushButton(self)
        self.approve_button.setProperty("role", "primary")
        self.approve_button.clicked.connect(self.approve)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.reject)
        self.rejected.connect(self._cancelled)
        form = QFormLayout()
        self.code_caption = QLabel(self)
        self.pin_caption = QLabel(self)
        form.addRow(self.code_caption, self.code_field)
        form.addRow(self.pin_caption, self.pin_field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.approve_button)
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setObjectName("ScreenTitle")
        layout.addWidget(self.title)
        layout.addWidget(self.action)
        layout.addWidget(self.reason)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.pad)
        layout.addLayout(buttons)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        self.setMinimumWidth(460)
        self.retranslate()
        self.code_field.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Supervisor approval"))
        self.title.setText(self.tr("Supervisor approval"))
        self.code_caption.setText(self.tr("Supervisor code"))
        self.pin_caption.setText(self.tr("PIN"))
        self.approve_button.setText(self.tr("Approve"))
        self.cancel_button.setText(self.tr("Cancel"))

    def _pad_enter(self) -> None:
        if self.code_field.hasFocus():
            self.pin_field.setFocus()
        else:
            self.approve()

    def approve(self) -> None:
        code = self.code_field.text().strip()
        pin = self.pin_field.text().strip()
        if not code or not pin:
            self.problem.setText(self.tr("Enter the supervisor code and PIN."))
            return
        resume, self._resume = self._resume, None
        self.accept()
        if resume is not None:
            resume(Approval(code, pin))

    def _cancelled(self) -> None:
        resume, self._resume = self._resume, None
        if resume is not None:
            resume(None)
