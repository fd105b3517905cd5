"""The master-data-changed subscription: head office pushes item changes to every register.

The CloudEvent's ``data`` is a JSON object::

    {"items": [{"code": "4901234567894", "price": 150}, ...], "pull": false}

Each entry of ``items`` names an item by ``code`` and carries the fields that change:
``name``, ``name_kana``, ``price`` (whole yen), ``price_mode`` (``inclusive`` or
``exclusive``), ``tax_class`` (``standard``, ``reduced`` or ``exempt``), ``category_code`` and
``active``. A new item needs all of them except ``name_kana`` and ``active``. ``pull: true``
requests a pull of the whole master from the MongoDB store tier, when this terminal has one.

All items of one event are written in one transaction together with the event id in
``dapr_inbox``, so a redelivered event changes nothing, and the terminal's cached master
data is then invalidated. An event with any invalid entry changes nothing and is dropped
(Dapr's DROP status), because delivering it again cannot make it valid.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from backend.domain.errors import PosError
from backend.domain.master import Item, PriceMode, TaxClass
from backend.services.context import TerminalContext

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("name", "name_kana", "category_code")
NEW_ITEM_FIELDS = ("name", "price", "price_mode", "tax_class", "category_code")


class Outcome(enum.StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    INVALID = "invalid"

    @property
    def dapr_status(self) -> str:
        """Return the status Dapr expects from a subscriber: SUCCESS, or DROP for invalid."""
        return "DROP" if self is Outcome.INVALID else "SUCCESS"


class InvalidChangeError(ValueError):
    """A master change in an event cannot be applied; the message lists why."""


def event_data(envelope: Mapping[str, Any]) -> dict[str, Any]:
    """Return the ``data`` object of a CloudEvent, decoding it when it came as JSON text."""
    data = envelope.get("data")
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except ValueError as error:
            raise InvalidChangeError(f"data is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise InvalidChangeError(f"data must be a JSON object, got {type(data).__name__}")
    return data


def _field_problems(code: str, change: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    for name in TEXT_FIELDS:
        if name in change and not isinstance(change[name], str):
            problems.append(f"item {code}: {name} must be text")
    price = change.get("price")
    if "price" in change and (isinstance(price, bool) or not isinstance(price, int)):
        problems.append(f"item {code}: price {price!r} must be whole yen (an integer)")
    if "price_mode" in change and change["price_mode"] not in {mode.value for mode in PriceMode}:
        problems.append(f"item {code}: price_mode {change['price_mode']!r} is not inclusive or exclusive")
    if "tax_class" in change and change["tax_class"] not in {tax.value for tax in TaxClass}:
        problems.append(f"item {code}: tax_class {change['tax_class']!r} is not standard, reduced or exempt")
    if "active" in change and not isinstance(change["active"], bool):
        problems.append(f"item {code}: active must be true or false")
    return problems


def _changed_fields(change: Mapping[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {name: change[name] for name in TEXT_FIELDS if name in change}
    if "price" in change:
        fields["price"] = change["price"]
    if "price_mode" in change:
        fields["price_mode"] = PriceMode(change["price_mode"])
    if "tax_class" in change:
        fields["tax_class"] = TaxClass(change["tax_class"])
    if "active" in change:
        fields["active"] = change["active"]
    return fields


class MasterChangeHandler:
    """Applies master-data-changed events to this terminal's store."""

    def __init__(
        self,
        context: TerminalContext,
        pull: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self.context = context
        self.db = context.db
        self.pull = pull
        self.applied = 0
        self.duplicates = 0
        self.invalid = 0
        self.last_applied_at: datetime | None = None

    def items_of(self, data: Mapping[str, Any]) -> list[Item]:
        """Turn the event's item changes into full items, merged with the stored ones.

        Raises InvalidChangeError listing every problem.
        """
        raw_items = data.get("items", [])
        if not isinstance(raw_items, list):
            raise InvalidChangeError("items must be a list")
        problems: list[str] = []
        items: list[Item] = []
        for index, change in enumerate(raw_items):
            if not isinstance(change, dict) or not isinstance(change.get("code"), str) or not change["code"]:
                problems.append(f"items[{index}]: code is missing")
                continue
            code = change["code"]
            found = _field_problems(code, change)
            existing = self.context.master.get_item(code)
            missing = [name for name in NEW_ITEM_FIELDS if name not in change]
            if existing is None and missing:
                found.append(f"item {code} is new, so it needs {', '.join(missing)}")
            if found:
                problems.extend(found)
                continue
            fields = _changed_fields(change)
            if existing is None:
                items.append(Item(code=code, **fields))
            else:
                items.append(dataclasses.replace(existing, **fields))
        if problems:
            raise InvalidChangeError("; ".join(problems))
        return items

    def apply(self, envelope: Mapping[str, Any]) -> Outcome:
        """Apply one CloudEvent exactly once; return what happened.

        Raises sqlite3.Error or StoreError when the store cannot be written, so the caller
        can ask Dapr to deliver the event again.
        """
        event_id = envelope.get("id")
        if not isinstance(event_id, str) or not event_id:
            logger.warning("master-data-changed event without an id dropped")
            self.invalid += 1
            return Outcome.INVALID
        try:
            data = event_data(envelope)
            items = self.items_of(data)
        except InvalidChangeError as error:
            return self._reject(event_id, str(error))

        try:
            with self.db.atomic() as connection:
                cursor = connection.execute(
                    "INSERT INTO dapr_inbox(event_id, topic, outcome, received_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(event_id) DO NOTHING",
                    (event_id, str(envelope.get("topic") or ""), Outcome.APPLIED.value, _now_text()),
                )
                if cursor.rowcount == 0:
                    self.duplicates += 1
                    logger.info("master-data-changed event already applied event_id=%s", event_id)
                    return Outcome.DUPLICATE
                if items:
                    self.context.master.upsert_items(items)
        except PosError as error:
            # upsert_items validates against the stored categories; nothing was written.
            return self._reject(event_id, str(error.params.get("detail") or error))
        self.context.invalidate()
        self.applied += 1
        self.last_applied_at = datetime.now(UTC)
        logger.info(
            "master-data-changed event applied event_id=%s items=%d codes=%s",
            event_id,
            len(items),
            ",".join(item.code for item in items[:10]),
        )
        return Outcome.APPLIED

    def wants_pull(self, envelope: Mapping[str, Any]) -> bool:
        try:
            return bool(event_data(envelope).get("pull"))
        except InvalidChangeError:
            return False

    def _reject(self, event_id: str, reason: str) -> Outcome:
        with self.db.atomic() as connection:
            connection.execute(
                "INSERT INTO dapr_inbox(event_id, topic, outcome, received_at) VALUES (?, '', ?, ?)"
                " ON CONFLICT(event_id) DO NOTHING",
                (event_id, Outcome.INVALID.value, _now_text()),
            )
        self.invalid += 1
        logger.warning("master-data-changed event rejected event_id=%s reason=%s", event_id, reason)
        return Outcome.INVALID

    def status(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "duplicates": self.duplicates,
            "invalid": self.invalid,
            "last_applied_at": self.last_applied_at.isoformat() if self.last_applied_at else None,
        }


def _now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
