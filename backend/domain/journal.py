"""The electronic journal's hash chain: canonical JSON, record hashes and verification.

Every journal record is a header (its id, type, terminal, dates, receipt number, staff and
amount) and a data document. Its hash is SHA-256 over the previous record's hash, a
newline, the canonical JSON of the header, a newline, and the canonical JSON of the data.
Each record therefore commits to the whole chain before it, so a record that is edited,
deleted or moved makes verification fail at that record. The journal head, stored apart
from the records, keeps the last sequence number, record id and hash, which catches a
deleted last record.

The sequence number is the record's storage position and is deliberately not hashed, so a
record moved to another position still matches its own hash and is reported as out of
order rather than as edited.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


class FloatInJournalError(TypeError):
    """A float reached a journal record, whose amounts must be integer yen."""


def _float_path(value: Any, path: str) -> str | None:
    if isinstance(value, float):
        return path
    if isinstance(value, dict):
        children: Iterable[tuple[str, Any]] = ((f"{path}.{key}", item) for key, item in value.items())
    elif isinstance(value, list | tuple):
        children = ((f"{path}[{index}]", item) for index, item in enumerate(value))
    else:
        return None
    for child_path, item in children:
        found = _float_path(item, child_path)
        if found:
            return found
    return None


def _reject_floats(value: Any) -> None:
    # An explicit stack with exact type checks: this runs on every record written.
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            stack.extend(item.values())
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif kind is float:
            raise FloatInJournalError(
                f"journal value at {_float_path(value, '$')} is a float ({item!r}); use integer yen"
            )


def canonical_json(value: Any) -> str:
    """Serialise a JSON value canonically: sorted keys, no spaces, UTF-8 text, no floats."""
    _reject_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


@dataclass(frozen=True, slots=True)
class JournalHeader:
    """The indexed fields of a journal record; all of them are covered by its hash."""

    record_id: str
    prev_record_id: str | None
    record_type: str
    terminal_id: str
    business_date: str | None
    created_at: str
    created_utc: str
    transaction_id: str | None
    receipt_number: int | None
    staff_code: str | None
    amount: int | None

    def canonical(self) -> str:
        # Built by hand rather than with dataclasses.asdict, which deep-copies: verification
        # calls this once per record.
        return canonical_json(
            {
                "record_id": self.record_id,
                "prev_record_id": self.prev_record_id,
                "record_type": self.record_type,
                "terminal_id": self.terminal_id,
                "business_date": self.business_date,
                "created_at": self.created_at,
                "created_utc": self.created_utc,
                "transaction_id": self.transaction_id,
                "receipt_number": self.receipt_number,
                "staff_code": self.staff_code,
                "amount": self.amount,
            }
        )


def record_hash(prev_hash: str, header: JournalHeader, data_json: str) -> str:
    """Return the hex SHA-256 of one record chained to the hash of the record before it."""
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(header.canonical().encode("utf-8"))
    digest.update(b"\n")
    digest.update(data_json.encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """One journal row as read back from storage."""

    seq: int
    header: JournalHeader
    data_json: str
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class JournalHead:
    """The last record written, stored apart from the records."""

    seq: int
    record_id: str | None
    hash: str


class ProblemKind(enum.StrEnum):
    EDITED = "edited"
    MISSING = "missing"
    OUT_OF_ORDER = "out_of_order"
    BROKEN_LINK = "broken_link"
    HEAD_MISMATCH = "head_mismatch"


@dataclass(frozen=True, slots=True)
class JournalProblem:
    kind: ProblemKind
    seq: int
    record_id: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "seq": self.seq,
            "record_id": self.record_id,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class VerifyResult:
    checked: int
    problems: tuple[JournalProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "problems": [problem.to_dict() for problem in self.problems],
        }


def verify_chain(
    records: Iterable[StoredRecord],
    hash_index: Mapping[str, tuple[int, str]],
    head: JournalHead | None,
) -> VerifyResult:
    """Check every record against its hash and its link to the record stored before it.

    ``records`` must come in sequence order. ``hash_index`` maps each stored hash to the
    (seq, record_id) holding it, so a record whose link names another stored record can be
    reported as out of order instead of merely broken.
    """
    problems: list[JournalProblem] = []
    expected_seq = 1
    previous_hash = GENESIS_HASH
    previous: tuple[int, str] | None = None
    checked = 0

    for record in records:
        checked += 1
        header = record.header
        if record_hash(record.prev_hash, header, record.data_json) != record.hash:
            problems.append(
                JournalProblem(
                    ProblemKind.EDITED,
                    record.seq,
                    header.record_id,
                    f"record {header.record_id} at seq {record.seq} was changed after it was written:"
                    " its content does not match its hash",
                )
            )

        if record.seq != expected_seq:
            first_missing = expected_seq
            problems.append(
                JournalProblem(
                    ProblemKind.MISSING,
                    first_missing,
                    header.prev_record_id,
                    f"records at seq {first_missing} to {record.seq - 1} are missing (deleted);"
                    f" record {header.record_id} at seq {record.seq} was written after record"
                    f" {header.prev_record_id}",
                )
            )
        elif record.prev_hash != previous_hash:
            problems.append(_link_problem(record, previous, hash_index))

        previous_hash = record.hash
        previous = (record.seq, header.record_id)
        expected_seq = record.seq + 1

    if head is not None and head.seq > 0:
        last_seq = expected_seq - 1
        if last_seq < head.seq:
            problems.append(
                JournalProblem(
                    ProblemKind.MISSING,
                    last_seq + 1,
                    head.record_id,
                    f"records at seq {last_seq + 1} to {head.seq} are missing (deleted); the last"
                    f" record written was {head.record_id}",
                )
            )
        elif last_seq > head.seq or previous_hash != head.hash:
            problems.append(
                JournalProblem(
                    ProblemKind.HEAD_MISMATCH,
                    last_seq,
                    previous[1] if previous else None,
                    f"the journal head names seq {head.seq} record {head.record_id}, but the last"
                    f" stored record is seq {last_seq}"
                    f" {previous[1] if previous else '(none)'} with another hash:"
                    " records were added or changed outside the journal",
                )
            )
    return VerifyResult(checked, tuple(problems))


def _link_problem(
    record: StoredRecord, previous: tuple[int, str] | None, hash_index: Mapping[str, tuple[int, str]]
) -> JournalProblem:
    header = record.header
    linked = hash_index.get(record.prev_hash)
    if linked is not None and linked[0] != record.seq:
        return JournalProblem(
            ProblemKind.OUT_OF_ORDER,
            record.seq,
            header.record_id,
            f"record {header.record_id} at seq {record.seq} is out of order: it was written after"
            f" record {linked[1]}, which is stored at seq {linked[0]}",
        )
    before = f"{previous[1]} at seq {previous[0]}" if previous else "the start of the journal"
    return JournalProblem(
        ProblemKind.BROKEN_LINK,
        record.seq,
        header.record_id,
        f"record {header.record_id} at seq {record.seq} does not link to the record before it"
        f" ({before}): it was written after record {header.prev_record_id}, so that record was"
        " changed and rehashed, replaced, or removed",
    )
