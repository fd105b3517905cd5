"""X report (点検) and Z report (精算) with the drawer count by denomination.

The X report reads the figures of the current period from GET /reports/x and can print
them (POST /reports/x); nothing is reset. The Z report sends the counted drawer and closes
the period. The backend returns the expected cash and the over/short (過不足).
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from terminal_app import api
from terminal_app.client import BackendError
from terminal_app.context import AppContext
from terminal_app.i18n import fill, format_yen
from terminal_app.operations import Operation
from terminal_app.screens.base import Screen, function_button
from terminal_app.widgets.denominations import DenominationCount
from terminal_app.widgets.figures import FiguresTable

Json = dict[str, Any]


class ReportScreen(Screen):
    back = Signal()
    settled = Signal(dict)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.mode = "x"
        self.report: Json = {}
        self._z_key: str | None = None
        self.title = QLabel(self)
        self.title.setObjectName("ScreenTitle")
        self.subtitle = QLabel(self)
        self.figures = FiguresTable(self)
        self.count = DenominationCount(self)
        self.count_hint = QLabel(self)
        self.count_hint.setWordWrap(True)
        self.difference = QLabel(self)
        self.difference.setObjectName("TotalLabel")
        self.difference.setWordWrap(True)
        self.count.changed.connect(lambda _total: self._show_difference())
        self.print_button = function_button(self)
        self.print_button.clicked.connect(self.print_x)
        self.z_button = function_button(self, "danger")
        self.z_button.clicked.connect(self.take_z)
        self.back_button = function_button(self)
        self.back_button.clicked.connect(self.back.emit)
        self.shortcut(Qt.Key.Key_Escape, self.back.emit)
        right = QVBoxLayout()
        right.addWidget(self.count_hint)
        right.addWidget(self.count)
        right.addWidget(self.difference)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.figures, 3)
        body.addLayout(right, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.z_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(
            self.tr("X report (read only)") if self.mode == "x" else self.tr("Z report (settle)")
        )
        self.count_hint.setText(
            self.tr("Count the cash in the drawer by denomination, then press Take Z report.")
        )
        self.print_button.setText(self.tr("Print X report"))
        self.z_button.setText(self.tr("Take Z report"))
        self.back_button.setText(self.tr("Esc\nBack"))
        self.show_report(self.report)

    def show_mode(self, mode: str) -> None:
        """Show the X report (``"x"``) or the Z report count (``"z"``) and load the figures."""
        self.mode = mode
        self.report = {}
        self._z_key = uuid.uuid4().hex if mode == "z" else None
        self.count.clear()
        self.count.setVisible(mode == "z")
        self.count.setEnabled(True)
        self.count_hint.setVisible(mode == "z")
        self.difference.setVisible(mode == "z")
        self.z_button.setVisible(mode == "z")
        self.print_button.setVisible(mode == "x")
        self.retranslate()
        self.ctx.runner.run(Operation(api.x_report, self.show_report, label="x report"))

    def activated(self) -> None:
        if self.mode == "z":
            self.count.fields[10000].setFocus()

    # ----- figures -----

    def figure_rows(self, figures: Json) -> list[tuple[str, str]]:
        counts = figures.get("counts", {})
        cash = figures.get("cash", {})
        rows: list[tuple[str, str]] = [
            (self.tr("Sales"), ""),
            (self.tr("Sales count"), str(counts.get("sales", 0))),
            (self.tr("Sales total"), format_yen(int(figures.get("sales_total", 0)))),
            (self.tr("Returns"), format_yen(int(figures.get("returns_total", 0)))),
            (self.tr("Voids"), format_yen(int(figures.get("voids_total", 0)))),
            (self.tr("Net sales"), format_yen(int(figures.get("net_sales", 0)))),
            (self.tr("Tax"), format_yen(int(figures.get("tax_total", 0)))),
            (self.tr("Items sold"), str(counts.get("items_sold", 0))),
        ]
        for tax in figures.get("taxes", []):
            mark = "※" if tax.get("tax_class") == "reduced" else ""
            mode = self.tr("tax incl.") if tax.get("price_mode") == "inclusive" else self.tr("tax excl.")
            rows.append(
                (
                    fill(self.tr("%1 taxable"), f"{tax['rate_percent']}%{mark} ({mode})"),
                    self.tr("%1 (tax %2)")
                    .replace("%1", format_yen(int(tax["total"])))
                    .replace("%2", format_yen(int(tax["tax"]))),
                )
            )
        rows.append((self.tr("Payments"), ""))
        for tender in figures.get("tenders", []):
            rows.append((str(tender.get("name") or tender["tender_code"]), format_yen(int(tender["net"]))))
        rows += [
            (self.tr("Cash drawer"), ""),
            (self.tr("Float"), format_yen(int(cash.get("float", 0)))),
            (self.tr("Cash sales"), format_yen(int(cash.get("cash_sales", 0)))),
            (self.tr("Cash in"), format_yen(int(cash.get("cash_in", 0)))),
            (self.tr("Cash out"), format_yen(int(cash.get("cash_out", 0)))),
            (self.tr("Cash refunds"), format_yen(int(cash.get("cash_refunds", 0)))),
            (self.tr("Expected in drawer"), format_yen(int(cash.get("expected", 0)))),
        ]
        if cash.get("counted") is not None:
            rows.append((self.tr("Counted"), format_yen(int(cash["counted"]))))
            rows.append((self.tr("Over/short"), format_yen(int(cash["over_short"]))))
        return rows

    def show_report(self, report: Json) -> None:
        """Show GET /reports/x, or the record a POST to /reports/x or /reports/z wrote."""
        self.report = report
        source = report.get("record", report)
        figures = source.get("figures") or {}
        self.figures.set_rows(self.figure_rows(figures) if figures else [])
        self._show_difference()
        business_date = source.get("business_date")
        self.subtitle.setText(
            fill(self.tr("Business date %1, period %2"), business_date, source.get("period"))
            if business_date
            else ""
        )

    def _show_difference(self) -> None:
        """Show the counted cash against the expected cash while the drawer is counted.

        The figure is only a preview: the Z report's over/short is the backend's.
        """
        figures = self.report.get("record", self.report).get("figures") or {}
        expected = figures.get("cash", {}).get("expected")
        if expected is None or self.mode != "z":
            self.difference.clear()
            return
        self.difference.setText(
            fill(
                self.tr("Expected %1, counted %2, over/short %3"),
                format_yen(int(expected)),
                format_yen(self.count.total()),
                format_yen(self.count.total() - int(expected)),
            )
        )

    # ----- actions -----

    def print_x(self) -> None:
        def done(result: Json) -> None:
            self.show_report(result)
            self.ctx.errors.show_notice(self.tr("X report printed."))

        self.ctx.runner.run_serial(Operation(api.take_x_report, done, label="print x report"))

    def take_z(self) -> None:
        counts = self.count.counts()
        key = self._z_key or uuid.uuid4().hex
        self._z_key = key

        def done(result: Json) -> None:
            terminal = result.get("terminal")
            if isinstance(terminal, dict):
                self.ctx.terminal.apply(terminal)
            self.z_button.setVisible(False)
            self.count.setEnabled(False)
            self.show_report(result)
            self.ctx.errors.show_notice(self.tr("Z report taken. The period is settled."))
            self.settled.emit(result)

        def failed(error: BackendError) -> None:
            self.ctx.errors.show_error(error)

        self.ctx.runner.run_serial(
            Operation(lambda client: api.take_z_report(client, counts, key), done, failed, label="z report")
        )
