"""The core shared by the lifecycle services: terminal state, repositories, settings and the
writer of lifecycle records.

Lifecycle records are open, close, sign-in and -out, cash in and out, no-sale, reprint,
and X and Z reports. Each is stored in one durable transaction together with its journal
record, its outbox event, its printed slip, its audit rows and the terminal-state change.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from backend.domain.business_date import business_date_of
from backend.domain.errors import ErrorCode, PosError
from backend.domain.receipt import document_to_dict
from backend.hub import EventHub
from backend.lifecycle.config import LifecycleConfig, load_config
from backend.lifecycle.journal import JournalStore
from backend.lifecycle.records import (
    AuditEntry,
    AuditRepository,
    LifecycleRecordRepository,
    PinAttemptRepository,
    ReturnLineRepository,
    TerminalState,
    TerminalStateRepository,
    TerminalStatus,
)
from backend.lifecycle.reporting import ReportQueries
from backend.lifecycle.slips import build_slip
from backend.services.context import TerminalContext
from backend.services.sales import SaleService

logger = logging.getLogger(__name__)

Connection = sqlite3.Connection

TOPIC_CASH = "cash"
TOPIC_OPEN_CLOSE = "open_close"

# Lifecycle records that training mode marks as practice: kept out of reports and outbox.
TRAINABLE_KINDS = frozenset({"cash_in", "cash_out", "no_sale", "reprint"})

StateChange = Callable[[TerminalState, Mapping[str, Any]], TerminalState]
RecordExtra = Callable[[Connection, TerminalState], Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class WrittenRecord:
    record: dict[str, Any]
    print_job_id: int | None
    replayed: bool

    def to_dict(self) -> dict[str, Any]:
        return {"record": self.record, "print_job_id": self.print_job_id, "replayed": self.replayed}


@dataclass
class RecordRequest:
    """A lifecycle record to write; see :meth:`LifecycleCore.write_record`."""

    kind: str
    amount: int = 0
    data: Mapping[str, Any] = field(default_factory=dict)
    counter: str | None = None
    reason_code: str | None = None
    reason: str | None = None
    staff_code: str | None = None
    approver_code: str | None = None
    audit: Sequence[AuditEntry] = ()
    idempotency_key: str | None = None
    topic: str | None = None
    print_slip: bool = True
    compute: RecordExtra | None = None
    change_state: StateChange | None = None


class LifecycleCore:
    def __init__(
        self,
        context: TerminalContext,
        sales: SaleService,
        hub: EventHub | None,
        parts: Mapping[str, Any] | None = None,
    ) -> None:
        self.context = context
        self.sales = sales
        self.hub = hub
        # Other started parts (Services.extra); the device part is looked up here when used.
        self.parts: Mapping[str, Any] = parts if parts is not None else {}
        self.db = context.db
        self.states = TerminalStateRepository(context.db)
        self.pins = PinAttemptRepository(context.db)
        self.audit = AuditRepository(context.db)
        self.records = LifecycleRecordRepository(context.db)
        self.return_lines = ReturnLineRepository()
        self.journal = JournalStore(context.db)
        self.queries = ReportQueries(context.db)
        self._lock = threading.RLock()
        self._state = self.states.load(context.terminal_id)
        self._apply_session(self._state)

    # ----- state -----

    @property
    def terminal_id(self) -> str:
        return self.context.terminal_id

    @property
    def lock(self) -> threading.RLock:
        return self._lock

    def state(self) -> TerminalState:
        return self._state

    def _apply_session(self, state: TerminalState) -> None:
        self.context.staff_code = state.staff_code
        self.context.training = state.training

    def set_state(self, state: TerminalState) -> None:
        self._state = state
        self._apply_session(state)
        if self.hub is not None:
            self.hub.publish({"type": "terminal_changed", "terminal": state.to_dict()})

    def require_ready(self) -> TerminalState:
        """Raise TERMINAL_NOT_OPEN or NOT_SIGNED_IN unless sales may be made now."""
        state = self._state
        if state.status is not TerminalStatus.OPEN:
            raise PosError(ErrorCode.TERMINAL_NOT_OPEN, status=state.status.value)
        if state.staff_code is None:
            raise PosError(ErrorCode.NOT_SIGNED_IN)
        return state

    def require_signed_in(self) -> TerminalState:
        state = self._state
        if state.staff_code is None:
            raise PosError(ErrorCode.NOT_SIGNED_IN)
        return state

    # ----- time and settings -----

    def now(self) -> datetime:
        return self.context.now()

    def business_date(self, moment: datetime) -> date:
        store = self.context.store_settings()
        return business_date_of(moment, store.business_day_cutover, store.time_zone)

    def config(self) -> LifecycleConfig:
        return load_config(self.context.store_settings(), self.context.settings)

    def cash_tender(self) -> tuple[str, str]:
        """Return the (code, name) of the first active cash tender, used for cash refunds."""
        for tender in self.context.master.tender_types():
            if tender.kind.value == "cash" and tender.active:
                return tender.code, tender.name
        raise PosError(ErrorCode.TENDER_UNKNOWN, tender="cash")

    # ----- writing -----

    def write_audit(self, entries: Sequence[AuditEntry]) -> None:
        """Write audit rows in a transaction of their own."""
        if not entries:
            return
        now = self.now()
        business_date = self.business_date(now).isoformat()
        with self.db.atomic() as connection:
            for entry in entries:
                self.audit.write(connection, entry, self.terminal_id, business_date, now)

    def write_record(self, request: RecordRequest) -> WrittenRecord:
        """Store a lifecycle record with its journal entry, outbox event, slip, audit rows and
        state change in one durable transaction.

        A request repeated with the same idempotency key returns the record stored first.
        """
        with self._lock:
            if request.idempotency_key:
                existing = self.records.by_idempotency_key(request.idempotency_key)
                if existing is not None:
                    if existing["kind"] != request.kind:
                        raise PosError(ErrorCode.IDEMPOTENCY_CONFLICT)
                    return WrittenRecord(existing, None, replayed=True)
            now = self.now()
            store = self.context.store_settings()
            business_date = self.business_date(now).isoformat()
            new_state: TerminalState | None = None
            job_id: int | None = None
            with self.db.atomic(durable=True) as connection:
                state = self.states.load_in(connection, self.terminal_id)
                training = state.training and request.kind in TRAINABLE_KINDS
                record: dict[str, Any] = {
                    "record_id": str(uuid.uuid4()),
                    "kind": request.kind,
                    "store_code": store.store_code,
                    "terminal_id": self.terminal_id,
                    "period": state.period,
                    "business_date": business_date,
                    "created_at": now.isoformat(timespec="seconds"),
                    "staff_code": request.staff_code or state.staff_code,
                    "approver_code": request.approver_code,
                    "amount": request.amount,
                    "reason_code": request.reason_code,
                    "reason": request.reason,
                    "training": training,
                    "number": None,
                }
                record.update(request.data)
                if request.compute is not None:
                    record.update(request.compute(connection, state))
                if request.counter and not training:
                    record["number"] = self.sales.counters.next_value(
                        connection, self.terminal_id, request.counter
                    )
                self.records.insert(connection, record, request.idempotency_key)
                self.journal.append(
                    connection,
                    record_id=record["record_id"],
                    record_type="training" if training else request.kind,
                    terminal_id=self.terminal_id,
                    business_date=business_date,
                    created_at=now,
                    data=record,
                    transaction_id=record.get("transaction_id"),
                    receipt_number=record.get("receipt_number"),
                    staff_code=record["staff_code"],
                    amount=int(record["amount"]),
                )
                if request.topic and not training:
                    self.sales.outbox.enqueue(
                        connection, str(uuid.uuid4()), self.terminal_id, request.topic, record
                    )
                if request.print_slip:
                    slip = build_slip(record, store)
                    job_id = self.sales.print_jobs.enqueue(connection, document_to_dict(slip), None, None)
                for entry in request.audit:
                    self.audit.write(connection, entry, self.terminal_id, business_date, now)
                if request.change_state is not None:
                    new_state = request.change_state(state, record)
                    self.states.save(connection, new_state, now)
            if new_state is not None:
                self.set_state(new_state)
        logger.info(
            "lifecycle record written kind=%s record_id=%s number=%s amount=%s staff=%s training=%s",
            request.kind,
            record["record_id"],
            record["number"],
            record["amount"],
            record["staff_code"],
            training,
        )
        if self.hub is not None:
            self.hub.publish({"type": "lifecycle_record", "record": record, "print_job_id": job_id})
        if job_id is not None:
            self._device_call("wake")
        return WrittenRecord(record, job_id, replayed=False)

    def open_drawer(self, reason: str, record_id: str) -> None:
        """Ask the device part to open the cash drawer, without waiting for it."""
        if self.hub is not None:
            self.hub.publish({"type": "drawer_open_requested", "reason": reason, "record_id": record_id})
        opener = self._device_call("open_drawer", reason, run=False)
        if opener is not None:
            threading.Thread(target=opener, args=(reason,), name="openregi-drawer", daemon=True).start()

    def _device_call(self, name: str, *args: Any, run: bool = True) -> Callable[..., Any] | None:
        # NOTE: relies on the device part (backend.printing) registering itself as
        # parts["devices"] with wake() and open_drawer(reason); without it nothing happens.
        method = getattr(self.parts.get("devices"), name, None)
        if not callable(method):
            return None
        if run:
            method(*args)
        return method
