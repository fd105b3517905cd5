"""Checks on master values before the repository writes them.

The CSV import reports problems per row and field. These checks guard the repository
against every other writer (the demo loader, a sync from the store tier, the API). They
return problems as plain English lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from fractions import Fraction

from backend.domain.cart import MAX_PRICE
from backend.domain.master import Category, Item, PriceMode, Role, Staff, TaxClass, TenderKind, TenderType
from backend.domain.tax import TaxRate
from backend.masterdata.models import MasterSet, PresetPageDefinition, PromotionDefinition
from backend.masterdata.pins import is_pin_hash
from backend.masterdata.store_settings import settings_problems
from backend.plugins.promotions import build_promotion

MAX_CODE_LENGTH = 32
# Codes are printable ASCII without spaces, so they sort and compare the same everywhere.
_CODE = re.compile(rf"[!-~]{{1,{MAX_CODE_LENGTH}}}")


def _duplicates(codes: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for code in codes:
        if code in seen and code not in repeated:
            repeated.append(code)
        seen.add(code)
    return repeated


def _has_control(text: str) -> bool:
    return any(ord(char) < 0x20 or ord(char) == 0x7F for char in text)


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip()) and not _has_control(value)


def _code_problem(kind: str, code: object) -> str | None:
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        return (
            f"{kind} code {code!r} is invalid:"
            f" expected 1 to {MAX_CODE_LENGTH} ASCII characters without spaces"
        )
    return None


def validate_categories(categories: Sequence[Category]) -> list[str]:
    problems: list[str] = []
    for category in categories:
        problem = _code_problem("category", category.code)
        if problem:
            problems.append(problem)
        if not _is_text(category.name):
            problems.append(f"category {category.code!r}: name is missing or contains control characters")
        if isinstance(category.sort_order, bool) or not isinstance(category.sort_order, int):
            problems.append(f"category {category.code!r}: sort_order must be a whole number")
    problems.extend(
        f"category code {code!r} appears more than once" for code in _duplicates(c.code for c in categories)
    )
    return problems


def validate_items(items: Sequence[Item], known_categories: set[str]) -> list[str]:
    """Return the problems of items to write; ``known_categories`` are the codes they may use."""
    problems: list[str] = []
    for item in items:
        problem = _code_problem("item", item.code)
        if problem:
            problems.append(problem)
        if not _is_text(item.name):
            problems.append(f"item {item.code!r}: name is missing or contains control characters")
        if (
            isinstance(item.price, bool)
            or not isinstance(item.price, int)
            or not 0 <= item.price <= MAX_PRICE
        ):
            problems.append(
                f"item {item.code!r}: price {item.price!r} must be whole yen from 0 to {MAX_PRICE}"
            )
        if not isinstance(item.price_mode, PriceMode):
            problems.append(f"item {item.code!r}: price_mode {item.price_mode!r} is not a PriceMode")
        if not isinstance(item.tax_class, TaxClass):
            problems.append(f"item {item.code!r}: tax_class {item.tax_class!r} is not a TaxClass")
        if item.category_code not in known_categories:
            problems.append(f"item {item.code!r}: category {item.category_code!r} does not exist")
    problems.extend(
        f"item code {code!r} appears more than once" for code in _duplicates(i.code for i in items)
    )
    return problems


def _tax_rate_problems(rates: Sequence[TaxRate]) -> list[str]:
    problems: list[str] = []
    for rate in rates:
        if not isinstance(rate.tax_class, TaxClass):
            problems.append(f"tax rate class {rate.tax_class!r} is not a TaxClass")
        if not isinstance(rate.rate, Fraction) or not 0 <= rate.rate < 1:
            problems.append(
                f"tax rate {rate.rate!r} for {rate.tax_class} must be a Fraction from 0 to below 1"
            )
    keys = (f"{rate.tax_class}@{rate.effective_from.isoformat()}" for rate in rates)
    problems.extend(f"tax rate {key} appears more than once" for key in _duplicates(keys))
    return problems


def _tender_problems(tenders: Sequence[TenderType]) -> list[str]:
    problems: list[str] = []
    for tender in tenders:
        problem = _code_problem("tender", tender.code)
        if problem:
            problems.append(problem)
        if not isinstance(tender.kind, TenderKind):
            problems.append(f"tender {tender.code!r}: kind {tender.kind!r} is not a TenderKind")
        if not _is_text(tender.name):
            problems.append(f"tender {tender.code!r}: name is missing")
    problems.extend(
        f"tender code {code!r} appears more than once" for code in _duplicates(t.code for t in tenders)
    )
    return problems


def _staff_problems(staff: Sequence[Staff]) -> list[str]:
    problems: list[str] = []
    for member in staff:
        problem = _code_problem("staff", member.code)
        if problem:
            problems.append(problem)
        if not isinstance(member.role, Role):
            problems.append(f"staff {member.code!r}: role {member.role!r} is not a Role")
        if not is_pin_hash(member.pin_hash):
            problems.append(f"staff {member.code!r}: pin_hash is not a hash from hash_pin()")
        if not _is_text(member.name):
            problems.append(f"staff {member.code!r}: name is missing")
    problems.extend(
        f"staff code {code!r} appears more than once" for code in _duplicates(s.code for s in staff)
    )
    return problems


def _preset_problems(pages: Sequence[PresetPageDefinition], item_codes: set[str]) -> list[str]:
    problems: list[str] = []
    for page in pages:
        if not _is_text(page.name):
            problems.append(f"preset page {page.page}: name is missing")
        for key in page.keys:
            if key.item_code not in item_codes:
                problems.append(
                    f"preset page {page.page} key {key.position}: item {key.item_code!r} does not exist"
                )
            if not _is_text(key.label):
                problems.append(f"preset page {page.page} key {key.position}: label is missing")
        positions = (str(key.position) for key in page.keys)
        problems.extend(
            f"preset page {page.page}: position {position} appears more than once"
            for position in _duplicates(positions)
        )
    problems.extend(
        f"preset page {page} appears more than once" for page in _duplicates(str(p.page) for p in pages)
    )
    return problems


def _promotion_problems(promotions: Sequence[PromotionDefinition]) -> list[str]:
    problems: list[str] = []
    for promotion in promotions:
        for label, moment in (("starts_at", promotion.starts_at), ("ends_at", promotion.ends_at)):
            if moment is not None and moment.tzinfo is None:
                problems.append(f"promotion {promotion.promotion_id!r}: {label} must carry a time zone")
        if (
            promotion.starts_at is not None
            and promotion.ends_at is not None
            and promotion.starts_at.tzinfo is not None
            and promotion.ends_at.tzinfo is not None
            and promotion.ends_at <= promotion.starts_at
        ):
            problems.append(f"promotion {promotion.promotion_id!r}: ends_at must be after starts_at")
        try:
            build_promotion(
                promotion.kind,
                promotion.promotion_id,
                promotion.name,
                promotion.params,
                promotion.starts_at,
                promotion.ends_at,
            )
        except (ValueError, KeyError, TypeError) as error:
            problems.append(f"promotion {promotion.promotion_id!r}: invalid {promotion.kind} params: {error}")
    problems.extend(
        f"promotion id {promotion_id!r} appears more than once"
        for promotion_id in _duplicates(p.promotion_id for p in promotions)
    )
    return problems


def master_set_problems(master: MasterSet) -> list[str]:
    """Return every problem of a whole master set, checked against itself."""
    problems = validate_categories(master.categories)
    problems += validate_items(master.items, {category.code for category in master.categories})
    if master.tax_rates is not None:
        problems += _tax_rate_problems(master.tax_rates)
    if master.tender_types is not None:
        problems += _tender_problems(master.tender_types)
    if master.staff is not None:
        problems += _staff_problems(master.staff)
    if master.preset_pages is not None:
        problems += _preset_problems(master.preset_pages, {item.code for item in master.items})
    if master.promotions is not None:
        problems += _promotion_problems(master.promotions)
    if master.settings is not None:
        problems += settings_problems(master.settings)
    return problems
