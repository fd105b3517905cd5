"""Which screen is on top, and the flows that move between screens.

Screens only emit ``navigate(name)``; this object decides what that means in the current
terminal state (signed in, open, sale in progress) and runs the dialogs of the flows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from terminal_app.client import Approval, BackendError
from terminal_app.context import AppContext
from terminal_app.screens.approval import ApprovalDialog
from terminal_app.screens.completion_screen import CompletionScreen
from terminal_app.screens.payment_screen import PaymentScreen
from terminal_app.screens.sale_screen import SaleScreen
from terminal_app.screens.search import ItemSearchDialog
from terminal_app.window import MainWindow

logger = logging.getLogger(__name__)

Json = dict[str, Any]


class Navigator(QObject):
    def __init__(self, ctx: AppContext, window: MainWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.sale_screen = SaleScreen(ctx)
        self.payment_screen = PaymentScreen(ctx)
        self.completion_screen = CompletionScreen(ctx)
        window.add_screen("sale", self.sale_screen)
        window.add_screen("payment", self.payment_screen)
        window.add_screen("complete", self.completion_screen)
        for screen in (self.sale_screen, self.payment_screen, self.completion_screen):
            screen.navigate.connect(self.go)
        self.completion_screen.next_sale_scan.connect(self._scan_into_next_sale)
        ctx.sale.completed.connect(self._sale_completed)
        self.approval_dialog: ApprovalDialog | None = None
        self.flows = self._build_flows()

    def _build_flows(self) -> Any:
        # Imported here: the lifecycle flows are optional and depend on the routes present.
        from terminal_app.flows import LifecycleFlows

        return LifecycleFlows(self.ctx, self.window, self)

    # ----- start -----

    def start(self) -> None:
        """Show the first screen: sign-in when the backend has a lifecycle part, else sale."""
        if self.flows.available:
            self.flows.start()
            return
        logger.warning("backend has no lifecycle routes; starting at the sale screen")
        self.enter_sale()

    def enter_sale(self) -> None:
        if self.ctx.sale.cart_id is None:
            self.ctx.sale.start()
        self.window.show_screen("sale")

    # ----- navigation -----

    def go(self, name: str) -> None:
        if name == "sale":
            self.enter_sale()
        elif name in ("payment", "complete"):
            self.window.show_screen(name)
        elif name == "search":
            dialog = ItemSearchDialog(self.window, self.ctx, self.sale_screen.on_preset)
            dialog.finished.connect(lambda _result: self.sale_screen.focus_input())
            dialog.open()
        else:
            self.flows.go(name)

    def scanned(self, code: str) -> None:
        """A scan from a serial scanner (WebSocket event): ring it up where that makes sense."""
        current = self.window.current_name
        if current == "sale":
            self.sale_screen.on_scan(code)
        elif current == "complete":
            self._scan_into_next_sale(code)
        else:
            self.flows.scanned(code)

    def device_event(self, event: Json) -> None:
        self.flows.device_event(event)

    def _sale_completed(self, result: Json) -> None:
        self.completion_screen.show_result(result)
        self.window.show_screen("complete")
        # The next cart is made now, so the next scan does not wait for it.
        self.ctx.sale.start()

    def _scan_into_next_sale(self, code: str) -> None:
        self.enter_sale()
        self.sale_screen.on_scan(code)

    # ----- approvals -----

    def ask_approval(self, refusal: BackendError, resume: Callable[[Approval | None], None]) -> None:
        """Ask for a supervisor's code and PIN, then repeat the refused request with them."""
        dialog = ApprovalDialog(self.window, self.ctx, refusal, resume)
        self.approval_dialog = dialog
        dialog.finished.connect(lambda _result: self._approval_closed(dialog))
        dialog.open()

    def _approval_closed(self, dialog: ApprovalDialog) -> None:
        if self.approval_dialog is dialog:
            self.approval_dialog = None
        current = self.window.stack.currentWidget()
        if current is self.sale_screen:
            self.sale_screen.focus_input()
