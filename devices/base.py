"""The device lifecycle shared by every device, modelled on UnifiedPOS.

A device moves ``closed -> opened -> claimed -> enabled`` through :meth:`Device.open`,
:meth:`Device.claim` and :meth:`Device.enable`, and back through ``disable``,
``release`` and ``close``. ``open`` only prepares the object, ``claim`` opens the port
(exclusive access), and ``enable`` starts the device working (a scanner starts reading).
An I/O failure that loses the connection puts the device in ``error``. From there only
``close`` is allowed, after which the device can be opened again.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable

from devices.errors import DeviceErrorCode, DeviceStateError
from devices.events import DeviceEvent, EventHub, Listener, StatusKind, StatusUpdateEvent

logger = logging.getLogger(__name__)


class DeviceState(enum.StrEnum):
    CLOSED = "closed"
    OPENED = "opened"
    CLAIMED = "claimed"
    ENABLED = "enabled"
    ERROR = "error"


class Capability(enum.StrEnum):
    """A function a configured device offers; callers check before they rely on it."""

    STATUS = "status"  # reports online, cover and paper state
    AUTO_STATUS_BACK = "auto_status_back"
    KANJI = "kanji"
    CUTTER = "cutter"
    BARCODE = "barcode"
    QRCODE = "qrcode"
    LOGO = "logo"
    DRAWER_KICK = "drawer_kick"
    DRAWER_SENSOR = "drawer_sensor"
    SCAN_INPUT = "scan_input"
    LINE_DISPLAY = "line_display"


class Device:
    """Base class for all devices: state, capabilities and event delivery.

    Subclasses override the ``_on_*`` hooks, which run with the state lock held, and
    call :meth:`_require_enabled` at the start of every operation that uses the device.
    """

    def __init__(self, name: str, location: str = "") -> None:
        self.name = name
        self.location = location
        self._state = DeviceState.CLOSED
        self._state_lock = threading.RLock()
        self._events = EventHub()

    # -- public lifecycle ------------------------------------------------------------

    @property
    def state(self) -> DeviceState:
        return self._state

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset()

    def add_listener(self, listener: Listener) -> None:
        self._events.add(listener)

    def remove_listener(self, listener: Listener) -> None:
        self._events.remove(listener)

    def open(self) -> None:
        with self._state_lock:
            self._expect({DeviceState.CLOSED}, DeviceErrorCode.DEVICE_ALREADY_OPEN, "open")
            self._on_open()
            self._set_state(DeviceState.OPENED)

    def claim(self, timeout: float | None = None) -> None:
        """Take exclusive use of the device and open its port or connection."""
        with self._state_lock:
            self._expect({DeviceState.OPENED}, DeviceErrorCode.DEVICE_NOT_OPEN, "claim")
            self._on_claim(timeout)
            self._set_state(DeviceState.CLAIMED)

    def enable(self) -> None:
        with self._state_lock:
            self._expect({DeviceState.CLAIMED}, DeviceErrorCode.DEVICE_NOT_CLAIMED, "enable")
            self._on_enable()
            self._set_state(DeviceState.ENABLED)

    def disable(self) -> None:
        with self._state_lock:
            self._expect({DeviceState.ENABLED}, DeviceErrorCode.DEVICE_NOT_ENABLED, "disable")
            self._on_disable()
            self._set_state(DeviceState.CLAIMED)

    def release(self) -> None:
        with self._state_lock:
            self._expect({DeviceState.CLAIMED}, DeviceErrorCode.DEVICE_NOT_CLAIMED, "release")
            self._on_release()
            self._set_state(DeviceState.OPENED)

    def close(self) -> None:
        """Walk the device back to ``closed`` from any state; closing twice does nothing."""
        with self._state_lock:
            if self._state is DeviceState.CLOSED:
                return
            if self._state is DeviceState.ENABLED:
                self._run_cleanup(self._on_disable)
            if self._state in (DeviceState.ENABLED, DeviceState.CLAIMED, DeviceState.ERROR):
                self._run_cleanup(self._on_release)
            self._run_cleanup(self._on_close)
            self._set_state(DeviceState.CLOSED)

    def open_claim_enable(self) -> None:
        """Run open, claim and enable in turn, as most callers want a working device."""
        self.open()
        self.claim()
        self.enable()

    def status_dict(self) -> dict[str, object]:
        """Return the device's state and capabilities as JSON-compatible data."""
        return {
            "name": self.name,
            "type": type(self).__name__,
            "location": self.location,
            "state": self._state.value,
            "capabilities": sorted(c.value for c in self.capabilities),
        }

    # -- hooks for subclasses ---------------------------------------------------------

    def _on_open(self) -> None:
        pass

    def _on_claim(self, timeout: float | None) -> None:
        pass

    def _on_enable(self) -> None:
        pass

    def _on_disable(self) -> None:
        pass

    def _on_release(self) -> None:
        pass

    def _on_close(self) -> None:
        pass

    # -- helpers for subclasses -------------------------------------------------------

    def _require_enabled(self, operation: str) -> None:
        if self._state is not DeviceState.ENABLED:
            raise DeviceStateError(
                f"cannot {operation}: the device is {self._state.value}, enable it first",
                device=self.name,
                location=self.location,
                code=DeviceErrorCode.DEVICE_NOT_ENABLED,
            )

    def _enter_error_state(self, reason: str) -> None:
        """Mark the connection as lost; the caller still raises its own error."""
        with self._state_lock:
            if self._state is not DeviceState.CLOSED:
                logger.error("device %s entered error state: %s", self.name, reason)
                self._set_state(DeviceState.ERROR, reason=reason)

    def _emit(self, event: DeviceEvent) -> None:
        self._events.emit(event)

    def _expect(self, allowed: set[DeviceState], code: DeviceErrorCode, operation: str) -> None:
        if self._state not in allowed:
            expected = " or ".join(sorted(state.value for state in allowed))
            raise DeviceStateError(
                f"cannot {operation}: the device is {self._state.value}, expected {expected}",
                device=self.name,
                location=self.location,
                code=code,
            )

    def _set_state(self, state: DeviceState, reason: str = "") -> None:
        previous = self._state
        self._state = state
        if previous is not state:
            detail: dict[str, object] = {"previous": previous.value, "state": state.value}
            if reason:
                detail["reason"] = reason
            self._emit(StatusUpdateEvent(self.name, StatusKind.STATE_CHANGED, detail))

    def _run_cleanup(self, hook: Callable[[], None]) -> None:
        # Closing must reach the end even if one step fails, so errors are only logged.
        try:
            hook()
        except Exception:
            logger.exception("device %s: cleanup step failed while closing", self.name)
