"""``openregi journal``: verify, search and export the electronic journal of a terminal store.

The commands read the terminal store directly, so they work while the backend is stopped
and, because the store is in WAL mode, also while it runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from backend.lifecycle.journal import (
    EXPORT_ENCODINGS,
    RECORD_TYPE_LABELS,
    JournalQuery,
    JournalStore,
    write_csv,
)
from backend.storage.db import Database, StoreError


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(f"openregi journal: {text}\n")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--business-date", help="business date YYYY-MM-DD")
    parser.add_argument("--date-from", help="first business date YYYY-MM-DD")
    parser.add_argument("--date-to", help="last business date YYYY-MM-DD")
    parser.add_argument(
        "--from",
        dest="time_from",
        help="records at or after this time, ISO 8601 (e.g. 2026-12-04T09:00; without an offset: store time)",
    )
    parser.add_argument("--to", dest="time_to", help="records before this time, ISO 8601")
    parser.add_argument("--receipt", type=int, help="receipt number")
    parser.add_argument("--amount", type=int, help="exact amount in yen (transaction total)")
    parser.add_argument("--min-amount", type=int, help="smallest amount in yen")
    parser.add_argument("--max-amount", type=int, help="largest amount in yen")
    parser.add_argument("--staff", help="staff code")
    parser.add_argument(
        "--type",
        dest="record_types",
        action="append",
        choices=sorted(RECORD_TYPE_LABELS),
        help="record type; repeat for several",
    )


def add_parser(subparsers: Any) -> None:
    from backend.cli import add_common_options

    journal = subparsers.add_parser("journal", help="verify, search or export the electronic journal")
    commands = journal.add_subparsers(dest="journal_command", required=True)

    verify = commands.add_parser("verify", help="check the hash chain; exit 1 naming each bad record")
    add_common_options(verify)

    search = commands.add_parser("search", help="list journal records matching the filters")
    add_common_options(search)
    _add_filters(search)
    search.add_argument("--limit", type=int, default=100, help="maximum number of records (default 100)")
    search.add_argument("--json", action="store_true", help="print one JSON object per record")

    export = commands.add_parser("export", help="write journal records as CSV for accountants")
    add_common_options(export)
    export.add_argument("file", help="CSV file to write")
    _add_filters(export)
    export.add_argument(
        "--encoding",
        choices=EXPORT_ENCODINGS,
        default="utf-8-sig",
        help="utf-8-sig (UTF-8 with BOM, opens in Excel; default) or cp932 (Shift_JIS)",
    )
    journal.set_defaults(handler=run)


def _open_store(args: argparse.Namespace) -> Database:
    from backend.cli import settings_from_args

    settings = settings_from_args(args)
    path = settings.database_path
    if not path.exists():
        raise StoreError(f"no terminal store at {path}; pass --data-dir of the terminal")
    db = Database(path)
    db.migrate()
    return db


def _store_zone(db: Database) -> ZoneInfo:
    from backend.masterdata.repository import MasterRepository

    return ZoneInfo(MasterRepository(db).store_settings().time_zone)


def _moment(text: str | None, zone: ZoneInfo) -> datetime | None:
    if text is None:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _query(args: argparse.Namespace, db: Database) -> JournalQuery:
    zone = _store_zone(db)
    return JournalQuery(
        business_date=args.business_date,
        date_from=args.date_from,
        date_to=args.date_to,
        time_from=_moment(args.time_from, zone),
        time_to=_moment(args.time_to, zone),
        receipt_number=args.receipt,
        amount=args.amount,
        min_amount=args.min_amount,
        max_amount=args.max_amount,
        staff_code=args.staff,
        record_types=tuple(args.record_types or ()),
    )


def _verify(store: JournalStore) -> int:
    result = store.verify()
    if result.ok:
        _out(f"journal OK: {result.checked} records verified")
        return 0
    _out(f"journal FAILED: {len(result.problems)} problems in {result.checked} records")
    for problem in result.problems:
        _out(f"  seq {problem.seq} record {problem.record_id} [{problem.kind.value}]: {problem.message}")
    return 1


def _search(store: JournalStore, query: JournalQuery, args: argparse.Namespace) -> int:
    records = store.search(query, limit=args.limit)
    for record in records:
        if args.json:
            _out(json.dumps(record, ensure_ascii=False, sort_keys=True))
            continue
        receipt = "" if record["receipt_number"] is None else f"{record['receipt_number']:06d}"
        amount = "" if record["amount"] is None else f"{record['amount']:,}"
        _out(
            f"{record['seq']:>8}  {record['created_at']}  {record['business_date'] or '':10}"
            f"  {record['record_type']:<13} {receipt:>6}  {record['staff_code'] or '-':<6} {amount:>12}"
            f"  {record['record_id']}"
        )
    if not args.json:
        _out(f"{len(records)} records")
    return 0


def _export(store: JournalStore, query: JournalQuery, args: argparse.Namespace) -> int:
    target = Path(args.file)
    with target.open("wb") as stream:
        rows, replaced = write_csv(store.iter_matching(query), stream, args.encoding)
    _out(f"wrote {rows} records to {target} ({args.encoding})")
    if replaced:
        _out(f"{replaced} characters have no {args.encoding} code and were written as '?'")
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        db = _open_store(args)
    except StoreError as error:
        _err(str(error))
        return 2
    try:
        store = JournalStore(db)
        if args.journal_command == "verify":
            return _verify(store)
        try:
            query = _query(args, db)
        except ValueError as error:
            _err(f"invalid time: {error}")
            return 2
        if args.journal_command == "search":
            return _search(store, query, args)
        return _export(store, query, args)
    except OSError as error:
        _err(str(error))
        return 2
    finally:
        db.close()
