"""Supervisor flows through the app: approvals, void, return, suspend/resume, X and Z,
and a printer running out of paper, all against the real embedded backend."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from devices.simulators import PrinterFault
from terminal_app.controller import TerminalApp
from tests.app.conftest import BEER, ONIGIRI, SUPERVISOR, type_into, wait_idle


def pay_cash(qtbot: Any, terminal: TerminalApp, amount: str) -> dict[str, Any]:
    """Subtotal, pay ``amount`` in cash and return the completed transaction."""
    nav = terminal.navigator
    assert nav is not None and terminal.window is not None
    QTest.keyClick(nav.sale_screen, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: terminal.window.current_name == "payment")
    type_into(nav.payment_screen.amount_field, amount)
    qtbot.waitUntil(lambda: terminal.window.current_name == "complete", timeout=10_000)
    transaction: dict[str, Any] = nav.completion_screen.result["transaction"]
    QTest.keyClick(nav.completion_screen.code_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: terminal.window.current_name == "sale")
    wait_idle(qtbot, terminal)
    return transaction


def approve(qtbot: Any, terminal: TerminalApp, staff: tuple[str, str] = SUPERVISOR) -> None:
    """Wait for the approval dialog and approve as the supervisor."""
    nav = terminal.navigator
    assert nav is not None
    qtbot.waitUntil(lambda: nav.approval_dialog is not None, timeout=10_000)
    dialog = nav.approval_dialog
    assert dialog is not None
    QTest.keyClicks(dialog.code_field, staff[0])
    QTest.keyClicks(dialog.pin_field, staff[1])
    QTest.keyClick(dialog.pin_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: nav.approval_dialog is None)


def open_returns(qtbot: Any, terminal: TerminalApp, receipt_number: int) -> Any:
    nav = terminal.navigator
    assert nav is not None and terminal.window is not None
    QTest.keyClick(nav.sale_screen, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: terminal.window.current_name == "returns")
    screen = nav.flows.returns
    type_into(screen.code_field, str(receipt_number))
    qtbot.waitUntil(lambda: screen.original.get("receipt_number") == receipt_number, timeout=10_000)
    return screen


def test_void_needs_supervisor_approval(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    scan(ONIGIRI)
    scan(BEER)
    sale = pay_cash(qtbot, terminal, "1000")
    assert sale["receipt_number"] == 1

    screen = open_returns(qtbot, terminal, 1)
    assert screen.lines.rowCount() == 2
    recorded: list[dict[str, Any]] = []
    screen.recorded.connect(recorded.append)
    screen.void_button.click()
    nav = terminal.navigator
    assert nav is not None
    qtbot.waitUntil(lambda: nav.approval_dialog is not None, timeout=10_000)
    assert nav.approval_dialog.action.text() == "取引取消"
    approve(qtbot, terminal)
    qtbot.waitUntil(lambda: bool(recorded), timeout=10_000)

    void = recorded[0]["transaction"]
    assert void["kind"] == "void"
    assert void["total"] == -348
    assert void["original_transaction_id"] == sale["transaction_id"]
    assert [approval["approver"] for approval in void["approvals"]] == ["9001"]
    qtbot.waitUntil(lambda: bool(screen.original.get("voided_by")), timeout=10_000)
    assert not screen.void_button.isEnabled()


def test_wrong_supervisor_pin_is_refused(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    scan(ONIGIRI)
    pay_cash(qtbot, terminal, "200")
    screen = open_returns(qtbot, terminal, 1)
    screen.void_button.click()
    approve(qtbot, terminal, ("9001", "0000"))
    assert terminal.window is not None
    banner = terminal.window.banner
    qtbot.waitUntil(lambda: banner.code == "approval_failed", timeout=10_000)
    assert "承認できません" in banner.primary.text()
    assert not screen.original.get("voided_by")


def test_partial_return_against_receipt(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    scan(ONIGIRI)
    type_into(terminal.navigator.sale_screen.code_field, "2", enter=False)  # type: ignore[union-attr]
    QTest.keyClicks(terminal.navigator.sale_screen.code_field, "*")  # type: ignore[union-attr]
    scan(BEER)
    pay_cash(qtbot, terminal, "1000")

    screen = open_returns(qtbot, terminal, 1)
    beer_row = [line_no for line_no, _box in screen.quantity_boxes].index(2)
    assert screen.lines.item(beer_row, 3).text() == "2"
    screen.quantity_boxes[beer_row][1].setValue(1)
    recorded: list[dict[str, Any]] = []
    screen.recorded.connect(recorded.append)
    screen.return_button.click()
    approve(qtbot, terminal)
    qtbot.waitUntil(lambda: bool(recorded), timeout=10_000)

    returned = recorded[0]["transaction"]
    assert returned["kind"] == "return"
    assert returned["total"] == -228
    assert [(line["item_code"], line["quantity"]) for line in returned["lines"]] == [(BEER, -1)]
    qtbot.waitUntil(lambda: screen.original.get("returnable", {}).get("2") == 1, timeout=10_000)
    assert screen.lines.item(beer_row, 3).text() == "1"


def test_suspend_and_resume(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    nav = terminal.navigator
    assert nav is not None and terminal.ctx is not None
    sale = nav.sale_screen
    scan(ONIGIRI)
    scan(BEER)
    suspended_id = terminal.ctx.sale.cart_id

    QTest.keyClick(sale, Qt.Key.Key_F6)
    wait_idle(qtbot, terminal)
    assert sale.lines_model.lines == []
    assert terminal.ctx.sale.cart_id != suspended_id

    QTest.keyClick(sale, Qt.Key.Key_F7)
    dialogs: list[Any] = []
    qtbot.waitUntil(lambda: _find_dialog(terminal, dialogs) and dialogs[-1].list.count() == 1, timeout=10_000)
    dialog = dialogs[-1]
    assert "¥348" in dialog.list.item(0).text()
    dialog.resume_button.click()
    wait_idle(qtbot, terminal)

    assert terminal.ctx.sale.cart_id == suspended_id
    assert [line["item_code"] for line in sale.lines_model.lines] == [ONIGIRI, BEER]
    assert sale.totals.total_value.text() == "¥348"
    transaction = pay_cash(qtbot, terminal, "500")
    assert transaction["total"] == 348
    assert transaction["change"] == 152


def _find_dialog(terminal: TerminalApp, found: list[Any]) -> bool:
    from terminal_app.screens.cash import SuspendedDialog

    assert terminal.window is not None
    dialogs = terminal.window.findChildren(SuspendedDialog)
    found[:] = [dialog for dialog in dialogs if dialog.isVisible()]
    return bool(found)


def test_x_and_z_reports(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    nav = terminal.navigator
    assert nav is not None
    assert terminal.window is not None
    assert terminal.ctx is not None
    scan(ONIGIRI)
    scan(BEER)
    pay_cash(qtbot, terminal, "1000")

    QTest.keyClick(nav.sale_screen, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: terminal.window.current_name == "menu")
    nav.flows.menu.buttons["x_report"].click()
    reports = nav.flows.reports
    qtbot.waitUntil(lambda: bool(reports.report), timeout=10_000)
    assert reports.figures.value_of("売上合計") == "¥348"
    assert reports.figures.value_of("売上件数") == "1"
    assert reports.figures.value_of("ドロア内の予定額") == "¥12,348"

    QTest.keyClick(reports, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: terminal.window.current_name == "menu")
    nav.flows.menu.buttons["z_report"].click()
    qtbot.waitUntil(lambda: terminal.window.current_name == "reports" and reports.mode == "z")
    # ¥12,348 is expected in the drawer and ¥12,350 is counted, so it is ¥2 over.
    reports.count.set_counts({10000: 1, 1000: 2, 100: 3, 50: 1})
    assert reports.count.total() == 12350
    settled: list[dict[str, Any]] = []
    reports.settled.connect(settled.append)
    reports.z_button.click()
    approve(qtbot, terminal)
    qtbot.waitUntil(lambda: bool(settled), timeout=10_000)

    figures = settled[0]["record"]["figures"]
    assert figures["cash"]["expected"] == 12348
    assert figures["cash"]["counted"] == 12350
    assert figures["cash"]["over_short"] == 2
    assert reports.figures.value_of("過不足") == "¥2"
    qtbot.waitUntil(lambda: terminal.ctx.terminal.raw.get("status") == "settled", timeout=10_000)


def test_printer_out_of_paper_keeps_sale(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    assert terminal.window is not None and terminal.launcher.server is not None
    devices = terminal.launcher.server.services.extra["devices"]
    printer_model = devices.manager.printer.model
    printer_model.set_fault(PrinterFault.PAPER_END)

    scan(ONIGIRI)
    sale = pay_cash(qtbot, terminal, "200")
    banner = terminal.window.banner
    qtbot.waitUntil(lambda: banner.code == "printer_fault", timeout=10_000)
    assert "用紙がありません" in banner.primary.text()
    status = terminal.window.status
    assert status.faults["printer"] == "printer_paper_end"
    assert status.labels["printer"].text() == "プリンタ: 用紙がありません。用紙をセットしてください。"

    # The sale is complete and stored; its receipt waits in the print queue.
    assert sale["total"] == 120
    assert terminal.navigator is not None
    job_id = terminal.navigator.completion_screen.result["print_job_id"]
    jobs = terminal.launcher.server.services.sales.print_jobs
    assert jobs.get(job_id)["status"] == "queued"
    assert jobs.get(job_id)["fault"] == "printer_paper_end"

    printer_model.clear_fault()
    qtbot.waitUntil(lambda: status.faults["printer"] == "", timeout=15_000)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: jobs.get(job_id)["status"] == "done", timeout=15_000)
