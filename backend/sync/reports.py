"""Store-wide reports across terminals, computed by the store tier.

The pipelines use only ``$match``, ``$group`` (with ``$sum``), ``$unwind``, ``$sort``,
``$project``, ``$limit`` and ``$skip``: the subset that MongoDB, Azure Cosmos DB for
MongoDB, Amazon DocumentDB and FerretDB all run. Each ``$group`` has exactly one
accumulator and each measure runs as a pipeline of its own, because FerretDB 1.24.2
returns 0 for every accumulator after the first in a ``$group``. Results are merged and
reshaped here in Python rather than with expression operators that some servers lack.

Every amount is integer yen as stored in the transaction documents: ``total`` (tax
included, negative for a return), ``tax_total``, each line's ``net`` after line discounts
and promotions, and each tender's ``applied`` amount (cash tendered minus change).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from backend.sync.documents import (
    OPEN_CLOSE,
    TOPIC_COLLECTIONS,
    TRANSACTIONS,
    Z_REPORTS,
    StoreIdentity,
)

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase

Pipeline = list[dict[str, Any]]
Document = dict[str, Any]
# A $group key: a field path, a document of field paths, or None for one group of all.
GroupKey = str | dict[str, str] | None

MAX_ROWS = 1000
REPORT_NAMES: Sequence[str] = ("hourly", "categories", "tenders", "terminals", "daily")

# Measures summed per group: output name to the $sum operand (a field path, or 1 to count).
TRANSACTION_MEASURES: Mapping[str, Any] = {"total": "$total", "tax_total": "$tax_total", "count": 1}
LINE_MEASURES: Mapping[str, Any] = {"net": "$lines.net", "quantity": "$lines.quantity", "lines": 1}
TENDER_MEASURES: Mapping[str, Any] = {"amount": "$tenders.applied", "count": 1}


class InvalidStoreAmount(TypeError):
    """A sum from the store tier that is not a whole number of yen."""


def yen(value: object, what: str) -> int:
    """Return a summed amount as int; a float or decimal from the server is an error, never
    rounded, because amounts are stored as integers."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidStoreAmount(f"{what} from the store tier is {value!r}, not a whole number of yen")
    return int(value)


def day_stages(identity: StoreIdentity, business_date: str) -> Pipeline:
    return [{"$match": {**identity.scope(), "business_date": business_date}}]


def line_stages(identity: StoreIdentity, business_date: str) -> Pipeline:
    return [
        *day_stages(identity, business_date),
        {"$project": {"lines": 1}},
        {"$unwind": "$lines"},
        {"$match": {"lines.voided": False}},
    ]


def tender_stages(identity: StoreIdentity, business_date: str) -> Pipeline:
    return [
        *day_stages(identity, business_date),
        {"$project": {"tenders": 1}},
        {"$unwind": "$tenders"},
    ]


def group_pipeline(
    stages: Pipeline, key: GroupKey, name: str, operand: Any, skip: int = 0, limit: int = MAX_ROWS
) -> Pipeline:
    """Append one ``$group`` with one ``$sum``, sorted by the group key, to ``stages``."""
    return [
        *stages,
        {"$group": {"_id": key, name: {"$sum": operand}}},
        {"$sort": {"_id": 1}},
        {"$skip": skip},
        {"$limit": limit},
    ]


