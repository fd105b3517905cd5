"""The cash drawer: kicked through the printer or its own serial trigger, with a sensor.

Whether the drawer may open (a cash tender, an authorised no-sale) is the backend's
decision: it calls :meth:`Drawer.open_drawer` only after checking permissions and
logging who asked. This class only pulses the solenoid and watches the sensor.

The sensor is read by :meth:`Drawer.poll`. While the drawer is enabled a monitor thread
calls it every ``poll_interval_s``; tests and callers without threads may call it
themselves. ``poll`` emits DRAWER_OPENED and DRAWER_CLOSED on changes, and
DRAWER_OPEN_TOO_LONG once when the drawer stays open longer than ``open_alarm_s``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from devices.base import Capability, Device
from devices.config import DrawerConfig, SensorPolarity, SerialSensorLine
from devices.errors import DeviceError, DeviceNotSupportedError
from devices.events import ErrorEvent, ErrorResponse, StatusKind, StatusUpdateEvent
from devices.printer import Printer
from devices.status import drawer_open_from_level
from devices.transports import SerialTransport

logger = logging.getLogger(__name__)


class DrawerMechanism(Protocol):
    """The drawer hardware behind a :class:`Drawer`: its kick and its sensor."""

    location: str

    @property
    def has_sensor(self) -> bool: ...

    def connect(self) -> None: ...

    def disconnect(self) -> None: ...

    def kick(self) -> None: ...

    def sensor_open(self) -> bool | None:
        """Return True when open, False when closed, None when there is no sensor."""


class PrinterDrawerMechanism:
    """A drawer on the printer's drawer port; the sensor is DLE EOT 1 bit 2 (pin 3)."""

    def __init__(self, printer: Printer, config: DrawerConfig) -> None:
        self.printer = printer
        self.location = f"{printer.name} drawer port"
        self._config = config

    @property
    def has_sensor(self) -> bool:
        return self._config.sensor_enabled and Capability.DRAWER_SENSOR in self.printer.capabilities

    def connect(self) -> None:
        self.printer.drawer_polarity = self._config.sensor_polarity

    def disconnect(self) -> None:
        pass

    def kick(self) -> None:
        self.printer.kick_drawer()

    def sensor_open(self) -> bool | None:
        if not self.has_sensor:
            return None
        return self.printer.check_status().drawer_open


class SerialDrawerMechanism:
    """A drawer with its own serial trigger that opens on ``serial_open_bytes``; the
    sensor, if wired, is a modem status line (CTS, DSR or CD)."""

    def __init__(self, config: DrawerConfig) -> None:
        self._config = config
        self._transport = SerialTransport(config.serial, device=config.name)
        self.location = self._transport.location

    @property
    def has_sensor(self) -> bool:
        return self._config.sensor_enabled and self._config.serial_sensor_line is not SerialSensorLine.NONE

    def connect(self) -> None:
        self._transport.open()

    def disconnect(self) -> None:
        self._transport.close()

    def kick(self) -> None:
        self._transport.write(bytes.fromhex(self._config.serial_open_bytes))

    def sensor_open(self) -> bool | None:
        if not self.has_sensor:
            return None
        level = self._transport.line_level(self._config.serial_sensor_line.value)
        return drawer_open_from_level(level, self._config.sensor_polarity)


class SimulatedDrawerMechanism:
    """A drawer in memory: a kick opens it, :meth:`close_by_hand` shuts it."""

    location = "simulator"

    def __init__(self) -> None:
        self.is_open = False
        self.kick_count = 0

    @property
    def has_sensor(self) -> bool:
        return True

    def connect(self) -> None:
        pass

    def disconnect(self) -> None:
        pass

    def kick(self) -> None:
        self.kick_count += 1
        self.is_open = True

    def sensor_open(self) -> bool | None:
        return self.is_open

    def open_by_hand(self) -> None:
        self.is_open = True

    def close_by_hand(self) -> None:
        self.is_open = False


