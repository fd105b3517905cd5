"""Item and category master import from CSV, and export back to CSV.

Items CSV columns (header row required, names case-insensitive, any order):

=============  ========  =================================================================
column         required  value
=============  ========  =================================================================
code           yes       JAN/EAN/UPC/ITF code, or an in-store code (see below)
name           yes       receipt name, at most 40 print columns (full-width counts 2)
name_kana      no        reading in katakana, used by search; NFKC-normalised
price          yes       whole yen, 0 to 9,999,999; "1,080", "１０８０" and "¥1,080" accepted
price_mode     no        inclusive or 内税 (default), exclusive or 外税
tax_class      yes       standard or 標準, reduced or 軽減, exempt or 非課税
category_code  yes       a category in the store or in the categories CSV of the same import
active         no        1 (default) or 0
=============  ========  =================================================================

Codes of 8, 12, 13 or 14 digits must have a valid GTIN check digit, except in-store codes:
8 or 13 digits starting with 02 or 2 (20 to 29). In-store codes and other store-defined codes
(letters, digits, "-" and "_", at most 32 characters) are accepted only when the store
allows them (setting ``allow_in_store_codes = "true"`` in StoreSettings.extra).

The file is UTF-8 (with or without BOM) or Shift_JIS (CP932), detected by trying strict
UTF-8 first. Every row is checked and every problem is collected. A file with any problem
imports nothing and raises :class:`MasterImportError`; a clean file is upserted in one
transaction. Row numbers count CSV records as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from backend.domain.cart import MAX_PRICE
from backend.domain.errors import ErrorCode, PosError
from backend.domain.gtin import is_valid_gtin
from backend.domain.master import Category, Item, PriceMode, TaxClass
from backend.domain.receipt import display_width
from backend.masterdata.repository import MasterRepository

logger = logging.getLogger(__name__)

T = TypeVar("T")

ITEM_COLUMNS = ("code", "name", "name_kana", "price", "price_mode", "tax_class", "category_code", "active")
ITEM_REQUIRED_COLUMNS = ("code", "name", "price", "tax_class", "category_code")
CATEGORY_COLUMNS = ("code", "name", "name_kana", "sort_order")
CATEGORY_REQUIRED_COLUMNS = ("code", "name")
MAX_NAME_COLUMNS = 40
MAX_CODE_LENGTH = 32
ALLOW_IN_STORE_CODES_SETTING = "allow_in_store_codes"
# At most this many error lines go into the PosError details, while the report keeps them all.
MAX_ERRORS_IN_DETAILS = 1000

_PRICE_MODES = {
    "inclusive": PriceMode.INCLUSIVE,
    "内税": PriceMode.INCLUSIVE,
    "exclusive": PriceMode.EXCLUSIVE,
    "外税": PriceMode.EXCLUSIVE,
}
_TAX_CLASSES = {
    "standard": TaxClass.STANDARD,
    "標準": TaxClass.STANDARD,
    "reduced": TaxClass.REDUCED,
    "軽減": TaxClass.REDUCED,
    "exempt": TaxClass.EXEMPT,
    "非課税": TaxClass.EXEMPT,
}
_STORE_CODE = re.compile(rf"[0-9A-Za-z_-]{{1,{MAX_CODE_LENGTH}}}")
_PRICE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_SORT_ORDER = re.compile(r"-?\d{1,9}")


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One problem found in an import file. Row 0 means the file as a whole."""

    row: int
    field: str
    message_ja: str
    message_en: str
    file: str = ""

    def __str__(self) -> str:
        prefix = f"{self.file}: " if self.file else ""
        return f"{prefix}row {self.row}: {self.field}: {self.message_ja} / {self.message_en}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """Outcome of an import: rows read, rows written and problems (empty on success)."""

    encoding: str
    rows: int
    imported_items: int = 0
    imported_categories: int = 0
    errors: tuple[ImportIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


class MasterImportError(PosError):
    """An import file with problems; nothing was imported. ``report.errors`` lists them all."""

    def __init__(self, report: ImportReport) -> None:
        lines = [str(issue) for issue in report.errors[:MAX_ERRORS_IN_DETAILS]]
        super().__init__(ErrorCode.MASTER_IMPORT_FAILED, count=len(report.errors), errors=lines)
        self.report = report


@dataclass(slots=True)
class ParsedItems:
    encoding: str
    rows: int = 0
    items: list[Item] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)


@dataclass(slots=True)
class ParsedCategories:
    encoding: str
    rows: int = 0
    categories: list[Category] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)


Source = Path | str | bytes


# ----- decoding -----


def read_source(source: Source) -> bytes:
    """Return the bytes of a file path (Path or str) or the bytes given."""
    if isinstance(source, bytes):
        return source
    return Path(source).read_bytes()


def decode_csv_bytes(data: bytes) -> tuple[str, str] | ImportIssue:
    """Decode as UTF-8 (BOM optional), else as CP932. Return (text, encoding) or the problem."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ImportIssue(
            0,
            "file",
            "UTF-16 のファイルは読めません。UTF-8 または Shift_JIS で保存してください",
            "UTF-16 files are not supported; save the file as UTF-8 or Shift_JIS",
        )
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            offset = error.start + len(codecs.BOM_UTF8)
            return ImportIssue(
                0,
                "file",
                f"UTF-8 として読めないバイトがあります（バイト位置 {offset}）",
                f"the file starts with a UTF-8 BOM but has invalid UTF-8 at byte offset {offset}",
            )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp932"), "cp932"
        except UnicodeDecodeError as cp932_error:
            return ImportIssue(
                0,
                "file",
                f"文字コードを判別できません。UTF-8 でも Shift_JIS でもないバイトがあります"
                f"（バイト位置 {cp932_error.start}）。UTF-8 で保存し直してください",
                f"the file is neither UTF-8 (invalid at byte offset {utf8_error.start}) nor"
                f" Shift_JIS/CP932 (invalid at byte offset {cp932_error.start}); save it as UTF-8",
            )


