"""Repositories of the lifecycle tables: terminal state, PIN attempts, audit log, lifecycle
records and returned quantities.

Write methods take the open connection of a :meth:`Database.atomic` block, so a caller
puts a record, its journal entry and its audit rows in one transaction.
"""

from __future__ import annotations

import enum
import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from backend.storage.db import Database

Connection = sqlite3.Connection


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def utc_text(moment: datetime) -> str:
    """Format an aware moment as fixed-width UTC text, which sorts in time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class TerminalStatus(enum.StrEnum):
    CLOSED = "closed"  # 閉局
    OPEN = "open"  # 開局
    SETTLED = "settled"  # 精算済: the Z report closed the period, so close or open again


@dataclass(frozen=True, slots=True)
class TerminalState:
    terminal_id: str
    status: TerminalStatus = TerminalStatus.CLOSED
    period: int = 1
    business_date: str | None = None
    opened_at: str | None = None
    closed_at: str | None = None
    staff_code: str | None = None
    signed_in_at: str | None = None
    training: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "terminal_id": self.terminal_id,
            "status": self.status.value,
            "period": self.period,
            "business_date": self.business_date,
            "opened_at": self.opened_at,
            "closed_at": self.closed_at,
            "staff_code": self.staff_code,
            "signed_in_at": self.signed_in_at,
            "training": self.training,
        }

    def changed(self, **changes: Any) -> TerminalState:
        return replace(self, **changes)


class TerminalStateRepository:
    _COLUMNS = (
        "terminal_id, status, period, business_date, opened_at, closed_at, staff_code, signed_in_at, training"
    )

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def _from_row(row: Sequence[Any]) -> TerminalState:
        return TerminalState(
            terminal_id=str(row[0]),
            status=TerminalStatus(row[1]),
            period=int(row[2]),
            business_date=row[3],
            opened_at=row[4],
            closed_at=row[5],
            staff_code=row[6],
            signed_in_at=row[7],
            training=bool(row[8]),
        )

    def load(self, terminal_id: str) -> TerminalState:
        """Return the stored state, or a closed terminal in period 1 when none is stored."""
        row = self.db.query_one(
            f"SELECT {self._COLUMNS} FROM terminal_state WHERE terminal_id = ?", (terminal_id,)
        )
        return self._from_row(row) if row else TerminalState(terminal_id)

    def load_in(self, connection: Connection, terminal_id: str) -> TerminalState:
        row = connection.execute(
            f"SELECT {self._COLUMNS} FROM terminal_state WHERE terminal_id = ?", (terminal_id,)
        ).fetchone()
        return self._from_row(row) if row else TerminalState(terminal_id)

    def save(self, connection: Connection, state: TerminalState, updated_at: datetime) -> None:
        connection.execute(
            f"INSERT INTO terminal_state({self._COLUMNS}, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(terminal_id) DO UPDATE SET status = excluded.status, period = excluded.period,"
            " business_date = excluded.business_date, opened_at = excluded.opened_at,"
            " closed_at = excluded.closed_at, staff_code = excluded.staff_code,"
            " signed_in_at = excluded.signed_in_at, training = excluded.training,"
            " updated_at = excluded.updated_at",
            (
                state.terminal_id,
                state.status.value,
                state.period,
                state.business_date,
                state.opened_at,
                state.closed_at,
                state.staff_code,
                state.signed_in_at,
                1 if state.training else 0,
                utc_text(updated_at),
            ),
        )


@dataclass(frozen=True, slots=True)
class PinAttempts:
    staff_code: str
    failures: int
    locked_until: datetime | None


class PinAttemptRepository:
    """Consecutive wrong PINs per staff code, kept across restarts."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, staff_code: str) -> PinAttempts:
        row = self.db.query_one(
            "SELECT failures, locked_until FROM pin_attempts WHERE staff_code = ?", (staff_code,)
        )
        if row is None:
            return PinAttempts(staff_code, 0, None)
        locked = datetime.fromisoformat(row[1]) if row[1] else None
        return PinAttempts(staff_code, int(row[0]), locked)

    def save(self, attempts: PinAttempts, now: datetime) -> None:
        with self.db.atomic() as connection:
            connection.execute(
                "INSERT INTO pin_attempts(staff_code, failures, locked_until, updated_at) VALUES (?,?,?,?)"
                " ON CONFLICT(staff_code) DO UPDATE SET failures = excluded.failures,"
                " locked_until = excluded.locked_until, updated_at = excluded.updated_at",
                (
                    attempts.staff_code,
                    attempts.failures,
                    attempts.locked_until.isoformat() if attempts.locked_until else None,
                    utc_text(now),
                ),
            )


