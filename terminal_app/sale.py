"""The sale in progress, seen from the app: its cart view and the operations that change it.

Every change goes through the runner's serial queue, so the requests reach the backend in
the order the cashier made them. The cart id lives here and is set by the request
functions themselves on the worker thread; a request queued right after "new cart" then
sees the new id without waiting for the GUI thread.

The idempotency key of completion is made once per cart, so a second press of the
complete key, or a retry after an error, completes the sale once.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from terminal_app import api
from terminal_app.client import BackendClient, BackendError
from terminal_app.operations import Operation, OperationRunner

logger = logging.getLogger(__name__)

Json = dict[str, Any]

OPEN_STATES = ("idle", "entering", "paying")


class SaleSession(QObject):
    """The current cart; emits ``cart_changed`` with each new view from the backend."""

    cart_changed = Signal(dict)
    completed = Signal(dict)
    cleared = Signal()

    def __init__(self, runner: OperationRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.cart: Json | None = None
        self.training = False
        self.last_completion: Json | None = None
        self._lock = threading.Lock()
        self._cart_id: str | None = None
        self._completion_key: str | None = None
        # Wall-clock marks of the last scan, read by the benchmark.
        self.on_cart_applied: Callable[[Json], None] | None = None

    # ----- state read on the GUI thread -----

    @property
    def cart_id(self) -> str | None:
        with self._lock:
            return self._cart_id

    @property
    def state(self) -> str:
        return str(self.cart["state"]) if self.cart else "idle"

    @property
    def active_lines(self) -> list[Json]:
        if not self.cart:
            return []
        return [line for line in self.cart["lines"] if not line.get("voided")]

    @property
    def has_items(self) -> bool:
        return bool(self.active_lines)

    def totals(self) -> Json:
        return dict(self.cart["totals"]) if self.cart else {}

    # ----- worker-side helpers (run on the serial worker thread) -----

    def _ensure_cart(self, client: BackendClient) -> str:
        with self._lock:
            cart_id = self._cart_id
        if cart_id is not None:
            return cart_id
        cart = api.create_cart(client, training=self.training)
        with self._lock:
            self._cart_id = str(cart["cart_id"])
            self._completion_key = None
            return self._cart_id

    def _forget_cart(self) -> None:
        with self._lock:
            self._cart_id = None
            self._completion_key = None

    def _key(self) -> str:
        with self._lock:
            if self._completion_key is None:
                self._completion_key = uuid.uuid4().hex
            return self._completion_key

    # ----- operations -----

    def _change(
        self,
        request: Callable[[BackendClient, str], Json],
        label: str,
        on_done: Callable[[Json], None] | None = None,
        on_failure: Callable[[BackendError], None] | None = None,
    ) -> None:
        def request_fn(client: BackendClient) -> Json:
            return request(client, self._ensure_cart(client))

        def success(cart: Json) -> None:
            self._apply(cart)
            if on_done is not None:
                on_done(cart)

        self.runner.run_serial(Operation(request_fn, success, on_failure, label=label))

    def _apply(self, cart: Json) -> None:
        if cart.get("cart_id") != self.cart_id:
            return  # a reply about a cart this session has already left
        self.cart = cart
        self.cart_changed.emit(cart)
        if self.on_cart_applied is not None:
            self.on_cart_applied(cart)

    def apply_event(self, cart: Json) -> None:
        """Take a cart_changed event when it is newer than the view held."""
        if self.cart is None or cart.get("cart_id") != self.cart.get("cart_id"):
            return
        if int(cart.get("version", 0)) > int(self.cart.get("version", 0)):
            self._apply(cart)

    def start(self, on_done: Callable[[Json], None] | None = None) -> None:
        """Create the cart now, so the first scan does not wait for it."""
        self._change(lambda client, cart_id: api.get_cart(client, cart_id), "new cart", on_done)

    def add_item(self, code: str, quantity: int = 1, on_done: Callable[[Json], None] | None = None) -> None:
        self._change(
            lambda client, cart_id: api.add_item(client, cart_id, code, quantity), "add item", on_done
        )

    def set_quantity(self, line_no: int, quantity: int) -> None:
        self._change(
            lambda client, cart_id: api.set_quantity(client, cart_id, line_no, quantity), "change quantity"
        )

    def override_price(self, line_no: int, unit_price: int) -> None:
        self._change(
            lambda client, cart_id: api.override_price(client, cart_id, line_no, unit_price), "price override"
        )

    def void_line(self, line_no: int) -> None:
        self._change(lambda client, cart_id: api.void_line(client, cart_id, line_no), "line void")

    def discount_line(self, line_no: int, kind: str, value: int) -> None:
        self._change(
            lambda client, cart_id: api.discount_line(client, cart_id, line_no, kind, value), "line discount"
        )

    def subtotal(self, on_done: Callable[[Json], None] | None = None) -> None:
        self._change(lambda client, cart_id: api.subtotal(client, cart_id), "subtotal", on_done)

    def back_to_entry(self, on_done: Callable[[Json], None] | None = None) -> None:
        self._change(lambda client, cart_id: api.back_to_entry(client, cart_id), "back to entry", on_done)

    def discount_subtotal(self, kind: str, value: int) -> None:
        self._change(
            lambda client, cart_id: api.discount_subtotal(client, cart_id, kind, value), "subtotal discount"
        )

    def add_tender(
        self, tender_code: str, amount: int, on_done: Callable[[Json], None] | None = None
    ) -> None:
        self._change(
            lambda client, cart_id: api.add_tender(client, cart_id, tender_code, amount), "tender", on_done
        )

    def remove_tender(self, index: int) -> None:
        self._change(lambda client, cart_id: api.remove_tender(client, cart_id, index), "remove tender")

    def cancel(self) -> None:
        """Cancel the sale (取引中止) and start with no cart."""

        def request_fn(client: BackendClient) -> Json | None:
            cart_id = self.cart_id
            if cart_id is None:
                return None
            cart = api.cancel_cart(client, cart_id)
            self._forget_cart()
            return cart

        self.runner.run_serial(Operation(request_fn, lambda _cart: self._cleared(), label="cancel"))

    def complete(self, on_failure: Callable[[BackendError], None] | None = None) -> None:
        """Complete the paid sale once; the cart's key makes a repeated press harmless."""

        def request_fn(client: BackendClient) -> Json:
            cart_id = self.cart_id
            if cart_id is None:
                raise BackendError(
                    0,
                    "cart_empty",
                    "会計する取引がありません。",
                    "There is no sale to complete.",
                )
            result = api.complete(client, cart_id, self._key())
            self._forget_cart()
            return result

        self.runner.run_serial(Operation(request_fn, self._completed, on_failure, label="complete"))

    def resume_cart(self, cart: Json) -> None:
        """Make a cart returned by a resume request the current one (GUI thread)."""
        with self._lock:
            self._cart_id = str(cart["cart_id"])
            self._completion_key = None
        self._apply(cart)

    def leave_cart(self) -> None:
        """Drop the current cart after the backend moved it away (suspend, void)."""
        self._forget_cart()
        self._cleared()

    def _completed(self, result: Json) -> None:
        logger.info(
            "sale completed transaction_id=%s replayed=%s",
            result["transaction"].get("transaction_id"),
            result.get("replayed"),
        )
        self.last_completion = result
        self.cart = None
        self.completed.emit(result)

    def _cleared(self) -> None:
        self.cart = None
        self.cleared.emit()
