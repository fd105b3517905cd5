"""``openregi master push``: check master data and upload it to the store tier (MongoDB).

Exit status: 0 on success, 1 when the store tier is not configured or cannot be reached,
and 2 when the input has problems. Each problem is printed with its row number, and then
nothing is uploaded.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any, TextIO

from backend.domain.errors import render_message
from backend.masterdata.csv_import import MasterImportError
from backend.masterdata.repository import MasterRepository
from backend.settings import Settings
from backend.storage.db import Database, StoreError
from backend.sync.client import create_client, redact
from backend.sync.documents import StoreIdentity
from backend.sync.master_push import PushReport, push_items_csv, push_terminal_master

EXIT_OK = 0
EXIT_STORE_TIER_FAILED = 1
EXIT_INPUT_INVALID = 2


def _subcommands_of(parser: argparse.ArgumentParser) -> Any:
    # argparse offers no public way to reach a parser's subparsers action once created.
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``push`` to the ``master`` command, creating ``master`` when it is not mounted."""
    master = subparsers.choices.get("master")
    if master is None:
        master = subparsers.add_parser("master", help="master data (商品マスタ)")
        commands = master.add_subparsers(dest="master_command", required=True)
    else:
        commands = _subcommands_of(master)
        if commands is None:
            raise RuntimeError("the 'master' command has no subcommands, so 'master push' cannot be added")

    push = commands.add_parser(
        "push",
        help="check an items CSV and upload it to the store tier (MongoDB) for every terminal of the store",
    )
    push.add_argument("file", type=Path, nargs="?", help="items CSV file (the columns of master import)")
    push.add_argument("--categories", type=Path, help="categories CSV uploaded before the items")
    push.add_argument(
        "--allow-in-store-codes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="accept in-store codes (02, 20-29, store-defined); default: the store tier's store settings",
    )
    push.add_argument(
        "--from-terminal",
        action="store_true",
        help="upload this terminal's whole master (settings, tax rates, categories, items, tenders,"
        " staff, promotions) instead of a CSV file",
    )
    push.add_argument("--config", default=argparse.SUPPRESS, help="settings file (TOML)")
    push.add_argument("--data-dir", default=argparse.SUPPRESS, help="data directory of the terminal store")
    push.set_defaults(handler=run)
    return push


def _settings(args: argparse.Namespace) -> Settings:
    values: dict[str, Any] = {}
    if getattr(args, "config", None):
        values["config_file"] = Path(args.config)
    if getattr(args, "data_dir", None):
        values["data_dir"] = Path(args.data_dir)
    return Settings(**values)


async def _push(args: argparse.Namespace, settings: Settings) -> PushReport:
    identity = StoreIdentity(settings.mongo.tenant, settings.store_code, settings.terminal_id)
    client = create_client(settings.mongo)
    try:
        database = client[settings.mongo.database]
        if args.from_terminal:
            db = Database(settings.database_path)
            try:
                db.migrate()
                return await push_terminal_master(database, identity, MasterRepository(db))
            finally:
                db.close()
        report: PushReport = await push_items_csv(
            database,
            identity,
            args.file,
            categories=args.categories,
            allow_in_store_codes=args.allow_in_store_codes,
        )
        return report
    finally:
        await client.close()


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run ``openregi master push`` and return the exit status."""
    from pymongo.errors import PyMongoError

    out = out or sys.stdout
    err = err or sys.stderr
    if args.file is None and not args.from_terminal:
        err.write("openregi master push: give an items CSV file or --from-terminal\n")
        return EXIT_INPUT_INVALID
    try:
        settings = _settings(args)
    except ValueError as error:
        err.write(f"openregi master push: 設定が正しくありません / invalid settings: {error}\n")
        return EXIT_STORE_TIER_FAILED
    if settings.mongo.url is None:
        err.write(
            "openregi master push: 店舗サーバ（MongoDB）が設定されていません / the store tier is not"
            " configured: set mongo.url in the settings file or OPENREGI_MONGO__URL\n"
        )
        return EXIT_STORE_TIER_FAILED
    try:
        report = asyncio.run(_push(args, settings))
    except MasterImportError as error:
        for issue in error.report.errors:
            err.write(f"{issue}\n")
        err.write(f"{render_message(error.code, 'ja', error.params)}\n{error}\n")
        return EXIT_INPUT_INVALID
    except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
        err.write(f"openregi master push: {error}\n")
        return EXIT_INPUT_INVALID
    except StoreError as error:
        err.write(f"openregi master push: 端末ストアを開けません / cannot open the terminal store: {error}\n")
        return EXIT_STORE_TIER_FAILED
    except PyMongoError as error:
        message = redact(str(error), settings.mongo.url.get_secret_value())
        err.write(f"openregi master push: 店舗サーバに書き込めません / store tier write failed: {message}\n")
        return EXIT_STORE_TIER_FAILED
    counts = ", ".join(f"{name} {count}" for name, count in report.counts.items())
    out.write(
        f"店舗サーバへ送信しました / uploaded to the store tier (store {settings.store_code},"
        f" database {settings.mongo.database}): {counts}\n"
    )
    return EXIT_OK