@dataclass(frozen=True, slots=True)
class AuditEntry:
    action: str
    outcome: str  # performed, approved or denied
    actor_code: str | None
    approver_code: str | None = None
    permission: str | None = None
    subject: str | None = None
    details: Mapping[str, Any] | None = None


class AuditRepository:
    """The audit log: each sensitive action with its actor, approver, time and terminal."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def write(
        self,
        connection: Connection,
        entry: AuditEntry,
        terminal_id: str,
        business_date: str | None,
        now: datetime,
    ) -> None:
        connection.execute(
            "INSERT INTO audit_log(created_at, terminal_id, business_date, action, permission, actor_code,"
            " approver_code, outcome, subject, details) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                now.isoformat(timespec="seconds"),
                terminal_id,
                business_date,
                entry.action,
                entry.permission,
                entry.actor_code,
                entry.approver_code,
                entry.outcome,
                entry.subject,
                _dumps(dict(entry.details or {})),
            ),
        )

    def list(
        self, limit: int = 100, offset: int = 0, action: str | None = None, permission: str | None = None
    ) -> list[dict[str, Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if action:
            clauses.append("action = ?")
            params.append(action)
        if permission:
            clauses.append("permission = ?")
            params.append(permission)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.db.query(
            "SELECT id, created_at, terminal_id, business_date, action, permission, actor_code,"
            f" approver_code, outcome, subject, details FROM audit_log {where}"
            " ORDER BY id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        result = []
        for row in rows:
            data = dict(row)
            data["details"] = json.loads(data["details"])
            result.append(data)
        return result


class LifecycleRecordRepository:
    """Open, close, sign-in and -out, floats, cash movements, no-sale, reprints and reports."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, connection: Connection, record: Mapping[str, Any], idempotency_key: str | None) -> None:
        connection.execute(
            "INSERT INTO lifecycle_records(id, terminal_id, period, business_date, kind, number, created_at,"
            " staff_code, approver_code, amount, reason_code, training, idempotency_key, document)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                record["record_id"],
                record["terminal_id"],
                record["period"],
                record["business_date"],
                record["kind"],
                record.get("number"),
                record["created_at"],
                record.get("staff_code"),
                record.get("approver_code"),
                int(record.get("amount") or 0),
                record.get("reason_code"),
                1 if record.get("training") else 0,
                idempotency_key,
                _dumps(record),
            ),
        )

    def by_idempotency_key(self, key: str) -> dict[str, Any] | None:
        row = self.db.query_one("SELECT document FROM lifecycle_records WHERE idempotency_key = ?", (key,))
        return json.loads(row[0]) if row else None

    def by_number(self, terminal_id: str, kind: str, number: int) -> dict[str, Any] | None:
        row = self.db.query_one(
            "SELECT document FROM lifecycle_records WHERE terminal_id = ? AND kind = ? AND number = ?",
            (terminal_id, kind, number),
        )
        return json.loads(row[0]) if row else None

    def list(self, terminal_id: str, kind: str, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.db.query(
            "SELECT document FROM lifecycle_records WHERE terminal_id = ? AND kind = ?"
            " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
            (terminal_id, kind, limit, offset),
        )
        return [json.loads(row[0]) for row in rows]


class ReturnLineRepository:
    """Quantities returned or voided per original line."""

    def returned_quantities(self, connection: Connection, original_id: str) -> dict[int, int]:
        rows = connection.execute(
            "SELECT original_line_no, sum(quantity) FROM return_lines WHERE original_id = ?"
            " GROUP BY original_line_no",
            (original_id,),
        ).fetchall()
        return {int(row[0]): int(row[1]) for row in rows}

    def insert(
        self,
        connection: Connection,
        return_id: str,
        original_id: str,
        line_no: int,
        quantity: int,
        total: int,
    ) -> None:
        connection.execute(
            "INSERT INTO return_lines(return_id, original_id, original_line_no, quantity, total)"
            " VALUES (?,?,?,?,?)",
            (return_id, original_id, line_no, quantity, total),
        )