# ----- field checks -----


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _has_control(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in text)


def is_in_store_code(code: str) -> bool:
    """Check for a JAN in-store code: 8 or 13 digits starting with 02 or 2 (20 to 29)."""
    return code.isascii() and code.isdigit() and len(code) in (8, 13) and code.startswith(("02", "2"))


class _RowChecker:
    """Collects the problems of one row, each tagged with the row number and field."""

    def __init__(self, row: int, issues: list[ImportIssue], file: str) -> None:
        self.row = row
        self.issues = issues
        self.file = file
        self.failed = False

    def problem(self, field_name: str, message_ja: str, message_en: str) -> None:
        self.failed = True
        self.issues.append(ImportIssue(self.row, field_name, message_ja, message_en, self.file))

    def code(self, raw: str, allow_in_store: bool) -> str:
        code = _nfkc(raw)
        if not code:
            self.problem("code", "商品コードがありません", "code is missing")
            return code
        if not _STORE_CODE.fullmatch(code):
            self.problem(
                "code",
                f"商品コード「{code}」に使えない文字があります（英数字・-・_ で {MAX_CODE_LENGTH} 文字まで）",
                f"code {code!r} is invalid: use letters, digits, '-' or '_', at most {MAX_CODE_LENGTH}",
            )
            return code
        numeric_gtin_length = code.isdigit() and len(code) in (8, 12, 13, 14)
        if numeric_gtin_length and not is_in_store_code(code):
            if not is_valid_gtin(code):
                self.problem(
                    "code",
                    f"JAN コード {code} のチェックデジットが正しくありません",
                    f"code {code} has an invalid GTIN check digit",
                )
        elif not allow_in_store:
            self.problem(
                "code",
                f"インストアコード {code} はこの店舗では使えません（設定 {ALLOW_IN_STORE_CODES_SETTING}）",
                f"in-store code {code} is not allowed in this store"
                f' (set {ALLOW_IN_STORE_CODES_SETTING} = "true" to allow it)',
            )
        return code

    def name(self, raw: str, field_name: str = "name") -> str:
        # Names are kept as written (no NFKC), so half-width katakana still print half-width.
        name = raw.strip()
        if not name:
            self.problem(field_name, "名称がありません", f"{field_name} is missing")
        elif _has_control(name):
            self.problem(field_name, "名称に制御文字があります", f"{field_name} contains control characters")
        elif display_width(name) > MAX_NAME_COLUMNS:
            width = display_width(name)
            self.problem(
                field_name,
                f"名称が {width} 桁あります。{MAX_NAME_COLUMNS} 桁以内にしてください（全角は 2 桁）",
                f"{field_name} is {width} columns wide; at most {MAX_NAME_COLUMNS}"
                " are allowed (full-width characters count 2)",
            )
        return name

    def kana(self, raw: str) -> str:
        kana = _nfkc(raw)
        if _has_control(kana):
            self.problem("name_kana", "カナ名称に制御文字があります", "name_kana contains control characters")
        return kana

    def price(self, raw: str) -> int:
        text = _nfkc(raw)
        text = text.removeprefix("¥").removesuffix("円").strip()
        if not text:
            self.problem("price", "価格がありません", "price is missing")
            return 0
        if not _PRICE.fullmatch(text):
            if text.startswith("-"):
                reason_ja, reason_en = "マイナスの価格は使えません", "negative prices are not allowed"
            elif "." in text:
                reason_ja, reason_en = "小数は使えません", "fractions of a yen are not allowed"
            else:
                reason_ja, reason_en = "数字ではありません", "not a number"
            self.problem(
                "price",
                f"価格「{raw.strip()}」は正しくありません: {reason_ja}。整数の円で入力してください",
                f"price {raw.strip()!r} is invalid: {reason_en}; enter whole yen such as 1080 or 1,080",
            )
            return 0
        price = int(text.replace(",", ""))
        if price > MAX_PRICE:
            self.problem(
                "price",
                f"価格 {price:,} 円は上限 {MAX_PRICE:,} 円を超えています",
                f"price {price:,} yen exceeds the maximum of {MAX_PRICE:,} yen",
            )
        return price

    def choice(self, field_name: str, raw: str, choices: dict[str, T], default: T | None) -> T | None:
        key = _nfkc(raw).lower()
        if not key:
            if default is None:
                self.problem(field_name, f"{field_name} がありません", f"{field_name} is missing")
            return default
        value = choices.get(key)
        if value is None:
            allowed = ", ".join(choices)
            self.problem(
                field_name,
                f"{field_name}「{raw.strip()}」は使えません（{allowed}）",
                f"{field_name} {raw.strip()!r} is invalid: expected one of {allowed}",
            )
        return value

    def category(self, raw: str, known: set[str]) -> str:
        code = _nfkc(raw)
        if not code:
            self.problem("category_code", "分類コードがありません", "category_code is missing")
        elif code not in known:
            self.problem(
                "category_code",
                f"分類コード {code} は登録されていません。分類を先に登録してください",
                f"category {code} does not exist; add it to the store or to the categories file",
            )
        return code

    def flag(self, raw: str) -> bool:
        text = _nfkc(raw)
        if text in ("", "1"):
            return True
        if text == "0":
            return False
        self.problem(
            "active", f"active「{raw.strip()}」は 1 か 0 です", f"active {raw.strip()!r} must be 1 or 0"
        )
        return True

    def sort_order(self, raw: str) -> int:
        text = _nfkc(raw)
        if not text:
            return 0
        if not _SORT_ORDER.fullmatch(text):
            self.problem(
                "sort_order",
                f"並び順「{raw.strip()}」は整数で入力してください",
                f"sort_order {raw.strip()!r} must be a whole number",
            )
            return 0
        return int(text)


