"""Suspend (the F6 key) with Dapr on shares the sale with the store's other registers, and falls
back to this register when the shared store cannot be reached. Two apps, registers T001
and T002, each with its own embedded backend, share one real daprd's in-memory state store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from terminal_app import api
from terminal_app.client import TRANSPORT_FAILED, BackendClient, BackendError
from terminal_app.controller import TerminalApp
from terminal_app.flows import SuspendOutcome, suspend_sale
from terminal_app.i18n import LanguageManager
from terminal_app.screens.cash import SuspendedDialog, SuspendedSale
from tests.app.conftest import BEER, ONIGIRI, wait_idle
from tests.app.test_app_resume import start_dapr_terminal, stop_terminal, visible_dialog
from tests.events.sidecars import IN_MEMORY_RESOURCES, Daprd

SHARED_NOTICE = "取引を保留し、他のレジと共有しました。どのレジでも F7 で呼び出せます。"
FALLBACK_NOTICE = {
    "ja": "他のレジと共有できなかったため、このレジだけに保留しました。このレジの F7 で呼び出せます。",
    "en": (
        "Sharing the sale with the other registers failed, so it is suspended on this register "
        "only. Resume it with F7 on this register."
    ),
}

EXPECTED_LINES = [(ONIGIRI, 1, 120, 120, "8"), (BEER, 1, 228, 228, "10")]
# Tax included in each rate's total, rounded down once per rate:
# 228 x 10/110 = 20.7 -> 20, and 120 x 8/108 = 8.9 -> 8.
EXPECTED_TAXES = [("10", 228, 208, 20), ("8", 120, 112, 8)]


@pytest.fixture
def daprd(tmp_path: Path) -> Iterator[Daprd]:
    """One daprd with the in-memory state store, shared by both registers of the test."""
    sidecar = Daprd("store-0001", [IN_MEMORY_RESOURCES], tmp_path / "daprd")
    sidecar.start()
    yield sidecar
    sidecar.stop()


@pytest.fixture
def register_a(
    qtbot: Any, tmp_path: Path, daprd: Daprd, languages: LanguageManager
) -> Iterator[TerminalApp]:
    app = start_dapr_terminal(qtbot, tmp_path / "t001", daprd, languages, "T001")
    yield app
    stop_terminal(app)


@pytest.fixture
def register_b(
    qtbot: Any, tmp_path: Path, daprd: Daprd, languages: LanguageManager
) -> Iterator[TerminalApp]:
    app = start_dapr_terminal(qtbot, tmp_path / "t002", daprd, languages, "T002")
    yield app
    stop_terminal(app)


def activate(qtbot: Any, app: TerminalApp) -> None:
    """Make the app's window the active one, because its function keys are shortcuts that
    reach only the active window."""
    window = app.window
    assert window is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)


def ring_up_and_suspend(qtbot: Any, app: TerminalApp) -> dict[str, Any]:
    """Scan an onigiri (8%) and a beer (10%), press F6, and return the cart as it was."""
    assert app.navigator is not None and app.ctx is not None
    activate(qtbot, app)
    sale_screen = app.navigator.sale_screen
    for code in (ONIGIRI, BEER):
        QTest.keyClicks(sale_screen.code_field, code)
        QTest.keyClick(sale_screen.code_field, Qt.Key.Key_Return)
        wait_idle(qtbot, app)
    cart = app.ctx.sale.cart
    assert cart is not None
    QTest.keyClick(sale_screen, Qt.Key.Key_F6)
    wait_idle(qtbot, app)
    return cart


def open_resume_dialog(qtbot: Any, app: TerminalApp) -> SuspendedDialog:
    """Press F7 and wait until the dialog has read its lists."""
    assert app.navigator is not None
    activate(qtbot, app)
    QTest.keyClick(app.navigator.sale_screen, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: visible_dialog(app) is not None, timeout=10_000)
    dialog = visible_dialog(app)
    assert dialog is not None
    wait_idle(qtbot, app)
    return dialog


def banner_text(app: TerminalApp) -> str:
    assert app.ctx is not None and app.ctx.errors.banner is not None
    return app.ctx.errors.banner.text()


def sale_lines(cart: dict[str, Any]) -> list[tuple[str, int, int, int, str]]:
    """(item code, quantity, unit price, net amount, tax rate) of each line not voided."""
    return [
        (line["item_code"], line["quantity"], line["unit_price"], line["net"], line["rate"])
        for line in cart["lines"]
        if not line.get("voided")
    ]


def tax_per_rate(cart: dict[str, Any]) -> list[tuple[str, int, int, int]]:
    """(rate percent, total, base, tax) of each tax rate in the cart's totals."""
    return [(tax["rate_percent"], tax["total"], tax["base"], tax["tax"]) for tax in cart["totals"]["taxes"]]


