"""The Windows spooler and USB printer transports.

Off Windows the spooler transport must fail to open with a stable code and a Japanese and
English message. The Windows side cannot run here, so those tests load python-escpos's
``Win32Raw`` on an in-memory stand-in for pywin32's ``win32print`` that records the
spooler calls. The USB tests use pyusb's real library lookup with a finder that finds
nothing, as on a machine without libusb.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import devices.transports as transports
from devices.config import DevicesConfig, DrawerConfig, PrinterConfig, TransportKind
from devices.errors import (
    DependencyMissingError,
    DeviceErrorCode,
    DeviceIOError,
    DeviceNotSupportedError,
)
from devices.manager import DeviceManager
from devices.transports import (
    WindowsSpoolerTransport,
    find_usb_backend,
    find_usb_library,
    make_printer_transport,
)

PRINTER_NAME = "EPSON TM-T88VI Receipt5"
SPOOLER_CONFIG = PrinterConfig(transport=TransportKind.WINDOWS_SPOOLER, windows_printer=PRINTER_NAME)
EXPECTED_OFF_WINDOWS = (
    f"printer ({PRINTER_NAME}): "
    "Windows のプリンタースプーラーは Windows でのみ使えます。"
    "transport を serial、network または usb に変更してください。"
    " / The windows_spooler transport works only on Windows:"
    " set transport to serial, network or usb."
)
EXPECTED_LIBUSB_MISSING = (
    "printer (usb 04b8:0e15): libusb not found, so pyusb cannot reach USB printers."
    " Linux: apt-get install libusb-1.0-0. Windows: copy libusb-1.0.dll to C:\\Windows\\System32"
    " and install the WinUSB driver for the printer with Zadig"
)

off_windows = pytest.mark.skipif(sys.platform == "win32", reason="checks the behaviour on Linux and macOS")


# ----- off Windows -----


@off_windows
def test_spooler_open_off_windows_not_supported():
    transport = make_printer_transport(SPOOLER_CONFIG)
    assert isinstance(transport, WindowsSpoolerTransport)
    assert transport.location == PRINTER_NAME
    assert transport.can_read is False

    with pytest.raises(DeviceNotSupportedError) as caught:
        transport.open()

    assert caught.value.code is DeviceErrorCode.DEVICE_NOT_SUPPORTED
    assert str(caught.value) == EXPECTED_OFF_WINDOWS
    assert caught.value.to_dict() == {
        "code": "device_not_supported",
        "device": "printer",
        "location": PRINTER_NAME,
        "message": EXPECTED_OFF_WINDOWS,
    }


@off_windows
def test_spooler_off_windows_in_manager_status(tmp_path: Path):
    config = DevicesConfig(printer=SPOOLER_CONFIG, drawer=DrawerConfig(enabled=False))
    manager = DeviceManager(config)
    try:
        manager.start()
        status = manager.status()
    finally:
        manager.close()

    assert status["printer"]["error"] == EXPECTED_OFF_WINDOWS
    assert status["printer"]["location"] == PRINTER_NAME
    assert status["printer"]["state"] == "closed"


def test_spooler_without_printer_name_rejected():
    config = PrinterConfig(transport=TransportKind.WINDOWS_SPOOLER)
    assert config.location == "(Windows printer not set)"

    with pytest.raises(DeviceIOError) as caught:
        make_printer_transport(config)

    assert str(caught.value) == "printer: no Windows printer name is configured (windows_printer)"
    assert caught.value.code is DeviceErrorCode.DEVICE_IO_FAILED


def test_spooler_config_location_is_printer_name():
    assert SPOOLER_CONFIG.location == PRINTER_NAME
    assert TransportKind("windows_spooler") is TransportKind.WINDOWS_SPOOLER


# ----- on Windows, with a stand-in for win32print -----


class SpoolerError(Exception):
    """Stands in for pywintypes.error."""


class FakeSpooler:
    """Records the win32print calls python-escpos's Win32Raw makes, as a spooler would see them."""

    PRINTER_ENUM_NAME = 8

    def __init__(self, printers: list[str]) -> None:
        self.printers = printers
        self.calls: list[tuple[Any, ...]] = []
        self.jobs: list[dict[str, Any]] = []
        self.open_handles = 0
        self.fail_write = False

    def module(self) -> types.ModuleType:
        module = types.ModuleType("win32print")
        for name in (
            "EnumPrinters",
            "GetDefaultPrinter",
            "OpenPrinter",
            "StartDocPrinter",
            "StartPagePrinter",
            "WritePrinter",
            "EndPagePrinter",
            "EndDocPrinter",
            "ClosePrinter",
        ):
            setattr(module, name, getattr(self, name))
        module.PRINTER_ENUM_NAME = self.PRINTER_ENUM_NAME  # type: ignore[attr-defined]
        return module

    def EnumPrinters(self, flags: int, name: str, level: int) -> list[dict[str, str]]:
        return [{"pPrinterName": printer} for printer in self.printers]

    def GetDefaultPrinter(self) -> str:
        return self.printers[0]

    def OpenPrinter(self, name: str) -> dict[str, Any]:
        self.open_handles += 1
        return {"printer": name}

    def StartDocPrinter(self, handle: dict[str, Any], level: int, info: tuple[str, str, str]) -> int:
        job_name, _output, data_type = info
        self.jobs.append({"printer": handle["printer"], "name": job_name, "type": data_type, "data": b""})
        self.calls.append(("StartDocPrinter", job_name, data_type))
        return len(self.jobs)

    def StartPagePrinter(self, handle: dict[str, Any]) -> None:
        self.calls.append(("StartPagePrinter",))

    def WritePrinter(self, handle: dict[str, Any], data: bytes) -> int:
        if self.fail_write:
            raise SpoolerError("WritePrinter failed: the printer is offline")
        self.jobs[-1]["data"] += data
        self.calls.append(("WritePrinter", len(data)))
        return len(data)

    def EndPagePrinter(self, handle: dict[str, Any]) -> None:
        self.calls.append(("EndPagePrinter",))

    def EndDocPrinter(self, handle: dict[str, Any]) -> None:
        self.calls.append(("EndDocPrinter",))

    def ClosePrinter(self, handle: dict[str, Any]) -> None:
        self.open_handles -= 1
        self.calls.append(("ClosePrinter",))


