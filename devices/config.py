"""Device configuration as pydantic models, loadable from a TOML file.

Every device defaults to its simulator, so ``DevicesConfig()`` runs with no hardware.
A TOML file has one table per device (``[printer]``, ``[drawer]``, ``[scanner]``,
``[display]``), optionally nested under ``[devices]``. Times are in seconds unless the
field name says ``_ms``.
"""

from __future__ import annotations

import enum
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class PrinterDialect(enum.StrEnum):
    EPSON_JP = "epson_jp"  # ESC/POS on a Japanese-model Epson TM: Kanji mode, CP932
    EPSON = "epson"  # ESC/POS on a non-Japanese model: one single-byte code page
    STAR_LINE = "star_line"  # Star Line mode
    STARPRNT = "starprnt"  # StarPRNT mode
    TEXT = "text"  # plain text, for a journal file or a printer in text mode


class TransportKind(enum.StrEnum):
    SIMULATOR = "simulator"
    SERIAL = "serial"
    NETWORK = "network"
    USB = "usb"
    FILE = "file"
    WINDOWS_SPOOLER = "windows_spooler"  # raw jobs through the Windows print spooler


class FlowControl(enum.StrEnum):
    NONE = "none"
    RTSCTS = "rtscts"
    DSRDTR = "dsrdtr"
    XONXOFF = "xonxoff"


class StatusMode(enum.StrEnum):
    POLL = "poll"  # ask with DLE EOT (Epson) or ESC ACK SOH (Star) before each job
    AUTO_STATUS_BACK = "auto_status_back"  # the printer sends status changes (GS a)
    NONE = "none"  # one-way link (file, some USB): no status, faults go unnoticed


class KanjiRange(enum.StrEnum):
    """Double-byte Shift_JIS areas a printer model may have glyphs for."""

    JIS_X0208 = "jis_x0208"  # rows 1-84 of JIS X 0208: 0x8140-0x84BE, 0x889F-0xEAA4
    NEC_SPECIAL = "nec_special"  # NEC row 13 (circled digits, units): 0x8740-0x879C
    NEC_IBM_EXTENSION = "nec_ibm_extension"  # NEC-selected IBM extension: 0xED40-0xEEFC
    IBM_EXTENSION = "ibm_extension"  # IBM extension kanji (髙, 﨑): 0xFA40-0xFC4B
    USER_DEFINED = "user_defined"  # user-defined characters: 0xF040-0xF9FC


class CutMode(enum.StrEnum):
    FULL = "full"
    PARTIAL = "partial"


class DrawerConnection(enum.StrEnum):
    SIMULATOR = "simulator"
    VIA_PRINTER = "via_printer"  # kicked through the printer's drawer port
    SERIAL = "serial"  # its own serial trigger


class SensorPolarity(enum.StrEnum):
    """Sensor signal level that means the drawer is open (it depends on the drawer)."""

    OPEN_HIGH = "open_high"
    OPEN_LOW = "open_low"


class SerialSensorLine(enum.StrEnum):
    NONE = "none"
    CTS = "cts"
    DSR = "dsr"
    CD = "cd"


class ScannerConnection(enum.StrEnum):
    SIMULATOR = "simulator"
    SERIAL = "serial"
    WEDGE = "wedge"  # keyboard wedge: the Qt app feeds keys to devices.wedge


