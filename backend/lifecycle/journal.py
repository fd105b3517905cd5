"""The electronic journal in the terminal store: append, verify, search and CSV export.

Records are appended inside the caller's transaction, so a sale and its journal record
commit or roll back together. The chain and its verification are defined in
backend.domain.journal.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from backend.domain.journal import (
    GENESIS_HASH,
    JournalHead,
    JournalHeader,
    StoredRecord,
    VerifyResult,
    canonical_json,
    record_hash,
    verify_chain,
)
from backend.lifecycle.records import utc_text
from backend.storage.db import Database

logger = logging.getLogger(__name__)

VERIFY_BATCH = 2000

# Screen words of the record types, used in the CSV export.
RECORD_TYPE_LABELS: dict[str, str] = {
    "sale": "売上",
    "return": "返品",
    "void": "取消",
    "exchange": "交換",
    "training": "トレーニング",
    "open": "開局",
    "close": "閉局",
    "sign_in": "サインイン",
    "sign_out": "サインアウト",
    "training_mode": "トレーニング切替",
    "cash_in": "入金",
    "cash_out": "出金",
    "no_sale": "ドロア開放",
    "reprint": "再発行",
    "x_report": "点検",
    "z_report": "精算",
}

EXPORT_ENCODINGS = ("utf-8-sig", "cp932")

_COLUMNS = (
    "seq, record_id, prev_record_id, record_type, terminal_id, business_date, created_at, created_utc,"
    " transaction_id, receipt_number, staff_code, amount, data, prev_hash, hash"
)


@dataclass(frozen=True, slots=True)
class JournalQuery:
    """Search filters; every filter left as None matches all records.

    ``time_from`` and ``time_to`` bound the record time (inclusive, exclusive); amounts are
    yen, compared with the record's amount (the transaction total for transactions).
    """

    business_date: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    time_from: datetime | None = None
    time_to: datetime | None = None
    receipt_number: int | None = None
    amount: int | None = None
    min_amount: int | None = None
    max_amount: int | None = None
    staff_code: str | None = None
    record_types: tuple[str, ...] = ()
    transaction_id: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        simple = (
            ("business_date = ?", self.business_date),
            ("business_date >= ?", self.date_from),
            ("business_date <= ?", self.date_to),
            ("created_utc >= ?", utc_text(self.time_from) if self.time_from else None),
            ("created_utc < ?", utc_text(self.time_to) if self.time_to else None),
            ("receipt_number = ?", self.receipt_number),
            ("amount = ?", self.amount),
            ("amount >= ?", self.min_amount),
            ("amount <= ?", self.max_amount),
            ("staff_code = ?", self.staff_code),
            ("transaction_id = ?", self.transaction_id),
        )
        for clause, value in simple:
            if value is not None:
                clauses.append(clause)
                params.append(value)
        if self.record_types:
            clauses.append(f"record_type IN ({', '.join('?' for _ in self.record_types)})")
            params.extend(self.record_types)
        return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


def _header_of(row: sqlite3.Row | tuple[Any, ...]) -> JournalHeader:
    return JournalHeader(
        record_id=row[1],
        prev_record_id=row[2],
        record_type=row[3],
        terminal_id=row[4],
        business_date=row[5],
        created_at=row[6],
        created_utc=row[7],
        transaction_id=row[8],
        receipt_number=row[9],
        staff_code=row[10],
        amount=row[11],
    )


class JournalStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def append(
        self,
        connection: sqlite3.Connection,
        *,
        record_id: str,
        record_type: str,
        terminal_id: str,
        business_date: str | None,
        created_at: datetime,
        data: Mapping[str, Any],
        data_json: str | None = None,
        transaction_id: str | None = None,
        receipt_number: int | None = None,
        staff_code: str | None = None,
        amount: int | None = None,
    ) -> int:
        """Append one record inside the caller's transaction; return its sequence number.

        ``data_json`` is ``data`` already in canonical JSON, when the caller has encoded it.
        """
        head = connection.execute("SELECT seq, record_id, hash FROM journal_head WHERE id = 1").fetchone()
        seq = int(head[0]) + 1 if head else 1
        prev_hash = str(head[2]) if head else GENESIS_HASH
        header = JournalHeader(
            record_id=record_id,
            prev_record_id=head[1] if head else None,
            record_type=record_type,
            terminal_id=terminal_id,
            business_date=business_date,
            created_at=created_at.isoformat(timespec="seconds"),
            created_utc=utc_text(created_at),
            transaction_id=transaction_id,
            receipt_number=receipt_number,
            staff_code=staff_code,
            amount=amount,
        )
        if data_json is None:
            data_json = canonical_json(dict(data))
        digest = record_hash(prev_hash, header, data_json)
        connection.execute(
            f"INSERT INTO journal({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                seq,
                header.record_id,
                header.prev_record_id,
                header.record_type,
                header.terminal_id,
                header.business_date,
                header.created_at,
                header.created_utc,
                header.transaction_id,
                header.receipt_number,
                header.staff_code,
                header.amount,
                data_json,
                prev_hash,
                digest,
            ),
        )
        connection.execute(
            "INSERT INTO journal_head(id, seq, record_id, hash) VALUES (1, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, record_id = excluded.record_id,"
            " hash = excluded.hash",
            (seq, record_id, digest),
        )
        return seq

    # ----- verification -----

    def head(self) -> JournalHead | None:
        row = self.db.query_one("SELECT seq, record_id, hash FROM journal_head WHERE id = 1")
        return JournalHead(int(row[0]), row[1], str(row[2])) if row else None

    def _iter_stored(self) -> Iterator[StoredRecord]:
        last = None
        while True:
            if last is None:
                rows = self.db.query(f"SELECT {_COLUMNS} FROM journal ORDER BY seq LIMIT ?", (VERIFY_BATCH,))
            else:
                rows = self.db.query(
                    f"SELECT {_COLUMNS} FROM journal WHERE seq > ? ORDER BY seq LIMIT ?", (last, VERIFY_BATCH)
                )
            if not rows:
                return
            for row in rows:
                yield StoredRecord(int(row[0]), _header_of(row), str(row[12]), str(row[13]), str(row[14]))
            last = int(rows[-1][0])

    def verify(self) -> VerifyResult:
        """Recompute every record's hash and link, and check the last record against the head."""
        hash_index = {
            str(row[2]): (int(row[0]), str(row[1]))
            for row in self.db.query("SELECT seq, record_id, hash FROM journal")
        }
        result = verify_chain(self._iter_stored(), hash_index, self.head())
        if result.ok:
            logger.info("journal verified records=%d", result.checked)
        else:
            logger.error(
                "journal verification failed records=%d problems=%d first=%s",
                result.checked,
                len(result.problems),
                result.problems[0].message,
            )
        return result

    # ----- search and export -----

    def search(self, query: JournalQuery, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        where, params = query.where()
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM journal {where} ORDER BY seq LIMIT ? OFFSET ?", (*params, limit, offset)
        )
        return [self._row_dict(row) for row in rows]

    def iter_matching(self, query: JournalQuery, batch: int = 1000) -> Iterator[dict[str, Any]]:
        where, params = query.where()
        joiner = "AND" if where else "WHERE"
        last = 0
        while True:
            rows = self.db.query(
                f"SELECT {_COLUMNS} FROM journal {where} {joiner} seq > ? ORDER BY seq LIMIT ?",
                (*params, last, batch),
            )
            if not rows:
                return
            for row in rows:
                yield self._row_dict(row)
            last = int(rows[-1][0])

    @staticmethod
    def _row_dict(row: sqlite3.Row) -> dict[str, Any]:
        return {
            "seq": row[0],
            "record_id": row[1],
            "prev_record_id": row[2],
            "record_type": row[3],
            "terminal_id": row[4],
            "business_date": row[5],
            "created_at": row[6],
            "transaction_id": row[8],
            "receipt_number": row[9],
            "staff_code": row[10],
            "amount": row[11],
            "data": json.loads(row[12]),
            "hash": row[14],
        }


