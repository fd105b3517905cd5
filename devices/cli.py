"""``openregi devices``: list ports, show status, print a test page, open the drawer,
watch scans. The main CLI mounts this with :func:`add_parser` and calls :func:`run`.

Each subcommand reads a TOML device configuration given with ``--config`` or, without
it, uses the simulators. Output is written to the ``out`` stream passed to ``run``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import tempfile
import threading
from pathlib import Path
from typing import TextIO

from devices.config import DevicesConfig, TransportKind, load_devices_config
from devices.errors import DeviceError
from devices.events import DataEvent, DeviceEvent, ErrorEvent
from devices.manager import DeviceManager
from devices.simulators import SimulatedPrinter
from devices.test_page import build_test_page

logger = logging.getLogger(__name__)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add the ``devices`` command and its subcommands to a parent CLI."""
    parser = subparsers.add_parser("devices", help="diagnose the printer, drawer, scanner and display")
    commands = parser.add_subparsers(dest="devices_command", required=True)

    commands.add_parser("ports", help="list serial ports")
    for name, text in (
        ("status", "show the configuration and status of each device"),
        ("test-print", "print a test page (Japanese, kana, ¥, CODE128, JAN, QR)"),
        ("open-drawer", "open the cash drawer (logged as a no-sale open)"),
        ("monitor-scans", "print each scan until Ctrl+C or --seconds pass"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument(
            "--config", type=Path, help="device configuration TOML file (default: simulators)"
        )
        if name == "test-print":
            command.add_argument("--output", type=Path, help="folder for simulator PNG and text output")
        if name == "monitor-scans":
            command.add_argument("--seconds", type=float, default=0.0, help="stop after this many seconds")
    return parser


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run the selected subcommand; return the process exit code (0 on success)."""
    stream = out or sys.stdout
    command = args.devices_command
    if command == "ports":
        return _list_ports(stream)
    try:
        config = load_devices_config(args.config) if args.config else DevicesConfig()
    except (OSError, ValueError) as error:
        stream.write(f"設定を読み込めません / cannot load device configuration: {error}\n")
        return 2
    handlers = {
        "status": _status,
        "test-print": _test_print,
        "open-drawer": _open_drawer,
        "monitor-scans": _monitor_scans,
    }
    return handlers[command](config, args, stream)


def _list_ports(out: TextIO) -> int:
    from serial.tools import list_ports

    ports = sorted(list_ports.comports(), key=lambda port: port.device)
    if not ports:
        out.write("シリアルポートがありません / no serial ports found\n")
        return 0
    for port in ports:
        out.write(f"{port.device}\t{port.description}\t{port.hwid}\n")
    return 0


def _status(config: DevicesConfig, args: argparse.Namespace, out: TextIO) -> int:
    manager = DeviceManager(config)
    try:
        manager.start()
        if manager.printer is not None and manager.printer.state.value == "enabled":
            try:
                manager.printer.check_status()
            except DeviceError as error:
                out.write(f"プリンタ状態を取得できません / printer status unavailable: {error}\n")
        report = {
            "config": json.loads(config.model_dump_json()),
            "devices": manager.status(),
        }
        out.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    finally:
        manager.close()
    return 0


def _test_print(config: DevicesConfig, args: argparse.Namespace, out: TextIO) -> int:
    printer_config = config.printer
    if printer_config.transport is TransportKind.SIMULATOR and not printer_config.simulator_output_dir:
        folder = args.output or Path(tempfile.mkdtemp(prefix="openregi-test-print-"))
        printer_config = printer_config.model_copy(update={"simulator_output_dir": str(folder)})
        config = config.model_copy(update={"printer": printer_config})
    manager = DeviceManager(config)
    try:
        manager.start()
        if manager.printer is None:
            out.write("プリンタが設定されていません / no printer is configured\n")
            return 1
        result = manager.printer.print_document(build_test_page(manager.printer.location))
        out.write(f"テスト印字を送信しました / test page sent: {result.byte_count} bytes\n")
        if isinstance(manager.printer, SimulatedPrinter) and manager.printer.output_dir:
            out.write(f"出力先 / output: {manager.printer.output_dir}\n")
        return 0
    except DeviceError as error:
        out.write(f"印字できません / printing failed: {error} [{error.code.value}]\n")
        return 1
    finally:
        manager.close()


def _open_drawer(config: DevicesConfig, args: argparse.Namespace, out: TextIO) -> int:
    manager = DeviceManager(config)
    try:
        manager.start()
        if manager.drawer is None:
            out.write("ドロアが設定されていません / no drawer is configured\n")
            return 1
        logger.warning("no-sale drawer open requested from the command line")
        manager.drawer.open_drawer()
        out.write("ドロアを開けました / drawer opened\n")
        return 0
    except DeviceError as error:
        out.write(f"ドロアを開けられません / cannot open the drawer: {error} [{error.code.value}]\n")
        return 1
    finally:
        manager.close()


def _monitor_scans(config: DevicesConfig, args: argparse.Namespace, out: TextIO) -> int:
    manager = DeviceManager(config)
    done = threading.Event()

    def show(event: DeviceEvent) -> None:
        if isinstance(event, DataEvent):
            price = f" price ¥{event.embedded_price:,}" if event.embedded_price is not None else ""
            item = f" item {event.item_code}" if event.item_code else ""
            out.write(f"{event.symbology}\t{event.data}{item}{price}\n")
            out.flush()
        elif isinstance(event, ErrorEvent):
            out.write(f"エラー / error: {event.message}\n")
            out.flush()

    manager.add_listener(show)
    try:
        manager.start()
        if manager.scanner is None:
            out.write("スキャナが設定されていません / no scanner is configured\n")
            return 1
        out.write(f"スキャン待ち / waiting for scans on {manager.scanner.location} (Ctrl+C to stop)\n")
        out.flush()
        with contextlib.suppress(KeyboardInterrupt):
            done.wait(args.seconds if args.seconds > 0 else None)
        return 0
    finally:
        manager.close()