def load_win32raw(monkeypatch: pytest.MonkeyPatch, win32print: types.ModuleType | None) -> None:
    """Reload python-escpos's win32raw module with or without a win32print module present."""
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.error = SpoolerError  # type: ignore[attr-defined]
    if win32print is None:
        monkeypatch.setitem(sys.modules, "win32print", None)  # None makes the import fail
    else:
        monkeypatch.setitem(sys.modules, "win32print", win32print)
    monkeypatch.setitem(sys.modules, "pywintypes", pywintypes)
    import escpos.printer.win32raw

    importlib.reload(escpos.printer.win32raw)


@pytest.fixture
def on_windows(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    monkeypatch.setattr(transports, "_is_windows", lambda: True)
    yield monkeypatch
    # Restore python-escpos's win32raw as this platform loads it.
    monkeypatch.undo()
    import escpos.printer.win32raw

    importlib.reload(escpos.printer.win32raw)


def test_spooler_writes_one_raw_job_per_write(on_windows: pytest.MonkeyPatch):
    spooler = FakeSpooler(["Microsoft Print to PDF", PRINTER_NAME])
    load_win32raw(on_windows, spooler.module())
    transport = make_printer_transport(SPOOLER_CONFIG)

    transport.open()
    assert spooler.jobs == []  # opening starts no job

    transport.write(b"\x1b@receipt 1\n")
    transport.write(b"\x1b@receipt 2\n")
    transport.close()

    assert spooler.jobs == [
        {"printer": PRINTER_NAME, "name": "OpenRegi", "type": "RAW", "data": b"\x1b@receipt 1\n"},
        {"printer": PRINTER_NAME, "name": "OpenRegi", "type": "RAW", "data": b"\x1b@receipt 2\n"},
    ]
    one_job = [
        ("StartDocPrinter", "OpenRegi", "RAW"),
        ("StartPagePrinter",),
        ("WritePrinter", 12),
        ("EndPagePrinter",),
        ("EndDocPrinter",),
        ("ClosePrinter",),
    ]
    assert spooler.calls == one_job + one_job
    assert spooler.open_handles == 0
    assert transport.read(16, 0.01) == b""


def test_spooler_unknown_printer_lists_installed(on_windows: pytest.MonkeyPatch):
    spooler = FakeSpooler(["Microsoft Print to PDF", "TM-T20III"])
    load_win32raw(on_windows, spooler.module())
    transport = make_printer_transport(SPOOLER_CONFIG)

    with pytest.raises(DeviceIOError) as caught:
        transport.open()

    assert str(caught.value) == (
        f"printer ({PRINTER_NAME}): printer not found in Windows; installed printers:"
        " Microsoft Print to PDF, TM-T20III. Set windows_printer to the exact name shown in"
        " Printers & scanners"
    )
    assert spooler.jobs == []


def test_spooler_failed_write_ends_job(on_windows: pytest.MonkeyPatch):
    spooler = FakeSpooler([PRINTER_NAME])
    load_win32raw(on_windows, spooler.module())
    transport = make_printer_transport(SPOOLER_CONFIG)
    transport.open()
    spooler.fail_write = True

    with pytest.raises(DeviceIOError) as caught:
        transport.write(b"\x1b@receipt\n")

    assert str(caught.value) == (
        f"printer ({PRINTER_NAME}): write failed: WritePrinter failed: the printer is offline"
    )
    assert spooler.calls[-3:] == [("EndPagePrinter",), ("EndDocPrinter",), ("ClosePrinter",)]
    assert spooler.open_handles == 0


def test_spooler_write_before_open_fails(on_windows: pytest.MonkeyPatch):
    transport = make_printer_transport(SPOOLER_CONFIG)

    with pytest.raises(DeviceIOError) as caught:
        transport.write(b"x")

    assert str(caught.value) == f"printer ({PRINTER_NAME}): spooler transport is not open"


def test_spooler_without_pywin32_names_package(on_windows: pytest.MonkeyPatch):
    load_win32raw(on_windows, None)
    transport = make_printer_transport(SPOOLER_CONFIG)

    with pytest.raises(DependencyMissingError) as caught:
        transport.open()

    assert caught.value.code is DeviceErrorCode.DEVICE_DEPENDENCY_MISSING
    assert str(caught.value) == (
        f"printer ({PRINTER_NAME}): the Windows spooler needs pywin32:"
        " run 'pip install pywin32', then rebuild the bundle"
    )


# ----- USB -----


def find_nothing(name: str) -> str | None:
    return None


def test_usb_backend_none_without_libusb():
    assert find_usb_backend(find_nothing) is None


def test_usb_transport_without_libusb_names_fix(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(transports, "find_usb_library", find_nothing)
    config = PrinterConfig(transport=TransportKind.USB, usb_vendor_id=0x04B8, usb_product_id=0x0E15)

    with pytest.raises(DependencyMissingError) as caught:
        make_printer_transport(config)

    assert caught.value.code is DeviceErrorCode.DEVICE_DEPENDENCY_MISSING
    assert str(caught.value) == EXPECTED_LIBUSB_MISSING


def test_usb_transport_without_pyusb_names_package(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "usb.backend.libusb1", None)
    config = PrinterConfig(transport=TransportKind.USB, usb_vendor_id=0x04B8, usb_product_id=0x0E15)

    with pytest.raises(DependencyMissingError) as caught:
        make_printer_transport(config)

    assert str(caught.value) == (
        "printer (usb 04b8:0e15): USB printing needs pyusb: run 'pip install pyusb', then rebuild the bundle"
    )


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="library file names of Linux")
def test_usb_library_found_in_frozen_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    library = tmp_path / "libusb-1.0.so.0"
    library.write_bytes(b"")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert find_usb_library("usb-1.0") == str(library)
