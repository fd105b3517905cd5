"""Terminal lifecycle flows: sign-in, open, suspend/resume, cash, reports, returns, journal,
settings, training mode, language, sign-out and close.

Each flow calls the backend (GET /terminal and the lifecycle routes) and moves between
screens on its replies. No business rule is decided here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer

from terminal_app import api
from terminal_app.client import BackendClient, BackendError
from terminal_app.context import AppContext
from terminal_app.i18n import fill, format_yen
from terminal_app.operations import Operation
from terminal_app.screens.cash import CashDialog, SuspendedDialog, SuspendedSale
from terminal_app.screens.dialogs import TextDialog
from terminal_app.screens.journal import JournalScreen
from terminal_app.screens.menu import MenuScreen
from terminal_app.screens.open_terminal import OpenTerminalScreen
from terminal_app.screens.reports import ReportScreen
from terminal_app.screens.returns import ReturnsScreen
from terminal_app.screens.settings import SettingsScreen
from terminal_app.screens.sign_in import SignInScreen
from terminal_app.window import MainWindow

logger = logging.getLogger(__name__)

Json = dict[str, Any]

PRINTER_EVENTS = ("printer_fault", "printer_ready")

# Refusals of POST /dapr/suspended that leave the local cart unchanged, so the sale can
# still be suspended on this register.
SHARED_STORE_FAILURES = frozenset({"dapr_not_enabled", "dapr_unavailable", "dapr_state_failed"})


@dataclass(frozen=True)
class SuspendOutcome:
    """Destination of a suspended sale: the store's shared suspended sales or this register."""

    shared: bool
    # The failure that kept a sale on this register although Dapr is enabled.
    shared_error: BackendError | None = None


def suspend_sale(client: BackendClient, cart_id: str) -> SuspendOutcome:
    """Suspend a sale into the shared store when Dapr is enabled, otherwise on this register.

    When sharing fails, the sale is suspended on this register instead. If that fails too,
    the error is raised and the cart stays open. A refusal that is not about the shared
    store (the cart's state, for example) is raised as it is, because the local suspend
    would refuse it too.
    """
    if not api.dapr_status(client).get("enabled"):
        api.suspend_cart(client, cart_id)
        return SuspendOutcome(shared=False)

    try:
        api.share_suspended_sale(client, cart_id)
        return SuspendOutcome(shared=True)
    except BackendError as error:
        # Status 0 (no reply) and 500 leave the outcome unknown. The local suspend below
        # settles it, because the backend's cart version check lets only one of the two win.
        if error.code not in SHARED_STORE_FAILURES and error.status not in (0, 500):
            raise
        shared_error = error
    logger.warning(
        "sharing suspended sale failed, suspending on this register cart_id=%s code=%s status=%s detail=%s",
        cart_id,
        shared_error.code,
        shared_error.status,
        shared_error.details.get("detail", shared_error.message_en),
    )

    if _suspend_here_unless_shared(client, cart_id):
        return SuspendOutcome(shared=False, shared_error=shared_error)
    logger.info("suspended sale was shared although its request failed cart_id=%s", cart_id)
    return SuspendOutcome(shared=True)


def _suspend_here_unless_shared(client: BackendClient, cart_id: str) -> bool:
    """Suspend a cart on this register and return True, or return False when it is gone.

    Only the shared suspend deletes a cart row, and only after the shared copy is saved, so
    a cart that is gone was shared by a request whose reply was lost. A cart_conflict means
    that request changed the cart while this one ran, so the suspend is sent once more.
    """
    try:
        api.suspend_cart(client, cart_id)
    except BackendError as error:
        if error.code == "cart_not_found":
            return False
        if error.code != "cart_conflict":
            raise
        try:
            api.suspend_cart(client, cart_id)
        except BackendError as retry_error:
            if retry_error.code == "cart_not_found":
                return False
            raise
    return True