class FrameSuffix(enum.StrEnum):
    CR = "CR"
    LF = "LF"
    CRLF = "CRLF"
    ETX = "ETX"

    @property
    def terminator(self) -> bytes:
        return {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n", "ETX": b"\x03"}[self.value]


class DisplayConnection(enum.StrEnum):
    SIMULATOR = "simulator"
    SERIAL = "serial"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class SerialSettings(_Model):
    """Port settings; the frame is always 8 data bits, no parity, 1 stop bit (8N1)."""

    port: str | None = None  # /dev/ttyUSB0, /dev/ttyS0 or COM3
    baud: int = Field(default=9600, ge=1200, le=921600)
    flow_control: FlowControl = FlowControl.NONE


class PrinterConfig(_Model):
    enabled: bool = True
    name: str = "printer"
    dialect: PrinterDialect = PrinterDialect.EPSON_JP
    transport: TransportKind = TransportKind.SIMULATOR
    serial: SerialSettings = SerialSettings(baud=38400, flow_control=FlowControl.DSRDTR)
    path: str | None = None  # file transport: /dev/usb/lp0
    windows_printer: str | None = None  # windows_spooler transport: the printer name in Windows
    host: str = "127.0.0.1"
    tcp_port: int = Field(default=9100, ge=1, le=65535)
    usb_vendor_id: int | None = Field(default=None, ge=0, le=0xFFFF)
    usb_product_id: int | None = Field(default=None, ge=0, le=0xFFFF)
    columns: Literal[32, 42, 48] = 48
    paper_mm: Literal[58, 80] = 80
    cut: CutMode = CutMode.PARTIAL
    drawer_pin: Literal[2, 5] = 2
    drawer_on_ms: int = Field(default=100, ge=2, le=1270)
    drawer_off_ms: int = Field(default=200, ge=2, le=1270)
    status_mode: StatusMode = StatusMode.POLL
    write_timeout_s: float = Field(default=10.0, gt=0)
    status_timeout_s: float = Field(default=1.0, gt=0)
    # NOTE: the printable Kanji areas differ by model; check the model's character table
    # and set this list. The default assumes JIS X 0208 plus NEC row 13 and IBM kanji.
    kanji_ranges: tuple[KanjiRange, ...] = (
        KanjiRange.JIS_X0208,
        KanjiRange.NEC_SPECIAL,
        KanjiRange.IBM_EXTENSION,
    )
    code_page: Literal["cp437", "cp850", "cp858", "cp1252"] = "cp437"  # dialect epson
    wide_substitute: str = "〓"  # for an unprintable character two columns wide
    narrow_substitute: str = "?"  # for an unprintable character one column wide
    logo_path: str | None = None  # PNG; default: resources/receipt_logo.png or built-in
    simulator_output_dir: str | None = None  # simulator writes .bin, .txt and .png here

    @field_validator("wide_substitute")
    @classmethod
    def _check_wide_substitute(cls, value: str) -> str:
        if len(value) != 1 or len(value.encode("cp932", errors="replace")) != 2:
            raise ValueError("wide_substitute must be one full-width CP932 character")
        return value

    @field_validator("narrow_substitute")
    @classmethod
    def _check_narrow_substitute(cls, value: str) -> str:
        if len(value) != 1 or not (0x20 <= ord(value) < 0x7F):
            raise ValueError("narrow_substitute must be one printable ASCII character")
        return value

    @model_validator(mode="after")
    def _check_columns_fit_paper(self) -> PrinterConfig:
        if self.paper_mm == 58 and self.columns != 32:
            raise ValueError(f"58 mm paper takes 32 columns, not {self.columns}")
        if self.paper_mm == 80 and self.columns == 32:
            raise ValueError("80 mm paper takes 42 or 48 columns, not 32")
        return self

    @property
    def location(self) -> str:
        """Where the printer is connected, for messages and logs."""
        if self.transport is TransportKind.SERIAL:
            return self.serial.port or "(serial port not set)"
        if self.transport is TransportKind.NETWORK:
            return f"{self.host}:{self.tcp_port}"
        if self.transport is TransportKind.USB:
            vendor = f"{self.usb_vendor_id:04x}" if self.usb_vendor_id is not None else "?"
            product = f"{self.usb_product_id:04x}" if self.usb_product_id is not None else "?"
            return f"usb {vendor}:{product}"
        if self.transport is TransportKind.FILE:
            return self.path or "(file path not set)"
        if self.transport is TransportKind.WINDOWS_SPOOLER:
            return self.windows_printer or "(Windows printer not set)"
        return "simulator"


class DrawerConfig(_Model):
    enabled: bool = True
    name: str = "drawer"
    connection: DrawerConnection = DrawerConnection.SIMULATOR
    serial: SerialSettings = SerialSettings()
    serial_open_bytes: str = "07"  # hex bytes a serial trigger opens on (BEL by default)
    serial_sensor_line: SerialSensorLine = SerialSensorLine.NONE
    sensor_enabled: bool = True
    sensor_polarity: SensorPolarity = SensorPolarity.OPEN_HIGH
    open_alarm_s: float = Field(default=30.0, ge=0)  # 0 turns the alarm off
    poll_interval_s: float = Field(default=0.5, gt=0)

    @field_validator("serial_open_bytes")
    @classmethod
    def _check_hex(cls, value: str) -> str:
        try:
            data = bytes.fromhex(value)
        except ValueError as error:
            raise ValueError(f"serial_open_bytes must be hex such as '07', got {value!r}") from error
        if not data:
            raise ValueError("serial_open_bytes must not be empty")
        return value


class InStoreCodeRule(_Model):
    """Layout of a 13-digit in-store price code (インストアマーキング) for one flag.

    The 13 digits are: flag (2) + item code + [price check digit] + price + check digit,
    so ``item_digits + price_digits + (1 if price_check_digit) == 10``.
    """

    flag: str = Field(pattern=r"^(02|2[0-9])$")
    item_digits: int = Field(ge=1, le=8)
    price_digits: int = Field(ge=1, le=6)
    price_check_digit: bool = False

    @model_validator(mode="after")
    def _check_length(self) -> InStoreCodeRule:
        total = self.item_digits + self.price_digits + (1 if self.price_check_digit else 0)
        if total != 10:
            raise ValueError(
                f"flag {self.flag}: item {self.item_digits} + price {self.price_digits} digits"
                f" + price check digit must make 10 digits, got {total}"
            )
        if self.price_check_digit and self.price_digits not in (4, 5):
            raise ValueError(
                f"flag {self.flag}: a price check digit needs a 4- or 5-digit price"
            )
        return self


def _default_in_store_rules() -> tuple[InStoreCodeRule, ...]:
    flags = ["02", *(f"2{digit}" for digit in range(10))]
    return tuple(InStoreCodeRule(flag=flag, item_digits=5, price_digits=5) for flag in flags)


class ScannerConfig(_Model):
    enabled: bool = True
    name: str = "scanner"
    connection: ScannerConnection = ScannerConnection.SIMULATOR
    serial: SerialSettings = SerialSettings()
    suffix: FrameSuffix = FrameSuffix.CR
    aim_prefix: bool = False  # the scanner sends AIM symbology identifiers (]E0 ...)
    verify_check_digit: bool = True
    in_store_codes: tuple[InStoreCodeRule, ...] = Field(default_factory=_default_in_store_rules)
    wedge_max_key_gap_ms: int = Field(default=50, ge=1)  # keys closer than this are a scan
    wedge_min_length: int = Field(default=4, ge=1)
    max_frame_bytes: int = Field(default=512, ge=16)

    @model_validator(mode="after")
    def _check_unique_flags(self) -> ScannerConfig:
        flags = [rule.flag for rule in self.in_store_codes]
        duplicates = sorted({flag for flag in flags if flags.count(flag) > 1})
        if duplicates:
            raise ValueError(f"in_store_codes has more than one rule for flag {duplicates}")
        return self


class DisplayConfig(_Model):
    enabled: bool = True
    name: str = "display"
    connection: DisplayConnection = DisplayConnection.SIMULATOR
    serial: SerialSettings = SerialSettings()
    columns: Literal[20] = 20
    rows: Literal[2] = 2


class DevicesConfig(_Model):
    printer: PrinterConfig = PrinterConfig()
    drawer: DrawerConfig = DrawerConfig()
    scanner: ScannerConfig = ScannerConfig()
    display: DisplayConfig = DisplayConfig()


def load_devices_config(path: str | Path) -> DevicesConfig:
    """Read a DevicesConfig from a TOML file; a missing table keeps its defaults.

    Raises FileNotFoundError for a missing file, tomllib.TOMLDecodeError for bad TOML
    and pydantic.ValidationError naming the invalid field.
    """
    with Path(path).open("rb") as stream:
        data = tomllib.load(stream)
    section = data.get("devices", data)
    if not isinstance(section, dict):
        raise ValueError(f"{path}: [devices] must be a table")
    return DevicesConfig.model_validate(section)