CSV_HEADER = (
    "連番(seq)",
    "日時(time)",
    "営業日(business date)",
    "種別(type)",
    "種別コード(type code)",
    "レジ(terminal)",
    "取引番号(transaction number)",
    "レシート番号(receipt number)",
    "担当者(staff)",
    "承認者(approver)",
    "金額(amount)",
    "消費税(tax)",
    "支払(tenders)",
    "元レシート番号(original receipt)",
    "理由(reason)",
    "取引ID(transaction id)",
    "記録ID(record id)",
    "ハッシュ(hash)",
)


def _tender_summary(data: Mapping[str, Any]) -> str:
    parts = []
    for tender in data.get("tenders") or []:
        name = tender.get("name") or tender.get("tender_code")
        parts.append(f"{name} {tender.get('applied')}")
    if data.get("change"):
        parts.append(f"お釣り {data['change']}")
    return " / ".join(parts)


def _approver_of(data: Mapping[str, Any]) -> str:
    if data.get("approver_code"):
        return str(data["approver_code"])
    approvers = [str(entry.get("approver")) for entry in data.get("approvals") or [] if entry.get("approver")]
    return " ".join(approvers)


def csv_row(record: Mapping[str, Any]) -> list[str]:
    data = record["data"]
    record_type = str(record["record_type"])
    return [
        str(record["seq"]),
        str(record["created_at"]),
        str(record["business_date"] or ""),
        RECORD_TYPE_LABELS.get(record_type, record_type),
        record_type,
        str(record["terminal_id"]),
        str(
            data.get("transaction_number")
            if data.get("transaction_number") is not None
            else data.get("number") or ""
        ),
        "" if record["receipt_number"] is None else str(record["receipt_number"]),
        str(record["staff_code"] or ""),
        _approver_of(data),
        "" if record["amount"] is None else str(record["amount"]),
        "" if data.get("tax_total") is None else str(data["tax_total"]),
        _tender_summary(data),
        "" if data.get("original_receipt_number") is None else str(data["original_receipt_number"]),
        str(data.get("reason") or data.get("reason_code") or ""),
        str(record["transaction_id"] or ""),
        str(record["record_id"]),
        str(record["hash"]),
    ]


