"""Typed access to the master data in the SQLite terminal store.

Reads return the frozen values of backend.domain.master. Every write runs in one
:meth:`Database.atomic` transaction and increments the store-wide master version, so a
reader can tell that the master changed.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from backend.domain.errors import ErrorCode, PosError
from backend.domain.master import (
    Category,
    Item,
    PriceMode,
    Role,
    Staff,
    StoreSettings,
    TaxClass,
    TenderKind,
    TenderType,
)
from backend.domain.money import parse_rate
from backend.domain.plugins import Promotion
from backend.domain.tax import DEFAULT_TAX_RATES, TaxRate, TaxTable
from backend.masterdata import writes
from backend.masterdata.models import (
    MasterSet,
    PresetKey,
    PresetPage,
    PromotionDefinition,
)
from backend.masterdata.store_settings import settings_from_rows, settings_problems
from backend.masterdata.validation import master_set_problems, validate_categories, validate_items
from backend.masterdata.writes import MASTER_COUNTER_NAME, MASTER_COUNTER_TERMINAL
from backend.plugins.promotions import build_promotion
from backend.storage.db import Database, StoreError

logger = logging.getLogger(__name__)

MAX_SEARCH_LIMIT = 200
EXPORT_BATCH_SIZE = 5000

_ITEM_COLUMNS = "code, name, price, price_mode, tax_class, category_code, name_kana, active"
_ITEM_BY_CODE = f"SELECT {_ITEM_COLUMNS} FROM items WHERE code = ?"

# Dictionary lookups are cheaper than Enum(value) on the item hot path.
_PRICE_MODES = {mode.value: mode for mode in PriceMode}
_TAX_CLASSES = {tax_class.value: tax_class for tax_class in TaxClass}


def _item_from_row(row: sqlite3.Row) -> Item:
    price_mode = _PRICE_MODES.get(row[3]) or PriceMode(row[3])
    tax_class = _TAX_CLASSES.get(row[4]) or TaxClass(row[4])
    return Item(row[0], row[1], row[2], price_mode, tax_class, row[5], row[6], row[7] == 1)


def _katakana(text: str) -> str:
    """Turn hiragana into katakana, so "おにぎり" finds the reading "オニギリ"."""
    return "".join(chr(ord(char) + 0x60) if "ぁ" <= char <= "ゖ" else char for char in text)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _parse_timestamp(text: str | None, zone: ZoneInfo) -> datetime | None:
    """Parse a stored ISO 8601 time; one stored without an offset is read in the store's zone."""
    if text is None or text == "":
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


