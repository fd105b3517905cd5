"""The device part of the settings screen: per-device fields, a test button per device and Save.

The fields edit a copy of the configuration from GET /devices/config, and Save sends the
whole copy to PUT /devices/config. Fields this form does not show (timeouts, Kanji ranges,
in-store code rules) keep the values the backend sent. The backend validates the
configuration, and a rejected one is shown by the error presenter with nothing saved.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal_app import api
from terminal_app.client import BackendClient
from terminal_app.context import AppContext
from terminal_app.operations import Operation

Json = dict[str, Any]

DEVICES = ("printer", "drawer", "scanner", "display")
COMMON_BAUD_RATES = ("9600", "19200", "38400", "57600", "115200")


@dataclass(frozen=True)
class DeviceField:
    """One editable value of a device table, such as ``serial.port`` of the printer."""

    device: str
    path: tuple[str, ...]
    kind: str  # "bool", "choice", "text" (empty means unset), "number" or "hex" (a USB id)
    choices: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return ".".join((self.device, *self.path))


FIELDS: tuple[DeviceField, ...] = (
    DeviceField("printer", ("enabled",), "bool"),
    DeviceField("printer", ("dialect",), "choice", ("epson_jp", "epson", "star_line", "starprnt", "text")),
    DeviceField(
        "printer",
        ("transport",),
        "choice",
        ("simulator", "serial", "network", "usb", "file", "windows_spooler"),
    ),
    DeviceField("printer", ("serial", "port"), "text"),
    DeviceField("printer", ("serial", "baud"), "number", COMMON_BAUD_RATES),
    DeviceField("printer", ("serial", "flow_control"), "choice", ("none", "rtscts", "dsrdtr", "xonxoff")),
    DeviceField("printer", ("host",), "text"),
    DeviceField("printer", ("tcp_port",), "number"),
    DeviceField("printer", ("path",), "text"),
    DeviceField("printer", ("windows_printer",), "text"),
    DeviceField("printer", ("usb_vendor_id",), "hex"),
    DeviceField("printer", ("usb_product_id",), "hex"),
    DeviceField("printer", ("paper_mm",), "choice", ("80", "58")),
    DeviceField("printer", ("columns",), "choice", ("48", "42", "32")),
    DeviceField("printer", ("cut",), "choice", ("partial", "full")),
    DeviceField("drawer", ("enabled",), "bool"),
    DeviceField("drawer", ("connection",), "choice", ("simulator", "via_printer", "serial")),
    DeviceField("drawer", ("serial", "port"), "text"),
    DeviceField("drawer", ("sensor_polarity",), "choice", ("open_high", "open_low")),
    DeviceField("drawer", ("open_alarm_s",), "number"),
    DeviceField("scanner", ("enabled",), "bool"),
    DeviceField("scanner", ("connection",), "choice", ("simulator", "serial", "wedge")),
    DeviceField("scanner", ("serial", "port"), "text"),
    DeviceField("scanner", ("serial", "baud"), "number", COMMON_BAUD_RATES),
    DeviceField("scanner", ("suffix",), "choice", ("CR", "LF", "CRLF", "ETX")),
    DeviceField("display", ("enabled",), "bool"),
    DeviceField("display", ("connection",), "choice", ("simulator", "serial")),
    DeviceField("display", ("serial", "port"), "text"),
    DeviceField("display", ("serial", "baud"), "number", COMMON_BAUD_RATES),
)

# Choices whose value is a number in the configuration.
NUMERIC_CHOICES = frozenset({"printer.paper_mm", "printer.columns"})

# Fields shown only for some connections: field key -> (the connection field, its values).
SHOWN_FOR: dict[str, tuple[str, frozenset[str]]] = {
    "printer.serial.port": ("printer.transport", frozenset({"serial"})),
    "printer.serial.baud": ("printer.transport", frozenset({"serial"})),
    "printer.serial.flow_control": ("printer.transport", frozenset({"serial"})),
    "printer.host": ("printer.transport", frozenset({"network"})),
    "printer.tcp_port": ("printer.transport", frozenset({"network"})),
    "printer.path": ("printer.transport", frozenset({"file"})),
    "printer.windows_printer": ("printer.transport", frozenset({"windows_spooler"})),
    "printer.usb_vendor_id": ("printer.transport", frozenset({"usb"})),
    "printer.usb_product_id": ("printer.transport", frozenset({"usb"})),
    "drawer.serial.port": ("drawer.connection", frozenset({"serial"})),
    "scanner.serial.port": ("scanner.connection", frozenset({"serial"})),
    "scanner.serial.baud": ("scanner.connection", frozenset({"serial"})),
    "scanner.suffix": ("scanner.connection", frozenset({"serial"})),
    "display.serial.port": ("display.connection", frozenset({"serial"})),
    "display.serial.baud": ("display.connection", frozenset({"serial"})),
}


def _get(table: Json, path: tuple[str, ...]) -> Any:
    value: Any = table
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _set(table: Json, path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        table = table.setdefault(part, {})
    table[path[-1]] = value


def _hex_or_text(text: str) -> Any:
    """Return a USB id typed in hexadecimal ("04b8" or "0x04B8") as a number, None when
    empty, or the text itself so the backend names the invalid value."""
    stripped = text.strip()
    if not stripped:
        return None
    try:
        return int(stripped.removeprefix("0x").removeprefix("0X"), 16)
    except ValueError:
        return stripped


def _number_or_text(text: str) -> Any:
    """Return the typed number, or the text itself so the backend names the invalid value."""
    stripped = text.strip()
    for kind in (int, float):
        try:
            return kind(stripped)
        except ValueError:
            continue
    return stripped


class DeviceSettingsBox(QGroupBox):
    """Device configuration fields, with a test button and a status line per device."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.config: Json = {}
        self.widgets: dict[str, QCheckBox | QComboBox | QLineEdit] = {}
        self.captions: dict[str, QLabel] = {}
        self.groups: dict[str, QGroupBox] = {}
        self.forms: dict[str, QFormLayout] = {}
        self.status_labels: dict[str, QLabel] = {}
        self.test_buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        for device in DEVICES:
            group = QGroupBox(self)
            form = QFormLayout(group)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            status = QLabel(group)
            status.setWordWrap(True)
            test = QPushButton(group)
            test.clicked.connect(lambda _checked=False, name=device: self.test_device(name))
            row = QHBoxLayout()
            row.addWidget(status, 1)
            row.addWidget(test)
            form.addRow(row)
            self.groups[device] = group
            self.forms[device] = form
            self.status_labels[device] = status
            self.test_buttons[device] = test
            layout.addWidget(group)
        for field in FIELDS:
            self._add_field(field)
        for connection_key in {connection for connection, _values in SHOWN_FOR.values()}:
            combo = self.widgets[connection_key]
            assert isinstance(combo, QComboBox)
            combo.currentIndexChanged.connect(self._show_connection_fields)
        self._show_connection_fields()

        self.save_button = QPushButton(self)
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        self.held_button = QPushButton(self)
        self.held_button.clicked.connect(self.retry_print_jobs)
        buttons = QHBoxLayout()
        buttons.addWidget(self.held_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.retranslate()

    def _add_field(self, field: DeviceField) -> None:
        group = self.groups[field.device]
        widget: QCheckBox | QComboBox | QLineEdit
        if field.kind == "bool":
            widget = QCheckBox(group)
        elif field.kind == "choice":
            widget = QComboBox(group)
            for value in field.choices:
                widget.addItem(value, value)
        elif field.kind == "number" and field.choices:
            widget = QComboBox(group)
            widget.setEditable(True)
            widget.addItems(list(field.choices))
        else:
            widget = QLineEdit(group)
        caption = QLabel(group)
        self.widgets[field.key] = widget
        self.captions[field.key] = caption
        self.forms[field.device].addRow(caption, widget)

    def _show_connection_fields(self) -> None:
        """Show the port, address or path fields of the chosen connection only."""
        for key, (connection_key, values) in SHOWN_FOR.items():
            combo = self.widgets[connection_key]
            assert isinstance(combo, QComboBox)
            device = key.split(".", 1)[0]
            self.forms[device].setRowVisible(self.widgets[key], combo.currentData() in values)

    # ----- texts -----

    def retranslate(self) -> None:
        self.setTitle(self.tr("Devices"))
        titles = {
            "printer": self.tr("Receipt printer"),
            "drawer": self.tr("Cash drawer"),
            "scanner": self.tr("Scanner"),
            "display": self.tr("Customer display"),
        }
        tests = {
            "printer": self.tr("Print test page"),
            "drawer": self.tr("Open drawer"),
            "scanner": self.tr("Check status"),
            "display": self.tr("Show test message"),
        }
        for device in DEVICES:
            self.groups[device].setTitle(titles[device])
            self.test_buttons[device].setText(tests[device])
        captions = self.field_captions()
        names = self.choice_names()
        for field in FIELDS:
            self.captions[field.key].setText(captions[field.path[-1]])
            widget = self.widgets[field.key]
            if field.kind == "choice" and isinstance(widget, QComboBox):
                for index in range(widget.count()):
                    value = str(widget.itemData(index))
                    widget.setItemText(index, names.get(value, value))
            if isinstance(widget, QCheckBox):
                widget.setText(self.tr("Use this device"))
        self.save_button.setText(self.tr("Save device settings"))
        self.held_button.setText(self.tr("Print held receipts again"))

    def field_captions(self) -> dict[str, str]:
        return {
            "enabled": "",
            "dialect": self.tr("Command set"),
            "transport": self.tr("Connection"),
            "connection": self.tr("Connection"),
            "port": self.tr("Serial port"),
            "baud": self.tr("Baud rate"),
            "flow_control": self.tr("Flow control"),
            "host": self.tr("Network address"),
            "tcp_port": self.tr("Network port"),
            "path": self.tr("Device file"),
            "windows_printer": self.tr("Printer name in Windows"),
            "usb_vendor_id": self.tr("USB vendor ID (hexadecimal)"),
            "usb_product_id": self.tr("USB product ID (hexadecimal)"),
            "paper_mm": self.tr("Paper width (mm)"),
            "columns": self.tr("Characters per line"),
            "cut": self.tr("Paper cut"),
            "sensor_polarity": self.tr("Drawer sensor"),
            "open_alarm_s": self.tr("Open-drawer alarm (seconds, 0 = off)"),
            "suffix": self.tr("End of barcode"),
        }

    def choice_names(self) -> dict[str, str]:
        return {
            "epson_jp": self.tr("Epson ESC/POS, Japanese model"),
            "epson": self.tr("Epson ESC/POS, other models"),
            "star_line": self.tr("Star Line mode"),
            "starprnt": self.tr("StarPRNT"),
            "text": self.tr("Plain text"),
            "simulator": self.tr("Simulator (no hardware)"),
            "serial": self.tr("Serial port"),
            "network": self.tr("Network (LAN)"),
            "usb": self.tr("USB"),
            "file": self.tr("Device file"),
            "windows_spooler": self.tr("Windows printer (spooler)"),
            "via_printer": self.tr("Through the printer"),
            "wedge": self.tr("Keyboard (wedge)"),
            "none": self.tr("None"),
            "rtscts": self.tr("RTS/CTS"),
            "dsrdtr": self.tr("DSR/DTR"),
            "xonxoff": self.tr("XON/XOFF"),
            "partial": self.tr("Partial cut"),
            "full": self.tr("Full cut"),
            "open_high": self.tr("Open when the signal is high"),
            "open_low": self.tr("Open when the signal is low"),
            "80": self.tr("80 mm"),
            "58": self.tr("58 mm"),
            "48": "48",
            "42": "42",
            "32": "32",
            "CR": "CR",
            "LF": "LF",
            "CRLF": "CR LF",
            "ETX": "ETX",
        }

    # ----- loading and saving -----

    def load(self) -> None:
        self.ctx.runner.run(Operation(api.device_config, self.show_config, label="load device config"))
        self.refresh_status()

    def refresh_status(self) -> None:
        self.ctx.runner.run(Operation(api.device_status, self.show_status, lambda _error: None))

    def show_config(self, config: Json) -> None:
        self.config = copy.deepcopy(config)
        for field in FIELDS:
            value = _get(config, (field.device, *field.path))
            widget = self.widgets[field.key]
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox) and not widget.isEditable():
                index = widget.findData(str(value))
                widget.setCurrentIndex(max(index, 0))
            elif isinstance(widget, QComboBox):
                widget.setCurrentText("" if value is None else str(value))
            elif field.kind == "hex":
                widget.setText("" if value is None else f"0x{int(value):04X}")
            else:
                widget.setText("" if value is None else str(value))
        self.save_button.setEnabled(True)

    def edited_config(self) -> Json:
        """Return the loaded configuration with the values of the fields on screen."""
        config = copy.deepcopy(self.config)
        for field in FIELDS:
            widget = self.widgets[field.key]
            value: Any
            if isinstance(widget, QCheckBox):
                value = widget.isChecked()
            elif isinstance(widget, QComboBox) and not widget.isEditable():
                value = widget.currentData()
                if field.key in NUMERIC_CHOICES:
                    value = int(value)
            elif isinstance(widget, QComboBox):
                value = _number_or_text(widget.currentText())
            elif field.kind == "number":
                value = _number_or_text(widget.text())
            elif field.kind == "hex":
                value = _hex_or_text(widget.text())
            else:
                value = widget.text().strip() or None
            _set(config, (field.device, *field.path), value)
        return config

    def save(self) -> None:
        body = self.edited_config()

        def saved(config: Json) -> None:
            self.show_config(config)
            self.refresh_status()
            self.ctx.errors.show_notice(self.tr("Device settings saved. The devices were restarted."))

        self.ctx.runner.run_serial(
            Operation(
                lambda client: api.save_device_config(client, body),
                saved,
                label="save device config",
                approvable=False,
            )
        )

    # ----- status and tests -----

    def show_status(self, status: Json) -> None:
        devices = status.get("devices", {})
        for device in DEVICES:
            entry = devices.get(device)
            label = self.status_labels[device]
            if not isinstance(entry, dict):
                label.setText(self.tr("Not in use"))
                continue
            text = self.state_name(str(entry.get("state", "")))
            error = entry.get("error")
            label.setText(f"{text} ({error})" if error else text)

    def state_name(self, state: str) -> str:
        states = {
            "enabled": self.tr("Ready"),
            "disabled": self.tr("Disabled"),
            "closed": self.tr("Not connected"),
            "opened": self.tr("Opened, not enabled"),
            "claimed": self.tr("Claimed, not enabled"),
            "error": self.tr("Error"),
        }
        return states.get(state, state)

    def test_device(self, device: str) -> None:
        if device == "scanner":
            self.refresh_status()
            return
        requests: dict[str, Callable[[BackendClient], Json]] = {
            "printer": api.printer_test_page,
            "drawer": api.drawer_test,
            "display": api.display_test,
        }
        notices = {
            "printer": self.tr("Test page sent to the printer."),
            "drawer": self.tr("The drawer was opened."),
            "display": self.tr("Test message shown on the customer display."),
        }

        def done(_result: Json) -> None:
            self.ctx.errors.show_notice(notices[device])
            self.refresh_status()

        self.ctx.runner.run_serial(
            Operation(requests[device], done, label=f"test {device}", approvable=False)
        )

    def retry_print_jobs(self) -> None:
        def retry_all(client: BackendClient) -> int:
            jobs = api.print_jobs(client)
            for job in jobs.get("held", []):
                api.retry_print_job(client, int(job["id"]))
            return len(jobs.get("held", []))

        self.ctx.runner.run_serial(
            Operation(
                retry_all,
                lambda count: self.ctx.errors.show_notice(
                    self.tr("%1 held receipts sent to the printer again.").replace("%1", str(count))
                ),
                label="retry print jobs",
            )
        )