def csv_chunks(
    records: Iterator[Mapping[str, Any]], encoding: str, counts: dict[str, int] | None = None
) -> Iterator[bytes]:
    """Yield the CSV export of records as encoded bytes, one row per chunk.

    "utf-8-sig" starts the file with a byte order mark, which Excel needs to read UTF-8.
    With "cp932" (Shift_JIS as Windows has it), a character outside CP932 is written as "?".
    ``counts``, when given, receives the rows written and the characters replaced.
    """
    if encoding not in EXPORT_ENCODINGS:
        raise ValueError(f"export encoding must be one of {', '.join(EXPORT_ENCODINGS)}, got {encoding!r}")
    tally = counts if counts is not None else {}
    tally.update(rows=0, replaced=0)
    codec = "utf-8" if encoding == "utf-8-sig" else "cp932"

    def encode(values: list[str]) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(values)
        text = buffer.getvalue()
        try:
            return text.encode(codec)
        except UnicodeEncodeError:
            tally["replaced"] += sum(1 for char in text if not _encodable(char, codec))
            return text.encode(codec, errors="replace")

    prefix = b"\xef\xbb\xbf" if encoding == "utf-8-sig" else b""
    yield prefix + encode(list(CSV_HEADER))
    for record in records:
        yield encode(csv_row(record))
        tally["rows"] += 1


def write_csv(records: Iterator[Mapping[str, Any]], stream: IO[bytes], encoding: str) -> tuple[int, int]:
    """Write the CSV export to a binary stream; return (rows written, characters replaced)."""
    counts: dict[str, int] = {}
    for chunk in csv_chunks(records, encoding, counts):
        stream.write(chunk)
    return counts["rows"], counts["replaced"]


def _encodable(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True
