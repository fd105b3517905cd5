from __future__ import annotations

import argparse
import io
from pathlib import Path

from backend.masterdata import cli
from backend.masterdata.repository import MasterRepository
from backend.storage.db import Database

HEADER = "code,name,name_kana,price,price_mode,tax_class,category_code,active\n"


def run_master(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="openregi")
    cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["master", *argv])
    out, err = io.StringIO(), io.StringIO()
    status = args.handler(args, out, err)
    return status, out.getvalue(), err.getvalue()


def write_categories(path: Path) -> Path:
    path.write_text("code,name\n01,食品\n10,酒類\n", encoding="utf-8")
    return path


def test_import_prints_count(tmp_path: Path) -> None:
    store = tmp_path / "store" / "terminal.sqlite3"
    items = tmp_path / "items.csv"
    items.write_text(
        HEADER
        + "4901234567894,おにぎり 鮭,,150,inclusive,reduced,01,1\n"
        + "4500000000018,ビール,,228,inclusive,standard,10,1\n",
        encoding="utf-8",
    )

    status, out, err = run_master(
        "import", str(items), "--categories", str(write_categories(tmp_path / "c.csv")), "--db", str(store)
    )

    assert status == 0
    assert err == ""
    assert out == "2 件の商品を取り込みました / imported 2 items (categories: 2, encoding: utf-8)\n"


def test_import_errors_exit_2_with_rows(tmp_path: Path) -> None:
    store = tmp_path / "terminal.sqlite3"
    items = tmp_path / "items.csv"
    items.write_text(
        HEADER
        + "4901234567894,おにぎり 鮭,,150,inclusive,reduced,01,1\n"
        + "4901234567890,おにぎり 梅,,140,inclusive,reduced,01,1\n"
        + "4500000000018,ビール,,abc,inclusive,standard,10,1\n",
        encoding="utf-8",
    )

    status, out, err = run_master("import", str(items), "--db", str(store))

    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith("row 2: category_code: ")
    assert lines[1].startswith("row 3: code: ")
    assert lines[2].startswith("row 3: category_code: ")
    assert lines[3].startswith("row 4: price: ")
    assert lines[4].startswith("row 4: category_code: ")
    assert lines[5:] == [
        "マスタの取込に失敗しました（5 件のエラー）。何も取り込んでいません。",
        "Master import failed with 5 errors. Nothing was imported.",
    ]
    db = Database(store)
    assert MasterRepository(db).count_items() == 0
    db.close()


def test_import_missing_file_exits_2(tmp_path: Path) -> None:
    status, _, err = run_master("import", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "t.sqlite3"))

    assert status == 2
    assert "nope.csv" in err


def test_demo_then_export(tmp_path: Path) -> None:
    store = tmp_path / "terminal.sqlite3"
    exported = tmp_path / "export.csv"

    status, out, _ = run_master("demo", "--db", str(store))
    assert status == 0
    assert out.startswith("デモ店舗を読み込みました / loaded the demo store: 300 items, 13 categories")

    status, out, _ = run_master("demo", "--db", str(store))
    assert status == 0
    assert "nothing was loaded" in out

    status, out, _ = run_master("export", str(exported), "--encoding", "cp932", "--db", str(store))
    assert status == 0
    assert out == f"300 件の商品を書き出しました / exported 300 items to {exported}\n"
    lines = exported.read_bytes().decode("cp932").splitlines()
    assert lines[0] == HEADER.strip()
    assert len(lines) == 301


def test_data_dir_locates_terminal_store(tmp_path: Path) -> None:
    status, _, _ = run_master("demo", "--data-dir", str(tmp_path / "data"))

    assert status == 0
    assert (tmp_path / "data" / "terminal.sqlite3").exists()
