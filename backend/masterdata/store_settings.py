"""Conversion of StoreSettings to and from the key/value rows of the store_settings table.

Each field of :class:`StoreSettings` except ``extra`` is one row whose value is JSON. Rows
with any other key are the ``extra`` settings, and their values are JSON strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import Any

from backend.domain.master import StoreSettings
from backend.domain.money import RoundingMode

_TEXT_FIELDS = (
    "store_code",
    "name",
    "address",
    "phone",
    "registration_number",
    "business_day_cutover",
    "time_zone",
)
_LINES_FIELDS = ("receipt_header", "receipt_footer")
_ROUNDING_FIELDS = ("rounding_mode", "discount_rounding_mode")
_INTEGER_FIELDS = ("cashier_discount_limit_percent",)
FIELD_NAMES = frozenset(item.name for item in fields(StoreSettings)) - {"extra"}


def _check_field(name: str, value: Any) -> str | None:
    """Return a problem with one field's type or range, or None when it is usable."""
    if name in _TEXT_FIELDS and not isinstance(value, str):
        return f"{name} must be text, got {type(value).__name__}"
    if name in _LINES_FIELDS:
        if isinstance(value, str) or not isinstance(value, list | tuple):
            return f"{name} must be a list of lines, got {type(value).__name__}"
        if not all(isinstance(line, str) for line in value):
            return f"{name} must contain only text lines"
    if name in _ROUNDING_FIELDS:
        allowed = [mode.value for mode in RoundingMode]
        if not isinstance(value, str) or value not in allowed:
            return f"{name} {value!r} is invalid: expected one of {allowed}"
    if name in _INTEGER_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{name} must be a whole number, got {value!r}"
        if not 0 <= value <= 100:
            return f"{name} must be from 0 to 100, got {value}"
    return None


def settings_problems(settings: StoreSettings) -> list[str]:
    """Return every problem with the settings: field types, then StoreSettings.validate()."""
    problems: list[str] = []
    for name in sorted(FIELD_NAMES):
        problem = _check_field(name, getattr(settings, name))
        if problem:
            problems.append(problem)
    if not isinstance(settings.extra, Mapping):
        problems.append(f"extra must be a mapping of text to text, got {type(settings.extra).__name__}")
    else:
        for key, value in settings.extra.items():
            if not isinstance(key, str) or not key or not isinstance(value, str):
                problems.append(f"extra setting {key!r} must have a text name and a text value")
            elif key in FIELD_NAMES:
                problems.append(f"extra setting {key!r} has the name of a store setting field")
    if problems:
        # validate() assumes the field types are right, so it runs only when they are.
        return problems
    return settings.validate()


def settings_to_rows(settings: StoreSettings) -> list[tuple[str, str]]:
    """Return the (key, JSON value) rows of valid settings, sorted by key."""
    rows: list[tuple[str, str]] = []
    for name in sorted(FIELD_NAMES):
        value: Any = getattr(settings, name)
        if name in _LINES_FIELDS:
            value = list(value)
        elif name in _ROUNDING_FIELDS:
            value = RoundingMode(value).value
        rows.append((name, json.dumps(value, ensure_ascii=False)))
    for key in sorted(settings.extra):
        rows.append((key, json.dumps(settings.extra[key], ensure_ascii=False)))
    return rows


def settings_from_rows(rows: Iterable[tuple[str, str]]) -> tuple[StoreSettings, list[str]]:
    """Build settings from stored rows; return them with any problems found in the rows.

    A field whose stored value is unusable keeps its default and is listed as a problem.
    """
    values: dict[str, Any] = {}
    extra: dict[str, str] = {}
    problems: list[str] = []
    for key, text in rows:
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            problems.append(f"stored setting {key!r} is not valid JSON: {text[:40]!r}")
            continue
        if key not in FIELD_NAMES:
            extra[key] = value if isinstance(value, str) else text
            continue
        problem = _check_field(key, value)
        if problem:
            problems.append(f"stored setting {problem}")
            continue
        if key in _LINES_FIELDS:
            value = tuple(value)
        elif key in _ROUNDING_FIELDS:
            value = RoundingMode(value)
        values[key] = value
    return StoreSettings(**values, extra=extra), problems
