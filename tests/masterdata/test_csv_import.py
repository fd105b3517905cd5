from __future__ import annotations

from pathlib import Path

import pytest

from backend.domain.master import Item, PriceMode, StoreSettings, TaxClass
from backend.masterdata.csv_export import export_categories_csv, export_items_csv
from backend.masterdata.csv_import import (
    MasterImportError,
    import_categories_csv,
    import_items_csv,
)
from backend.masterdata.repository import MasterRepository
from backend.storage.db import Database

HEADER = "code,name,name_kana,price,price_mode,tax_class,category_code,active\n"


def issues_of(error: MasterImportError) -> list[tuple[int, str]]:
    return [(issue.row, issue.field) for issue in error.report.errors]


def test_utf8_file_imports_items(stocked: MasterRepository, tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text(
        HEADER
        + "4901234567894,おにぎり 鮭,オニギリ サケ,150,inclusive,reduced,01,1\n"
        + "4500000000018,ビール 350ml,ビール,228,内税,標準,10,1\n"
        + "4500000000025,乾電池 単3形 4本,カンデンチ,398,外税,standard,11,0\n",
        encoding="utf-8",
    )

    report = import_items_csv(path, stocked)

    assert report.encoding == "utf-8"
    assert report.rows == 3
    assert report.imported_items == 3
    assert report.errors == ()
    assert stocked.get_item("4901234567894") == Item(
        "4901234567894",
        "おにぎり 鮭",
        150,
        PriceMode.INCLUSIVE,
        TaxClass.REDUCED,
        "01",
        "オニギリ サケ",
        True,
    )
    assert stocked.get_item("4500000000018") == Item(
        "4500000000018", "ビール 350ml", 228, PriceMode.INCLUSIVE, TaxClass.STANDARD, "10", "ビール", True
    )
    assert stocked.get_item("4500000000025") == Item(
        "4500000000025",
        "乾電池 単3形 4本",
        398,
        PriceMode.EXCLUSIVE,
        TaxClass.STANDARD,
        "11",
        "カンデンチ",
        False,
    )


def test_utf8_bom_file_imports(stocked: MasterRepository) -> None:
    data = ("\ufeff" + HEADER + "4901234567894,おにぎり 鮭,,150,,reduced,01,\n").encode("utf-8")

    report = import_items_csv(data, stocked)

    assert report.encoding == "utf-8-sig"
    item = stocked.get_item("4901234567894")
    assert item is not None
    assert item.price_mode is PriceMode.INCLUSIVE
    assert item.active is True


def test_cp932_file_with_kanji_imports(stocked: MasterRepository, tmp_path: Path) -> None:
    text = (
        "code,name,name_kana,price,price_mode,tax_class,category_code\r\n"
        "4500000000032,髙橋農園の米 5kg,タカハシノウエンノコメ,2980,外税,軽減,01\r\n"
        "4500000000049,ｺｰﾋｰ 無糖,ｺｰﾋｰ,120,内税,軽減,01\r\n"
        "4500000000056,収入印紙 200円,シュウニュウインシ,200,内税,非課税,11\r\n"
    )
    path = tmp_path / "items_sjis.csv"
    path.write_bytes(text.encode("cp932"))

    report = import_items_csv(path, stocked)

    assert report.encoding == "cp932"
    assert report.imported_items == 3
    rice = stocked.get_item("4500000000032")
    assert rice == Item(
        "4500000000032",
        "髙橋農園の米 5kg",
        2980,
        PriceMode.EXCLUSIVE,
        TaxClass.REDUCED,
        "01",
        "タカハシノウエンノコメ",
    )
    coffee = stocked.get_item("4500000000049")
    assert coffee is not None
    # The receipt name keeps its half-width katakana; the reading is normalised for search.
    assert coffee.name == "ｺｰﾋｰ 無糖"
    assert coffee.name_kana == "コーヒー"
    stamp = stocked.get_item("4500000000056")
    assert stamp is not None
    assert stamp.tax_class is TaxClass.EXEMPT


def test_file_with_errors_imports_nothing(stocked: MasterRepository) -> None:
    rows = [
        "4901234567894,おにぎり 鮭,,150,inclusive,reduced,01,1",  # row 2: valid
        "4901234567895,おにぎり 梅,,140,inclusive,reduced,01,1",  # row 3: bad check digit
        "4901234567894,おにぎり 昆布,,130,inclusive,reduced,01,1",  # row 4: duplicate of row 2
        "4500000000018,,,130,inclusive,reduced,01,1",  # row 5: missing name
        '4500000000025,焼きそば,,"1,000.5",inclusive,reduced,01,1',  # row 6: fraction of a yen
        "4500000000032,焼きうどん,,-5,inclusive,reduced,01,1",  # row 7: negative
        "4500000000049,焼きおにぎり,,abc,inclusive,reduced,01,1",  # row 8: not a number
        "4500000000056,お茶,,138,inclusive,food,01,1",  # row 9: unknown tax class
        "4900000000108,緑茶,,138,inclusive,reduced,99,1",  # row 10: unknown category
        "4900000000115," + "あ" * 21 + ",,138,inclusive,reduced,01,1",  # row 11: 42 columns
        "49000016,ガム,,100,税込,reduced,01,2",  # row 12: bad price mode and active flag
    ]
    data = (HEADER + "\n".join(rows) + "\n").encode("utf-8")
    version_before = stocked.master_version()

    with pytest.raises(MasterImportError) as caught:
        import_items_csv(data, stocked)

    assert issues_of(caught.value) == [
        (3, "code"),
        (4, "code"),
        (5, "name"),
        (6, "price"),
        (7, "price"),
        (8, "price"),
        (9, "tax_class"),
        (10, "category_code"),
        (11, "name"),
        (12, "price_mode"),
        (12, "active"),
    ]
    assert stocked.count_items() == 0
    assert stocked.master_version() == version_before
    assert caught.value.params["count"] == 11


def test_error_line_format(stocked: MasterRepository) -> None:
    data = (HEADER + "4901234567894,おにぎり 鮭,,-5,inclusive,reduced,01,1\n").encode("utf-8")

    with pytest.raises(MasterImportError) as caught:
        import_items_csv(data, stocked)

    assert [str(issue) for issue in caught.value.report.errors] == [
        "row 2: price: 価格「-5」は正しくありません: マイナスの価格は使えません。整数の円で入力してください"
        " / price '-5' is invalid: negative prices are not allowed; enter whole yen such as 1080 or 1,080"
    ]


def test_duplicate_codes_are_reported_with_first_row(stocked: MasterRepository) -> None:
    data = (
        HEADER
        + "4901234567894,おにぎり 鮭,,150,inclusive,reduced,01,1\n"
        + "4500000000018,ビール,,228,inclusive,standard,10,1\n"
        + "４９０１２３４５６７８９４,おにぎり 鮭 大,,180,inclusive,reduced,01,1\n"
    ).encode("utf-8")

    with pytest.raises(MasterImportError) as caught:
        import_items_csv(data, stocked)

    errors = caught.value.report.errors
    assert len(errors) == 1
    assert errors[0].row == 4
    assert errors[0].field == "code"
    assert errors[0].message_en == "duplicate code 4901234567894 (first on row 2)"


def test_bad_check_digit_is_rejected(stocked: MasterRepository) -> None:
    data = (HEADER + "4901234567890,おにぎり 鮭,,150,inclusive,reduced,01,1\n").encode("utf-8")

    with pytest.raises(MasterImportError) as caught:
        import_items_csv(data, stocked)

    assert caught.value.report.errors[0].message_en == "code 4901234567890 has an invalid GTIN check digit"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1080", 1080),
        ('"1,080"', 1080),
        ("１０８０", 1080),
        ('"１，０８０"', 1080),
        ("¥1080", 1080),
        ("￥１，０８０", 1080),
        ("1080円", 1080),
        ("0", 0),
        ('"9,999,999"', 9_999_999),
    ],
)
def test_price_accepts_whole_yen(stocked: MasterRepository, text: str, expected: int) -> None:
    data = (HEADER + f"4901234567894,おにぎり 鮭,,{text},inclusive,reduced,01,1\n").encode("utf-8")

    import_items_csv(data, stocked)

    item = stocked.get_item("4901234567894")
    assert item is not None
    assert item.price == expected