class LifecycleFlows(QObject):
    def __init__(self, ctx: AppContext, window: MainWindow, navigator: Any) -> None:
        super().__init__(navigator)
        self.ctx = ctx
        self.window = window
        self.navigator = navigator
        self.sign_in = SignInScreen(ctx)
        self.open_screen = OpenTerminalScreen(ctx)
        self.menu = MenuScreen(ctx)
        self.reports = ReportScreen(ctx)
        self.returns = ReturnsScreen(ctx)
        self.journal = JournalScreen(ctx)
        self.settings = SettingsScreen(ctx)
        for name, screen in (
            ("signin", self.sign_in),
            ("open", self.open_screen),
            ("menu", self.menu),
            ("reports", self.reports),
            ("returns", self.returns),
            ("journal", self.journal),
            ("settings", self.settings),
        ):
            window.add_screen(name, screen)
        self.sign_in.signed_in.connect(lambda _result: self.after_sign_in())
        self.sign_in.language_requested.connect(self.set_language)
        self.settings.language_requested.connect(self.set_language)
        self.open_screen.opened.connect(lambda _result: self.navigator.enter_sale())
        self.open_screen.back.connect(self.sign_out)
        self.menu.chosen.connect(self.menu_chosen)
        for screen in (self.reports, self.returns, self.journal, self.settings):
            screen.back.connect(lambda: self.window.show_screen("menu"))
        self.reports.settled.connect(lambda _result: QTimer.singleShot(0, self._after_settle))
        self.printer_fault: Json | None = None

    @property
    def available(self) -> bool:
        return self.ctx.lifecycle_available

    # ----- start, sign-in, open -----

    def start(self) -> None:
        """Show sign-in, or the sale screen when the backend kept a signed-in, open terminal."""
        terminal = self.ctx.terminal
        if terminal.staff is not None and terminal.is_open:
            self.navigator.enter_sale()
            return
        self.window.show_screen("signin")

    def after_sign_in(self) -> None:
        if self.ctx.terminal.is_open:
            self.navigator.enter_sale()
        else:
            self.window.show_screen("open")

    def refresh_terminal(self) -> None:
        self.ctx.runner.run(
            Operation(api.terminal_status_or_none, self._terminal_loaded, lambda _error: None)
        )

    def _terminal_loaded(self, status: Json | None) -> None:
        if status is not None:
            self.ctx.terminal.apply(status)

    def _apply_record(self, result: Json) -> None:
        terminal = result.get("terminal")
        if isinstance(terminal, dict):
            self.ctx.terminal.apply(terminal)

    # ----- navigation requests from the sale screen and the menu -----

    def go(self, name: str) -> None:
        if name == "menu":
            self.window.show_screen("menu")
        elif name == "suspend":
            self.suspend()
        elif name == "resume":
            self.resume()
        elif name == "returns":
            self.window.show_screen("returns")
        else:
            logger.warning("unknown navigation target=%s", name)

    def menu_chosen(self, entry: str) -> None:
        actions = {
            "cash_in": lambda: self.cash("in"),
            "cash_out": lambda: self.cash("out"),
            "no_sale": self.no_sale,
            "x_report": lambda: self.show_report("x"),
            "z_report": lambda: self.show_report("z"),
            "reprint": self.reprint_last,
            "returns": lambda: self.window.show_screen("returns"),
            "journal": lambda: self.window.show_screen("journal"),
            "training": self.toggle_training,
            "settings": lambda: self.window.show_screen("settings"),
            "language": lambda: self.set_language("en" if self.ctx.language == "ja" else "ja"),
            "sign_out": self.sign_out,
            "close": self.close_terminal,
            "back": self.navigator.enter_sale,
        }
        self.ctx.errors.clear()
        actions[entry]()

    # ----- suspend and resume -----

    def suspend(self) -> None:
        """Suspend the sale (保留) after the requests queued before the key press.

        With Dapr enabled the sale goes to the store's shared suspended sales, or to this
        register only when sharing fails (see :func:`suspend_sale`).
        """
        sale = self.ctx.sale

        def request_fn(client: BackendClient) -> SuspendOutcome:
            # Read on the serial worker, so a scan queued just before the key is included.
            cart_id = sale.cart_id
            if cart_id is None:
                raise BackendError(
                    0, "cart_empty", "保留する取引がありません。", "There is no sale to suspend."
                )
            return suspend_sale(client, cart_id)

        def done(outcome: SuspendOutcome) -> None:
            sale.leave_cart()
            if outcome.shared:
                notice = self.tr(
                    "Sale suspended and shared with the other registers. "
                    "Resume it with F7 on any register."
                )
            elif outcome.shared_error is not None:
                notice = self.tr(
                    "Sharing the sale with the other registers failed, so it is suspended on "
                    "this register only. Resume it with F7 on this register."
                )
            else:
                notice = self.tr("Sale suspended. Resume it with F7.")
            self.ctx.errors.show_notice(notice)
            sale.start()

        self.ctx.runner.run_serial(Operation(request_fn, done, label="suspend"))

    def resume(self) -> None:
        sale = self.ctx.sale
        if sale.has_items:
            self.ctx.errors.show_notice(
                self.tr("Finish or suspend the current sale before resuming another.")
            )
            return
        previous = sale.cart_id

        def chosen(suspended: SuspendedSale) -> None:
            def resumed(cart: Json) -> None:
                self.ctx.errors.clear()
                sale.resume_cart(cart)
                self.navigator.enter_sale()

            def resume_request(client: Any) -> Json:
                # The empty cart made for the next sale is cancelled, so it does not linger.
                if previous is not None:
                    api.cancel_cart(client, previous)
                if suspended.shared:
                    return api.resume_shared_sale(client, suspended.reference)
                return api.resume_cart(client, suspended.reference)

            self.ctx.runner.run_serial(Operation(resume_request, resumed, label="resume"))

        dialog = SuspendedDialog(self.window, self.ctx, chosen)
        dialog.finished.connect(lambda _result: self.navigator.sale_screen.focus_input())
        dialog.open()

    # ----- cash, drawer, reprint -----

    def cash(self, direction: str) -> None:
        def done(result: Json) -> None:
            self._apply_record(result)
            record = result.get("record", {})
            self.ctx.errors.show_notice(
                fill(self.tr("Recorded %1."), format_yen(int(record.get("amount", 0))))
            )

        CashDialog(self.window, self.ctx, direction, done).open()

    def no_sale(self) -> None:
        def done(result: Json) -> None:
            self._apply_record(result)
            self.ctx.errors.show_notice(self.tr("Drawer opened (no sale)."))

        self.ctx.runner.run_serial(Operation(api.no_sale, done, label="no sale"))

    def reprint_last(self) -> None:
        completion = self.ctx.sale.last_completion
        if not completion:
            self.ctx.errors.show_notice(
                self.tr("No receipt on this register yet. Use the journal to find one.")
            )
            return
        transaction_id = str(completion["transaction"]["transaction_id"])

        def done(_result: Json) -> None:
            self.ctx.errors.show_notice(self.tr("Receipt reprinted."))

        self.ctx.runner.run_serial(
            Operation(lambda client: api.reprint(client, transaction_id), done, label="reprint")
        )

    # ----- reports -----

    def show_report(self, mode: str) -> None:
        self.reports.show_mode(mode)
        self.window.show_screen("reports")

    def _after_settle(self) -> None:
        self.refresh_terminal()

    # ----- training, language, sign-out, close -----

    def toggle_training(self) -> None:
        enabled = not self.ctx.terminal.training

        def done(result: Json) -> None:
            self._apply_record(result)
            self.menu.retranslate()
            # A cart made before the switch keeps its old mode; start a fresh one.
            sale = self.ctx.sale
            if not sale.has_items and sale.cart_id is not None:
                sale.cancel()
            self.ctx.errors.show_notice(
                self.tr("Training mode is on.")
                if self.ctx.terminal.training
                else self.tr("Training mode is off.")
            )

        self.ctx.runner.run_serial(
            Operation(lambda client: api.set_training(client, enabled), done, label="training")
        )

    def set_language(self, language: str) -> None:
        self.ctx.languages.set_language(language)
        self.ctx.errors.clear()

    def sign_out(self) -> None:
        def done(result: Json) -> None:
            self._apply_record(result)
            self.window.show_screen("signin")

        if self.ctx.sale.has_items:
            self.ctx.errors.show_notice(self.tr("Finish, suspend or cancel the sale before signing out."))
            return
        self.ctx.runner.run_serial(Operation(api.sign_out, done, self._sign_out_failed, label="sign out"))

    def _sign_out_failed(self, error: BackendError) -> None:
        if error.code == "not_signed_in":
            self.window.show_screen("signin")
            return
        self.ctx.errors.show_error(error)

    def close_terminal(self) -> None:
        def done(result: Json) -> None:
            self._apply_record(result)
            self.ctx.errors.show_notice(self.tr("The terminal is closed."))
            self.window.show_screen("signin")

        sale = self.ctx.sale
        if sale.has_items:
            self.ctx.errors.show_notice(self.tr("Finish, suspend or cancel the sale before closing."))
            return
        if sale.cart_id is not None:
            sale.cancel()
        self.ctx.runner.run_serial(Operation(api.close_terminal, done, label="close terminal"))

    # ----- scans and device events -----

    def scanned(self, code: str) -> None:
        if self.window.current_name == "returns":
            self.returns.find_receipt({"barcode": code})
        else:
            logger.info("scan ignored on screen=%s", self.window.current_name)

    def device_event(self, event: Json) -> None:
        """Show a printer fault in the banner (the status bar shows it too) until it clears."""
        kind = event.get("type")
        if kind == "printer_fault":
            self.printer_fault = event
            self.ctx.errors.show_error(
                BackendError(
                    503,
                    "printer_fault",
                    str(event.get("message", "")),
                    str(event.get("message_en", "")),
                    {"code": event.get("code"), "job_id": event.get("job_id")},
                )
            )
        elif kind == "printer_ready":
            self.printer_fault = None
            banner = self.ctx.errors.banner
            if banner is not None and banner.code == "printer_fault":
                self.ctx.errors.clear()

    def show_text(self, title: str, text: str) -> None:
        TextDialog(self.window, title, text).open()
