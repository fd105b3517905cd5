"""Running report totals written with each transaction, and the SQL that sums them.

Every non-training transaction document is added, inside the transaction that stores it,
to running totals keyed by terminal, settlement period and business date: per transaction
kind, per tax group, per tender, and per item and hour. A report sums the few rows of a
period or of a range of business dates, so its cost does not grow with the number of
transactions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from backend.domain.reports import KindTotals, MovementTotals, TaxTotals, TenderTotals
from backend.lifecycle.allocation import allocate_lines
from backend.storage.db import Database

Connection = sqlite3.Connection


def _hour(completed_at: str) -> int:
    return int(completed_at[11:13])


def _discount_amount(document: Mapping[str, Any]) -> int:
    discount = document.get("subtotal_discount")
    return int(discount["amount"]) if discount else 0


def _line_values(document: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], int, int]]:
    """Return (line, tax, total) for the active lines of a document.

    Return, void and exchange documents carry each line's allocated tax and total; a sale's
    are allocated here the same way.
    """
    active = [line for line in document["lines"] if not line.get("voided")]
    if document["kind"] == "sale":
        allocations = allocate_lines(document)
        return [
            (line, allocations[int(line["line_no"])].tax, allocations[int(line["line_no"])].total)
            for line in active
        ]
    return [(line, int(line["tax"]), int(line["total"])) for line in active]


def _transaction_row(document: Mapping[str, Any]) -> dict[str, int]:
    kind = document["kind"]
    total = int(document["total"])
    voided_lines = [line for line in document["lines"] if line.get("voided")]
    row = {
        "sales_total": 0,
        "returns_total": 0,
        "voids_total": 0,
        "items_sold": 0,
        "items_returned": 0,
        "line_discounts": int(document["line_discounts"]),
        "promotion_discounts": int(document["promotion_discounts"]),
        "subtotal_discount": _discount_amount(document),
        "line_void_count": len(voided_lines),
        "line_void_amount": sum(int(line["gross"]) for line in voided_lines),
    }
    if kind == "sale":
        row.update(sales_total=total, items_sold=int(document["item_count"]))
    elif kind == "return":
        row.update(returns_total=total, items_returned=-int(document["item_count"]))
    elif kind == "void":
        row.update(voids_total=total, items_sold=int(document["item_count"]))
    elif kind == "exchange":
        sold, returned = document["sold"], document["returned"]
        row.update(
            sales_total=int(sold["total"]),
            returns_total=int(returned["total"]),
            items_sold=int(sold["item_count"]),
            items_returned=-int(returned["item_count"]),
        )
    else:
        raise ValueError(f"no report totals for transaction kind {kind!r}")
    return row


_TOTAL_COLUMNS = (
    "count",
    "total",
    "tax_total",
    "sales_total",
    "returns_total",
    "voids_total",
    "items_sold",
    "items_returned",
    "line_discounts",
    "promotion_discounts",
    "subtotal_discount",
    "line_void_count",
    "line_void_amount",
)
_TAX_COLUMNS = ("amount", "discount", "base", "tax", "total")
_TENDER_COLUMNS = ("payment_count", "paid", "tendered", "change", "refund_count", "refunded")
_ITEM_COLUMNS = ("sold_quantity", "sold_total", "returned_quantity", "returned_total", "tax")


def _upsert(table: str, keys: Sequence[str], labels: Sequence[str], sums: Sequence[str]) -> str:
    """Return an INSERT adding ``sums`` to an existing row with the same keys (labels are replaced)."""
    columns = [*keys, *labels, *sums]
    updates = [f"{column} = excluded.{column}" for column in labels]
    updates += [f"{column} = {column} + excluded.{column}" for column in sums]
    return (
        f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        f" ON CONFLICT({', '.join(keys)}) DO UPDATE SET {', '.join(updates)}"
    )


_ADD_TOTALS = _upsert("report_totals", ("terminal_id", "period", "business_date", "kind"), (), _TOTAL_COLUMNS)
_ADD_TAX = _upsert(
    "report_tax_totals",
    ("terminal_id", "period", "business_date", "tax_class", "rate_percent", "price_mode"),
    (),
    _TAX_COLUMNS,
)
_ADD_TENDER = _upsert(
    "report_tender_totals",
    ("terminal_id", "period", "business_date", "tender_code", "kind"),
    ("name",),
    _TENDER_COLUMNS,
)
_ADD_ITEM = _upsert(
    "report_item_totals",
    ("terminal_id", "period", "business_date", "hour", "item_code"),
    ("category_code", "name"),
    _ITEM_COLUMNS,
)


def add_to_report_totals(connection: Connection, document: Mapping[str, Any], period: int) -> None:
    """Add one non-training transaction document to the running report totals."""
    scope = (document["terminal_id"], period, document["business_date"])
    row = _transaction_row(document)
    totals = {"count": 1, "total": int(document["total"]), "tax_total": int(document["tax_total"]), **row}
    connection.execute(
        _ADD_TOTALS, (*scope, document["kind"], *(totals[column] for column in _TOTAL_COLUMNS))
    )
    connection.executemany(
        _ADD_TAX,
        [
            (
                *scope,
                tax["tax_class"],
                tax["rate_percent"],
                tax["price_mode"],
                *(int(tax[column]) for column in _TAX_COLUMNS),
            )
            for tax in document["taxes"]
        ],
    )
    connection.executemany(
        _ADD_TENDER, [(*scope, *_tender_values(tender)) for tender in document.get("tenders", [])]
    )
    hour = _hour(str(document["completed_at"]))
    connection.executemany(
        _ADD_ITEM,
        [(*scope, hour, *_item_values(line, tax, total)) for line, tax, total in _line_values(document)],
    )


def _tender_values(tender: Mapping[str, Any]) -> tuple[Any, ...]:
    applied = int(tender["applied"])
    paying = applied > 0
    return (
        tender["tender_code"],
        tender["kind"],
        tender.get("name") or tender["tender_code"],
        1 if paying else 0,
        applied if paying else 0,
        int(tender["tendered"]) if paying else 0,
        int(tender["change"]),
        0 if applied >= 0 else 1,
        -applied if applied < 0 else 0,
    )


def _item_values(line: Mapping[str, Any], tax: int, total: int) -> tuple[Any, ...]:
    quantity = int(line["quantity"])
    sold = quantity > 0
    return (
        line["item_code"],
        line["category_code"],
        line["name"],
        quantity if sold else 0,
        total if sold else 0,
        0 if sold else -quantity,
        0 if sold else total,
        tax,
    )


@dataclass(frozen=True, slots=True)
class ReportScope:
    """The rows a report sums: one terminal's settlement period, or a range of business dates."""

    terminal_id: str | None = None
    period: int | None = None
    date_from: str | None = None
    date_to: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for clause, value in (
            ("terminal_id = ?", self.terminal_id),
            ("period = ?", self.period),
            ("business_date >= ?", self.date_from),
            ("business_date <= ?", self.date_to),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


class ReportQueries:
    """Sums of the report totals; pass the open connection to read inside a write transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _rows(self, connection: Connection | None, sql: str, params: Sequence[Any]) -> list[Any]:
        if connection is not None:
            return connection.execute(sql, params).fetchall()
        return self.db.query(sql, params)

    def kinds(self, scope: ReportScope, connection: Connection | None = None) -> list[KindTotals]:
        where, params = scope.where()
        sums = ", ".join(f"sum({column})" for column in _TOTAL_COLUMNS)
        rows = self._rows(
            connection, f"SELECT kind, {sums} FROM report_totals {where} GROUP BY kind ORDER BY kind", params
        )
        return [KindTotals(str(row[0]), *(int(value) for value in row[1:])) for row in rows]

    def taxes(self, scope: ReportScope, connection: Connection | None = None) -> list[TaxTotals]:
        where, params = scope.where()
        sums = ", ".join(f"sum({column})" for column in _TAX_COLUMNS)
        rows = self._rows(
            connection,
            f"SELECT tax_class, rate_percent, price_mode, {sums} FROM report_tax_totals {where}"
            " GROUP BY tax_class, rate_percent, price_mode",
            params,
        )
        totals = [
            TaxTotals(str(row[0]), str(row[1]), str(row[2]), *(int(value) for value in row[3:]))
            for row in rows
        ]
        return sorted(
            totals, key=lambda entry: (-Fraction(entry.rate_percent), entry.price_mode, entry.tax_class)
        )

    def tenders(self, scope: ReportScope, connection: Connection | None = None) -> list[TenderTotals]:
        where, params = scope.where()
        sums = ", ".join(f"sum({column})" for column in _TENDER_COLUMNS)
        rows = self._rows(
            connection,
            f"SELECT tender_code, max(name), kind, {sums} FROM report_tender_totals {where}"
            " GROUP BY tender_code, kind ORDER BY kind, tender_code",
            params,
        )
        return [
            TenderTotals(str(row[0]), str(row[1]), str(row[2]), *(int(value) for value in row[3:]))
            for row in rows
        ]

    def movements(
        self, scope: ReportScope, reasons: Mapping[str, str], connection: Connection | None = None
    ) -> list[MovementTotals]:
        where, params = scope.where()
        joiner = "AND" if where else "WHERE"
        rows = self._rows(
            connection,
            "SELECT kind, reason_code, count(*), sum(amount) FROM lifecycle_records"
            f" {where} {joiner} training = 0 AND kind IN ('open', 'cash_in', 'cash_out', 'no_sale')"
            " GROUP BY kind, reason_code ORDER BY kind, reason_code",
            params,
        )
        return [
            MovementTotals(
                kind="float" if row[0] == "open" else str(row[0]),
                reason_code=row[1],
                reason=reasons.get(str(row[1])) if row[1] else None,
                count=int(row[2]),
                amount=int(row[3]),
            )
            for row in rows
        ]

    def business_dates(
        self, scope: ReportScope, connection: Connection | None = None
    ) -> tuple[str | None, str | None]:
        where, params = scope.where()
        row = self._rows(
            connection, f"SELECT min(business_date), max(business_date) FROM report_totals {where}", params
        )[0]
        return row[0], row[1]

    def sales_by(self, group: str, scope: ReportScope) -> list[dict[str, Any]]:
        """Sum the item totals by category, item or hour: units and tax-inclusive yen sold and
        returned. Returned units include those of voids, and the net is sold plus returned."""
        columns = {
            "category": ("t.category_code", "coalesce(max(c.name), t.category_code)"),
            "item": ("t.item_code", "max(t.name)"),
            "hour": ("t.hour", "t.hour"),
        }
        if group not in columns:
            raise ValueError(f"group must be one of {', '.join(columns)}, got {group!r}")
        key, label = columns[group]
        where, params = scope.where()
        where = where.replace("terminal_id", "t.terminal_id").replace("business_date", "t.business_date")
        where = where.replace("period", "t.period")
        join = " LEFT JOIN categories c ON c.code = t.category_code" if group == "category" else ""
        rows = self.db.query(
            f"SELECT {key}, {label}, sum(t.sold_quantity), sum(t.sold_total), sum(t.returned_quantity),"
            f" sum(t.returned_total), sum(t.tax)"
            f" FROM report_item_totals t{join} {where} GROUP BY {key} ORDER BY {key}",
            params,
        )
        return [
            {
                "key": row[0],
                "name": str(row[1]),
                "sold_quantity": int(row[2]),
                "sold_total": int(row[3]),
                "returned_quantity": int(row[4]),
                "returned_total": int(row[5]),
                "net_total": int(row[3]) + int(row[5]),
                "tax": int(row[6]),
            }
            for row in rows
        ]