@pytest.mark.parametrize(
    "text", ['"1,000.5"', "-5", "abc", "12.0", "1.5", '"1,00"', "10000000", "1e3", '""', "0x10"]
)
def test_price_rejects_non_whole_yen(stocked: MasterRepository, text: str) -> None:
    data = (HEADER + f"4901234567894,おにぎり 鮭,,{text},inclusive,reduced,01,1\n").encode("utf-8")

    with pytest.raises(MasterImportError) as caught:
        import_items_csv(data, stocked)

    assert issues_of(caught.value) == [(2, "price")]
    assert stocked.count_items() == 0


def test_name_of_forty_columns_is_accepted(stocked: MasterRepository) -> None:
    data = (HEADER + "4901234567894," + "あ" * 20 + ",,150,inclusive,reduced,01,1\n").encode("utf-8")

    report = import_items_csv(data, stocked)

    assert report.imported_items == 1


def test_in_store_codes_need_store_permission(stocked: MasterRepository) -> None:
    data = (
        HEADER
        + "2000000000015,コロッケ,コロッケ,80,inclusive,reduced,01,1\n"
        + "02000019,塩パン,シオパン,130,inclusive,reduced,01,1\n"
        + "PLU-100,量り売りナッツ,,398,inclusive,reduced,01,1\n"
    ).encode("utf-8")

    with pytest.raises(MasterImportError) as caught:
        import_items_csv(data, stocked)
    assert issues_of(caught.value) == [(2, "code"), (3, "code"), (4, "code")]

    stocked.save_store_settings(StoreSettings(extra={"allow_in_store_codes": "true"}))
    report = import_items_csv(data, stocked)
    assert report.imported_items == 3
    assert stocked.get_item("PLU-100") is not None