class Drawer(Device):
    """A cash drawer; ``clock`` returns seconds and is replaceable in tests."""

    def __init__(
        self,
        config: DrawerConfig,
        mechanism: DrawerMechanism,
        *,
        clock: Callable[[], float] = time.monotonic,
        monitor: bool = True,
    ) -> None:
        super().__init__(config.name, mechanism.location)
        self.config = config
        self.mechanism = mechanism
        self._clock = clock
        self._monitor_enabled = monitor
        self._monitor: threading.Thread | None = None
        self._stop = threading.Event()
        self._poll_lock = threading.Lock()
        self._was_open: bool | None = None
        self._opened_at: float | None = None
        self._alarm_sent = False

    @property
    def capabilities(self) -> frozenset[Capability]:
        found = {Capability.DRAWER_KICK}
        if self.mechanism.has_sensor:
            found.add(Capability.DRAWER_SENSOR)
        return frozenset(found)

    def _on_claim(self, timeout: float | None) -> None:
        self.mechanism.connect()

    def _on_enable(self) -> None:
        if self._monitor_enabled and self.mechanism.has_sensor:
            self._stop.clear()
            self._monitor = threading.Thread(
                target=self._run_monitor, name=f"{self.name}-monitor", daemon=True
            )
            self._monitor.start()

    def _on_disable(self) -> None:
        if self._monitor is not None:
            self._stop.set()
            self._monitor.join(timeout=2)
            self._monitor = None

    def _on_release(self) -> None:
        self.mechanism.disconnect()

    def open_drawer(self) -> None:
        """Pulse the drawer open. The caller has already checked that this is allowed."""
        self._require_enabled("open the drawer")
        self.mechanism.kick()
        logger.info("drawer %s kicked open", self.name)

    def is_open(self) -> bool | None:
        """Read the sensor now; None when the drawer has no sensor."""
        self._require_enabled("read the drawer sensor")
        return self.mechanism.sensor_open()

    def poll(self) -> bool | None:
        """Read the sensor, emit open/closed changes and the open-too-long alarm.

        Returns the sensor state (None without a sensor).
        """
        self._require_enabled("read the drawer sensor")
        if not self.mechanism.has_sensor:
            raise DeviceNotSupportedError("this drawer has no sensor", device=self.name)
        with self._poll_lock:
            is_open = self.mechanism.sensor_open()
            now = self._clock()
            if is_open != self._was_open and is_open is not None:
                self._on_sensor_change(is_open, now)
            self._check_alarm(is_open, now)
            return is_open

    def _on_sensor_change(self, is_open: bool, now: float) -> None:
        first_reading = self._was_open is None
        self._was_open = is_open
        if is_open:
            self._opened_at = now
            self._alarm_sent = False
        else:
            self._opened_at = None
        if first_reading and not is_open:
            return  # a closed drawer at start-up is not news
        kind = StatusKind.DRAWER_OPENED if is_open else StatusKind.DRAWER_CLOSED
        self._emit(StatusUpdateEvent(self.name, kind, {"open": is_open}))

    def _check_alarm(self, is_open: bool | None, now: float) -> None:
        limit = self.config.open_alarm_s
        if not is_open or limit <= 0 or self._opened_at is None or self._alarm_sent:
            return
        open_for = now - self._opened_at
        if open_for >= limit:
            self._alarm_sent = True
            logger.warning("drawer %s open for %.0f s (alarm at %.0f s)", self.name, open_for, limit)
            self._emit(
                StatusUpdateEvent(
                    self.name, StatusKind.DRAWER_OPEN_TOO_LONG, {"open_seconds": round(open_for, 1)}
                )
            )

    def _run_monitor(self) -> None:
        failures = 0
        while not self._stop.wait(self.config.poll_interval_s):
            try:
                self.poll()
                failures = 0
            except DeviceError as error:
                failures += 1
                if failures == 1 or failures % 100 == 0:  # log the first, then every 100th
                    logger.error(
                        "drawer %s: sensor poll failed (%d in a row): %s", self.name, failures, error
                    )
                    self._emit(
                        ErrorEvent(
                            self.name, code=error.code.value, message=str(error), response=ErrorResponse.RETRY
                        )
                    )


__all__ = [
    "Drawer",
    "DrawerMechanism",
    "PrinterDrawerMechanism",
    "SensorPolarity",
    "SerialDrawerMechanism",
    "SimulatedDrawerMechanism",
]
