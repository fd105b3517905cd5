"""A drawer count by denomination (金種), used to open with a float and for the Z report."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from terminal_app.i18n import format_yen

# Japanese notes and coins, largest first (the backend accepts exactly these).
DENOMINATIONS = (10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 1)
MAX_PIECES = 99_999


class DenominationCount(QWidget):
    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[int, QLineEdit] = {}
        self.amounts: dict[int, QLabel] = {}
        layout = QGridLayout(self)
        layout.setHorizontalSpacing(12)
        layout.setVerticalSpacing(2)
        self.header_pieces = QLabel(self)
        self.header_amount = QLabel(self)
        layout.addWidget(self.header_pieces, 0, 1)
        layout.addWidget(self.header_amount, 0, 2)
        for row, denomination in enumerate(DENOMINATIONS, start=1):
            caption = QLabel(format_yen(denomination), self)
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            field = QLineEdit(self)
            field.setObjectName("CountField")
            field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
            field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
            field.setAlignment(Qt.AlignmentFlag.AlignRight)
            field.setMaxLength(5)
            field.setMaximumWidth(120)
            field.textChanged.connect(self._recount)
            field.returnPressed.connect(self.focusNextChild)
            amount = QLabel(format_yen(0), self)
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            amount.setMinimumWidth(130)
            layout.addWidget(caption, row, 0)
            layout.addWidget(field, row, 1)
            layout.addWidget(amount, row, 2)
            self.fields[denomination] = field
            self.amounts[denomination] = amount
        self.total_caption = QLabel(self)
        self.total_caption.setObjectName("TotalLabel")
        self.total_label = QLabel(format_yen(0), self)
        self.total_label.setObjectName("CountTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = len(DENOMINATIONS) + 1
        layout.addWidget(self.total_caption, row, 0)
        layout.addWidget(self.total_label, row, 1, 1, 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.header_pieces.setText(self.tr("Pieces"))
        self.header_amount.setText(self.tr("Amount"))
        self.total_caption.setText(self.tr("Total"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def pieces(self, denomination: int) -> int:
        text = self.fields[denomination].text().strip().translate(_FULL_WIDTH)
        return int(text) if text.isdigit() and int(text) <= MAX_PIECES else 0

    def counts(self) -> dict[str, int]:
        """Return the count in the backend's form: pieces keyed by denomination in yen."""
        return {str(denomination): self.pieces(denomination) for denomination in DENOMINATIONS}

    def total(self) -> int:
        return sum(denomination * self.pieces(denomination) for denomination in DENOMINATIONS)

    def set_counts(self, counts: dict[int, int]) -> None:
        for denomination, field in self.fields.items():
            value = counts.get(denomination, 0)
            field.setText(str(value) if value else "")

    def clear(self) -> None:
        self.set_counts({})

    def _recount(self) -> None:
        for denomination, label in self.amounts.items():
            label.setText(format_yen(denomination * self.pieces(denomination)))
        total = self.total()
        self.total_label.setText(format_yen(total))
        self.changed.emit(total)


_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
