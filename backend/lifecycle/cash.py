"""Cash in (入金), cash out (出金) and opening the drawer without a sale (ノーセール)."""

from __future__ import annotations

from typing import Any

from backend.domain.errors import ErrorCode, PosError
from backend.domain.permissions import Permission
from backend.lifecycle.approvals import ApprovalService
from backend.lifecycle.core import TOPIC_CASH, LifecycleCore, RecordRequest, WrittenRecord

MAX_CASH_MOVEMENT = 10_000_000


class CashService:
    def __init__(self, core: LifecycleCore, approvals: ApprovalService) -> None:
        self.core = core
        self.approvals = approvals

    def reasons(self) -> dict[str, dict[str, str]]:
        config = self.core.config()
        return {"cash_in": dict(config.cash_in_reasons), "cash_out": dict(config.cash_out_reasons)}

    def cash_in(
        self, amount: int, reason_code: str, note: str | None = None, idempotency_key: str | None = None
    ) -> WrittenRecord:
        return self._move("cash_in", amount, reason_code, note, idempotency_key)

    def cash_out(
        self, amount: int, reason_code: str, note: str | None = None, idempotency_key: str | None = None
    ) -> WrittenRecord:
        return self._move("cash_out", amount, reason_code, note, idempotency_key)

    def _move(
        self, kind: str, amount: int, reason_code: str, note: str | None, idempotency_key: str | None
    ) -> WrittenRecord:
        self.core.require_ready()
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_CASH_MOVEMENT:
            raise PosError(
                ErrorCode.VALIDATION_FAILED,
                detail=f"amount must be 1 to {MAX_CASH_MOVEMENT} yen, got {amount!r}",
                detail_ja=f"金額は 1 円から {MAX_CASH_MOVEMENT:,} 円までです（入力: {amount!r}）",
            )

        config = self.core.config()
        reasons = config.cash_in_reasons if kind == "cash_in" else config.cash_out_reasons
        if reason_code not in reasons:
            raise PosError(ErrorCode.REASON_UNKNOWN, reason=reason_code, known=sorted(reasons))

        # Cash in needs no permission; cash out does, and its approval is audited with it.
        audit = []
        approver = None
        if kind == "cash_out":
            approval = self.approvals.require(
                Permission.CASH_OUT, action="cash_out", subject=None, details={"amount": amount}
            )
            approver = approval.approver_code
            audit.append(
                approval.audit_entry("cash_out", None, {"amount": amount, "reason_code": reason_code})
            )

        data: dict[str, Any] = {"note": note}
        written = self.core.write_record(
            RecordRequest(
                kind=kind,
                amount=amount,
                data=data,
                counter="cash_movement",
                reason_code=reason_code,
                reason=reasons[reason_code],
                approver_code=approver,
                audit=audit,
                idempotency_key=idempotency_key,
                topic=TOPIC_CASH,
            )
        )
        self._open_drawer(kind, written)
        return written

    def no_sale(self, reason: str | None = None) -> WrittenRecord:
        """Open the drawer without a sale, with the no-sale permission, and record it."""
        self.core.require_ready()
        approval = self.approvals.require(Permission.NO_SALE, action="no_sale", subject=None)
        written = self.core.write_record(
            RecordRequest(
                kind="no_sale",
                reason=reason,
                approver_code=approval.approver_code,
                audit=[approval.audit_entry("no_sale", None, {"reason": reason})],
                topic=TOPIC_CASH,
                print_slip=False,
            )
        )
        self._open_drawer("no_sale", written)
        return written

    def _open_drawer(self, reason: str, written: WrittenRecord) -> None:
        if not written.replayed:
            self.core.open_drawer(reason, written.record["record_id"])
