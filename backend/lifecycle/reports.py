"""X report (点検), Z report (精算) and sales reports by business date.

Both terminal reports cover the current settlement period: everything since the last Z
report. The X report only reads. The Z report is stored with its Z number and closes the
period, so the next one starts from zero, and it leaves the terminal settled until it is
closed or opened again. Training transactions and cash movements are never counted.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from datetime import date
from typing import Any

from backend.domain.errors import ErrorCode, PosError
from backend.domain.permissions import Permission
from backend.domain.reports import DrawerCount, InvalidDrawerCountError, build_figures, count_drawer
from backend.lifecycle.approvals import ApprovalService
from backend.lifecycle.core import TOPIC_OPEN_CLOSE, LifecycleCore, RecordRequest, WrittenRecord
from backend.lifecycle.records import AuditEntry, TerminalState, TerminalStatus
from backend.lifecycle.reporting import ReportScope
from backend.lifecycle.suspend import SuspendService

logger = logging.getLogger(__name__)

MAX_REPORT_DAYS = 366


def _drawer(denominations: Mapping[str, int] | None) -> DrawerCount | None:
    if denominations is None:
        return None
    try:
        return count_drawer(denominations)
    except InvalidDrawerCountError as error:
        raise PosError(ErrorCode.VALIDATION_FAILED, detail=str(error), detail_ja=error.japanese) from error


def _date_range(date_from: str, date_to: str | None) -> tuple[str, str]:
    try:
        start = date.fromisoformat(date_from)
        end = date.fromisoformat(date_to) if date_to else start
    except ValueError as error:
        raise PosError(
            ErrorCode.VALIDATION_FAILED, detail=f"business dates must be YYYY-MM-DD: {error}"
        ) from error
    if end < start:
        raise PosError(ErrorCode.VALIDATION_FAILED, detail=f"date_to {end} is before date_from {start}")
    if (end - start).days >= MAX_REPORT_DAYS:
        raise PosError(ErrorCode.VALIDATION_FAILED, detail=f"a report covers at most {MAX_REPORT_DAYS} days")
    return start.isoformat(), end.isoformat()


class ReportService:
    def __init__(self, core: LifecycleCore, approvals: ApprovalService, suspended: SuspendService) -> None:
        self.core = core
        self.approvals = approvals
        self.suspended = suspended

    def figures(
        self, scope: ReportScope, counted: DrawerCount | None, connection: sqlite3.Connection | None = None
    ) -> dict[str, Any]:
        queries = self.core.queries
        reasons = {**self.core.config().cash_in_reasons, **self.core.config().cash_out_reasons}
        figures = build_figures(
            queries.kinds(scope, connection),
            queries.taxes(scope, connection),
            queries.tenders(scope, connection),
            queries.movements(scope, reasons, connection),
            counted,
        )
        first, last = queries.business_dates(scope, connection)
        figures["business_dates"] = {"from": first, "to": last}
        return figures

    def _period_scope(self, state: TerminalState) -> ReportScope:
        return ReportScope(terminal_id=state.terminal_id, period=state.period)

    # ----- X report -----

    def x_report(self, denominations: Mapping[str, int] | None = None) -> dict[str, Any]:
        """Return the current period's figures without storing anything."""
        state = self.core.require_ready()
        figures = self.figures(self._period_scope(state), _drawer(denominations))
        return {
            "report_type": "x",
            "terminal_id": state.terminal_id,
            "period": state.period,
            "business_date": state.business_date,
            "created_at": self.core.now().isoformat(timespec="seconds"),
            "staff_code": state.staff_code,
            "figures": figures,
            "suspended": self.suspended.list(),
        }

    def take_x_report(self, denominations: Mapping[str, int] | None = None) -> WrittenRecord:
        """Print the X report and keep it in the journal; the totals are not reset."""
        self.core.require_ready()
        counted = _drawer(denominations)

        def compute(connection: sqlite3.Connection, state: TerminalState) -> dict[str, Any]:
            figures = self.figures(self._period_scope(state), counted, connection)
            return {"figures": figures, "amount": figures["net_sales"], "suspended": self.suspended.list()}

        return self.core.write_record(RecordRequest(kind="x_report", compute=compute))

    # ----- Z report -----

    def z_report(
        self, denominations: Mapping[str, int], *, force: bool = False, idempotency_key: str | None = None
    ) -> WrittenRecord:
        """Take the Z report: counted cash, over/short, and the end of the settlement period.

        Raises SUSPENDED_PENDING while suspended sales remain, unless ``force`` is set; the
        suspended sales are then listed in the report and the audit log.
        """
        if idempotency_key and self.core.records.by_idempotency_key(idempotency_key) is not None:
            # A retried request gets the stored report, although the terminal is settled now.
            return self.core.write_record(RecordRequest(kind="z_report", idempotency_key=idempotency_key))
        state = self.core.require_ready()
        if state.training:
            raise PosError(
                ErrorCode.VALIDATION_FAILED,
                detail="switch training mode off before the Z report",
                detail_ja="精算の前にトレーニングモードをオフにしてください",
            )
        counted = _drawer(denominations)
        if counted is None:
            raise PosError(
                ErrorCode.VALIDATION_FAILED,
                detail="the Z report needs the drawer count by denomination",
                detail_ja="精算にはドロアの金種別の枚数が必要です",
            )
        suspended = self.suspended.list()
        if suspended and not force:
            raise PosError(
                ErrorCode.SUSPENDED_PENDING,
                count=len(suspended),
                carts=[cart["cart_id"] for cart in suspended],
            )
        approval = self.approvals.require(Permission.Z_REPORT, action="z_report", subject=None)
        audit = [approval.audit_entry("z_report", None, {"forced": force})]
        if suspended:
            audit.append(
                AuditEntry(
                    "z_report_forced",
                    "performed",
                    actor_code=state.staff_code,
                    approver_code=approval.approver_code,
                    details={"suspended": [cart["cart_id"] for cart in suspended]},
                )
            )

        def compute(connection: sqlite3.Connection, current: TerminalState) -> dict[str, Any]:
            figures = self.figures(self._period_scope(current), counted, connection)
            return {
                "figures": figures,
                "amount": figures["net_sales"],
                "suspended": suspended,
                "forced": force,
                "opened_business_date": current.business_date,
            }

        def change(current: TerminalState, record: Mapping[str, Any]) -> TerminalState:
            return current.changed(status=TerminalStatus.SETTLED, period=current.period + 1)

        written = self.core.write_record(
            RecordRequest(
                kind="z_report",
                counter="z_report",
                approver_code=approval.approver_code,
                audit=audit,
                idempotency_key=idempotency_key,
                topic=TOPIC_OPEN_CLOSE,
                compute=compute,
                change_state=change,
            )
        )
        cash = written.record["figures"]["cash"]
        logger.info(
            "Z report taken z_number=%s period=%s net_sales=%s expected_cash=%s counted=%s over_short=%s",
            written.record["number"],
            written.record["period"],
            written.record["figures"]["net_sales"],
            cash["expected"],
            cash["counted"],
            cash["over_short"],
        )
        return written

    def z_reports(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        self.core.require_signed_in()
        return self.core.records.list(self.core.terminal_id, "z_report", limit, offset)

    def z_report_by_number(self, number: int) -> dict[str, Any]:
        self.core.require_signed_in()
        found = self.core.records.by_number(self.core.terminal_id, "z_report", number)
        if found is None:
            raise PosError(ErrorCode.NOT_FOUND, what=f"Z report {number}")
        return found

    # ----- reports by business date -----

    def summary(
        self, date_from: str, date_to: str | None = None, terminal_id: str | None = None
    ) -> dict[str, Any]:
        """Return the report figures (without a drawer count) of a business date or range."""
        self.core.require_signed_in()
        start, end = _date_range(date_from, date_to)
        scope = ReportScope(terminal_id=terminal_id, date_from=start, date_to=end)
        return {
            "date_from": start,
            "date_to": end,
            "terminal_id": terminal_id,
            "figures": self.figures(scope, None),
        }

    def sales_by(
        self, group: str, date_from: str, date_to: str | None = None, terminal_id: str | None = None
    ) -> dict[str, Any]:
        """Return sales by category, item or hour for a business date or range."""
        self.core.require_signed_in()
        start, end = _date_range(date_from, date_to)
        scope = ReportScope(terminal_id=terminal_id, date_from=start, date_to=end)
        try:
            rows = self.core.queries.sales_by(group, scope)
        except ValueError as error:
            raise PosError(ErrorCode.VALIDATION_FAILED, detail=str(error)) from error
        return {"group": group, "date_from": start, "date_to": end, "terminal_id": terminal_id, "rows": rows}
