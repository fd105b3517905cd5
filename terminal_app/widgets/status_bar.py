"""The status bar: printer, drawer, scanner, store-tier sync, training mode, backend link."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

DEVICES = ("printer", "drawer", "scanner")


class DeviceStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.labels: dict[str, QLabel] = {}
        for name in (*DEVICES, "sync", "training", "link"):
            label = QLabel(self)
            label.setObjectName(f"Status_{name}")
            self.labels[name] = label
            self.addPermanentWidget(label)
        # Last known state per part: a fault code (or "" when fine) and the backend's message.
        self.faults: dict[str, str] = dict.fromkeys(DEVICES, "")
        self._device_known: dict[str, bool] = dict.fromkeys(DEVICES, False)
        self.pending_sync: int | None = None
        self.sync_error = ""
        self.training = False
        self.linked = True
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def fault_message(self, code: str) -> str:
        """Return the plain instruction for a device fault code."""
        messages = {
            "printer_paper_end": self.tr("Out of paper. Load paper."),
            "printer_cover_open": self.tr("Printer cover is open. Close the cover."),
            "printer_offline": self.tr("Printer is offline. Check the power and cable."),
            "printer_hardware_error": self.tr("Printer error. Turn the printer off and on."),
            "printer_paper_near_end": self.tr("Paper is running low. Prepare a new roll."),
            "drawer_open_too_long": self.tr("Drawer is open. Close the drawer."),
            "scanner_invalid_data": self.tr("Scan not read. Scan again."),
            "not_connected": self.tr("Not connected. Check the cable."),
        }
        return messages.get(code, self.tr("Fault: %1").replace("%1", code))

    def set_device(self, name: str, fault: str) -> None:
        if name not in self.faults:
            return
        self.faults[name] = fault
        self._device_known[name] = True
        self.retranslate()

    def set_sync(self, pending: int | None, error: str = "") -> None:
        self.pending_sync = pending
        self.sync_error = error
        self.retranslate()

    def set_training(self, training: bool) -> None:
        self.training = training
        self.retranslate()

    def set_linked(self, linked: bool) -> None:
        self.linked = linked
        self.retranslate()

    def apply_device_event(self, event: dict[str, Any]) -> None:
        """Show a device status or error event from the WebSocket."""
        device = str(event.get("device", ""))
        name = next((known for known in DEVICES if known in device), "")
        if not name:
            return
        raw_detail = event.get("detail")
        detail: dict[str, Any] = raw_detail if isinstance(raw_detail, dict) else {}
        fault = event.get("fault", detail.get("fault"))
        if fault is None and event.get("type") == "device_error":
            fault = event.get("code")
        if fault is None and event.get("kind") == "drawer_open_too_long":
            fault = "drawer_open_too_long"
        if fault is None and detail.get("paper_near_end"):
            fault = "printer_paper_near_end"
        self.set_device(name, str(fault or ""))

    def apply_device_status(self, status: dict[str, Any]) -> None:
        """Show GET /devices/status: each device's state and the printer's fault."""
        devices = status.get("devices", {})
        for name in DEVICES:
            entry = devices.get(name)
            if not isinstance(entry, dict):
                continue
            if entry.get("state") != "enabled":
                self.set_device(name, "not_connected")
                continue
            printer_status = entry.get("printer_status")
            if isinstance(printer_status, dict):
                self.set_device(name, str(printer_status.get("fault") or ""))
            elif not self.faults[name]:
                # Without a status read the device is only known to be enabled; a fault an
                # event reported stays until an event or a status read clears it.
                self.set_device(name, "")

    def apply_status(self, status: dict[str, Any]) -> None:
        """Read the parts of GET /status this bar shows: devices, and sync pending counts."""
        devices = status.get("devices")
        if isinstance(devices, dict):
            self.apply_device_status(devices)
        sync = status.get("sync")
        if isinstance(sync, dict) and "pending" in sync:
            error = sync.get("last_error") if sync.get("configured") and not sync.get("connected") else None
            self.set_sync(int(sync["pending"]), str(error or ""))
            return
        pending = status.get("outbox_pending")
        if isinstance(pending, dict):
            self.set_sync(sum(int(value) for value in pending.values()))

    def retranslate(self) -> None:
        names = {
            "printer": self.tr("Printer"),
            "drawer": self.tr("Drawer"),
            "scanner": self.tr("Scanner"),
        }
        for name in DEVICES:
            fault = self.faults[name]
            if fault:
                text = f"{names[name]}: {self.fault_message(fault)}"
            elif self._device_known[name]:
                text = f"{names[name]}: {self.tr('OK')}"
            else:
                text = f"{names[name]}: -"
            self._set(name, text, bool(fault))

        if self.pending_sync is None:
            self._set("sync", self.tr("Sync: -"), False)
        elif self.sync_error:
            self._set(
                "sync",
                self.tr("Sync: %1 waiting (%2)")
                .replace("%1", str(self.pending_sync))
                .replace("%2", self.sync_error),
                True,
            )
        else:
            self._set("sync", self.tr("Sync: %1 waiting").replace("%1", str(self.pending_sync)), False)
        self._set("training", self.tr("TRAINING") if self.training else "", self.training)
        self.labels["training"].setVisible(self.training)
        self._set("link", "" if self.linked else self.tr("Backend disconnected"), not self.linked)
        self.labels["link"].setVisible(not self.linked)

    def _set(self, name: str, text: str, fault: bool) -> None:
        label = self.labels[name]
        label.setText(text)
        label.setProperty("fault", "true" if fault else "false")
        label.style().unpolish(label)
        label.style().polish(label)
