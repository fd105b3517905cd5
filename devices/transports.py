"""Byte transports: serial (pyserial), network, USB, file and Windows spooler
(python-escpos), recording.

A transport only moves bytes. python-escpos printer classes are used for their
connection handling and ``_raw`` writes only, never for text, because its text encoding
sends Chinese GB18030 for kanji. Every failure becomes a :class:`DeviceIOError` that
names the port, path or address and chains the original exception.

python-escpos is imported when a network, USB, file or spooler transport is built,
because the import takes about 0.4 s and the simulators and serial devices do not need it.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

import serial

from devices.config import FlowControl, PrinterConfig, SerialSettings, TransportKind
from devices.errors import (
    DependencyMissingError,
    DeviceIOError,
    DeviceNotSupportedError,
    DeviceTimeoutError,
)

logger = logging.getLogger(__name__)


class Transport(Protocol):
    """The primitive every device talks through."""

    location: str
    can_read: bool

    def open(self) -> None: ...

    def write(self, data: bytes) -> None:
        """Write all of ``data`` in one call, or raise DeviceIOError."""

    def read(self, size: int, timeout: float) -> bytes:
        """Return up to ``size`` bytes, fewer (possibly none) when ``timeout`` passes."""

    def discard_input(self) -> None:
        """Drop bytes already received, such as a late reply to an earlier request."""

    def close(self) -> None: ...


class SerialTransport:
    """A serial port through pyserial, 8N1, with the configured flow control."""

    can_read = True

    def __init__(self, settings: SerialSettings, *, device: str, write_timeout: float = 10.0):
        if not settings.port:
            raise DeviceIOError("no serial port is configured", device=device)
        self.location = settings.port
        self._settings = settings
        self._device = device
        self._write_timeout = write_timeout
        self._port: serial.Serial | None = None

    @property
    def port(self) -> serial.Serial:
        if self._port is None:
            raise DeviceIOError("serial port is not open", device=self._device, location=self.location)
        return self._port

    def open(self) -> None:
        flow = self._settings.flow_control
        try:
            self._port = serial.Serial(
                port=self.location,
                baudrate=self._settings.baud,
                bytesize=serial.EIGHTBITS,
                parity=serial.PARITY_NONE,
                stopbits=serial.STOPBITS_ONE,
                timeout=0.1,
                write_timeout=self._write_timeout,
                rtscts=flow is FlowControl.RTSCTS,
                dsrdtr=flow is FlowControl.DSRDTR,
                xonxoff=flow is FlowControl.XONXOFF,
                exclusive=True,
            )
        except (serial.SerialException, ValueError, OSError) as error:
            raise DeviceIOError(
                f"cannot open serial port: {error}", device=self._device, location=self.location
            ) from error

    def write(self, data: bytes) -> None:
        try:
            written = self.port.write(data)
            self.port.flush()
        except serial.SerialTimeoutException as error:
            raise DeviceTimeoutError(
                f"write of {len(data)} bytes timed out after {self._write_timeout} s",
                device=self._device,
                location=self.location,
            ) from error
        except (serial.SerialException, OSError) as error:
            raise DeviceIOError(
                f"write failed: {error}", device=self._device, location=self.location
            ) from error
        if written is not None and written != len(data):
            raise DeviceIOError(
                f"only {written} of {len(data)} bytes were written",
                device=self._device,
                location=self.location,
            )

    def read(self, size: int, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        received = bytearray()
        try:
            while len(received) < size:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self.port.timeout = min(remaining, 0.1)
                received += self.port.read(size - len(received))
        except (serial.SerialException, OSError) as error:
            raise DeviceIOError(
                f"read failed: {error}", device=self._device, location=self.location
            ) from error
        return bytes(received)

    def discard_input(self) -> None:
        try:
            self.port.reset_input_buffer()
        except (serial.SerialException, OSError) as error:
            raise DeviceIOError(
                f"reset failed: {error}", device=self._device, location=self.location
            ) from error

    def line_level(self, line: str) -> bool:
        """Return the level of an input line (``cts``, ``dsr`` or ``cd``)."""
        try:
            return bool(getattr(self.port, line))
        except (serial.SerialException, OSError) as error:
            raise DeviceIOError(
                f"cannot read {line.upper()}: {error}", device=self._device, location=self.location
            ) from error

    def close(self) -> None:
        if self._port is not None:
            port, self._port = self._port, None
            port.close()


class EscposTransport:
    """A python-escpos printer object used only as a byte pipe (``_raw`` and ``_read``)."""

    def __init__(self, printer: Any, *, device: str, location: str, can_read: bool) -> None:
        self._printer = printer
        self._device = device
        self.location = location
        self.can_read = can_read
        self._lock = threading.Lock()

    def open(self) -> None:
        try:
            self._printer.open(raise_not_found=True)
        except Exception as error:  # python-escpos raises its own and OS errors
            raise DeviceIOError(
                f"cannot open: {error}", device=self._device, location=self.location
            ) from error

    def write(self, data: bytes) -> None:
        try:
            with self._lock:
                self._printer._raw(data)
        except TimeoutError as error:
            raise DeviceTimeoutError(
                "write timed out", device=self._device, location=self.location
            ) from error
        except Exception as error:
            raise DeviceIOError(
                f"write failed: {error}", device=self._device, location=self.location
            ) from error

    def read(self, size: int, timeout: float) -> bytes:
        if not self.can_read:
            return b""
        deadline = time.monotonic() + timeout
        received = bytearray()
        while len(received) < size and time.monotonic() < deadline:
            try:
                chunk = self._read_chunk(deadline - time.monotonic())
            except TimeoutError:
                break
            except Exception as error:
                raise DeviceIOError(
                    f"read failed: {error}", device=self._device, location=self.location
                ) from error
            if not chunk:
                break
            received += chunk
        return bytes(received[:size])

    def _read_chunk(self, timeout: float) -> bytes:
        device = getattr(self._printer, "device", None)
        if isinstance(device, socket.socket):
            device.settimeout(max(0.01, timeout))
            return device.recv(64)
        return bytes(self._printer._read())

    def discard_input(self) -> None:
        while self.can_read and self.read(64, 0.01):
            pass

    def close(self) -> None:
        try:
            self._printer.close()
        except Exception:
            logger.exception("closing %s failed", self.location)


# Shown when a windows_spooler printer is configured on Linux or macOS.
SPOOLER_ONLY_ON_WINDOWS = (
    "Windows のプリンタースプーラーは Windows でのみ使えます。"
    "transport を serial、network または usb に変更してください。"
    " / The windows_spooler transport works only on Windows:"
    " set transport to serial, network or usb."
)


def _is_windows() -> bool:
    return sys.platform == "win32"


class WindowsSpoolerTransport:
    """Raw print jobs through the Windows print spooler (python-escpos ``Win32Raw``, pywin32).

    ``location`` is the printer's name in Windows. Each write becomes one spooler job with
    the RAW data type. Ending the job hands the receipt to the printer whatever the queue's
    spool settings are, and a job of another program cannot land inside a receipt. The
    spooler returns no printer status, so ``can_read`` is False and a paper end or an open
    cover is not reported before a receipt is sent.

    NOTE: tested with python-escpos 3.1 on a stand-in for pywin32's win32print only, and
    not yet run against a real Windows spooler.
    """

    can_read = False
    JOB_NAME = "OpenRegi"

    def __init__(self, printer_name: str, *, device: str) -> None:
        self.location = printer_name
        self._device = device
        self._printer: Any = None  # escpos.printer.win32raw.Win32Raw once open
        self._lock = threading.Lock()

    def open(self) -> None:
        if not _is_windows():
            raise DeviceNotSupportedError(
                SPOOLER_ONLY_ON_WINDOWS, device=self._device, location=self.location
            )
        from escpos.printer.win32raw import Win32Raw, is_usable

        if not is_usable():
            raise DependencyMissingError(
                "the Windows spooler needs pywin32: run 'pip install pywin32', then rebuild the bundle",
                device=self._device,
                location=self.location,
            )
        printer = Win32Raw(printer_name=self.location)
        try:
            names = sorted(printer.printers)
        except Exception as error:  # pywintypes.error from EnumPrinters
            raise DeviceIOError(
                f"cannot list the Windows printers: {error}", device=self._device, location=self.location
            ) from error
        if self.location not in names:
            raise DeviceIOError(
                f"printer not found in Windows; installed printers: {', '.join(names) or 'none'}."
                " Set windows_printer to the exact name shown in Printers & scanners",
                device=self._device,
                location=self.location,
            )
        self._printer = printer

    def write(self, data: bytes) -> None:
        printer = self._printer
        if printer is None:
            raise DeviceIOError("spooler transport is not open", device=self._device, location=self.location)
        with self._lock:
            try:
                printer.open(job_name=self.JOB_NAME, raise_not_found=True)
            except Exception as error:  # python-escpos DeviceNotFoundError, pywintypes.error
                raise DeviceIOError(
                    f"cannot start a print job: {error}", device=self._device, location=self.location
                ) from error
            try:
                printer._raw(data)
            except Exception as error:
                self._end_failed_job(printer)
                raise DeviceIOError(
                    f"write failed: {error}", device=self._device, location=self.location
                ) from error
            try:
                printer.close()  # EndPagePrinter, EndDocPrinter: the spooler now prints the job
            except Exception as error:
                raise DeviceIOError(
                    f"the spooler did not accept the job: {error}",
                    device=self._device,
                    location=self.location,
                ) from error

    def _end_failed_job(self, printer: Any) -> None:
        try:
            printer.close()
        except Exception:
            logger.exception("ending the failed print job on %s failed", self.location)

    def read(self, size: int, timeout: float) -> bytes:
        return b""

    def discard_input(self) -> None:
        pass

    def close(self) -> None:
        # No job stays open between writes, so there is no handle to release.
        self._printer = None


class RecordingTransport:
    """An in-memory transport for tests and simulators.

    Every write is kept in ``writes``. Replies come from ``responder`` (called with each
    write, returning bytes to queue for reading) or from ``queue_reply``.
    """

    can_read = True

    def __init__(
        self,
        location: str = "recording",
        responder: Callable[[bytes], bytes] | None = None,
    ) -> None:
        self.location = location
        self.writes: list[bytes] = []
        self.is_open = False
        self._responder = responder
        self._replies: deque[int] = deque()
        self._lock = threading.Condition()

    def open(self) -> None:
        self.is_open = True

    def write(self, data: bytes) -> None:
        if not self.is_open:
            raise DeviceIOError("transport is closed", device="recording", location=self.location)
        reply = self._responder(data) if self._responder else b""
        with self._lock:
            self.writes.append(bytes(data))
            self._replies.extend(reply)
            self._lock.notify_all()

    def queue_reply(self, data: bytes) -> None:
        with self._lock:
            self._replies.extend(data)
            self._lock.notify_all()

    def read(self, size: int, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not self._replies:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return b""
                self._lock.wait(remaining)
            out = bytearray()
            while self._replies and len(out) < size:
                out.append(self._replies.popleft())
            return bytes(out)

    def discard_input(self) -> None:
        with self._lock:
            self._replies.clear()

    def close(self) -> None:
        self.is_open = False

    @property
    def data(self) -> bytes:
        """All bytes written so far, joined."""
        return b"".join(self.writes)


def make_printer_transport(config: PrinterConfig) -> Transport:
    """Build the transport for a real printer; the simulator is built by devices.simulators."""
    kind = config.transport
    if kind is TransportKind.SERIAL:
        return SerialTransport(config.serial, device=config.name, write_timeout=config.write_timeout_s)
    if kind is TransportKind.NETWORK:
        from escpos.printer import Network

        printer = Network(host=config.host, port=config.tcp_port, timeout=config.write_timeout_s)
        return EscposTransport(printer, device=config.name, location=config.location, can_read=True)
    if kind is TransportKind.FILE:
        if not config.path:
            raise DeviceIOError("no file path is configured", device=config.name)
        from escpos.printer import File

        printer = File(devfile=config.path)
        return EscposTransport(printer, device=config.name, location=config.location, can_read=False)
    if kind is TransportKind.USB:
        return _make_usb_transport(config)
    if kind is TransportKind.WINDOWS_SPOOLER:
        if not config.windows_printer:
            raise DeviceIOError("no Windows printer name is configured (windows_printer)", device=config.name)
        return WindowsSpoolerTransport(config.windows_printer, device=config.name)
    raise DeviceNotSupportedError(f"no real transport for {kind.value}", device=config.name)


def _make_usb_transport(config: PrinterConfig) -> Transport:
    try:
        backend = find_usb_backend()
    except ImportError:
        raise DependencyMissingError(
            USB_PYUSB_MISSING, device=config.name, location=config.location
        ) from None
    if backend is None:
        raise DependencyMissingError(USB_LIBUSB_MISSING, device=config.name, location=config.location)
    from escpos.printer import Usb

    if config.usb_vendor_id is None or config.usb_product_id is None:
        raise DeviceIOError("usb_vendor_id and usb_product_id must be set", device=config.name)
    printer = Usb(
        idVendor=config.usb_vendor_id,
        idProduct=config.usb_product_id,
        timeout=int(config.write_timeout_s * 1000),
        usb_args={"backend": backend},  # usb.core.find would search the frozen bundle only
    )
    return EscposTransport(printer, device=config.name, location=config.location, can_read=True)


# pyusb's backends in the order usb.core.find tries them.
_USB_BACKEND_MODULES = ("usb.backend.libusb1", "usb.backend.openusb", "usb.backend.libusb0")
USB_PYUSB_MISSING = "USB printing needs pyusb: run 'pip install pyusb', then rebuild the bundle"
USB_LIBUSB_MISSING = (
    "libusb not found, so pyusb cannot reach USB printers. Linux: apt-get install libusb-1.0-0."
    " Windows: copy libusb-1.0.dll to C:\\Windows\\System32 and install the WinUSB driver for"
    " the printer with Zadig"
)


def find_usb_library(candidate: str) -> str | None:
    """Locate a USB library such as ``usb-1.0``: in the frozen bundle first, then on the system.

    PyInstaller's runtime hook for pyusb makes pyusb's own lookup search the bundle only,
    so a frozen OpenRegi built on a machine without libusb would never find the one
    installed on the register. Passing this function to pyusb searches both.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        import glob
        import os

        if _is_windows():
            pattern = f"{candidate}*.dll"
        elif sys.platform == "darwin":
            pattern = f"lib{candidate}*.dylib"
        else:
            pattern = f"lib{candidate}*.so*"
        found = sorted(glob.glob(os.path.join(glob.escape(bundle), pattern)))
        if found:
            return found[0]
    import ctypes.util

    return ctypes.util.find_library(candidate)


def find_usb_backend(find_library: Callable[[str], str | None] | None = None) -> Any | None:
    """Return the first pyusb backend whose library loads, or None.

    ``find_library`` maps a library name to a file (default: :func:`find_usb_library`).
    Raises ImportError when pyusb is not installed.
    """
    import importlib

    for name in _USB_BACKEND_MODULES:
        module = importlib.import_module(name)
        backend = module.get_backend(find_library=find_library or find_usb_library)
        if backend is not None:
            return backend
    return None