# ----- CSV structure -----


def _read_records(
    data: bytes,
    columns: Sequence[str],
    required: Sequence[str],
    issues: list[ImportIssue],
    file: str,
) -> tuple[str, Iterable[tuple[int, dict[str, str]]]]:
    """Decode and split a CSV; return the encoding and (row number, record) pairs.

    Problems with the file or its header are appended to ``issues``, and then no records
    are returned.
    """
    decoded = decode_csv_bytes(data)
    if isinstance(decoded, ImportIssue):
        issues.append(ImportIssue(decoded.row, decoded.field, decoded.message_ja, decoded.message_en, file))
        return "unknown", ()
    text, encoding = decoded
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        issues.append(
            ImportIssue(1, "header", "見出し行を読めません", f"cannot read the header: {error}", file)
        )
        return encoding, ()
    if header is None:
        issues.append(ImportIssue(1, "header", "ファイルが空です", "the file is empty", file))
        return encoding, ()
    names = [_nfkc(name).lower() for name in header]
    header_ok = True
    for name in names:
        if name not in columns:
            header_ok = False
            issues.append(
                ImportIssue(
                    1,
                    "header",
                    f"不明な列「{name}」があります（使える列: {', '.join(columns)}）",
                    f"unknown column {name!r}; known columns: {', '.join(columns)}",
                    file,
                )
            )
    for name in sorted({name for name in names if names.count(name) > 1}):
        header_ok = False
        issues.append(
            ImportIssue(1, "header", f"列「{name}」が重複しています", f"column {name!r} appears twice", file)
        )
    for name in required:
        if name not in names:
            header_ok = False
            issues.append(
                ImportIssue(
                    1,
                    "header",
                    f"必須の列「{name}」がありません",
                    f"required column {name!r} is missing",
                    file,
                )
            )
    if not header_ok:
        return encoding, ()
    return encoding, _records(reader, names, issues, file)


