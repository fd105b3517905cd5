"""A two-column table of report figures: what each figure is, and its value."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget


class FiguresTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.horizontalHeader().setVisible(False)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().setDefaultSectionSize(34)

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        self.setRowCount(len(rows))
        for index, (caption, value) in enumerate(rows):
            label = QTableWidgetItem(caption)
            amount = QTableWidgetItem(value)
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not value:
                font = label.font()
                font.setBold(True)
                label.setFont(font)
            self.setItem(index, 0, label)
            self.setItem(index, 1, amount)

    def value_of(self, caption: str) -> str:
        for row in range(self.rowCount()):
            label = self.item(row, 0)
            if label is not None and label.text() == caption:
                value = self.item(row, 1)
                return value.text() if value is not None else ""
        raise KeyError(caption)
