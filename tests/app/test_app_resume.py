"""The resume dialog lists this register's suspended sales and, with Dapr on, the store's
shared ones. A shared sale is resumed through the Dapr route. Runs a real daprd."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from terminal_app.controller import TerminalApp
from terminal_app.i18n import LanguageManager
from terminal_app.screens.cash import SuspendedDialog, SuspendedSale
from tests.app.conftest import BEER, ONIGIRI, open_terminal, sign_in, wait_idle
from tests.conftest import FixedClock
from tests.events.conftest import backend_client, dapr_settings, new_cart_with
from tests.events.conftest import open_terminal as open_backend_terminal
from tests.events.sidecars import IN_MEMORY_RESOURCES, Daprd

SALMON_ONIGIRI = "4901234567894"  # おにぎり 鮭 ¥150, reduced rate


def visible_dialog(terminal: TerminalApp) -> SuspendedDialog | None:
    assert terminal.window is not None
    shown = [dialog for dialog in terminal.window.findChildren(SuspendedDialog) if dialog.isVisible()]
    return shown[-1] if shown else None


def suspend_and_open_resume(qtbot: Any, terminal: TerminalApp, rows: int) -> SuspendedDialog:
    """Scan two items, suspend the sale (F6 key), press resume (F7 key) and wait for ``rows`` rows."""
    nav = terminal.navigator
    assert nav is not None
    sale = nav.sale_screen
    for code in (ONIGIRI, BEER):
        QTest.keyClicks(sale.code_field, code)
        QTest.keyClick(sale.code_field, Qt.Key.Key_Return)
        wait_idle(qtbot, terminal)
    QTest.keyClick(sale, Qt.Key.Key_F6)
    wait_idle(qtbot, terminal)
    QTest.keyClick(sale, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: visible_dialog(terminal) is not None, timeout=10_000)
    dialog = visible_dialog(terminal)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.list.count() == rows, timeout=10_000)
    wait_idle(qtbot, terminal)
    return dialog


def test_resume_list_local_only(qtbot: Any, terminal: TerminalApp):
    dialog = suspend_and_open_resume(qtbot, terminal, rows=1)

    assert dialog.list.item(0).text() == "このレジ: 2点  ¥348  担当 1001"
    assert dialog.shared_note.isHidden()
    assert terminal.ctx is not None
    assert terminal.ctx.errors.last_error is None
    assert terminal.ctx.errors.banner is not None
    assert terminal.ctx.errors.banner.text() == "取引を保留しました。F7 で呼び出せます。"


@pytest.fixture
def daprd(tmp_path: Path) -> Iterator[Daprd]:
    """One daprd with the in-memory state store, shared by both registers of the test."""
    sidecar = Daprd("store-0001", [IN_MEMORY_RESOURCES], tmp_path / "daprd")
    sidecar.start()
    yield sidecar
    sidecar.stop()


@pytest.fixture
def register_t002(tmp_path: Path, daprd: Daprd) -> Iterator[TestClient]:
    """A second register's backend, open, on the same daprd."""
    with backend_client(dapr_settings(tmp_path / "t002", daprd.ports, "T002")) as client:
        open_backend_terminal(client)
        yield client


def start_dapr_terminal(
    qtbot: Any, data_dir: Path, daprd: Daprd, languages: LanguageManager, terminal_id: str
) -> TerminalApp:
    """Start the app as register ``terminal_id`` with Dapr on, sign in and open the terminal."""
    settings = dapr_settings(data_dir, daprd.ports, terminal_id)
    app = TerminalApp(settings, languages, clock=FixedClock())
    app.start()
    qtbot.waitUntil(lambda: app.is_ready or app.failure is not None, timeout=30_000)
    assert app.failure is None, app.failure
    sign_in(qtbot, app)
    open_terminal(qtbot, app)
    return app


def stop_terminal(app: TerminalApp) -> None:
    if app.window is not None:
        app.window.close()
    app.stop()


@pytest.fixture
def dapr_terminal(
    qtbot: Any, tmp_path: Path, daprd: Daprd, languages: LanguageManager
) -> Iterator[TerminalApp]:
    """The app as register T001 with Dapr on, cashier signed in, terminal open."""
    app = start_dapr_terminal(qtbot, tmp_path / "t001", daprd, languages, "T001")
    yield app
    stop_terminal(app)


def test_resume_sale_from_other_register(
    qtbot: Any, dapr_terminal: TerminalApp, register_t002: TestClient
):
    cart = new_cart_with(register_t002, SALMON_ONIGIRI, quantity=2)
    shared = register_t002.post("/api/v1/dapr/suspended", json={"cart_id": cart["cart_id"]})
    assert shared.status_code == 201, shared.text
    suspend_id = shared.json()["suspend_id"]

    dialog = suspend_and_open_resume(qtbot, dapr_terminal, rows=2)

    # With Dapr on, this register's suspend (F6 key) also went to the shared store. The shared
    # rows are ordered by suspend time, and the two backends read different clocks.
    rows = {dialog.list.item(row).text(): row for row in range(dialog.list.count())}
    assert sorted(rows) == ["レジ T001: 2点  ¥348  担当 1001", "レジ T002: 2点  ¥300  担当 1001"]
    other_row = rows["レジ T002: 2点  ¥300  担当 1001"]
    assert dialog.list.item(other_row).data(Qt.ItemDataRole.UserRole) == SuspendedSale(True, suspend_id)
    assert dialog.shared_note.isHidden()

    dialog.list.setCurrentRow(other_row)
    dialog.resume_button.click()
    wait_idle(qtbot, dapr_terminal)

    assert dapr_terminal.ctx is not None and dapr_terminal.navigator is not None
    assert dapr_terminal.ctx.errors.last_error is None
    sale_screen = dapr_terminal.navigator.sale_screen
    lines = [(line["item_code"], line["quantity"]) for line in sale_screen.lines_model.lines]
    assert lines == [(SALMON_ONIGIRI, 2)]
    assert sale_screen.totals.total_value.text() == "¥300"
    assert dapr_terminal.ctx.sale.cart is not None
    assert dapr_terminal.ctx.sale.cart["terminal_id"] == "T001"
    still_shared = register_t002.get("/api/v1/dapr/suspended").json()
    assert [(sale["origin_terminal_id"], sale["total"]) for sale in still_shared] == [("T001", 348)]


def test_shared_list_error_keeps_local(
    qtbot: Any, dapr_terminal: TerminalApp, daprd: Daprd
):
    daprd.stop()

    dialog = suspend_and_open_resume(qtbot, dapr_terminal, rows=1)

    assert dialog.list.item(0).text() == "このレジ: 2点  ¥348  担当 1001"
    qtbot.waitUntil(lambda: not dialog.shared_note.isHidden(), timeout=10_000)
    assert dialog.shared_note.text().startswith("他のレジの保留取引を読み込めません: ")