def test_in_store_code_permission_can_be_passed(stocked: MasterRepository) -> None:
    data = (HEADER + "2912345678901,郵便切手 110円,,110,inclusive,exempt,11,1\n").encode("utf-8")

    report = import_items_csv(data, stocked, allow_in_store_codes=True)

    assert report.imported_items == 1


def test_categories_in_same_import(repository: MasterRepository, tmp_path: Path) -> None:
    categories = tmp_path / "categories.csv"
    categories.write_text("code,name,name_kana,sort_order\n20,飲料,インリョウ,５\n", encoding="utf-8")
    items = tmp_path / "items.csv"
    items.write_text(
        HEADER + "4900000000108,緑茶 525ml,リョクチャ,138,inclusive,reduced,20,1\n", encoding="utf-8"
    )

    report = import_items_csv(items, repository, categories=categories)

    assert report.imported_items == 1
    assert report.imported_categories == 1
    assert [(c.code, c.name, c.name_kana, c.sort_order) for c in repository.categories()] == [
        ("20", "飲料", "インリョウ", 5)
    ]


def test_errors_in_categories_file_stop_both(repository: MasterRepository, tmp_path: Path) -> None:
    categories = tmp_path / "categories.csv"
    categories.write_text("code,name\n20,飲料\n20,お茶\n", encoding="utf-8")
    items = tmp_path / "items.csv"
    items.write_text(HEADER + "4900000000108,緑茶 525ml,,138,inclusive,reduced,20,1\n", encoding="utf-8")

    with pytest.raises(MasterImportError) as caught:
        import_items_csv(items, repository, categories=categories)

    assert [(issue.file, issue.row, issue.field) for issue in caught.value.report.errors] == [
        ("categories.csv", 3, "code")
    ]
    assert repository.categories() == []
    assert repository.count_items() == 0


def test_undecodable_file_reports_byte_offset(stocked: MasterRepository) -> None:
    data = HEADER.encode("ascii") + b"4901234567894,\x81\x20,,150,inclusive,reduced,01,1\n"

    with pytest.raises(MasterImportError) as caught:
        import_items_csv(data, stocked)

    errors = caught.value.report.errors
    assert [(issue.row, issue.field) for issue in errors] == [(0, "file")]
    offset = len(HEADER) + len("4901234567894,")
    assert errors[0].message_en == (
        f"the file is neither UTF-8 (invalid at byte offset {offset}) nor"
        f" Shift_JIS/CP932 (invalid at byte offset {offset}); save it as UTF-8"
    )


def test_utf16_file_is_rejected(stocked: MasterRepository) -> None:
    data = HEADER.encode("utf-16")

    with pytest.raises(MasterImportError) as caught:
        import_items_csv(data, stocked)

    assert issues_of(caught.value) == [(0, "file")]


