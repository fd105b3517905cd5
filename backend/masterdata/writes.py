"""SQL writes of master tables, run on the connection of an open Database.atomic() block."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from backend.domain.errors import ErrorCode, PosError
from backend.domain.master import Category, Item, Staff, StoreSettings, TenderType
from backend.domain.money import format_rate
from backend.domain.tax import TaxRate
from backend.masterdata.models import PresetPageDefinition, PromotionDefinition
from backend.masterdata.store_settings import settings_problems, settings_to_rows

# The master version lives in the counters table under an empty terminal id, which no
# terminal uses (terminal ids are 1 to 16 letters, digits, "_" or "-").
MASTER_COUNTER_TERMINAL = ""
MASTER_COUNTER_NAME = "master_version"

_NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"


def write_settings(connection: sqlite3.Connection, settings: StoreSettings) -> None:
    """Replace every store_settings row, unless the settings are invalid (PosError SETTINGS_INVALID)."""
    problems = settings_problems(settings)
    if problems:
        raise PosError(ErrorCode.SETTINGS_INVALID, detail="; ".join(problems), problems=problems)
    connection.execute("DELETE FROM store_settings")
    connection.executemany("INSERT INTO store_settings(key, value) VALUES (?, ?)", settings_to_rows(settings))


def replace_tax_rates(connection: sqlite3.Connection, rates: Sequence[TaxRate]) -> None:
    connection.execute("DELETE FROM tax_rates")
    connection.executemany(
        "INSERT INTO tax_rates(tax_class, effective_from, rate_percent) VALUES (?, ?, ?)",
        [(rate.tax_class.value, rate.effective_from.isoformat(), format_rate(rate.rate)) for rate in rates],
    )


def replace_tender_types(connection: sqlite3.Connection, tenders: Sequence[TenderType]) -> None:
    connection.execute("DELETE FROM tender_types")
    connection.executemany(
        "INSERT INTO tender_types(code, name, kind, sort_order, active) VALUES (?, ?, ?, ?, ?)",
        [
            (tender.code, tender.name, tender.kind.value, tender.sort_order, int(tender.active))
            for tender in tenders
        ],
    )


def replace_staff(connection: sqlite3.Connection, staff: Sequence[Staff]) -> None:
    connection.execute("DELETE FROM staff")
    connection.executemany(
        "INSERT INTO staff(code, name, role, pin_hash, active) VALUES (?, ?, ?, ?, ?)",
        [
            (member.code, member.name, member.role.value, member.pin_hash, int(member.active))
            for member in staff
        ],
    )


def replace_promotions(connection: sqlite3.Connection, promotions: Sequence[PromotionDefinition]) -> None:
    """Replace the promotion rows; times are stored as ISO 8601 with their UTC offset."""
    connection.execute("DELETE FROM promotions")
    connection.executemany(
        "INSERT INTO promotions(id, kind, name, params, starts_at, ends_at, active)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                promotion.promotion_id,
                promotion.kind,
                promotion.name,
                json.dumps(dict(promotion.params), ensure_ascii=False, sort_keys=True),
                promotion.starts_at.isoformat() if promotion.starts_at else None,
                promotion.ends_at.isoformat() if promotion.ends_at else None,
                int(promotion.active),
            )
            for promotion in promotions
        ],
    )


def write_preset_pages(connection: sqlite3.Connection, pages: Sequence[PresetPageDefinition]) -> None:
    """Insert preset pages and their keys; the caller deletes the old ones first."""
    for page in pages:
        connection.execute("INSERT INTO preset_pages(page, name) VALUES (?, ?)", (page.page, page.name))
        connection.executemany(
            "INSERT INTO preset_keys(page, position, item_code, label) VALUES (?, ?, ?, ?)",
            [(page.page, key.position, key.item_code, key.label) for key in page.keys],
        )


def write_categories(connection: sqlite3.Connection, categories: Sequence[Category], upsert: bool) -> None:
    """Insert categories; with ``upsert`` an existing code is updated instead of failing."""
    conflict = (
        " ON CONFLICT(code) DO UPDATE SET name = excluded.name, name_kana = excluded.name_kana,"
        f" sort_order = excluded.sort_order, updated_at = {_NOW_SQL}"
        if upsert
        else ""
    )
    connection.executemany(
        f"INSERT INTO categories(code, name, name_kana, sort_order) VALUES (?, ?, ?, ?){conflict}",
        [(category.code, category.name, category.name_kana, category.sort_order) for category in categories],
    )


def write_items(connection: sqlite3.Connection, items: Sequence[Item], upsert: bool) -> None:
    """Insert items; with ``upsert`` an existing code is updated instead of failing."""
    conflict = (
        " ON CONFLICT(code) DO UPDATE SET name = excluded.name, name_kana = excluded.name_kana,"
        " price = excluded.price, price_mode = excluded.price_mode, tax_class = excluded.tax_class,"
        " category_code = excluded.category_code, active = excluded.active,"
        f" updated_at = {_NOW_SQL}"
        if upsert
        else ""
    )
    connection.executemany(
        "INSERT INTO items(code, name, name_kana, price, price_mode, tax_class, category_code, active)"
        f" VALUES (?, ?, ?, ?, ?, ?, ?, ?){conflict}",
        (
            (
                item.code,
                item.name,
                item.name_kana,
                item.price,
                item.price_mode.value,
                item.tax_class.value,
                item.category_code,
                int(item.active),
            )
            for item in items
        ),
    )


def bump_master_version(connection: sqlite3.Connection) -> None:
    connection.execute(
        "INSERT INTO counters(terminal_id, name, value) VALUES (?, ?, 1)"
        " ON CONFLICT(terminal_id, name) DO UPDATE SET value = value + 1",
        (MASTER_COUNTER_TERMINAL, MASTER_COUNTER_NAME),
    )
