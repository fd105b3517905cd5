"""The item lines of the sale in progress, as a table model and view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from terminal_app.i18n import format_yen

REDUCED_MARK = "※"

Index = QModelIndex | QPersistentModelIndex


def line_discount(line: dict[str, Any]) -> int:
    """Return the yen taken off a line by its discount and promotions."""
    gross: int = line.get("gross", line["unit_price"] * line["quantity"])
    net: int = line.get("net", gross)
    return gross - net


class CartLinesModel(QAbstractTableModel):
    COLUMNS = ("no", "name", "quantity", "unit_price", "discount", "amount")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[dict[str, Any]] = []
        self._headers = ["", "", "", "", "", ""]
        self.retranslate()

    def retranslate(self) -> None:
        self._headers = [
            self.tr("No."),
            self.tr("Item"),
            self.tr("Qty"),
            self.tr("Price"),
            self.tr("Discount"),
            self.tr("Amount"),
        ]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)

    def set_lines(self, lines: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in ("quantity", "unit_price", "discount", "amount"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and line.get("voided"):
            return QBrush(QColor("#8a8a8a"))
        if role == Qt.ItemDataRole.FontRole and line.get("voided"):
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def _display(self, line: dict[str, Any], column: str) -> str:
        if column == "no":
            return str(line["line_no"])
        if column == "name":
            mark = REDUCED_MARK if line.get("reduced") else ""
            name = f"{line['name']}{mark}"
            if line.get("voided"):
                return self.tr("%1 (voided)").replace("%1", name)
            if line.get("price_overridden"):
                return self.tr("%1 (price changed)").replace("%1", name)
            return name
        if column == "quantity":
            return str(line["quantity"])
        if column == "unit_price":
            return format_yen(line["unit_price"])
        if column == "discount":
            discount = line_discount(line)
            return format_yen(-discount) if discount else ""
        if column == "amount":
            return format_yen(line.get("net", line["unit_price"] * line["quantity"]))
        return ""


class CartTable(QTableView):
    """Lines table that never takes the keyboard focus from the code field."""

    def __init__(self, model: CartLinesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines_model = model
        self.setModel(model)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(40)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 50), (2, 70), (3, 120), (4, 110), (5, 130)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(column, width)

    def selected_line(self) -> dict[str, Any] | None:
        rows = self.selectionModel().selectedRows()
        if rows:
            return self.lines_model.lines[rows[0].row()]
        return None