def test_header_problems_are_reported(stocked: MasterRepository) -> None:
    data = "code,name,prce,tax_class,name\n4901234567894,おにぎり,150,reduced,x\n".encode()

    with pytest.raises(MasterImportError) as caught:
        import_items_csv(data, stocked)

    assert [issue.message_en for issue in caught.value.report.errors] == [
        "unknown column 'prce'; known columns: code, name, name_kana, price, price_mode, tax_class,"
        " category_code, active",
        "column 'name' appears twice",
        "required column 'price' is missing",
        "required column 'category_code' is missing",
    ]


def test_wrong_field_count_is_reported(stocked: MasterRepository) -> None:
    data = (
        HEADER
        + "4901234567894,おにぎり 鮭,,150,inclusive,reduced,01\n"
        + "\n"
        + "4500000000018,ビール,,228,inclusive,standard,10,1,extra\n"
    ).encode("utf-8")

    with pytest.raises(MasterImportError) as caught:
        import_items_csv(data, stocked)

    assert issues_of(caught.value) == [(2, "row"), (4, "row")]


def test_failed_import_keeps_existing_items(stocked: MasterRepository) -> None:
    import_items_csv((HEADER + "4901234567894,おにぎり 鮭,,150,inclusive,reduced,01,1\n").encode(), stocked)
    data = (
        HEADER
        + "4901234567894,おにぎり 鮭,,160,inclusive,reduced,01,1\n"
        + "4500000000018,ビール,,abc,inclusive,standard,10,1\n"
    ).encode("utf-8")

    with pytest.raises(MasterImportError):
        import_items_csv(data, stocked)

    item = stocked.get_item("4901234567894")
    assert item is not None
    assert item.price == 150
    assert stocked.get_item("4500000000018") is None


def test_reimport_updates_prices_and_version(stocked: MasterRepository) -> None:
    import_items_csv((HEADER + "4901234567894,おにぎり 鮭,,150,inclusive,reduced,01,1\n").encode(), stocked)
    version = stocked.master_version()

    import_items_csv((HEADER + "4901234567894,おにぎり 鮭,,160,inclusive,reduced,01,1\n").encode(), stocked)

    item = stocked.get_item("4901234567894")
    assert item is not None
    assert item.price == 160
    assert stocked.master_version() == version + 1
    assert stocked.count_items() == 1


def test_categories_csv_import(repository: MasterRepository) -> None:
    data = "code,name,name_kana,sort_order\n01,食品,ショクヒン,1\n02,酒類,,2\n".encode("cp932")

    report = import_categories_csv(data, repository)

    assert report.imported_categories == 2
    assert report.encoding == "cp932"
    assert [category.code for category in repository.categories()] == ["01", "02"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_export_round_trips(stocked: MasterRepository, tmp_path: Path, encoding: str) -> None:
    data = (
        HEADER
        + '4901234567894,"おにぎり 鮭, 大",オニギリ,150,inclusive,reduced,01,1\n'
        + "4500000000018,ビール 350ml,ビール,228,inclusive,standard,10,0\n"
        + "4500000000025,乾電池,,398,exclusive,standard,11,1\n"
    ).encode("utf-8")
    import_items_csv(data, stocked)
    items_path = tmp_path / "items.csv"
    categories_path = tmp_path / "categories.csv"

    assert export_items_csv(stocked, items_path, encoding) == 3
    assert export_categories_csv(stocked, categories_path, encoding) == 3

    target = Database(tmp_path / "copy.sqlite3")
    target.migrate()
    copy = MasterRepository(target)
    report = import_items_csv(items_path, copy, categories=categories_path)
    assert report.imported_items == 3
    assert list(copy.iter_items()) == list(stocked.iter_items())
    assert copy.categories() == stocked.categories()
    target.close()


def test_export_to_cp932_rejects_unencodable_name(stocked: MasterRepository, tmp_path: Path) -> None:
    import_items_csv((HEADER + "4901234567894,おにぎり 🍙,,150,inclusive,reduced,01,1\n").encode(), stocked)
    path = tmp_path / "items.csv"

    with pytest.raises(UnicodeEncodeError, match="item 4901234567894"):
        export_items_csv(stocked, path, "cp932")

    assert not path.exists()
    assert not (tmp_path / "items.csv.tmp").exists()
