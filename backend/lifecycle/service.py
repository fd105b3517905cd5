"""The terminal lifecycle part: its services, and its hooks into the sale service.

:class:`Lifecycle` builds every lifecycle service on one :class:`LifecycleCore` and adds
three things to the :class:`SaleService`. A guard rejects cart operations unless the
terminal is open with someone signed in. A check requires approval for price overrides and
discounts above the cashier's limit. A commit hook writes the journal record of each
transaction and adds it to the report totals, inside the transaction that stores it.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from typing import Any

from backend.hub import EventHub
from backend.lifecycle.approvals import ApprovalService
from backend.lifecycle.cash import CashService
from backend.lifecycle.core import LifecycleCore
from backend.lifecycle.reporting import add_to_report_totals
from backend.lifecycle.reports import ReportService
from backend.lifecycle.returns import ReturnService
from backend.lifecycle.suspend import SuspendService
from backend.lifecycle.terminal import TerminalService
from backend.services.context import TerminalContext
from backend.services.sales import SaleService

logger = logging.getLogger(__name__)


class Lifecycle:
    def __init__(
        self,
        context: TerminalContext,
        sales: SaleService,
        hub: EventHub | None = None,
        parts: dict[str, Any] | None = None,
    ) -> None:
        self.core = LifecycleCore(context, sales, hub, parts)
        self.approvals = ApprovalService(self.core)
        self.terminal = TerminalService(self.core, self.approvals)
        self.cash = CashService(self.core, self.approvals)
        self.suspended = SuspendService(self.core)
        self.returns = ReturnService(self.core, self.approvals)
        self.reports = ReportService(self.core, self.approvals, self.suspended)
        self.journal = self.core.journal
        self.audit = self.core.audit
        self._installed = False

    def install(self) -> None:
        """Add the guard, the check and the commit hook to the sale service (once)."""
        if self._installed:
            return
        sales = self.core.sales
        sales.guards.append(self.terminal.guard_cart)
        sales.checks.append(self.terminal.check_cart)
        sales.commit_hooks.append(self.record_transaction)
        self._installed = True
        state = self.core.state()
        logger.info(
            "terminal lifecycle ready terminal_id=%s status=%s period=%s staff=%s training=%s",
            state.terminal_id,
            state.status.value,
            state.period,
            state.staff_code,
            state.training,
        )

    def record_transaction(
        self, connection: sqlite3.Connection, document: dict[str, Any], document_json: str | None = None
    ) -> None:
        """Journal a completed transaction and add it to the report totals (commit hook).

        Training transactions get a journal record of type "training" and stay out of the
        report totals.
        """
        training = bool(document.get("training"))
        self.journal.append(
            connection,
            record_id=str(document["transaction_id"]),
            record_type="training" if training else str(document["kind"]),
            terminal_id=str(document["terminal_id"]),
            business_date=str(document["business_date"]),
            created_at=datetime.fromisoformat(str(document["completed_at"])),
            data=document,
            data_json=document_json,
            transaction_id=str(document["transaction_id"]),
            receipt_number=document.get("receipt_number"),
            staff_code=document.get("staff_code"),
            amount=int(document["total"]),
        )
        if training:
            return
        state = self.core.states.load_in(connection, str(document["terminal_id"]))
        add_to_report_totals(connection, document, state.period)

    def status(self) -> dict[str, Any]:
        """Return the terminal state for the /status route."""
        return self.core.state().to_dict()
