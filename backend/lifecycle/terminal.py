"""Terminal open (開局), close (閉局), staff sign-in and sign-out, training mode, and the
checks every cart operation passes.

States: closed -> open (with a float) -> settled (after the Z report) -> closed. Sales,
cash movements and terminal reports need an open terminal with someone signed in. Closing
without a Z report keeps the settlement period running. The float given when the terminal
is opened again is then added to it, so enter 0 when the float is still in the drawer.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from backend.domain.cart import Cart, CartLine, CartState, DiscountKind
from backend.domain.errors import ErrorCode, PosError
from backend.domain.permissions import Permission
from backend.domain.reports import InvalidDrawerCountError, count_drawer
from backend.lifecycle.approvals import ApprovalService, Credentials
from backend.lifecycle.core import TOPIC_OPEN_CLOSE, LifecycleCore, RecordRequest, WrittenRecord
from backend.lifecycle.records import TerminalState, TerminalStatus

logger = logging.getLogger(__name__)

MAX_FLOAT = 10_000_000


class TerminalService:
    def __init__(self, core: LifecycleCore, approvals: ApprovalService) -> None:
        self.core = core
        self.approvals = approvals

    def status(self) -> dict[str, Any]:
        state = self.core.state()
        data = state.to_dict()
        staff = self.core.context.master.get_staff(state.staff_code) if state.staff_code else None
        data["staff_name"] = staff.name if staff else None
        data["staff_role"] = staff.role.value if staff else None
        return data

    # ----- open and close -----

    def open(
        self,
        float_amount: int | None = None,
        denominations: Mapping[str, int] | None = None,
        credentials: Credentials | None = None,
    ) -> WrittenRecord:
        """Open the terminal with a float, given as an amount or counted by denomination.

        With credentials, the staff member is signed in by the same request.
        """
        amount = _float_amount(float_amount, denominations)
        with self.core.lock:
            if self.core.state().status is TerminalStatus.OPEN:
                raise PosError(ErrorCode.TERMINAL_ALREADY_OPEN)
            staff_code = self.core.state().staff_code
            if credentials is not None:
                staff_code = self.approvals.check_pin(credentials.code, credentials.pin).code
            now = self.core.now()
            business_date = self.core.business_date(now).isoformat()

            def change(state: TerminalState, record: Mapping[str, Any]) -> TerminalState:
                signed_in = state.signed_in_at if staff_code == state.staff_code else record["created_at"]
                return state.changed(
                    status=TerminalStatus.OPEN,
                    business_date=business_date,
                    opened_at=record["created_at"],
                    staff_code=staff_code,
                    signed_in_at=signed_in,
                )

            data: dict[str, Any] = {"denominations": dict(denominations) if denominations else None}
            return self.core.write_record(
                RecordRequest(
                    kind="open",
                    amount=amount,
                    data=data,
                    staff_code=staff_code,
                    topic=TOPIC_OPEN_CLOSE,
                    change_state=change,
                )
            )

    def close(self) -> WrittenRecord:
        """Close the terminal and sign out; the record carries the expected drawer cash."""
        with self.core.lock:
            state = self.core.state()
            if state.status is TerminalStatus.CLOSED:
                raise PosError(ErrorCode.TERMINAL_NOT_OPEN, status=state.status.value)

            def change(current: TerminalState, record: Mapping[str, Any]) -> TerminalState:
                return current.changed(
                    status=TerminalStatus.CLOSED,
                    closed_at=record["created_at"],
                    staff_code=None,
                    signed_in_at=None,
                    training=False,
                )

            return self.core.write_record(
                RecordRequest(
                    kind="close",
                    data={"settled": state.status is TerminalStatus.SETTLED},
                    topic=TOPIC_OPEN_CLOSE,
                    change_state=change,
                )
            )

    # ----- staff -----

    def sign_in(self, credentials: Credentials) -> WrittenRecord:
        """Sign a staff member in, replacing the staff member signed in before."""
        staff = self.approvals.check_pin(credentials.code, credentials.pin)
        with self.core.lock:
            previous = self.core.state().staff_code

            def change(state: TerminalState, record: Mapping[str, Any]) -> TerminalState:
                return state.changed(staff_code=staff.code, signed_in_at=record["created_at"])

            return self.core.write_record(
                RecordRequest(
                    kind="sign_in",
                    staff_code=staff.code,
                    data={"role": staff.role.value, "previous_staff_code": previous},
                    print_slip=False,
                    change_state=change,
                )
            )

    def sign_out(self) -> WrittenRecord:
        with self.core.lock:
            self.core.require_signed_in()

            def change(state: TerminalState, record: Mapping[str, Any]) -> TerminalState:
                return state.changed(staff_code=None, signed_in_at=None, training=False)

            return self.core.write_record(
                RecordRequest(kind="sign_out", print_slip=False, change_state=change)
            )

    def set_training(self, enabled: bool) -> WrittenRecord:
        """Switch training mode: receipts marked, numbers, totals and journal kept apart."""
        with self.core.lock:
            self.core.require_ready()

            def change(state: TerminalState, record: Mapping[str, Any]) -> TerminalState:
                return state.changed(training=enabled)

            return self.core.write_record(
                RecordRequest(
                    kind="training_mode", data={"enabled": enabled}, print_slip=False, change_state=change
                )
            )

    # ----- cart guard and checks -----

    def guard_cart(self, operation: str, cart: Cart | None) -> None:
        """Refuse cart operations on a terminal that is not ready, and a line void after
        subtotal without the permission."""
        self.core.require_ready()
        if operation == "line void" and cart is not None and cart.state is CartState.PAYING:
            approval = self.approvals.require(
                Permission.LINE_VOID_AFTER_SUBTOTAL, action="line_void", subject=cart.cart_id
            )
            now = self.core.now()
            cart.approvals.append(approval.to_dict(now))
            self.core.write_audit([approval.audit_entry("line_void", cart.cart_id, {"after_subtotal": True})])

    def check_cart(self, operation: str, cart: Cart) -> None:
        """Require approval for overridden prices and discounts above the cashier's limit."""
        limit = self.core.config().cashier_discount_limit_percent
        for line in cart.active_lines():
            if _overrides_price(line) and not _approved(
                cart, Permission.PRICE_OVERRIDE, line.line_no, line.unit_price
            ):
                self._approve_on_cart(
                    cart,
                    Permission.PRICE_OVERRIDE,
                    line.line_no,
                    line.unit_price,
                    {"list_price": line.list_price},
                )
            if line.discount is not None and _over_limit(
                line.discount.kind, line.discount.value, line.gross, limit
            ):
                value = f"{line.discount.kind.value}:{line.discount.value}"
                if not _approved(cart, Permission.DISCOUNT_OVER_LIMIT, line.line_no, value):
                    self._approve_on_cart(
                        cart, Permission.DISCOUNT_OVER_LIMIT, line.line_no, value, {"limit": limit}
                    )
        discount = cart.subtotal_discount
        if discount is not None:
            base = sum(line.net(cart.discount_rounding_mode) for line in cart.active_lines())
            value = f"{discount.kind.value}:{discount.value}"
            if _over_limit(discount.kind, discount.value, base, limit) and not _approved(
                cart, Permission.DISCOUNT_OVER_LIMIT, None, value
            ):
                self._approve_on_cart(cart, Permission.DISCOUNT_OVER_LIMIT, None, value, {"limit": limit})

    def _approve_on_cart(
        self, cart: Cart, permission: Permission, line_no: int | None, value: object, details: dict[str, Any]
    ) -> None:
        details = {"line_no": line_no, "value": value, **details}
        approval = self.approvals.require(
            permission, action=permission.value, subject=cart.cart_id, details=details
        )
        cart.approvals.append(approval.to_dict(self.core.now(), line_no=line_no, value=value))
        self.core.write_audit([approval.audit_entry(permission.value, cart.cart_id, details)])