def test_suspend_shared_resumed_on_other_register(
    qtbot: Any, register_a: TerminalApp, register_b: TerminalApp
):
    assert register_a.ctx is not None and register_a.navigator is not None
    assert register_b.ctx is not None and register_b.navigator is not None

    suspended_cart = ring_up_and_suspend(qtbot, register_a)

    assert register_a.ctx.errors.last_error is None
    assert banner_text(register_a) == SHARED_NOTICE
    assert register_a.navigator.sale_screen.lines_model.lines == []
    assert register_a.ctx.sale.cart_id != suspended_cart["cart_id"]
    # The sale left register A's own store: it is only in the shared one.
    assert api.suspended_carts(register_a.ctx.client) == []

    dialog_b = open_resume_dialog(qtbot, register_b)

    assert dialog_b.list.count() == 1
    assert dialog_b.list.item(0).text() == "レジ T001: 2点  ¥348  担当 1001"
    assert dialog_b.shared_note.isHidden()

    dialog_b.resume_button.click()
    wait_idle(qtbot, register_b)

    assert register_b.ctx.errors.last_error is None
    resumed_cart = register_b.ctx.sale.cart
    assert resumed_cart is not None
    assert resumed_cart["terminal_id"] == "T002"
    assert resumed_cart["state"] == "entering"
    assert sale_lines(resumed_cart) == EXPECTED_LINES
    assert sale_lines(resumed_cart) == sale_lines(suspended_cart)
    assert resumed_cart["totals"]["total"] == 348
    assert resumed_cart["totals"]["tax_total"] == 28
    assert tax_per_rate(resumed_cart) == EXPECTED_TAXES
    assert resumed_cart["totals"] == suspended_cart["totals"]
    assert register_b.navigator.sale_screen.totals.total_value.text() == "¥348"

    dialog_a = open_resume_dialog(qtbot, register_a)

    assert dialog_a.list.count() == 0
    assert dialog_a.hint.text() == "保留中の取引はありません。"
    assert dialog_a.shared_note.isHidden()
    assert api.shared_suspended_sales(register_a.ctx.client) == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_suspend_falls_back_when_daprd_down(
    qtbot: Any, register_a: TerminalApp, daprd: Daprd, languages: LanguageManager, language: str
):
    assert register_a.ctx is not None and register_a.navigator is not None
    languages.set_language(language)
    daprd.stop()

    suspended_cart = ring_up_and_suspend(qtbot, register_a)

    assert register_a.ctx.errors.last_error is None
    assert banner_text(register_a) == FALLBACK_NOTICE[language]
    assert register_a.navigator.sale_screen.lines_model.lines == []
    local = api.suspended_carts(register_a.ctx.client)
    assert [sale["cart_id"] for sale in local] == [suspended_cart["cart_id"]]
    assert local[0]["total"] == 348
    assert local[0]["item_count"] == 2

    dialog = open_resume_dialog(qtbot, register_a)

    assert dialog.list.count() == 1
    expected_row = SuspendedSale(shared=False, reference=str(suspended_cart["cart_id"]))
    assert dialog.list.item(0).data(Qt.ItemDataRole.UserRole) == expected_row
    assert not dialog.shared_note.isHidden()

    dialog.resume_button.click()
    wait_idle(qtbot, register_a)

    assert register_a.ctx.errors.last_error is None
    resumed_cart = register_a.ctx.sale.cart
    assert resumed_cart is not None
    assert resumed_cart["cart_id"] == suspended_cart["cart_id"]
    assert sale_lines(resumed_cart) == EXPECTED_LINES
    assert tax_per_rate(resumed_cart) == EXPECTED_TAXES
    assert resumed_cart["totals"] == suspended_cart["totals"]


class LostReplyClient(BackendClient):
    """A client whose shared suspend request reaches the backend but whose reply is lost,
    as when the request times out after the backend saved the shared copy."""

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        result = super().request(method, path, body, params, headers)
        if method == "POST" and path == "/dapr/suspended":
            raise BackendError(0, TRANSPORT_FAILED, "応答がありません。", "No reply.")
        return result


def test_suspend_lost_reply_counts_as_shared(qtbot: Any, register_a: TerminalApp):
    assert register_a.ctx is not None
    app_client = register_a.ctx.client
    cart = api.create_cart(app_client)
    api.add_item(app_client, cart["cart_id"], ONIGIRI)
    api.add_item(app_client, cart["cart_id"], BEER)
    client = LostReplyClient(app_client.base_url, app_client.token)

    try:
        outcome = suspend_sale(client, cart["cart_id"])
    finally:
        client.close()

    assert outcome == SuspendOutcome(shared=True)
    assert api.suspended_carts(app_client) == []
    shared = api.shared_suspended_sales(app_client)
    assert [(sale["origin_terminal_id"], sale["total"], sale["item_count"]) for sale in shared] == [
        ("T001", 348, 2)
    ]


def test_suspend_paying_cart_rejected(qtbot: Any, register_a: TerminalApp):
    assert register_a.ctx is not None
    client = register_a.ctx.client
    cart = api.create_cart(client)
    api.add_item(client, cart["cart_id"], ONIGIRI)
    api.subtotal(client, cart["cart_id"])
    api.add_tender(client, cart["cart_id"], "cash", 100)

    with pytest.raises(BackendError) as raised:
        suspend_sale(client, cart["cart_id"])

    assert raised.value.code == "operation_not_allowed_in_state"
    assert api.get_cart(client, cart["cart_id"])["state"] == "paying"
    assert api.suspended_carts(client) == []
    assert api.shared_suspended_sales(client) == []
