"""An on-screen numeric pad for touch; it never takes the keyboard focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QApplication, QGridLayout, QLineEdit, QPushButton, QWidget

_KEYS = (
    ("7", 0, 0), ("8", 0, 1), ("9", 0, 2),
    ("4", 1, 0), ("5", 1, 1), ("6", 1, 2),
    ("1", 2, 0), ("2", 2, 1), ("3", 2, 2),
    ("0", 3, 0), ("00", 3, 1),
)  # fmt: skip


class NumPad(QWidget):
    """Digit keys, 00, clear, backspace and Enter, typed into ``target``, or into the line
    edit that has the focus when ``target`` is None."""

    enter_pressed = Signal()

    def __init__(self, target: QLineEdit | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = target
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for text, row, column in _KEYS:
            button = self._button(text)
            button.clicked.connect(lambda _checked=False, digits=text: self._type(digits))
            layout.addWidget(button, row, column)
        self.clear_button = self._button("C")
        self.clear_button.clicked.connect(self._clear)
        layout.addWidget(self.clear_button, 3, 2)
        self.back_button = self._button("←")
        self.back_button.clicked.connect(self._backspace)
        layout.addWidget(self.back_button, 0, 3)
        self.enter_button = self._button("")
        self.enter_button.setProperty("role", "primary")
        self.enter_button.clicked.connect(self._enter)
        layout.addWidget(self.enter_button, 1, 3, 3, 1)
        self.retranslate()

    def _button(self, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setProperty("role", "numpad")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def retranslate(self) -> None:
        self.enter_button.setText(self.tr("Enter"))
        self.clear_button.setToolTip(self.tr("Clear"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _field(self) -> QLineEdit | None:
        if self.target is not None:
            return self.target
        focused = QApplication.focusWidget()
        return focused if isinstance(focused, QLineEdit) else None

    def _type(self, digits: str) -> None:
        field = self._field()
        if field is not None:
            field.insert(digits)

    def _clear(self) -> None:
        field = self._field()
        if field is not None:
            field.clear()

    def _backspace(self) -> None:
        field = self._field()
        if field is not None:
            field.backspace()

    def _enter(self) -> None:
        self.enter_pressed.emit()
