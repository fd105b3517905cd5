"""Report rows written with each transaction, and the SQL that sums them.

Every non-training transaction document gets one report_transactions row, one
report_taxes row per tax group, one report_tenders row per tender and one report_lines row
per active line, inside the transaction that stores the document. Reports then sum indexed
rows of a settlement period or of business dates.
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
        raise ValueError(f"no report rows for transaction kind {kind!r}")
    return row


def write_report_rows(connection: Connection, document: Mapping[str, Any], period: int) -> None:
    """Write the report rows of one non-training transaction document."""
    transaction_id = document["transaction_id"]
    terminal_id = document["terminal_id"]
    business_date = document["business_date"]
    hour = _hour(str(document["completed_at"]))
    kind = document["kind"]
    row = _transaction_row(document)
    connection.execute(
        "INSERT INTO report_transactions(transaction_id, terminal_id, period, business_date, hour, kind,"
        " staff_code, total, tax_total, sales_total, returns_total, voids_total, items_sold, items_returned,"
        " line_discounts, promotion_discounts, subtotal_discount, line_void_count, line_void_amount)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            transaction_id,
            terminal_id,
            period,
            business_date,
            hour,
            kind,
            document.get("staff_code"),
            int(document["total"]),
            int(document["tax_total"]),
            row["sales_total"],
            row["returns_total"],
            row["voids_total"],
            row["items_sold"],
            row["items_returned"],
            row["line_discounts"],
            row["promotion_discounts"],
            row["subtotal_discount"],
            row["line_void_count"],
            row["line_void_amount"],
        ),
    )
    connection.executemany(
        "INSERT INTO report_taxes(transaction_id, terminal_id, period, business_date, tax_class,"
        " rate_percent, price_mode, amount, discount, base, tax, total) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                transaction_id,
                terminal_id,
                period,
                business_date,
                tax["tax_class"],
                tax["rate_percent"],
                tax["price_mode"],
                int(tax["amount"]),
                int(tax["discount"]),
                int(tax["base"]),
                int(tax["tax"]),
                int(tax["total"]),
            )
            for tax in document["taxes"]
        ],
    )
    connection.executemany(
        "INSERT INTO report_tenders(transaction_id, terminal_id, period, business_date, tender_code, name,"
        " kind, tendered, applied, change) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (
                transaction_id,
                terminal_id,
                period,
                business_date,
                tender["tender_code"],
                tender.get("name") or tender["tender_code"],
                tender["kind"],
                int(tender["tendered"]),
                int(tender["applied"]),
                int(tender["change"]),
            )
            for tender in document.get("tenders", [])
        ],
    )
    connection.executemany(
        "INSERT INTO report_lines(transaction_id, terminal_id, period, business_date, hour, kind, item_code,"
        " name, category_code, quantity, net, tax, total) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                transaction_id,
                terminal_id,
                period,
                business_date,
                hour,
                kind,
                line["item_code"],
                line["name"],
                line["category_code"],
                int(line["quantity"]),
                int(line["net"]),
                tax,
                total,
            )
            for line, tax, total in _line_values(document)
        ],
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
    """Sums of report rows; pass the open connection to read inside a write transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _rows(self, connection: Connection | None, sql: str, params: Sequence[Any]) -> list[Any]:
        if connection is not None:
            return connection.execute(sql, params).fetchall()
        return self.db.query(sql, params)

    def kinds(self, scope: ReportScope, connection: Connection | None = None) -> list[KindTotals]:
        where, params = scope.where()
        rows = self._rows(
            connection,
            "SELECT kind, count(*), sum(total), sum(tax_total), sum(sales_total), sum(returns_total),"
            " sum(voids_total), sum(items_sold), sum(items_returned), sum(line_discounts),"
            " sum(promotion_discounts), sum(subtotal_discount), sum(line_void_count), sum(line_void_amount)"
            f" FROM report_transactions {where} GROUP BY kind ORDER BY kind",
            params,
        )
        return [KindTotals(str(row[0]), *(int(value) for value in row[1:])) for row in rows]

    def taxes(self, scope: ReportScope, connection: Connection | None = None) -> list[TaxTotals]:
        where, params = scope.where()
        rows = self._rows(
            connection,
            "SELECT tax_class, rate_percent, price_mode, sum(amount), sum(discount), sum(base), sum(tax),"
            f" sum(total) FROM report_taxes {where} GROUP BY tax_class, rate_percent, price_mode",
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
        rows = self._rows(
            connection,
            "SELECT tender_code, max(name), kind,"
            " sum(applied > 0), sum(CASE WHEN applied > 0 THEN applied ELSE 0 END),"
            " sum(CASE WHEN applied > 0 THEN tendered ELSE 0 END), sum(change),"
            " sum(applied < 0), sum(CASE WHEN applied < 0 THEN -applied ELSE 0 END)"
            f" FROM report_tenders {where} GROUP BY tender_code, kind ORDER BY kind, tender_code",
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
            connection,
            f"SELECT min(business_date), max(business_date) FROM report_transactions {where}",
            params,
        )[0]
        return row[0], row[1]

    def sales_by(self, group: str, scope: ReportScope) -> list[dict[str, Any]]:
        """Sum line rows by category, item or hour: units and tax-inclusive yen sold and returned.

        Returned units include those of voids; the net is sold plus returned (negative).
        """
        columns = {
            "category": ("l.category_code", "coalesce(c.name, l.category_code)"),
            "item": ("l.item_code", "max(l.name)"),
            "hour": ("l.hour", "l.hour"),
        }
        if group not in columns:
            raise ValueError(f"group must be one of {', '.join(columns)}, got {group!r}")
        key, label = columns[group]
        where, params = scope.where()
        where = where.replace("terminal_id", "l.terminal_id").replace("business_date", "l.business_date")
        join = " LEFT JOIN categories c ON c.code = l.category_code" if group == "category" else ""
        rows = self.db.query(
            f"SELECT {key}, {label},"
            " sum(CASE WHEN l.quantity > 0 THEN l.quantity ELSE 0 END),"
            " sum(CASE WHEN l.quantity > 0 THEN l.total ELSE 0 END),"
            " sum(CASE WHEN l.quantity < 0 THEN -l.quantity ELSE 0 END),"
            " sum(CASE WHEN l.quantity < 0 THEN l.total ELSE 0 END),"
            " sum(l.total), sum(l.tax)"
            f" FROM report_lines l{join} {where} GROUP BY {key} ORDER BY {key}",
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
                "net_total": int(row[6]),
                "tax": int(row[7]),
            }
            for row in rows
        ]