def _float_amount(amount: int | None, denominations: Mapping[str, int] | None) -> int:
    if denominations:
        try:
            counted = count_drawer(denominations).total
        except InvalidDrawerCountError as error:
            raise PosError(
                ErrorCode.VALIDATION_FAILED, detail=str(error), detail_ja=error.japanese
            ) from error
        if amount is not None and amount != counted:
            raise PosError(
                ErrorCode.VALIDATION_FAILED,
                detail=f"float {amount} yen does not match the counted {counted} yen",
                detail_ja=f"釣銭準備金 {amount:,} 円が金種の合計 {counted:,} 円と合いません",
            )
        return counted
    if amount is None:
        # Opening states the float even when it is zero, so a forgotten count is not taken
        # for an empty drawer.
        raise PosError(
            ErrorCode.VALIDATION_FAILED,
            detail="the float is missing: give float_amount or float_denominations (0 for none)",
            detail_ja=(
                "釣銭準備金がありません: float_amount（金額）か float_denominations（金種）を"
                "指定してください（なしなら 0）"
            ),
        )
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= MAX_FLOAT:
        raise PosError(
            ErrorCode.VALIDATION_FAILED,
            detail=f"float must be 0 to {MAX_FLOAT} yen, got {amount!r}",
            detail_ja=f"釣銭準備金は 0 円から {MAX_FLOAT:,} 円までです（入力: {amount!r}）",
        )
    return amount


def _overrides_price(line: CartLine) -> bool:
    # An open-price item (master price 0) takes its price at the register without an override.
    return line.price_overridden and line.list_price > 0 and line.unit_price != line.list_price


def _over_limit(kind: DiscountKind, value: int, base: int, limit_percent: int) -> bool:
    if kind is DiscountKind.PERCENT:
        return value > limit_percent
    return value * 100 > limit_percent * base


def _approved(cart: Cart, permission: Permission, line_no: int | None, value: object) -> bool:
    return any(
        entry.get("permission") == permission.value
        and entry.get("line_no") == line_no
        and entry.get("value") == value
        for entry in cart.approvals
    )
