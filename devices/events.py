"""Typed device events and the listener list that delivers them.

Listeners are plain callables. A device calls them on the thread that noticed the event:
a scanner's reader thread, the drawer monitor, or the caller of a printer method. A
listener that touches an asyncio loop must therefore hand the event over with
``loop.call_soon_threadsafe``. A listener that raises is logged and does not stop the
other listeners.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


class StatusKind(enum.StrEnum):
    """Kind of change a :class:`StatusUpdateEvent` reports."""

    STATE_CHANGED = "state_changed"
    PRINTER_STATUS = "printer_status"
    DRAWER_OPENED = "drawer_opened"
    DRAWER_CLOSED = "drawer_closed"
    DRAWER_OPEN_TOO_LONG = "drawer_open_too_long"


class ErrorResponse(enum.StrEnum):
    """Suggested response of the caller to an :class:`ErrorEvent`."""

    RETRY = "retry"  # fix the cause (load paper, close the cover) and try again
    CLEAR = "clear"  # give up on the operation and clear it
    CONTINUE_INPUT = "continue_input"  # ignore the bad input and keep reading


@dataclass(frozen=True, slots=True)
class DeviceEvent:
    """Fields common to all events: the device name and a wall-clock time in seconds."""

    device: str
    timestamp: float = field(default_factory=time.time, kw_only=True)

    def to_dict(self) -> dict[str, object]:
        """Return the event as JSON-compatible data, with its type under ``event``."""
        data: dict[str, object] = {"event": type(self).__name__}
        for name in self.__slots__:
            value = getattr(self, name)
            data[name] = value.value if isinstance(value, enum.Enum) else value
        data["device"] = self.device
        data["timestamp"] = self.timestamp
        return data


@dataclass(frozen=True, slots=True)
class StatusUpdateEvent(DeviceEvent):
    """A change of device state or of a sensor; ``detail`` carries the decoded values."""

    kind: StatusKind
    detail: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DataEvent(DeviceEvent):
    """One complete input from a device, such as one scan.

    For a scan, ``data`` is the normalised code, ``symbology`` its detected type, and
    ``item_code`` and ``embedded_price`` (integer yen) are set for in-store price codes.
    """

    data: str
    symbology: str = ""
    raw: bytes = b""
    item_code: str | None = None
    embedded_price: int | None = None


@dataclass(frozen=True, slots=True)
class ErrorEvent(DeviceEvent):
    """A failure the device noticed on its own (not raised to a caller)."""

    code: str
    message: str
    response: ErrorResponse


@dataclass(frozen=True, slots=True)
class OutputCompleteEvent(DeviceEvent):
    """A print job was written to the printer in full; ``byte_count`` bytes were sent."""

    job_id: str
    byte_count: int


Listener = Callable[[DeviceEvent], None]


class EventHub:
    """A thread-safe list of listeners that each event is delivered to, in order."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def add(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def remove(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def emit(self, event: DeviceEvent) -> None:
        """Call every listener with ``event``; a failing listener is logged and skipped."""
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:
                logger.exception(
                    "device event listener failed",
                    extra={"device": event.device, "event": type(event).__name__},
                )
