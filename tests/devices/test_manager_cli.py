"""DeviceManager with the simulator defaults, a TOML configuration, and the CLI."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from backend.domain.receipt import ReceiptDocument, Text
from devices import cli
from devices.config import DevicesConfig, DrawerConnection, PrinterDialect, load_devices_config
from devices.events import DataEvent, OutputCompleteEvent
from devices.manager import DeviceManager
from devices.simulators import SimulatedPrinter


def test_default_manager_runs_on_simulators():
    manager = DeviceManager()
    events = []
    manager.add_listener(events.append)
    manager.start()
    try:
        manager.printer.print_document(ReceiptDocument((Text("テスト"),)), job_id="j1")
        manager.scanner.type_code("4901234567894")  # type: ignore[union-attr]
        manager.display.show_total(1080)
        manager.drawer.open_drawer()
        status = manager.status()
    finally:
        manager.close()

    assert [event.job_id for event in events if isinstance(event, OutputCompleteEvent)] == ["j1"]
    assert [event.data for event in events if isinstance(event, DataEvent)] == ["4901234567894"]
    assert {name: entry["state"] for name, entry in status.items()} == {
        "printer": "enabled", "drawer": "enabled", "scanner": "enabled", "display": "enabled",
    }
    assert all(device.state.value == "closed" for device in manager.devices)


def test_drawer_via_simulated_printer():
    config = DevicesConfig.model_validate({"drawer": {"connection": "via_printer"}})
    manager = DeviceManager(config)
    manager.start()
    try:
        manager.drawer.open_drawer()
        is_open = manager.drawer.is_open()
    finally:
        manager.close()

    assert isinstance(manager.printer, SimulatedPrinter)
    assert manager.printer.model.kicks == [b"\x1bp\x00\x32\x64"]
    assert is_open is True


def test_missing_serial_port_is_reported_not_raised():
    config = DevicesConfig.model_validate({"scanner": {"connection": "serial", "serial": {"port": None}}})
    manager = DeviceManager(config)
    manager.start()

    status = manager.status()

    assert manager.scanner is None
    assert "no serial port is configured" in str(status["scanner"]["error"])
    manager.close()


def test_load_toml_config(tmp_path):
    path = tmp_path / "devices.toml"
    path.write_text(
        '[devices.printer]\ndialect = "star_line"\npaper_mm = 58\ncolumns = 32\n'
        '[devices.drawer]\nconnection = "via_printer"\nopen_alarm_s = 60\n',
        encoding="utf-8",
    )

    config = load_devices_config(path)

    assert config.printer.dialect is PrinterDialect.STAR_LINE
    assert config.printer.columns == 32
    assert config.drawer.connection is DrawerConnection.VIA_PRINTER
    assert config.drawer.open_alarm_s == 60


def test_columns_must_fit_paper():
    with pytest.raises(ValueError, match="58 mm paper takes 32 columns"):
        DevicesConfig.model_validate({"printer": {"paper_mm": 58, "columns": 48}})


def _run_cli(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="openregi")
    cli.add_parser(parser.add_subparsers(dest="command"))
    out = io.StringIO()
    code = cli.run(parser.parse_args(list(argv)), out)
    return code, out.getvalue()


def test_cli_test_print_writes_simulator_output(tmp_path):
    code, output = _run_cli("devices", "test-print", "--output", str(tmp_path))

    assert code == 0
    assert "test page sent" in output
    assert (tmp_path / "receipt-0001.png").is_file()
    text = (tmp_path / "receipt-0001.txt").read_text(encoding="utf-8")
    assert "半角ｶﾅ: ｺｰﾋｰ ｵﾆｷﾞﾘ" in text
    assert "[CODE128 OPENREGI-0001]" in text
    assert "[JAN13 4901234567894]" in text


def test_cli_status_prints_json():
    code, output = _run_cli("devices", "status")

    report = json.loads(output)
    assert code == 0
    assert report["devices"]["printer"]["printer_status"]["online"] is True
    assert report["config"]["printer"]["dialect"] == "epson_jp"


def test_cli_bad_config_path_exits_2(tmp_path):
    code, output = _run_cli("devices", "status", "--config", str(tmp_path / "missing.toml"))

    assert code == 2
    assert "cannot load device configuration" in output


def test_cli_open_drawer():
    code, output = _run_cli("devices", "open-drawer")

    assert code == 0
    assert "drawer opened" in output


def test_cli_ports_lists_without_error():
    code, _ = _run_cli("devices", "ports")

    assert code == 0
