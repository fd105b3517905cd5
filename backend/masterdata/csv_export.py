"""Export of the item and category masters to CSV files that the import reads back."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from backend.masterdata.csv_import import CATEGORY_COLUMNS, ITEM_COLUMNS
from backend.masterdata.repository import MasterRepository


class RowWriter(Protocol):
    def writerow(self, row: Iterable[str], /) -> Any: ...


def _write_csv_atomically(path: Path, encoding: str, write_rows: Callable[[RowWriter], int]) -> int:
    """Write a CSV next to ``path`` and rename it into place, so a failure leaves no half file."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        with temporary.open("w", encoding=encoding, newline="") as handle:
            count = write_rows(csv.writer(handle))
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return count


def export_items_csv(repository: MasterRepository, path: Path | str, encoding: str = "utf-8-sig") -> int:
    """Write every item to a CSV that import_items_csv reads back; return the item count.

    The default UTF-8 with BOM opens correctly in Excel. With ``encoding="cp932"`` a name
    that Shift_JIS cannot encode raises UnicodeEncodeError naming the item.
    """

    def write_rows(writer: RowWriter) -> int:
        writer.writerow(ITEM_COLUMNS)
        count = 0
        for item in repository.iter_items():
            row = (
                item.code,
                item.name,
                item.name_kana,
                str(item.price),
                item.price_mode.value,
                item.tax_class.value,
                item.category_code,
                "1" if item.active else "0",
            )
            try:
                writer.writerow(row)
            except UnicodeEncodeError as error:
                error.reason = f"item {item.code} cannot be written as {encoding}: {error.reason}"
                raise
            count += 1
        return count

    return _write_csv_atomically(Path(path), encoding, write_rows)


def export_categories_csv(repository: MasterRepository, path: Path | str, encoding: str = "utf-8-sig") -> int:
    """Write every category to a CSV that import_categories_csv reads back; return the count."""

    def write_rows(writer: RowWriter) -> int:
        writer.writerow(CATEGORY_COLUMNS)
        categories = repository.categories()
        for category in categories:
            writer.writerow((category.code, category.name, category.name_kana, str(category.sort_order)))
        return len(categories)

    return _write_csv_atomically(Path(path), encoding, write_rows)
