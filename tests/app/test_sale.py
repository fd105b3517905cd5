"""A whole sale through the app's screens against the real embedded backend."""

from __future__ import annotations

import itertools
import time
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from terminal_app import api
from terminal_app.controller import TerminalApp
from terminal_app.operations import Operation
from tests.app.conftest import BEER, BENTO, ONIGIRI, type_into, wait_idle


def screens(terminal: TerminalApp) -> Any:
    assert terminal.navigator is not None
    return terminal.navigator


def test_sale_by_scans_with_cash(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    nav = screens(terminal)
    assert terminal.window is not None
    sale = nav.sale_screen
    assert terminal.window.current_name == "sale"

    scan(ONIGIRI)
    type_into(sale.code_field, "2", enter=False)
    QTest.keyClicks(sale.code_field, "*")
    assert sale.multiplier == 2
    scan(BEER)

    lines = sale.lines_model.lines
    assert [(line["item_code"], line["quantity"]) for line in lines] == [(ONIGIRI, 1), (BEER, 2)]
    assert sale.lines_model.data(sale.lines_model.index(0, 1)) == "おにぎり 塩むすび※"
    assert sale.lines_model.data(sale.lines_model.index(1, 5)) == "¥456"
    assert sale.totals.total_value.text() == "¥576"
    assert sale.totals.count_value.text() == "3"
    assert sale.code_field.hasFocus()

    QTest.keyClick(sale, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: terminal.window.current_name == "payment")
    payment = nav.payment_screen
    assert payment.amounts["remaining"].text() == "¥576"

    type_into(payment.amount_field, "1000")
    qtbot.waitUntil(lambda: terminal.window.current_name == "complete", timeout=10_000)
    completion = nav.completion_screen
    assert completion.change_value.text() == "¥424"
    assert completion.summary.text() == "合計 ¥576、お預り ¥1,000。レシート No. 1"
    receipt = completion.receipt_view.toPlainText()
    assert "おにぎり 塩むすび" in receipt
    assert "¥424" in receipt
    assert completion.result["transaction"]["total"] == 576
    assert completion.result["transaction"]["tenders"][0]["tendered"] == 1000

    type_into(completion.code_field, "", enter=True)
    qtbot.waitUntil(lambda: terminal.window.current_name == "sale")
    wait_idle(qtbot, terminal)
    assert sale.lines_model.lines == []
    assert sale.totals.total_value.text() == "¥0"


def test_split_tender_credit_then_cash(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    nav = screens(terminal)
    assert terminal.window is not None and terminal.ctx is not None
    scan(BENTO)
    scan(BEER)
    nav.sale_screen.subtotal()
    qtbot.waitUntil(lambda: terminal.window.current_name == "payment")
    payment = nav.payment_screen

    QTest.keyClicks(payment.amount_field, "500")
    payment.pay_typed("credit")
    wait_idle(qtbot, terminal)
    assert payment.amounts["paid"].text() == "¥500"
    assert payment.amounts["remaining"].text() == "¥326"
    assert payment.tender_list.count() == 1

    payment.pay_cash(1000)
    qtbot.waitUntil(lambda: terminal.window.current_name == "complete", timeout=10_000)
    transaction = nav.completion_screen.result["transaction"]
    assert [(t["tender_code"], t["applied"]) for t in transaction["tenders"]] == [
        ("credit", 500),
        ("cash", 326),
    ]
    assert transaction["change"] == 674
    assert nav.completion_screen.change_value.text() == "¥674"


def test_complete_twice_completes_once(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    nav = screens(terminal)
    assert terminal.window is not None and terminal.ctx is not None
    ctx = terminal.ctx
    scan(ONIGIRI)
    nav.sale_screen.subtotal()
    qtbot.waitUntil(lambda: terminal.window.current_name == "payment")
    cart_id = ctx.sale.cart_id
    key = ctx.sale._key()

    # Two completions sent with the cart's key, as a double press past the screen's guard would.
    ctx.sale.add_tender("cash", 120)
    results: list[dict[str, Any]] = []
    for _ in range(2):
        ctx.runner.run_serial(
            Operation(
                lambda client: api.complete(client, str(cart_id), key), results.append, label="complete"
            )
        )
    qtbot.waitUntil(lambda: len(results) == 2, timeout=10_000)
    assert results[0]["transaction"]["transaction_id"] == results[1]["transaction"]["transaction_id"]
    assert results[0]["replayed"] is False
    assert results[1]["replayed"] is True
    found: list[list[dict[str, Any]]] = []
    ctx.runner.run(Operation(lambda client: api.find_transactions(client), found.append))
    qtbot.waitUntil(lambda: bool(found))
    assert len(found[0]) == 1


def test_unknown_code_shows_error_and_keeps_sale(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    nav = screens(terminal)
    assert terminal.window is not None
    scan(ONIGIRI)
    scan("4900000000001")
    banner = terminal.window.banner
    assert banner.isVisible()
    assert banner.code in ("item_not_found", "invalid_barcode")
    assert "4900000000001" in banner.primary.text()
    assert [line["item_code"] for line in nav.sale_screen.lines_model.lines] == [ONIGIRI]
    assert nav.sale_screen.code_field.hasFocus()

    scan(BEER)
    assert not banner.isVisible()


def test_full_width_digits_are_normalised(qtbot: Any, terminal: TerminalApp) -> None:
    nav = screens(terminal)
    field = nav.sale_screen.code_field
    # QTest cannot type characters outside Latin-1, so the key events are made here.
    for char in "４５４７８８３０１１５９５":
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
        QApplication.sendEvent(field, event)
    QTest.keyClick(field, Qt.Key.Key_Return)
    wait_idle(qtbot, terminal)
    assert [line["item_code"] for line in nav.sale_screen.lines_model.lines] == [ONIGIRI]


def test_line_void_and_quantity_keys(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    nav = screens(terminal)
    sale = nav.sale_screen
    scan(ONIGIRI)
    scan(BEER)
    QTest.keyClicks(sale.code_field, "3")
    QTest.keyClick(sale, Qt.Key.Key_F1)
    wait_idle(qtbot, terminal)
    assert sale.lines_model.lines[1]["quantity"] == 3
    assert sale.totals.total_value.text() == "¥804"

    QTest.keyClick(sale, Qt.Key.Key_F3)
    wait_idle(qtbot, terminal)
    assert sale.lines_model.lines[1]["voided"] is True
    assert sale.lines_model.data(sale.lines_model.index(1, 1)) == "ビール 350ml（取消）"
    assert sale.totals.total_value.text() == "¥120"


def test_gui_thread_runs_while_request_is_slow(qtbot: Any, terminal: TerminalApp) -> None:
    assert terminal.ctx is not None
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    done: list[Any] = []

    def slow_request(client: Any) -> Any:
        time.sleep(1.0)
        return api.health(client)

    timer.start()
    terminal.ctx.runner.run_serial(Operation(slow_request, done.append, label="slow"))
    qtbot.waitUntil(lambda: bool(done), timeout=5_000)
    timer.stop()
    assert done[0]["status"] == "ok"
    # One second at a 20 ms interval: a blocked GUI thread would tick once or not at all.
    assert len(ticks) >= 30
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert max(gaps) < 0.25
