"""Language, formatting, preset keys, training mode, customer display and status bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from terminal_app.controller import TerminalApp
from terminal_app.i18n import fill, format_date, format_yen
from tests.app.conftest import BEER, ONIGIRI, ROOT, type_into, wait_idle
from tests.app.test_supervisor import pay_cash


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "¥0"), (1080, "¥1,080"), (1234567, "¥1,234,567"), (-348, "-¥348")],
)
def test_format_yen(amount: int, text: str) -> None:
    assert format_yen(amount) == text


def test_format_yen_rejects_float() -> None:
    with pytest.raises(TypeError):
        format_yen(1080.0)  # type: ignore[arg-type]


def test_fill_numbers_markers_from_the_highest() -> None:
    assert fill("%1 and %10", *range(1, 11)) == "1 and 10"


def test_dates_by_language(qapp: Any) -> None:
    assert format_date("2026-12-04", "ja") == "2026年12月4日(金)"
    assert format_date("2026-12-04", "en") == "Fri, Dec 4, 2026"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_translations_are_complete(language: str) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_translations", ROOT / "tools" / "build_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.unfinished_messages(Path(module.ts_file(language))) == []


def test_language_switch_retranslates(qtbot: Any, terminal: TerminalApp) -> None:
    nav = terminal.navigator
    assert nav is not None and terminal.ctx is not None
    subtotal_button = nav.sale_screen.function_buttons["subtotal"][0]
    assert subtotal_button.text() == "F10\n小計"
    # Qt posts the LanguageChange events, so the texts change once the loop runs.
    nav.flows.set_language("en")
    qtbot.waitUntil(lambda: subtotal_button.text() == "F10\nSubtotal")
    assert nav.sale_screen.totals.total_caption.text() == "Total"
    assert terminal.window is not None and terminal.window.staff_label.text() == "Staff: 山田 花子"
    nav.flows.set_language("ja")
    qtbot.waitUntil(lambda: subtotal_button.text() == "F10\n小計")


def test_preset_key_adds_item(qtbot: Any, terminal: TerminalApp) -> None:
    nav = terminal.navigator
    assert nav is not None
    presets = nav.sale_screen.presets
    assert presets.count() >= 3
    assert presets.tabText(0) == "パン"
    button = presets.buttons["2102000000016"]
    assert button.text() == "クロワッサン\n¥160"
    button.click()
    wait_idle(qtbot, terminal)
    assert [line["item_code"] for line in nav.sale_screen.lines_model.lines] == ["2102000000016"]
    assert nav.sale_screen.code_field.hasFocus()


def test_training_mode_is_shown_and_marks_sales(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    nav = terminal.navigator
    assert nav is not None
    assert terminal.window is not None
    assert terminal.ctx is not None
    QTest.keyClick(nav.sale_screen, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: terminal.window.current_name == "menu")
    nav.flows.menu.buttons["training"].click()
    qtbot.waitUntil(lambda: terminal.ctx.terminal.training, timeout=10_000)
    assert terminal.window.training_label.isVisible()
    assert terminal.window.status.labels["training"].text() == "トレーニング"
    assert nav.flows.menu.buttons["training"].text() == "9\nトレーニング終了"

    nav.flows.menu.buttons["back"].click()
    qtbot.waitUntil(lambda: terminal.window.current_name == "sale")
    wait_idle(qtbot, terminal)
    scan(ONIGIRI)
    transaction = pay_cash(qtbot, terminal, "200")
    assert transaction["training"] is True
    assert transaction["receipt_number"] is None
    assert terminal.window.training_label.isVisible()


def test_customer_display_follows_sale(qtbot: Any, terminal: TerminalApp, scan: Any) -> None:
    display = terminal.customer_display
    nav = terminal.navigator
    assert display is not None
    assert nav is not None
    assert terminal.window is not None
    assert display.item_label.text() == "いらっしゃいませ"
    scan(ONIGIRI)
    scan(BEER)
    assert display.item_label.text() == "ビール 350ml  ×1  ¥228"
    assert display.total_label.text() == "¥348"

    QTest.keyClick(nav.sale_screen, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: terminal.window.current_name == "payment")
    type_into(nav.payment_screen.amount_field, "1000")
    qtbot.waitUntil(lambda: display.mode == "thanks", timeout=10_000)
    assert display.thanks_label.text() == "ありがとうございました"
    assert display.change_label.text() == "お釣り ¥652"


def test_status_bar_shows_pending_sync(qtbot: Any, terminal: TerminalApp) -> None:
    assert terminal.window is not None
    status = terminal.window.status
    status.apply_status(
        {"sync": {"configured": True, "connected": False, "pending": 3, "last_error": "timeout"}}
    )
    assert status.labels["sync"].text() == "本部連携: 未送信 3 件（timeout）"
    status.apply_status({"outbox_pending": {"mongo": 2, "dapr": 1}})
    assert status.labels["sync"].text() == "本部連携: 未送信 3 件"


def test_status_bar_keeps_event_fault(qtbot: Any, terminal: TerminalApp) -> None:
    assert terminal.window is not None
    status = terminal.window.status
    status.set_device("printer", "printer_cover_open")
    status.apply_device_status({"devices": {"printer": {"state": "enabled"}}})
    assert status.faults["printer"] == "printer_cover_open"
    assert (
        status.labels["printer"].text()
        == "プリンタ: プリンタのカバーが開いています。カバーを閉めてください。"
    )
    status.apply_device_status(
        {"devices": {"printer": {"state": "enabled", "printer_status": {"fault": None}}}}
    )
    assert status.faults["printer"] == ""
    assert status.labels["printer"].text() == "プリンタ: OK"
    status.apply_device_status({"devices": {"drawer": {"state": "closed"}}})
    assert status.labels["drawer"].text() == "ドロア: 接続されていません。ケーブルを確認してください。"
