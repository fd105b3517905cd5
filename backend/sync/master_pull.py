"""Incremental pull of master data from the store tier into the terminal store.

Each master collection is read from its high-water mark (the newest ``updated_at`` already
applied) minus :data:`OVERLAP`, because two head-office writers can commit slightly out of
``updated_at`` order. A document re-read inside the overlap equals the local record and is
skipped, so it changes nothing. Every change of one pull is applied in one
``Database.atomic()`` transaction with the new high-water marks, so a terminal never sells
from half a price change, and then the terminal's cached master data is invalidated.

A document that cannot become a valid record is left out, logged and counted; it does not
block the others.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from backend.domain.master import Item, Staff, TenderType
from backend.domain.money import format_rate
from backend.domain.tax import DEFAULT_TAX_RATES, TaxRate
from backend.masterdata.models import MasterSet, PromotionDefinition
from backend.masterdata.repository import MasterRepository
from backend.masterdata.store_settings import settings_problems
from backend.masterdata.validation import master_set_problems, validate_categories, validate_items
from backend.masterdata.writes import bump_master_version
from backend.storage.db import Database
from backend.sync.documents import StoreIdentity
from backend.sync.master_documents import (
    PULL_ORDER,
    InvalidMasterDocument,
    MasterCollection,
    category_from_document,
    is_deleted,
    item_from_document,
    promotion_from_document,
    settings_from_document,
    staff_from_document,
    tax_rate_from_document,
    tender_from_document,
)
from backend.sync.state import SyncStateRepository

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase

logger = logging.getLogger(__name__)

OVERLAP = timedelta(seconds=30)
# At most this many rejected documents are logged one by one per pull.
MAX_LOGGED_REJECTIONS = 20

Document = dict[str, Any]


@dataclass
class PullResult:
    """Counts of one pull per collection: documents fetched, records changed (only where
    nonzero), and the rejected documents with their reasons."""

    fetched: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)

    @property
    def any_change(self) -> bool:
        return any(self.changed.values())

    def to_dict(self) -> dict[str, Any]:
        return {"fetched": self.fetched, "changed": self.changed, "rejected": self.rejected}


async def fetch_changes(
    database: AsyncDatabase[Document], identity: StoreIdentity, state: SyncStateRepository
) -> dict[MasterCollection, list[Document]]:
    """Read every master document changed since each collection's high-water mark."""
    from pymongo import ASCENDING

    changes: dict[MasterCollection, list[Document]] = {}
    for collection in PULL_ORDER:
        query: dict[str, Any] = dict(identity.scope())
        mark = await asyncio.to_thread(state.high_water_mark, collection.value)
        if mark is not None:
            query["updated_at"] = {"$gt": mark - OVERLAP}
        cursor = database[collection.value].find(query).sort([("updated_at", ASCENDING), ("_id", ASCENDING)])
        changes[collection] = await cursor.to_list(None)
    return changes


def _newest(documents: Sequence[Document]) -> datetime | None:
    moments = [doc["updated_at"] for doc in documents if isinstance(doc.get("updated_at"), datetime)]
    return max(moments) if moments else None


