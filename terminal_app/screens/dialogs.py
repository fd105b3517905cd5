"""Small dialogs: a number entry with a numeric pad, and a read-only text view.

Dialogs open with ``open()`` and report by callback, so no nested event loop waits for the
cashier and tests drive them like any other widget.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal_app.screens.base import digits_of
from terminal_app.widgets.numpad import NumPad


class NumberDialog(QDialog):
    """Ask for one whole number (quantity, yen amount, percent)."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        prompt: str,
        on_value: Callable[[int], None],
        maximum: int = 9_999_999,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._on_value = on_value
        self._maximum = maximum
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.field = QLineEdit(self)
        self.field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.field.returnPressed.connect(self._accept_value)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #8e1c12;")
        pad = NumPad(self.field, self)
        pad.enter_pressed.connect(self._accept_value)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.field)
        layout.addWidget(self.problem)
        layout.addWidget(pad)
        layout.addWidget(cancel)
        self.field.setFocus()

    def _accept_value(self) -> None:
        value = digits_of(self.field.text().translate(_FULL_WIDTH_DIGITS))
        if value is None or value > self._maximum:
            self.problem.setText(
                self.tr("Enter a whole number from 0 to %1.").replace("%1", f"{self._maximum:,}")
            )
            return
        self.accept()
        self._on_value(value)


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def ask_number(
    parent: QWidget, title: str, prompt: str, on_value: Callable[[int], None], maximum: int = 9_999_999
) -> NumberDialog:
    dialog = NumberDialog(parent, title, prompt, on_value, maximum)
    dialog.open()
    return dialog


class TextDialog(QDialog):
    """Show a receipt or report as fixed-width text."""

    def __init__(self, parent: QWidget, title: str, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.view = QPlainTextEdit(self)
        self.view.setObjectName("ReceiptPreview")
        self.view.setReadOnly(True)
        self.view.setPlainText(text)
        font = QFont(self.view.font())
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.view.setFont(font)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(560, 720)