@dataclass(frozen=True, slots=True)
class StoreReports:
    """Runs the report pipelines for one store."""

    database: AsyncDatabase[Document]
    identity: StoreIdentity

    async def _run(self, collection: str, pipeline: Pipeline) -> list[Document]:
        cursor = await self.database[collection].aggregate(pipeline)
        rows: list[Document] = await cursor.to_list(None)
        return rows

    async def _sums(
        self,
        collection: str,
        stages: Pipeline,
        key: GroupKey,
        measures: Mapping[str, Any],
        skip: int = 0,
        limit: int = MAX_ROWS,
    ) -> dict[Any, dict[str, int]]:
        """Return {group key: {measure: sum}}, running one pipeline per measure.

        A compound key ({name: field path}) comes back as a tuple of the values in the
        key's order. Every pipeline reads the same documents and groups them by the same
        key, so the same ``skip`` and ``limit`` select the same groups in each.
        """
        merged: dict[Any, dict[str, int]] = {}
        for name, operand in measures.items():
            pipeline = group_pipeline(stages, key, name, operand, skip, limit)
            for row in await self._run(collection, pipeline):
                group = row["_id"]
                if isinstance(key, dict):
                    group = tuple(group.get(part) for part in key)
                merged.setdefault(group, dict.fromkeys(measures, 0))[name] = yen(row[name], name)
        return merged

    async def sales_by_hour(self, business_date: str) -> dict[str, Any]:
        stages = day_stages(self.identity, business_date)
        measures = {"total": "$total", "count": 1}
        groups = await self._sums(TRANSACTIONS, stages, "$sales_hour", measures)
        return {
            "business_date": business_date,
            "hours": [{"hour": hour, **values} for hour, values in groups.items()],
        }

    async def sales_by_category(
        self, business_date: str, skip: int = 0, limit: int = MAX_ROWS
    ) -> dict[str, Any]:
        stages = line_stages(self.identity, business_date)
        groups = await self._sums(TRANSACTIONS, stages, "$lines.category_code", LINE_MEASURES, skip, limit)
        return {
            "business_date": business_date,
            "categories": [{"category_code": code, **values} for code, values in groups.items()],
        }

    async def sales_by_tender(self, business_date: str) -> dict[str, Any]:
        stages = tender_stages(self.identity, business_date)
        groups = await self._sums(TRANSACTIONS, stages, "$tenders.tender_code", TENDER_MEASURES)
        return {
            "business_date": business_date,
            "tenders": [{"tender_code": code, **values} for code, values in groups.items()],
        }

    async def sales_by_terminal(self, business_date: str) -> dict[str, Any]:
        stages = day_stages(self.identity, business_date)
        groups = await self._sums(TRANSACTIONS, stages, "$terminal_id", TRANSACTION_MEASURES)
        return {
            "business_date": business_date,
            "terminals": [{"terminal_id": terminal, **values} for terminal, values in groups.items()],
        }

    async def _terminals_in(self, collection: str, stages: Pipeline) -> set[str]:
        pipeline = group_pipeline(stages, "$terminal_id", "count", 1)
        return {str(row["_id"]) for row in await self._run(collection, pipeline)}

    async def _closed_terminals(self, business_date: str) -> set[str]:
        """Return the terminals with a Z report for the date.

        The lifecycle sends Z reports on the open/close topic with ``kind`` "z_report"; a
        dedicated "z_report" topic lands in its own collection and counts as well. A Z
        report taken after the business-day cut-over carries the next date in
        ``business_date`` and the date the terminal opened in ``opened_business_date``.
        """
        either_date = [{"business_date": business_date}, {"opened_business_date": business_date}]
        stages: Pipeline = [{"$match": {**self.identity.scope(), "$or": either_date}}]
        closed = await self._terminals_in(OPEN_CLOSE, [*stages, {"$match": {"kind": "z_report"}}])
        return closed | await self._terminals_in(Z_REPORTS, stages)

    async def daily_total(self, business_date: str) -> dict[str, Any]:
        """Return the store's total for a business date and whether every terminal closed.

        A terminal counts as active when it has a transaction, cash movement or open/close
        record for the date, and as closed when a Z report for the date is stored.
        """
        stages = day_stages(self.identity, business_date)
        # One grouping by kind and terminal serves both breakdowns, which halves the scans.
        key = {"kind": "$kind", "terminal_id": "$terminal_id"}
        groups = await self._sums(TRANSACTIONS, stages, key, TRANSACTION_MEASURES)
        kinds = _fold(groups, 0)
        terminals = _fold(groups, 1)
        closed = await self._closed_terminals(business_date)
        active = set(terminals)
        for collection in (OPEN_CLOSE, TOPIC_COLLECTIONS["cash"]):
            active |= await self._terminals_in(collection, stages)
        open_terminals = sorted(active - closed)
        return {
            "business_date": business_date,
            "total": sum(values["total"] for values in kinds.values()),
            "tax_total": sum(values["tax_total"] for values in kinds.values()),
            "count": sum(values["count"] for values in kinds.values()),
            "by_kind": [{"kind": kind, **values} for kind, values in kinds.items()],
            "terminals": [
                {"terminal_id": terminal, **values, "closed": terminal in closed}
                for terminal, values in terminals.items()
            ],
            "closed_terminals": sorted(closed),
            "open_terminals": open_terminals,
            "all_terminals_closed": bool(active) and not open_terminals,
        }


def _fold(groups: Mapping[tuple[Any, ...], Mapping[str, int]], position: int) -> dict[Any, dict[str, int]]:
    """Add up compound-key groups by one part of the key, in the order of that part."""
    folded: dict[Any, dict[str, int]] = {}
    for group, values in groups.items():
        target = folded.setdefault(group[position], dict.fromkeys(values, 0))
        for name, value in values.items():
            target[name] += value
    return dict(sorted(folded.items(), key=lambda item: str(item[0])))
