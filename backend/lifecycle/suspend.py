"""Suspend (保留) a sale and resume (呼出) it later on the same terminal."""

from __future__ import annotations

from typing import Any

from backend.domain.cart import Cart, CartState
from backend.domain.errors import ErrorCode, PosError
from backend.lifecycle.core import LifecycleCore
from backend.lifecycle.records import AuditEntry


class SuspendService:
    def __init__(self, core: LifecycleCore) -> None:
        self.core = core
        self.sales = core.sales

    def suspend(self, cart_id: str) -> dict[str, Any]:
        return self.sales.change_cart(cart_id, "suspend", lambda cart: cart.suspend())

    def resume(self, cart_id: str) -> dict[str, Any]:
        """Resume a suspended sale of this terminal; it moves to today's business date."""
        business_date = self.core.business_date(self.core.now())

        def change(cart: Cart) -> None:
            self._check_suspended(cart)
            cart.resume()
            cart.business_date = business_date

        return self.sales.change_cart(cart_id, "resume", change)

    def cancel(self, cart_id: str) -> dict[str, Any]:
        """Cancel a suspended sale, so it no longer holds up the Z report."""

        def change(cart: Cart) -> None:
            self._check_suspended(cart)
            cart.resume()
            cart.cancel()

        view = self.sales.change_cart(cart_id, "cancel suspended", change)
        self.core.write_audit(
            [
                AuditEntry(
                    "suspended_cancelled",
                    "performed",
                    actor_code=self.core.state().staff_code,
                    subject=cart_id,
                    details={"total": view["totals"]["total"]},
                )
            ]
        )
        return view

    def _check_suspended(self, cart: Cart) -> None:
        if cart.terminal_id != self.core.terminal_id or cart.state is not CartState.SUSPENDED:
            raise PosError(ErrorCode.SUSPENDED_NOT_FOUND, reference=cart.cart_id)

    def list(self) -> list[dict[str, Any]]:
        """Return this terminal's suspended sales, oldest first, with their totals."""
        result = []
        for data in self.sales.carts.list_by_state(self.core.terminal_id, CartState.SUSPENDED.value):
            cart = Cart.from_dict(data)
            totals = cart.totals()
            result.append(
                {
                    "cart_id": cart.cart_id,
                    "business_date": cart.business_date.isoformat(),
                    "staff_code": cart.staff_code,
                    "item_count": totals.item_count,
                    "total": totals.total,
                    "training": cart.training,
                }
            )
        return result
