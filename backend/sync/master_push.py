"""Upload of master data to the store tier, for every terminal of a store to pull.

An items CSV goes through the same checks as ``openregi master import``
(backend.masterdata.csv_import); a file with any problem uploads nothing. Each record is
upserted by its ``_id`` with ``$set`` and ``$currentDate`` on ``updated_at``, so the
server's clock orders the changes and the terminals pick them up on their next pull.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from backend.domain.master import Category
from backend.masterdata.csv_import import (
    ALLOW_IN_STORE_CODES_SETTING,
    ImportIssue,
    ImportReport,
    MasterImportError,
    Source,
    parse_categories_csv,
    parse_items_csv,
    read_source,
)
from backend.masterdata.repository import MasterRepository
from backend.sync.documents import StoreIdentity
from backend.sync.master_documents import (
    STORE_SETTINGS_KEY,
    MasterCollection,
    category_document,
    document_id,
    envelope,
    is_deleted,
    item_document,
    promotion_document,
    settings_document,
    staff_document,
    tax_rate_document,
    tax_rate_key,
    tender_document,
)

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase

    Database: TypeAlias = AsyncDatabase[dict[str, Any]]

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000

Record = tuple[str, dict[str, Any]]


@dataclass
class PushReport:
    """How many records of each collection were upserted."""

    counts: dict[str, int] = field(default_factory=dict)
    encoding: str | None = None
    rows: int = 0


def _batches(records: Iterable[Record]) -> Iterator[list[Record]]:
    iterator = iter(records)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


async def upsert_records(
    database: Database, identity: StoreIdentity, collection: MasterCollection, records: Iterable[Record]
) -> int:
    """Upsert (key, fields) records into one master collection; return how many were sent."""
    from pymongo import UpdateOne

    count = 0
    for batch in _batches(records):
        operations = []
        for key, fields in batch:
            values = {**envelope(identity, key), **fields, "deleted": False}
            del values["_id"]
            operations.append(
                UpdateOne(
                    {"_id": document_id(identity, key)},
                    {"$set": values, "$currentDate": {"updated_at": True}},
                    upsert=True,
                )
            )
        await database[collection.value].bulk_write(operations, ordered=True)
        count += len(operations)
    logger.info(
        "master records pushed collection=%s count=%d tenant=%s store_code=%s",
        collection.value,
        count,
        identity.tenant,
        identity.store_code,
    )
    return count


async def stored_category_codes(database: Database, identity: StoreIdentity) -> set[str]:
    cursor = database[MasterCollection.CATEGORIES.value].find(identity.scope(), {"code": 1, "deleted": 1})
    return {str(doc["code"]) for doc in await cursor.to_list(None) if "code" in doc and not is_deleted(doc)}


async def store_allows_in_store_codes(database: Database, identity: StoreIdentity) -> bool:
    """Read ``allow_in_store_codes`` from the store's settings document; False without one."""
    document = await database[MasterCollection.STORE_SETTINGS.value].find_one(
        {"_id": document_id(identity, STORE_SETTINGS_KEY)}
    )
    extra = (document or {}).get("extra") or {}
    value = extra.get(ALLOW_IN_STORE_CODES_SETTING, "false") if isinstance(extra, dict) else "false"
    return str(value).strip().lower() in ("true", "1", "yes")


def _file_name(source: Source) -> str:
    return "" if isinstance(source, bytes) else Path(source).name


async def push_items_csv(
    database: Database,
    identity: StoreIdentity,
    source: Source,
    *,
    categories: Source | None = None,
    allow_in_store_codes: bool | None = None,
) -> PushReport:
    """Check an items CSV (and an optional categories CSV) and upsert them for the store.

    An item's category must be in the categories file or already in the store tier.
    ``allow_in_store_codes`` None follows the store's settings document. Raises
    MasterImportError listing every problem, and then uploads nothing.
    """
    issues: list[ImportIssue] = []
    new_categories: list[Category] = []
    if categories is not None:
        parsed_categories = parse_categories_csv(read_source(categories), _file_name(categories))
        issues += parsed_categories.issues
        new_categories = parsed_categories.categories
    known = await stored_category_codes(database, identity)
    known.update(category.code for category in new_categories)
    if allow_in_store_codes is None:
        allow_in_store_codes = await store_allows_in_store_codes(database, identity)
    item_file = _file_name(source) if categories is not None else ""
    parsed = parse_items_csv(read_source(source), known, allow_in_store_codes, item_file)
    issues += parsed.issues
    if issues:
        logger.warning("master push rejected errors=%d rows=%d", len(issues), parsed.rows)
        raise MasterImportError(ImportReport(parsed.encoding, parsed.rows, errors=tuple(issues)))

    report = PushReport(encoding=parsed.encoding, rows=parsed.rows)
    report.counts[MasterCollection.CATEGORIES.value] = await upsert_records(
        database,
        identity,
        MasterCollection.CATEGORIES,
        ((category.code, category_document(category)) for category in new_categories),
    )
    report.counts[MasterCollection.ITEMS.value] = await upsert_records(
        database,
        identity,
        MasterCollection.ITEMS,
        ((item.code, item_document(item)) for item in parsed.items),
    )
    return report


async def push_terminal_master(
    database: Database, identity: StoreIdentity, repository: MasterRepository
) -> PushReport:
    """Upload a terminal store's whole master: the way to seed the store tier from one
    terminal. Preset keys stay on the terminal; they are not part of the store tier."""
    report = PushReport()
    settings = repository.store_settings()
    upload: list[tuple[MasterCollection, Iterable[Record]]] = [
        (MasterCollection.STORE_SETTINGS, [(STORE_SETTINGS_KEY, settings_document(settings))]),
        (
            MasterCollection.TAX_RATES,
            [(tax_rate_key(rate), tax_rate_document(rate)) for rate in repository.tax_table().rates],
        ),
        (MasterCollection.CATEGORIES, [(c.code, category_document(c)) for c in repository.categories()]),
        (MasterCollection.ITEMS, ((item.code, item_document(item)) for item in repository.iter_items())),
        (
            MasterCollection.TENDER_TYPES,
            [(t.code, tender_document(t)) for t in repository.tender_types(include_inactive=True)],
        ),
        (MasterCollection.STAFF, [(s.code, staff_document(s)) for s in repository.staff()]),
        (
            MasterCollection.PROMOTIONS,
            [(p.promotion_id, promotion_document(p)) for p in repository.promotion_definitions()],
        ),
    ]
    for collection, records in upload:
        report.counts[collection.value] = await upsert_records(database, identity, collection, records)
    return report