class MasterRepository:
    """Reads and writes items, categories, tenders, staff, tax rates, settings, presets and
    promotions in one terminal store."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ----- items -----

    def get_item(self, code: str) -> Item | None:
        """Return the item with exactly this code, inactive ones included, or None.

        This is the scan hot path: one SELECT on the primary key of a WITHOUT ROWID table.
        The caller normalises scanned input (NFKC, check digit) before calling.
        """
        row = self.db.query_one(_ITEM_BY_CODE, (code,))
        if row is None:
            return None
        return _item_from_row(row)

    def search_items(self, text: str, limit: int = 50) -> list[Item]:
        """Find items whose code starts with the text, then items whose name or kana reading
        contains it, each group in code order.

        The text is NFKC-normalised, so full-width digits and half-width katakana match,
        and hiragana also matches the katakana reading.
        """
        query = unicodedata.normalize("NFKC", text).strip()
        if not query:
            return []
        limit = max(1, min(limit, MAX_SEARCH_LIMIT))
        upper = query[:-1] + chr(ord(query[-1]) + 1)
        rows = self.db.query(
            f"SELECT {_ITEM_COLUMNS} FROM items WHERE code >= ? AND code < ? ORDER BY code LIMIT ?",
            (query, upper, limit),
        )
        remaining = limit - len(rows)
        if remaining > 0:
            # NOTE: a substring match walks the items table in code order until it has
            # `limit` rows, so a rare text scans the whole table (about 0.3 s for a million
            # items on a 2-core VM). An FTS5 trigram index would lift this.
            rows += self.db.query(
                f"SELECT {_ITEM_COLUMNS} FROM items"
                " WHERE NOT (code >= ? AND code < ?)"
                " AND (name LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' OR name_kana LIKE ? ESCAPE '\\')"
                " ORDER BY code LIMIT ?",
                (
                    query,
                    upper,
                    _like_pattern(text.strip()),
                    _like_pattern(query),
                    _like_pattern(_katakana(query)),
                    remaining,
                ),
            )
        return [_item_from_row(row) for row in rows]

    def count_items(self) -> int:
        row = self.db.query_one("SELECT count(*) FROM items")
        return int(row[0]) if row else 0

    def iter_items(self, batch_size: int = EXPORT_BATCH_SIZE) -> Iterator[Item]:
        """Yield every item in code order, reading in batches so the lock is not held between them."""
        last_code = ""
        while True:
            rows = self.db.query(
                f"SELECT {_ITEM_COLUMNS} FROM items WHERE code > ? ORDER BY code LIMIT ?",
                (last_code, batch_size),
            )
            if not rows:
                return
            for row in rows:
                yield _item_from_row(row)
            last_code = str(rows[-1][0])

    # ----- categories, tenders, staff -----

    def categories(self) -> list[Category]:
        rows = self.db.query(
            "SELECT code, name, name_kana, sort_order FROM categories ORDER BY sort_order, code"
        )
        return [Category(row[0], row[1], row[2], int(row[3])) for row in rows]

    def tender_types(self, include_inactive: bool = False) -> list[TenderType]:
        """Return the tender types in display order; inactive ones only when asked."""
        where = "" if include_inactive else " WHERE active = 1"
        rows = self.db.query(
            f"SELECT code, name, kind, sort_order, active FROM tender_types{where} ORDER BY sort_order, code"
        )
        return [TenderType(row[0], row[1], TenderKind(row[2]), int(row[3]), row[4] == 1) for row in rows]

    def get_tender(self, code: str) -> TenderType | None:
        """Return the tender type with this code, inactive ones included, or None."""
        row = self.db.query_one(
            "SELECT code, name, kind, sort_order, active FROM tender_types WHERE code = ?", (code,)
        )
        if row is None:
            return None
        return TenderType(row[0], row[1], TenderKind(row[2]), int(row[3]), row[4] == 1)

    def get_staff(self, code: str) -> Staff | None:
        """Return the staff member with this code, inactive ones included, or None."""
        row = self.db.query_one(
            "SELECT code, name, role, pin_hash, active FROM staff WHERE code = ?", (code,)
        )
        if row is None:
            return None
        return Staff(row[0], row[1], Role(row[2]), row[3], row[4] == 1)

    def staff(self) -> list[Staff]:
        rows = self.db.query("SELECT code, name, role, pin_hash, active FROM staff ORDER BY code")
        return [Staff(row[0], row[1], Role(row[2]), row[3], row[4] == 1) for row in rows]

    # ----- tax, settings -----

    def tax_table(self) -> TaxTable:
        """Return the stored tax rates, or DEFAULT_TAX_RATES when none are stored."""
        rows = self.db.query("SELECT tax_class, effective_from, rate_percent FROM tax_rates")
        if not rows:
            return TaxTable(DEFAULT_TAX_RATES)
        rates: list[TaxRate] = []
        for tax_class, effective_from, rate_percent in rows:
            try:
                rates.append(
                    TaxRate(TaxClass(tax_class), parse_rate(rate_percent), date.fromisoformat(effective_from))
                )
            except ValueError as error:
                raise StoreError(
                    f"tax_rates row ({tax_class}, {effective_from}, {rate_percent}) is invalid: {error}"
                ) from error
        return TaxTable(rates)

    def store_settings(self) -> StoreSettings:
        """Return the stored settings; fields never saved keep the StoreSettings defaults.

        Raises PosError(SETTINGS_INVALID) when a stored value is unusable.
        """
        rows = self.db.query("SELECT key, value FROM store_settings ORDER BY key")
        settings, problems = settings_from_rows((str(row[0]), str(row[1])) for row in rows)
        if problems:
            raise PosError(ErrorCode.SETTINGS_INVALID, detail="; ".join(problems), problems=problems)
        return settings

    def save_store_settings(self, settings: StoreSettings) -> None:
        """Replace the stored settings, ``extra`` included, after validating them.

        Raises PosError(SETTINGS_INVALID) listing every problem and saves nothing.
        """
        problems = settings_problems(settings)
        if problems:
            raise PosError(ErrorCode.SETTINGS_INVALID, detail="; ".join(problems), problems=problems)
        with self.db.atomic() as connection:
            writes.write_settings(connection, settings)
        logger.info("store settings saved store_code=%s", settings.store_code)

    # ----- presets, promotions -----

    def preset_pages(self) -> list[PresetPage]:
        """Return the preset-key pages in page order, each key with its item's current price."""
        rows = self.db.query(
            "SELECT p.page, p.name, k.position, k.label, i.code, i.name, i.price, i.price_mode,"
            " i.tax_class, i.active"
            " FROM preset_pages AS p"
            " LEFT JOIN preset_keys AS k ON k.page = p.page"
            " LEFT JOIN items AS i ON i.code = k.item_code"
            " ORDER BY p.page, k.position"
        )
        pages: list[PresetPage] = []
        keys: list[PresetKey] = []
        current: tuple[int, str] | None = None
        for row in rows:
            page = (int(row[0]), str(row[1]))
            if page != current:
                if current is not None:
                    pages.append(PresetPage(current[0], current[1], tuple(keys)))
                current, keys = page, []
            if row[2] is None or row[4] is None:
                continue
            keys.append(
                PresetKey(
                    position=int(row[2]),
                    label=str(row[3]),
                    item_code=str(row[4]),
                    item_name=str(row[5]),
                    price=int(row[6]),
                    price_mode=PriceMode(row[7]),
                    tax_class=TaxClass(row[8]),
                    active=row[9] == 1,
                )
            )
        if current is not None:
            pages.append(PresetPage(current[0], current[1], tuple(keys)))
        return pages

    def promotion_definitions(self) -> list[PromotionDefinition]:
        """Return every stored promotion row, inactive and expired ones included."""
        rows = self.db.query(
            "SELECT id, kind, name, params, starts_at, ends_at, active FROM promotions ORDER BY id"
        )
        if not rows:
            return []
        zone = ZoneInfo(self.store_settings().time_zone)
        return [
            PromotionDefinition(
                promotion_id=row[0],
                kind=row[1],
                name=row[2],
                params=json.loads(row[3]),
                starts_at=_parse_timestamp(row[4], zone),
                ends_at=_parse_timestamp(row[5], zone),
                active=row[6] == 1,
            )
            for row in rows
        ]

    def promotions(self, now: datetime) -> list[Promotion]:
        """Build the active promotions that have not ended at ``now`` (timezone-aware).

        Promotions that start later are included, because each one checks its own time
        window when applied, so a caller may cache the list until the master changes. A
        stored promotion that cannot be built is logged and left out, so one bad row does
        not stop sales.
        """
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware, e.g. datetime.now(ZoneInfo('Asia/Tokyo'))")
        rows = self.db.query(
            "SELECT id, kind, name, params, starts_at, ends_at FROM promotions WHERE active = 1 ORDER BY id"
        )
        if not rows:
            return []
        zone = ZoneInfo(self.store_settings().time_zone)
        built: list[Promotion] = []
        for promotion_id, kind, name, params, starts_text, ends_text in rows:
            try:
                starts_at = _parse_timestamp(starts_text, zone)
                ends_at = _parse_timestamp(ends_text, zone)
                if ends_at is not None and ends_at <= now:
                    continue
                built.append(
                    build_promotion(kind, promotion_id, name, json.loads(params), starts_at, ends_at)
                )
            except (ValueError, KeyError, TypeError) as error:
                logger.error("promotion skipped promotion_id=%s kind=%s error=%s", promotion_id, kind, error)
        return built

    # ----- version -----

    def master_version(self) -> int:
        """Return the store-wide master version, which every master write increments."""
        row = self.db.query_one(
            "SELECT value FROM counters WHERE terminal_id = ? AND name = ?",
            (MASTER_COUNTER_TERMINAL, MASTER_COUNTER_NAME),
        )
        return int(row[0]) if row else 0

    # ----- writes -----

    def upsert_items(self, items: Iterable[Item]) -> int:
        """Insert or update items by code in one transaction; return how many were written.

        Raises PosError(VALIDATION_FAILED) listing every invalid item, an unknown category
        included, and writes nothing then.
        """
        batch = list(items)
        if not batch:
            return 0
        with self.db.atomic() as connection:
            known = {str(row[0]) for row in connection.execute("SELECT code FROM categories")}
            problems = validate_items(batch, known)
            if problems:
                raise PosError(
                    ErrorCode.VALIDATION_FAILED, detail="; ".join(problems[:20]), problems=problems
                )
            writes.write_items(connection, batch, upsert=True)
            writes.bump_master_version(connection)
        logger.info("items upserted count=%d", len(batch))
        return len(batch)

    def upsert_categories(self, categories: Iterable[Category]) -> int:
        """Insert or update categories by code in one transaction; return how many were written."""
        batch = list(categories)
        if not batch:
            return 0
        problems = validate_categories(batch)
        if problems:
            raise PosError(ErrorCode.VALIDATION_FAILED, detail="; ".join(problems[:20]), problems=problems)
        with self.db.atomic() as connection:
            writes.write_categories(connection, batch, upsert=True)
            writes.bump_master_version(connection)
        logger.info("categories upserted count=%d", len(batch))
        return len(batch)

    def upsert_master(self, categories: Sequence[Category], items: Sequence[Item]) -> None:
        """Upsert categories and then items in one transaction (the CSV import uses this)."""
        with self.db.atomic():
            self.upsert_categories(categories)
            self.upsert_items(items)

    def replace_master(self, master: MasterSet) -> None:
        """Replace the master with ``master`` in one transaction.

        Everything is validated first. Any failure, a database constraint included, rolls
        the whole replacement back and raises PosError(VALIDATION_FAILED), leaving the old
        master in place. Preset keys left in place (``preset_pages`` None) must still point
        at items of the new master.
        """
        problems = master_set_problems(master)
        if problems:
            raise PosError(ErrorCode.VALIDATION_FAILED, detail="; ".join(problems[:20]), problems=problems)
        try:
            with self.db.atomic() as connection:
                self._write_master(connection, master)
        except sqlite3.IntegrityError as error:
            logger.warning("master replacement rolled back error=%s", error)
            raise PosError(
                ErrorCode.VALIDATION_FAILED, detail=f"master replacement rolled back: {error}"
            ) from error
        logger.info("master replaced categories=%d items=%d", len(master.categories), len(master.items))

    def _write_master(self, connection: sqlite3.Connection, master: MasterSet) -> None:
        # Preset keys reference items and items reference categories, so children are
        # deleted before parents and parents inserted before children. Preset keys kept in
        # place (preset_pages None) fail the item delete if they point at a dropped item.
        if master.settings is not None:
            writes.write_settings(connection, master.settings)
        if master.tax_rates is not None:
            writes.replace_tax_rates(connection, master.tax_rates)
        if master.tender_types is not None:
            writes.replace_tender_types(connection, master.tender_types)
        if master.staff is not None:
            writes.replace_staff(connection, master.staff)
        if master.promotions is not None:
            writes.replace_promotions(connection, master.promotions)

        if master.preset_pages is not None:
            connection.execute("DELETE FROM preset_keys")
            connection.execute("DELETE FROM preset_pages")
        connection.execute("DELETE FROM items")
        connection.execute("DELETE FROM categories")
        writes.write_categories(connection, master.categories, upsert=False)
        writes.write_items(connection, master.items, upsert=False)
        if master.preset_pages is not None:
            writes.write_preset_pages(connection, master.preset_pages)

        writes.bump_master_version(connection)
