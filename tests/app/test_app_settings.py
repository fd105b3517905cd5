"""The settings screen's device and store-tier sections, against the real embedded backend
with a real TOML config file."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit

from terminal_app.controller import TerminalApp
from terminal_app.i18n import LanguageManager
from terminal_app.screens.device_settings import DeviceSettingsBox
from terminal_app.screens.store_tier_settings import StoreTierBox
from tests.app.conftest import CASHIER, SUPERVISOR, open_terminal, sign_in, wait_idle
from tests.conftest import FixedClock, make_settings
from tests.support.servers import RunningServer, start_ferretdb

# ESC @ (initialise), ESC R 8 (Japan set), ESC $ 1 (Shift_JIS Kanji mode): a Star job's start.
STAR_START = b"\x1b@\x1bR\x08\x1b$\x01"
SPOOLER_STATUS_OFF_WINDOWS = (
    "未接続 (printer (EPSON TM-m30III レジ2): Windows のプリンタースプーラーは Windows でのみ使えます。"
    "transport を serial、network または usb に変更してください。"
    " / The windows_spooler transport works only on Windows: set transport to serial, network or usb.)"
)
CONFIG_TEXT = """\
# Register 3, next to the entrance.
[devices.printer]
dialect = "epson_jp"
"""


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "openregi.toml"
    path.write_text(CONFIG_TEXT, encoding="utf-8")
    return path


def start_with_config(
    qtbot: Any, data_dir: Path, config_file: Path, languages: LanguageManager
) -> TerminalApp:
    settings = make_settings(data_dir, config_file=config_file)
    terminal = TerminalApp(settings, languages, clock=FixedClock())
    terminal.start()
    qtbot.waitUntil(lambda: terminal.is_ready or terminal.failure is not None, timeout=30_000)
    assert terminal.failure is None, terminal.failure
    return terminal


def open_settings(qtbot: Any, terminal: TerminalApp, staff: tuple[str, str]) -> Any:
    """Sign in, open the terminal and show the settings screen with its values loaded."""
    assert terminal.navigator is not None and terminal.window is not None
    sign_in(qtbot, terminal, staff)
    open_terminal(qtbot, terminal)
    flows = terminal.navigator.flows
    terminal.window.show_screen("menu")
    flows.menu.buttons["settings"].click()
    qtbot.waitUntil(lambda: terminal.window.current_name == "settings")
    screen = flows.settings
    qtbot.waitUntil(lambda: screen.device_box.save_button.isEnabled(), timeout=10_000)
    qtbot.waitUntil(lambda: screen.sync_box.save_button.isEnabled(), timeout=10_000)
    wait_idle(qtbot, terminal)
    return screen


@pytest.fixture
def terminal(
    qtbot: Any, tmp_path: Path, config_file: Path, languages: LanguageManager
) -> Iterator[TerminalApp]:
    """The app on a fresh demo store, configured by ``config_file``, at its first screen."""
    app = start_with_config(qtbot, tmp_path / "data", config_file, languages)
    yield app
    if app.window is not None:
        app.window.close()
    app.stop()


def choose(combo: Any, value: str) -> None:
    assert isinstance(combo, QComboBox)
    index = combo.findData(value)
    assert index >= 0, f"{value} is not a choice"
    combo.setCurrentIndex(index)


def combo_box(devices: DeviceSettingsBox, key: str) -> QComboBox:
    widget = devices.widgets[key]
    assert isinstance(widget, QComboBox), f"{key} is not a combo box"
    return widget


def line_edit(devices: DeviceSettingsBox, key: str) -> QLineEdit:
    widget = devices.widgets[key]
    assert isinstance(widget, QLineEdit), f"{key} is not a text field"
    return widget


def printer_model(terminal: TerminalApp) -> Any:
    services = terminal.launcher.server.services
    return services.extra["devices"].manager.printer.model


def test_star_dialect_prints_star_test_page(qtbot: Any, terminal: TerminalApp, config_file: Path):
    screen = open_settings(qtbot, terminal, SUPERVISOR)
    devices: DeviceSettingsBox = screen.device_box
    assert combo_box(devices, "printer.dialect").currentData() == "epson_jp"
    assert devices.status_labels["printer"].text() == "使用可能"

    choose(devices.widgets["printer.dialect"], "starprnt")
    devices.save_button.click()
    wait_idle(qtbot, terminal)

    assert terminal.ctx is not None
    banner = terminal.ctx.errors.banner
    assert banner is not None
    assert banner.text() == "機器設定を保存し、機器を再起動しました。"
    stored = tomllib.loads(config_file.read_text(encoding="utf-8"))
    assert stored["devices"] == {"printer": {"dialect": "starprnt"}}
    assert config_file.read_text(encoding="utf-8").startswith("# Register 3, next to the entrance.\n")

    model = printer_model(terminal)
    assert model.jobs == []
    devices.test_buttons["printer"].click()
    wait_idle(qtbot, terminal)
    qtbot.waitUntil(lambda: len(model.complete_jobs) == 1, timeout=10_000)
    assert model.complete_jobs[0].startswith(STAR_START)
    assert banner.text() == "テストページをプリンタに送りました。"


def test_bad_baud_shows_error(qtbot: Any, terminal: TerminalApp, config_file: Path):
    screen = open_settings(qtbot, terminal, SUPERVISOR)
    devices: DeviceSettingsBox = screen.device_box
    printer_before = printer_model(terminal)

    choose(devices.widgets["printer.transport"], "serial")
    line_edit(devices, "printer.serial.port").setText("/dev/ttyUSB9")
    combo_box(devices, "printer.serial.baud").setCurrentText("300")
    devices.save_button.click()
    wait_idle(qtbot, terminal)

    assert terminal.ctx is not None
    error = terminal.ctx.errors.last_error
    assert error is not None
    assert error.code == "settings_invalid"
    banner = terminal.ctx.errors.banner
    assert banner is not None
    assert banner.primary.text().startswith("設定が正しくありません: printer.serial.baud")
    assert "Invalid settings: printer.serial.baud" in banner.secondary.text()
    assert config_file.read_text(encoding="utf-8") == CONFIG_TEXT
    assert printer_model(terminal) is printer_before


def test_cashier_cannot_save_devices(qtbot: Any, terminal: TerminalApp, config_file: Path):
    screen = open_settings(qtbot, terminal, CASHIER)
    devices: DeviceSettingsBox = screen.device_box

    choose(devices.widgets["printer.dialect"], "star_line")
    devices.save_button.click()
    wait_idle(qtbot, terminal)

    assert terminal.ctx is not None and terminal.navigator is not None
    error = terminal.ctx.errors.last_error
    assert error is not None
    assert error.code == "permission_required"
    assert terminal.navigator.approval_dialog is None
    assert config_file.read_text(encoding="utf-8") == CONFIG_TEXT


def test_drawer_and_display_test_buttons(qtbot: Any, terminal: TerminalApp):
    screen = open_settings(qtbot, terminal, SUPERVISOR)
    devices: DeviceSettingsBox = screen.device_box
    services = terminal.launcher.server.services
    manager = services.extra["devices"].manager
    kicks_before = manager.drawer.mechanism.kick_count

    devices.test_buttons["drawer"].click()
    wait_idle(qtbot, terminal)
    assert manager.drawer.mechanism.kick_count == kicks_before + 1

    devices.test_buttons["display"].click()
    wait_idle(qtbot, terminal)
    assert list(manager.display.lines) == ["ｵｰﾌﾟﾝﾚｼﾞ ﾃｽﾄ", "¥1,080"]

    devices.test_buttons["scanner"].click()
    wait_idle(qtbot, terminal)
    assert devices.status_labels["scanner"].text() == "使用可能"


@pytest.fixture
def ferretdb(tmp_path: Path) -> Iterator[RunningServer]:
    server = start_ferretdb(tmp_path / "ferretdb")
    yield server
    server.stop()


def test_store_server_saved_and_tested(
    qtbot: Any, terminal: TerminalApp, config_file: Path, ferretdb: RunningServer
):
    screen = open_settings(qtbot, terminal, SUPERVISOR)
    store_tier: StoreTierBox = screen.sync_box
    assert store_tier.state.text() == "未設定: このレジ単独で動作しています。"

    store_tier.url.setText(ferretdb.uri)
    store_tier.database.setText("openregi_app_test")
    store_tier.save_button.click()
    wait_idle(qtbot, terminal)

    assert store_tier.result.text() == "設定を保存し、反映しました。"
    stored = tomllib.loads(config_file.read_text(encoding="utf-8"))
    assert stored["mongo"] == {"url": ferretdb.uri, "database": "openregi_app_test"}
    assert stored["devices"] == {"printer": {"dialect": "epson_jp"}}

    store_tier.test_button.click()
    qtbot.waitUntil(lambda: store_tier.result.text().startswith("接続できました"), timeout=10_000)


def test_windows_spooler_saved_with_name(qtbot: Any, terminal: TerminalApp, config_file: Path):
    screen = open_settings(qtbot, terminal, SUPERVISOR)
    devices: DeviceSettingsBox = screen.device_box
    transport = combo_box(devices, "printer.transport")
    name_field = line_edit(devices, "printer.windows_printer")
    printer_form = devices.forms["printer"]
    assert not printer_form.isRowVisible(name_field)

    choose(transport, "windows_spooler")
    assert transport.currentText() == "Windows プリンタ（スプーラー）"
    assert printer_form.isRowVisible(name_field)
    assert not printer_form.isRowVisible(devices.widgets["printer.path"])
    assert not printer_form.isRowVisible(devices.widgets["printer.serial.port"])
    assert not printer_form.isRowVisible(devices.widgets["printer.host"])
    assert devices.captions["printer.windows_printer"].text() == "Windows のプリンタ名"
    name_field.setText("EPSON TM-m30III レジ2")
    devices.save_button.click()
    wait_idle(qtbot, terminal)

    assert terminal.ctx is not None
    assert terminal.ctx.errors.last_error is None
    config = terminal.ctx.client.get("/devices/config")  # GET /api/v1/devices/config
    assert config["printer"]["transport"] == "windows_spooler"
    assert config["printer"]["windows_printer"] == "EPSON TM-m30III レジ2"
    stored = tomllib.loads(config_file.read_text(encoding="utf-8"))
    assert stored["devices"]["printer"]["transport"] == "windows_spooler"
    assert stored["devices"]["printer"]["windows_printer"] == "EPSON TM-m30III レジ2"
    assert name_field.text() == "EPSON TM-m30III レジ2"

    def check_status_off_windows() -> None:
        assert devices.status_labels["printer"].text() == SPOOLER_STATUS_OFF_WINDOWS

    # Off Windows the backend keeps the saved spooler printer closed and the screen shows why.
    if sys.platform != "win32":
        qtbot.waitUntil(check_status_off_windows)


def test_usb_ids_saved_from_hexadecimal(qtbot: Any, terminal: TerminalApp, config_file: Path):
    screen = open_settings(qtbot, terminal, SUPERVISOR)
    devices: DeviceSettingsBox = screen.device_box
    vendor = line_edit(devices, "printer.usb_vendor_id")
    product = line_edit(devices, "printer.usb_product_id")
    printer_form = devices.forms["printer"]
    assert not printer_form.isRowVisible(vendor)

    choose(combo_box(devices, "printer.transport"), "usb")
    assert printer_form.isRowVisible(vendor)
    assert printer_form.isRowVisible(product)
    assert devices.captions["printer.usb_vendor_id"].text() == "USB ベンダー ID（16 進数）"
    vendor.setText("04b8")
    product.setText("0x0E28")
    devices.save_button.click()
    wait_idle(qtbot, terminal)

    assert terminal.ctx is not None
    assert terminal.ctx.errors.last_error is None
    config = terminal.ctx.client.get("/devices/config")
    assert config["printer"]["transport"] == "usb"
    assert config["printer"]["usb_vendor_id"] == 0x04B8
    assert config["printer"]["usb_product_id"] == 0x0E28
    stored = tomllib.loads(config_file.read_text(encoding="utf-8"))
    assert stored["devices"]["printer"]["usb_vendor_id"] == 1208
    assert vendor.text() == "0x04B8"
    assert product.text() == "0x0E28"