def _records(
    reader: Iterable[list[str]], names: list[str], issues: list[ImportIssue], file: str
) -> Iterable[tuple[int, dict[str, str]]]:
    row = 1
    iterator = iter(reader)
    while True:
        row += 1
        try:
            fields = next(iterator)
        except StopIteration:
            return
        except csv.Error as error:
            issues.append(
                ImportIssue(row, "row", "CSV の形式が正しくありません", f"malformed CSV: {error}", file)
            )
            return
        if not any(value.strip() for value in fields):
            continue
        if len(fields) != len(names):
            issues.append(
                ImportIssue(
                    row,
                    "row",
                    f"列の数が {len(fields)} です（見出しは {len(names)} 列）",
                    f"expected {len(names)} fields as in the header, found {len(fields)}",
                    file,
                )
            )
            continue
        yield row, dict(zip(names, fields, strict=True))


# ----- parsing -----


def parse_categories_csv(data: bytes, file: str = "") -> ParsedCategories:
    """Check a categories CSV (code, name, name_kana, sort_order) and return what it holds."""
    issues: list[ImportIssue] = []
    encoding, records = _read_records(data, CATEGORY_COLUMNS, CATEGORY_REQUIRED_COLUMNS, issues, file)
    parsed = ParsedCategories(encoding, issues=issues)
    first_row: dict[str, int] = {}
    for row, record in records:
        parsed.rows += 1
        check = _RowChecker(row, issues, file)
        code = _nfkc(record["code"])
        if not code:
            check.problem("code", "分類コードがありません", "code is missing")
        elif not _STORE_CODE.fullmatch(code):
            check.problem(
                "code",
                f"分類コード「{code}」に使えない文字があります",
                f"category code {code!r} is invalid: use letters, digits, '-' or '_'",
            )
        elif code in first_row:
            check.problem(
                "code",
                f"分類コード {code} が重複しています（{first_row[code]} 行目）",
                f"duplicate category code {code} (first on row {first_row[code]})",
            )
        else:
            first_row[code] = row
        name = check.name(record["name"])
        kana = check.kana(record.get("name_kana", ""))
        sort_order = check.sort_order(record.get("sort_order", ""))
        if not check.failed:
            parsed.categories.append(Category(code, name, kana, sort_order))
    return parsed


