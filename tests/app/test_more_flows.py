"""More flows against the real backend: price override with approval on a cart route,
cash in and out, exchange, item search and sign-out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from terminal_app.controller import TerminalApp
from terminal_app.screens.cash import CashDialog
from terminal_app.screens.exchange import ExchangeDialog
from terminal_app.screens.search import ItemSearchDialog
from tests.app.conftest import BEER, BENTO, ONIGIRI, type_into, wait_idle
from tests.app.test_supervisor import approve, open_returns, pay_cash


def visible_dialog(terminal: TerminalApp, kind: type) -> Any:
    assert terminal.window is not None
    found = [dialog for dialog in terminal.window.findChildren(kind) if dialog.isVisible()]
    return found[-1] if found else None


def test_price_override_approved_by_grant(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    nav = terminal.navigator
    assert nav is not None
    sale = nav.sale_screen
    scan(BEER)
    QTest.keyClicks(sale.code_field, "200")
    QTest.keyClick(sale, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: nav.approval_dialog is not None, timeout=10_000)
    assert nav.approval_dialog.action.text() == "売価変更"
    approve(qtbot, terminal)
    wait_idle(qtbot, terminal)

    line = sale.lines_model.lines[0]
    assert line["unit_price"] == 200
    assert line["price_overridden"] is True
    assert sale.lines_model.data(sale.lines_model.index(0, 1)) == "ビール 350ml（売価変更）"
    assert sale.totals.total_value.text() == "¥200"
    assert terminal.ctx is not None and terminal.ctx.sale.cart is not None
    approvals = terminal.ctx.sale.cart["approvals"]
    assert [(entry["permission"], entry["approver"]) for entry in approvals] == [("price_override", "9001")]


def test_cash_in_and_out_reach_x_report(qtbot: Any, terminal: TerminalApp) -> None:
    nav = terminal.navigator
    assert nav is not None and terminal.window is not None
    QTest.keyClick(nav.sale_screen, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: terminal.window.current_name == "menu")

    nav.flows.menu.buttons["cash_in"].click()
    qtbot.waitUntil(lambda: visible_dialog(terminal, CashDialog) is not None)
    dialog = visible_dialog(terminal, CashDialog)
    qtbot.waitUntil(lambda: dialog.reason.count() > 0, timeout=10_000)
    type_into(dialog.amount_field, "3000")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert terminal.window.banner.primary.text() == "¥3,000 を登録しました。"

    nav.flows.menu.buttons["cash_out"].click()
    qtbot.waitUntil(lambda: visible_dialog(terminal, CashDialog) is not None)
    dialog = visible_dialog(terminal, CashDialog)
    qtbot.waitUntil(lambda: dialog.reason.count() > 0, timeout=10_000)
    type_into(dialog.amount_field, "1000")
    approve(qtbot, terminal)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)

    nav.flows.menu.buttons["x_report"].click()
    reports = nav.flows.reports
    qtbot.waitUntil(lambda: bool(reports.report), timeout=10_000)
    assert reports.figures.value_of("入金") == "¥3,000"
    assert reports.figures.value_of("出金") == "¥1,000"
    assert reports.figures.value_of("ドロア内の予定額") == "¥14,000"


def test_exchange_against_receipt(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    scan(ONIGIRI)
    scan(BEER)
    pay_cash(qtbot, terminal, "1000")
    screen = open_returns(qtbot, terminal, 1)
    beer_row = [line_no for line_no, _box in screen.quantity_boxes].index(2)
    screen.quantity_boxes[beer_row][1].setValue(1)
    recorded: list[dict[str, Any]] = []
    screen.recorded.connect(recorded.append)

    screen.exchange_button.click()
    qtbot.waitUntil(lambda: visible_dialog(terminal, ExchangeDialog) is not None)
    dialog = visible_dialog(terminal, ExchangeDialog)
    type_into(dialog.code_field, BENTO)
    assert dialog.items == [{"code": BENTO, "quantity": 1}]
    QTest.keyClicks(dialog.cash_field, "400")
    dialog.ok_button.click()
    approve(qtbot, terminal)
    qtbot.waitUntil(lambda: bool(recorded), timeout=10_000)

    exchange = recorded[0]["transaction"]
    assert exchange["kind"] == "exchange"
    # The bento (¥598) replaces the beer (¥228): ¥370 more, paid with ¥400 cash.
    assert exchange["total"] == 370
    assert exchange["change"] == 30


def test_item_search_adds_chosen_item(qtbot: Any, terminal: TerminalApp) -> None:
    nav = terminal.navigator
    assert nav is not None
    QTest.keyClick(nav.sale_screen, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: visible_dialog(terminal, ItemSearchDialog) is not None)
    dialog = visible_dialog(terminal, ItemSearchDialog)
    dialog.field.setText("ビール")
    qtbot.waitUntil(lambda: dialog.results.count() > 0, timeout=10_000)
    assert all("ビール" in dialog.results.item(row).text() for row in range(dialog.results.count()))
    QTest.keyClick(dialog.field, Qt.Key.Key_Return)
    wait_idle(qtbot, terminal)
    assert len(nav.sale_screen.lines_model.lines) == 1
    assert "ビール" in nav.sale_screen.lines_model.lines[0]["name"]


def test_sign_out_returns_to_sign_in(qtbot: Any, terminal: TerminalApp) -> None:
    nav = terminal.navigator
    assert nav is not None
    assert terminal.window is not None
    assert terminal.ctx is not None
    QTest.keyClick(nav.sale_screen, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: terminal.window.current_name == "menu")
    nav.flows.menu.buttons["sign_out"].click()
    qtbot.waitUntil(lambda: terminal.window.current_name == "signin", timeout=10_000)
    assert terminal.ctx.terminal.staff is None
    assert terminal.window.staff_label.text() == "未サインイン"


def test_journal_lists_records_and_receipt(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    nav = terminal.navigator
    assert nav is not None
    assert terminal.window is not None
    scan(ONIGIRI)
    pay_cash(qtbot, terminal, "200")
    QTest.keyClick(nav.sale_screen, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: terminal.window.current_name == "menu")
    nav.flows.menu.buttons["journal"].click()
    journal = nav.flows.journal
    qtbot.waitUntil(lambda: len(journal.records) == 3, timeout=10_000)

    types = [journal.table.item(row, 2).text() for row in range(journal.table.rowCount())]
    assert types == ["サインイン", "開局", "売上"]
    assert journal.table.item(2, 1).text() == "1"
    assert journal.table.item(2, 4).text() == "¥120"
    journal.table.selectRow(2)
    # The receipt replaces the record's data once GET /transactions/{id}/receipt answers.
    qtbot.waitUntil(lambda: "No.000001" in journal.detail.toPlainText(), timeout=10_000)
    assert "※おにぎり 塩むすび" in journal.detail.toPlainText()