class MasterApplier:
    """Applies fetched master documents to the terminal store in one transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.master = MasterRepository(db)
        self.state = SyncStateRepository(db)

    def apply(self, changes: Mapping[MasterCollection, Sequence[Document]]) -> PullResult:
        result = PullResult()
        appliers = {
            MasterCollection.STORE_SETTINGS: self._settings,
            MasterCollection.TAX_RATES: self._tax_rates,
            MasterCollection.CATEGORIES: self._categories,
            MasterCollection.ITEMS: self._items,
            MasterCollection.TENDER_TYPES: self._tenders,
            MasterCollection.STAFF: self._staff,
            MasterCollection.PROMOTIONS: self._promotions,
        }
        with self.db.atomic() as connection:
            for collection in PULL_ORDER:
                documents = changes.get(collection, [])
                result.fetched[collection.value] = len(documents)
                if not documents:
                    continue
                changed = appliers[collection](connection, documents, result.rejected)
                if changed:
                    result.changed[collection.value] = changed
                newest = _newest(documents)
                if newest is not None:
                    self.state.put_high_water_mark(connection, collection.value, newest)
            if result.any_change:
                bump_master_version(connection)
        return result

    # ----- per collection -----

    def _settings(
        self, connection: sqlite3.Connection, documents: Sequence[Document], rejected: list[str]
    ) -> int:
        live = [doc for doc in documents if not is_deleted(doc)]
        if not live:
            return 0
        document = live[-1]  # the newest; a store has one settings document
        current = self.master.store_settings()
        try:
            settings = settings_from_document(document, current)
        except InvalidMasterDocument as error:
            _reject(rejected, MasterCollection.STORE_SETTINGS, document, str(error))
            return 0
        problems = settings_problems(settings)
        if problems:
            _reject(rejected, MasterCollection.STORE_SETTINGS, document, "; ".join(problems))
            return 0
        if settings == current:
            return 0
        self.master.save_store_settings(settings)
        return 1

    def _tax_rates(
        self, connection: sqlite3.Connection, documents: Sequence[Document], rejected: list[str]
    ) -> int:
        stored = {
            (str(row[0]), str(row[1])): str(row[2])
            for row in connection.execute("SELECT tax_class, effective_from, rate_percent FROM tax_rates")
        }
        if not stored:
            # An empty table means "use DEFAULT_TAX_RATES"; write them out first, so one
            # pulled rate does not leave the other tax classes without any rate.
            for rate in DEFAULT_TAX_RATES:
                stored[(rate.tax_class.value, rate.effective_from.isoformat())] = format_rate(rate.rate)
            _write_tax_rates(connection, DEFAULT_TAX_RATES)
        changed = 0
        for document in documents:
            try:
                rate = tax_rate_from_document(document)
            except InvalidMasterDocument as error:
                _reject(rejected, MasterCollection.TAX_RATES, document, str(error))
                continue
            key = (rate.tax_class.value, rate.effective_from.isoformat())
            if is_deleted(document):
                if key in stored:
                    connection.execute(
                        "DELETE FROM tax_rates WHERE tax_class = ? AND effective_from = ?", key
                    )
                    del stored[key]
                    changed += 1
                continue
            problems = master_set_problems(MasterSet((), (), tax_rates=[rate]))
            if problems:
                _reject(rejected, MasterCollection.TAX_RATES, document, "; ".join(problems))
                continue
            if stored.get(key) == format_rate(rate.rate):
                continue
            _write_tax_rates(connection, [rate])
            stored[key] = format_rate(rate.rate)
            changed += 1
        return changed

    def _categories(
        self, connection: sqlite3.Connection, documents: Sequence[Document], rejected: list[str]
    ) -> int:
        current = {category.code: category for category in self.master.categories()}
        upserts = {}
        removed = 0
        for document in documents:
            if is_deleted(document):
                code = document.get("code")
                if code not in current:
                    continue
                in_use = connection.execute("SELECT 1 FROM items WHERE category_code = ? LIMIT 1", (code,))
                if in_use.fetchone() is not None:
                    _reject(
                        rejected, MasterCollection.CATEGORIES, document, f"category {code!r} still has items"
                    )
                    continue
                connection.execute("DELETE FROM categories WHERE code = ?", (code,))
                removed += 1
                continue
            try:
                category = category_from_document(document)
            except InvalidMasterDocument as error:
                _reject(rejected, MasterCollection.CATEGORIES, document, str(error))
                continue
            problems = validate_categories([category])
            if problems:
                _reject(rejected, MasterCollection.CATEGORIES, document, "; ".join(problems))
                continue
            if current.get(category.code) != category:
                upserts[category.code] = category
        self.master.upsert_categories(upserts.values())
        return len(upserts) + removed

    def _items(
        self, connection: sqlite3.Connection, documents: Sequence[Document], rejected: list[str]
    ) -> int:
        known_categories = {str(row[0]) for row in connection.execute("SELECT code FROM categories")}
        upserts: dict[str, Item] = {}
        for document in documents:
            if is_deleted(document):
                existing = self.master.get_item(str(document.get("code")))
                if existing is not None and existing.active:
                    upserts[existing.code] = dataclasses.replace(existing, active=False)
                continue
            try:
                item = item_from_document(document)
            except InvalidMasterDocument as error:
                _reject(rejected, MasterCollection.ITEMS, document, str(error))
                continue
            problems = validate_items([item], known_categories)
            if problems:
                _reject(rejected, MasterCollection.ITEMS, document, "; ".join(problems))
                continue
            if self.master.get_item(item.code) != item:
                upserts[item.code] = item
            else:
                upserts.pop(item.code, None)
        self.master.upsert_items(upserts.values())
        return len(upserts)

    def _tenders(
        self, connection: sqlite3.Connection, documents: Sequence[Document], rejected: list[str]
    ) -> int:
        changed: dict[str, TenderType] = {}
        for document in documents:
            if is_deleted(document):
                existing = self.master.get_tender(str(document.get("code")))
                if existing is not None and existing.active:
                    changed[existing.code] = dataclasses.replace(existing, active=False)
                continue
            try:
                tender = tender_from_document(document)
            except InvalidMasterDocument as error:
                _reject(rejected, MasterCollection.TENDER_TYPES, document, str(error))
                continue
            problems = master_set_problems(MasterSet((), (), tender_types=[tender]))
            if problems:
                _reject(rejected, MasterCollection.TENDER_TYPES, document, "; ".join(problems))
                continue
            if self.master.get_tender(tender.code) != tender:
                changed[tender.code] = tender
        connection.executemany(
            "INSERT INTO tender_types(code, name, kind, sort_order, active) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
            " sort_order = excluded.sort_order, active = excluded.active",
            [(t.code, t.name, t.kind.value, t.sort_order, int(t.active)) for t in changed.values()],
        )
        return len(changed)

    def _staff(
        self, connection: sqlite3.Connection, documents: Sequence[Document], rejected: list[str]
    ) -> int:
        changed: dict[str, Staff] = {}
        for document in documents:
            if is_deleted(document):
                existing = self.master.get_staff(str(document.get("code")))
                if existing is not None and existing.active:
                    changed[existing.code] = dataclasses.replace(existing, active=False)
                continue
            try:
                member = staff_from_document(document)
            except InvalidMasterDocument as error:
                _reject(rejected, MasterCollection.STAFF, document, str(error))
                continue
            problems = master_set_problems(MasterSet((), (), staff=[member]))
            if problems:
                _reject(rejected, MasterCollection.STAFF, document, "; ".join(problems))
                continue
            if self.master.get_staff(member.code) != member:
                changed[member.code] = member
        connection.executemany(
            "INSERT INTO staff(code, name, role, pin_hash, active) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(code) DO UPDATE SET name = excluded.name, role = excluded.role,"
            " pin_hash = excluded.pin_hash, active = excluded.active",
            [(s.code, s.name, s.role.value, s.pin_hash, int(s.active)) for s in changed.values()],
        )
        return len(changed)

    def _promotions(
        self, connection: sqlite3.Connection, documents: Sequence[Document], rejected: list[str]
    ) -> int:
        current = {promotion.promotion_id: promotion for promotion in self.master.promotion_definitions()}
        changed: dict[str, PromotionDefinition] = {}
        for document in documents:
            if is_deleted(document):
                existing = current.get(str(document.get("promotion_id")))
                if existing is not None and existing.active:
                    changed[existing.promotion_id] = dataclasses.replace(existing, active=False)
                continue
            try:
                promotion = promotion_from_document(document)
            except InvalidMasterDocument as error:
                _reject(rejected, MasterCollection.PROMOTIONS, document, str(error))
                continue
            problems = master_set_problems(MasterSet((), (), promotions=[promotion]))
            if problems:
                _reject(rejected, MasterCollection.PROMOTIONS, document, "; ".join(problems))
                continue
            if current.get(promotion.promotion_id) != promotion:
                changed[promotion.promotion_id] = promotion
        connection.executemany(
            "INSERT INTO promotions(id, kind, name, params, starts_at, ends_at, active)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind,"
            " name = excluded.name, params = excluded.params, starts_at = excluded.starts_at,"
            " ends_at = excluded.ends_at, active = excluded.active",
            [
                (
                    p.promotion_id,
                    p.kind,
                    p.name,
                    json.dumps(dict(p.params), ensure_ascii=False, sort_keys=True),
                    p.starts_at.isoformat() if p.starts_at else None,
                    p.ends_at.isoformat() if p.ends_at else None,
                    int(p.active),
                )
                for p in changed.values()
            ],
        )
        return len(changed)


def _write_tax_rates(connection: sqlite3.Connection, rates: Sequence[TaxRate]) -> None:
    connection.executemany(
        "INSERT INTO tax_rates(tax_class, effective_from, rate_percent) VALUES (?, ?, ?)"
        " ON CONFLICT(tax_class, effective_from) DO UPDATE SET rate_percent = excluded.rate_percent",
        [(rate.tax_class.value, rate.effective_from.isoformat(), format_rate(rate.rate)) for rate in rates],
    )


def _reject(rejected: list[str], collection: MasterCollection, document: Document, reason: str) -> None:
    line = f"{collection.value}/{document.get('_id')}: {reason}"
    if len(rejected) < MAX_LOGGED_REJECTIONS:
        logger.warning("master document rejected %s", line)
    rejected.append(line)
