"""``openregi master``: import, export and demo master data in the terminal store.

Exit status: 0 on success, 2 when the input has problems (each printed with its row
number), 1 when the terminal store cannot be opened or written.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Any, TextIO

from backend.domain.errors import PosError, render_message
from backend.masterdata.csv_export import export_categories_csv, export_items_csv
from backend.masterdata.csv_import import (
    MasterImportError,
    import_categories_csv,
    import_items_csv,
)
from backend.masterdata.demo import load_demo_store
from backend.masterdata.repository import MasterRepository
from backend.storage.db import Database, StoreError

EXIT_OK = 0
EXIT_STORE_FAILED = 1
EXIT_INPUT_INVALID = 2


def _add_store_options(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps these from overwriting the same options given before "master".
    parser.add_argument(
        "--db", default=argparse.SUPPRESS, help="terminal store file (SQLite); overrides --data-dir"
    )
    parser.add_argument(
        "--data-dir", default=argparse.SUPPRESS, help="data directory holding terminal.sqlite3"
    )
    parser.add_argument("--config", default=argparse.SUPPRESS, help="settings file (TOML)")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``master`` command and its subcommands to an argparse subparsers object."""
    master = subparsers.add_parser("master", help="import, export or demo master data (商品マスタ)")
    commands = master.add_subparsers(dest="master_command", required=True)

    import_items = commands.add_parser("import", help="import an items CSV (UTF-8 or Shift_JIS)")
    import_items.add_argument("file", type=Path, help="items CSV file")
    import_items.add_argument(
        "--categories", type=Path, help="categories CSV imported in the same transaction"
    )
    import_items.add_argument(
        "--allow-in-store-codes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="accept in-store codes (02, 20-29, store-defined); default: the store setting",
    )
    _add_store_options(import_items)

    import_categories = commands.add_parser("import-categories", help="import a categories CSV")
    import_categories.add_argument("file", type=Path, help="categories CSV file")
    _add_store_options(import_categories)

    export = commands.add_parser("export", help="export the items to a CSV file")
    export.add_argument("file", type=Path, help="items CSV file to write")
    export.add_argument("--categories", type=Path, help="also write the categories to this CSV file")
    export.add_argument(
        "--encoding",
        choices=["utf-8", "cp932"],
        default="utf-8",
        help="file encoding: utf-8 (written with a BOM for Excel) or cp932 (Shift_JIS)",
    )
    _add_store_options(export)

    demo = commands.add_parser("demo", help="load the demo store into an empty terminal store")
    _add_store_options(demo)

    master.set_defaults(handler=run)
    return master


def resolve_database_path(args: argparse.Namespace) -> Path:
    """Return --db, else the terminal store in --data-dir or in the configured data directory."""
    db = getattr(args, "db", None)
    if db:
        return Path(db)
    from backend.settings import Settings

    values: dict[str, Any] = {}
    if getattr(args, "config", None):
        values["config_file"] = Path(args.config)
    if getattr(args, "data_dir", None):
        values["data_dir"] = Path(args.data_dir)
    return Settings(**values).database_path


def open_store(path: Path) -> Database:
    """Open and migrate the terminal store, creating its directory when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    try:
        db.migrate()
    except StoreError:
        db.close()
        raise
    return db


def _import_items(args: argparse.Namespace, repository: MasterRepository, out: TextIO) -> None:
    report = import_items_csv(
        args.file,
        repository,
        categories=args.categories,
        allow_in_store_codes=args.allow_in_store_codes,
    )
    out.write(
        f"{report.imported_items} 件の商品を取り込みました / imported {report.imported_items} items"
        f" (categories: {report.imported_categories}, encoding: {report.encoding})\n"
    )


def _import_categories(args: argparse.Namespace, repository: MasterRepository, out: TextIO) -> None:
    report = import_categories_csv(args.file, repository)
    out.write(
        f"{report.imported_categories} 件の分類を取り込みました / imported"
        f" {report.imported_categories} categories (encoding: {report.encoding})\n"
    )


def _export(args: argparse.Namespace, repository: MasterRepository, out: TextIO) -> None:
    encoding = "utf-8-sig" if args.encoding == "utf-8" else "cp932"
    count = export_items_csv(repository, args.file, encoding)
    out.write(f"{count} 件の商品を書き出しました / exported {count} items to {args.file}\n")
    if args.categories:
        categories = export_categories_csv(repository, args.categories, encoding)
        out.write(
            f"{categories} 件の分類を書き出しました / exported {categories} categories to {args.categories}\n"
        )


def _demo(db: Database, out: TextIO) -> None:
    result = load_demo_store(db)
    if result.loaded:
        out.write(
            f"デモ店舗を読み込みました / loaded the demo store: {result.items} items,"
            f" {result.categories} categories, {result.preset_pages} preset pages,"
            f" {result.promotions} promotions\n"
        )
    else:
        out.write(
            "商品が登録済みのため何もしませんでした / the store already has items; nothing was loaded\n"
        )


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one ``openregi master`` subcommand and return the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        path = resolve_database_path(args)
        db = open_store(path)
    except (StoreError, OSError, ValueError) as error:
        err.write(f"openregi master: 端末ストアを開けません / cannot open the terminal store: {error}\n")
        return EXIT_STORE_FAILED
    try:
        repository = MasterRepository(db)
        command = args.master_command
        if command == "import":
            _import_items(args, repository, out)
        elif command == "import-categories":
            _import_categories(args, repository, out)
        elif command == "export":
            _export(args, repository, out)
        else:
            _demo(db, out)
        return EXIT_OK
    except MasterImportError as error:
        for issue in error.report.errors:
            err.write(f"{issue}\n")
        err.write(f"{render_message(error.code, 'ja', error.params)}\n{error}\n")
        return EXIT_INPUT_INVALID
    except PosError as error:
        err.write(f"{render_message(error.code, 'ja', error.params)}\n{error}\n")
        return EXIT_INPUT_INVALID
    except (FileNotFoundError, IsADirectoryError, PermissionError, UnicodeEncodeError) as error:
        err.write(f"openregi master: {error}\n")
        return EXIT_INPUT_INVALID
    except (StoreError, sqlite3.Error, OSError) as error:
        err.write(f"openregi master: 端末ストアに書き込めません / terminal store write failed: {error}\n")
        return EXIT_STORE_FAILED
    finally:
        db.close()
