"""Build, start, watch and close all configured devices in one place.

The backend creates one :class:`DeviceManager` from its :class:`DevicesConfig`, calls
:meth:`DeviceManager.start`, registers a listener that forwards events to its WebSocket,
and calls :meth:`DeviceManager.close` at shutdown. A device that fails to start is
logged and left closed (reported by :meth:`DeviceManager.status`), so a missing printer
never stops the register from selling.
"""

from __future__ import annotations

import logging

from devices.base import Device, DeviceState
from devices.config import (
    DevicesConfig,
    DisplayConnection,
    DrawerConnection,
    ScannerConnection,
    TransportKind,
)
from devices.display import CustomerDisplay
from devices.drawer import Drawer, PrinterDrawerMechanism, SerialDrawerMechanism, SimulatedDrawerMechanism
from devices.errors import DeviceError
from devices.events import DeviceEvent, EventHub, Listener
from devices.printer import Printer
from devices.scanner import Scanner
from devices.simulators import SimulatedDisplay, SimulatedPrinter, make_simulated_scanner
from devices.transports import SerialTransport, make_printer_transport

logger = logging.getLogger(__name__)


class DeviceManager:
    """Owns the printer, drawer, scanner and display built from one configuration."""

    def __init__(self, config: DevicesConfig | None = None) -> None:
        self.config = config or DevicesConfig()
        self._events = EventHub()
        self._start_errors: dict[str, str] = {}
        self.printer: Printer | None = self._build_printer()
        self.drawer: Drawer | None = self._build_drawer()
        self.scanner: Scanner | None = self._build_scanner()
        self.display: CustomerDisplay | None = self._build_display()
        for device in self.devices:
            device.add_listener(self._events.emit)

    @property
    def devices(self) -> list[Device]:
        found: list[Device | None] = [self.printer, self.drawer, self.scanner, self.display]
        return [device for device in found if device is not None]

    # -- building -----------------------------------------------------------------------

    def _build_printer(self) -> Printer | None:
        config = self.config.printer
        if not config.enabled:
            return None
        if config.transport is TransportKind.SIMULATOR:
            return SimulatedPrinter(config)
        try:
            transport = make_printer_transport(config)
        except DeviceError as error:
            logger.error("printer not built: %s", error)
            self._start_errors[config.name] = str(error)
            return None
        return Printer(config, transport, drawer_polarity=self.config.drawer.sensor_polarity)

    def _build_drawer(self) -> Drawer | None:
        config = self.config.drawer
        if not config.enabled:
            return None
        if config.connection is DrawerConnection.VIA_PRINTER:
            if self.printer is None:
                logger.error(
                    "drawer %s is wired through the printer, but no printer is configured", config.name
                )
                self._start_errors[config.name] = "drawer needs the printer, which is not configured"
                return None
            return Drawer(config, PrinterDrawerMechanism(self.printer, config))
        if config.connection is DrawerConnection.SERIAL:
            try:
                return Drawer(config, SerialDrawerMechanism(config))
            except DeviceError as error:
                logger.error("drawer not built: %s", error)
                self._start_errors[config.name] = str(error)
                return None
        return Drawer(config, SimulatedDrawerMechanism())

    def _build_scanner(self) -> Scanner | None:
        config = self.config.scanner
        if not config.enabled:
            return None
        if config.connection is ScannerConnection.SERIAL:
            try:
                return Scanner(config, SerialTransport(config.serial, device=config.name))
            except DeviceError as error:
                logger.error("scanner not built: %s", error)
                self._start_errors[config.name] = str(error)
                return None
        if config.connection is ScannerConnection.WEDGE:
            return Scanner(config, transport=None)  # the UI submits scans with submit_text
        return make_simulated_scanner(config)

    def _build_display(self) -> CustomerDisplay | None:
        config = self.config.display
        if not config.enabled:
            return None
        if config.connection is DisplayConnection.SERIAL:
            try:
                return CustomerDisplay(config, SerialTransport(config.serial, device=config.name))
            except DeviceError as error:
                logger.error("display not built: %s", error)
                self._start_errors[config.name] = str(error)
                return None
        return SimulatedDisplay(config)

    # -- running ------------------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        """Receive every event of every device (called on the device's thread)."""
        self._events.add(listener)

    def remove_listener(self, listener: Listener) -> None:
        self._events.remove(listener)

    def start(self) -> None:
        """Open, claim and enable every device; failures are logged and reported."""
        for device in self.devices:
            self._start_device(device)

    def _start_device(self, device: Device) -> None:
        try:
            device.open_claim_enable()
            self._start_errors.pop(device.name, None)
            logger.info("device %s enabled at %s", device.name, device.location)
        except DeviceError as error:
            logger.error("device %s failed to start: %s", device.name, error)
            self._start_errors[device.name] = str(error)
            device.close()

    def reopen(self, name: str) -> bool:
        """Close and start one device again (after a lost connection); return success."""
        for device in self.devices:
            if device.name == name:
                device.close()
                self._start_device(device)
                return device.state is DeviceState.ENABLED
        raise KeyError(f"no device named {name!r}")

    def status(self) -> dict[str, dict[str, object]]:
        """Return each device's state as JSON-compatible data, keyed by device name."""
        report: dict[str, dict[str, object]] = {}
        for device in self.devices:
            entry = device.status_dict()
            if device.name in self._start_errors:
                entry["error"] = self._start_errors[device.name]
            if isinstance(device, Printer) and device.last_status is not None:
                entry["printer_status"] = device.last_status.to_dict()
            report[device.name] = entry
        for name, message in self._start_errors.items():
            report.setdefault(name, {"name": name, "state": DeviceState.CLOSED.value, "error": message})
        return report

    def close(self) -> None:
        """Close every device; a failure on one does not stop the others."""
        for device in reversed(self.devices):
            try:
                device.close()
            except Exception:
                logger.exception("closing device %s failed", device.name)

    def forward(self, event: DeviceEvent) -> None:
        """Deliver an event from outside the managed devices (such as the wedge helper)."""
        self._events.emit(event)
