"""Device errors: one exception family with a stable string code per failure.

The backend maps :class:`DeviceErrorCode` values to its API error codes and to the
Japanese message shown to the cashier, so the codes are part of the public contract and
must not be renamed.
"""

from __future__ import annotations

import enum


class DeviceErrorCode(enum.StrEnum):
    """Stable codes for device failures, shared with the backend API."""

    DEVICE_NOT_OPEN = "device_not_open"
    DEVICE_NOT_CLAIMED = "device_not_claimed"
    DEVICE_NOT_ENABLED = "device_not_enabled"
    DEVICE_ALREADY_OPEN = "device_already_open"
    DEVICE_CLOSED = "device_closed"
    DEVICE_IO_FAILED = "device_io_failed"
    DEVICE_TIMEOUT = "device_timeout"
    DEVICE_NOT_SUPPORTED = "device_not_supported"
    DEVICE_DEPENDENCY_MISSING = "device_dependency_missing"
    PRINTER_COVER_OPEN = "printer_cover_open"
    PRINTER_PAPER_END = "printer_paper_end"
    PRINTER_OFFLINE = "printer_offline"
    PRINTER_HARDWARE_ERROR = "printer_hardware_error"
    SCANNER_INVALID_DATA = "scanner_invalid_data"


class DeviceError(Exception):
    """A device operation failed.

    ``device`` is the device name and ``location`` the port, path or address, so a log
    line or API error shows store IT which cable to check. The original exception, if
    any, is chained as ``__cause__`` by the raiser (``raise ... from error``).
    """

    code: DeviceErrorCode = DeviceErrorCode.DEVICE_IO_FAILED

    def __init__(self, message: str, *, device: str, location: str = "") -> None:
        self.device = device
        self.location = location
        where = f"{device} ({location})" if location else device
        super().__init__(f"{where}: {message}")

    def to_dict(self) -> dict[str, str]:
        """Return the error as JSON-compatible data for the backend's API and WebSocket."""
        return {
            "code": self.code.value,
            "device": self.device,
            "location": self.location,
            "message": str(self),
        }


class DeviceStateError(DeviceError):
    """An operation was called in a lifecycle state that does not allow it."""

    def __init__(
        self, message: str, *, device: str, code: DeviceErrorCode, location: str = ""
    ) -> None:
        super().__init__(message, device=device, location=location)
        self.code = code


class DeviceIOError(DeviceError):
    """Reading from or writing to the device failed (cable, port, socket, USB)."""

    code = DeviceErrorCode.DEVICE_IO_FAILED


class DeviceTimeoutError(DeviceIOError):
    """The device did not respond within the configured timeout."""

    code = DeviceErrorCode.DEVICE_TIMEOUT


class DeviceNotSupportedError(DeviceError):
    """The device or its configuration does not offer the requested function."""

    code = DeviceErrorCode.DEVICE_NOT_SUPPORTED


class DependencyMissingError(DeviceError):
    """An optional Python package needed by the configured transport is not installed."""

    code = DeviceErrorCode.DEVICE_DEPENDENCY_MISSING


class PrinterFaultError(DeviceError):
    """The printer reports a fault that stops printing.

    ``data_sent`` is True when any of the receipt had been written to the printer when
    the fault was found. When it is true the printer may still hold part of the receipt
    in its buffer, so the caller must not resend the job without deciding how to avoid a
    duplicate (see ``docs/devices.md``).
    """

    code = DeviceErrorCode.PRINTER_HARDWARE_ERROR

    def __init__(
        self, message: str, *, device: str, location: str = "", data_sent: bool = False
    ) -> None:
        super().__init__(message, device=device, location=location)
        self.data_sent = data_sent

    def to_dict(self) -> dict[str, str]:
        data = super().to_dict()
        data["data_sent"] = "true" if self.data_sent else "false"
        return data


class PrinterCoverOpenError(PrinterFaultError):
    code = DeviceErrorCode.PRINTER_COVER_OPEN


class PrinterPaperEndError(PrinterFaultError):
    code = DeviceErrorCode.PRINTER_PAPER_END


class PrinterOfflineError(PrinterFaultError):
    code = DeviceErrorCode.PRINTER_OFFLINE


class ScannerDataError(DeviceError):
    """A scan could not be turned into a valid code (bad check digit, bad framing)."""

    code = DeviceErrorCode.SCANNER_INVALID_DATA