def parse_items_csv(
    data: bytes, known_categories: set[str], allow_in_store_codes: bool, file: str = ""
) -> ParsedItems:
    """Check an items CSV row by row and return the items and every problem found."""
    issues: list[ImportIssue] = []
    encoding, records = _read_records(data, ITEM_COLUMNS, ITEM_REQUIRED_COLUMNS, issues, file)
    parsed = ParsedItems(encoding, issues=issues)
    first_row: dict[str, int] = {}
    for row, record in records:
        parsed.rows += 1
        check = _RowChecker(row, issues, file)
        code = check.code(record["code"], allow_in_store_codes)
        if code and code in first_row:
            check.problem(
                "code",
                f"商品コード {code} が重複しています（{first_row[code]} 行目）",
                f"duplicate code {code} (first on row {first_row[code]})",
            )
        elif code:
            first_row[code] = row
        name = check.name(record["name"])
        kana = check.kana(record.get("name_kana", ""))
        price = check.price(record["price"])
        price_mode = check.choice(
            "price_mode", record.get("price_mode", ""), _PRICE_MODES, PriceMode.INCLUSIVE
        )
        tax_class = check.choice("tax_class", record["tax_class"], _TAX_CLASSES, None)
        category_code = check.category(record["category_code"], known_categories)
        active = check.flag(record.get("active", ""))
        if not check.failed and price_mode is not None and tax_class is not None:
            parsed.items.append(Item(code, name, price, price_mode, tax_class, category_code, kana, active))
    return parsed


def store_allows_in_store_codes(repository: MasterRepository) -> bool:
    value = repository.store_settings().extra.get(ALLOW_IN_STORE_CODES_SETTING, "false")
    return value.strip().lower() in ("true", "1", "yes")


# ----- import -----


def _source_name(source: Source) -> str:
    return "" if isinstance(source, bytes) else Path(source).name


def import_categories_csv(source: Source, repository: MasterRepository) -> ImportReport:
    """Import a categories CSV in one transaction, or raise MasterImportError and import nothing."""
    parsed = parse_categories_csv(read_source(source))
    if parsed.issues:
        raise MasterImportError(ImportReport(parsed.encoding, parsed.rows, errors=tuple(parsed.issues)))
    repository.upsert_categories(parsed.categories)
    logger.info("categories imported count=%d encoding=%s", len(parsed.categories), parsed.encoding)
    return ImportReport(parsed.encoding, parsed.rows, imported_categories=len(parsed.categories))


def import_items_csv(
    source: Source,
    repository: MasterRepository,
    *,
    categories: Source | None = None,
    allow_in_store_codes: bool | None = None,
) -> ImportReport:
    """Import an items CSV, with an optional categories CSV, in one transaction.

    ``allow_in_store_codes`` None follows the store setting. Raises MasterImportError
    listing every problem of both files, and then imports nothing.
    """
    issues: list[ImportIssue] = []
    new_categories: list[Category] = []
    if categories is not None:
        parsed_categories = parse_categories_csv(read_source(categories), _source_name(categories))
        issues += parsed_categories.issues
        new_categories = parsed_categories.categories
    known = {category.code for category in repository.categories()}
    known.update(category.code for category in new_categories)
    if allow_in_store_codes is None:
        allow_in_store_codes = store_allows_in_store_codes(repository)
    item_file = _source_name(source) if categories is not None else ""
    parsed = parse_items_csv(read_source(source), known, allow_in_store_codes, item_file)
    issues += parsed.issues
    if issues:
        report = ImportReport(parsed.encoding, parsed.rows, errors=tuple(issues))
        logger.info("master import rejected errors=%d rows=%d", len(issues), parsed.rows)
        raise MasterImportError(report)
    repository.upsert_master(new_categories, parsed.items)
    logger.info(
        "items imported count=%d categories=%d encoding=%s",
        len(parsed.items),
        len(new_categories),
        parsed.encoding,
    )
    return ImportReport(
        parsed.encoding,
        parsed.rows,
        imported_items=len(parsed.items),
        imported_categories=len(new_categories),
    )
