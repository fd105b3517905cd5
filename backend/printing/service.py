"""The device service: print queue worker, drawer kick for cash, scans and display.

Printing is a durable job: the sale's transaction already contains the job row. A worker
thread prints jobs in order. A fault found before any byte was sent leaves the job queued
until the printer reports ready. A fault found after data was sent clears the printer's
buffers, so the half-sent receipt cannot finish on its own, and marks the job held. Once the
printer is ready again the job is sent once more in full. A job found in the "sending"
state at start-up (the process died mid-write) is held for the operator, because what the
printer printed is unknown.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from backend.api.deps import Services
from backend.domain.receipt import document_from_dict
from backend.printing.messages import fault_message
from devices.base import DeviceState
from devices.config import DevicesConfig
from devices.errors import DeviceError, PrinterFaultError
from devices.events import DataEvent, DeviceEvent, ErrorEvent, StatusUpdateEvent
from devices.manager import DeviceManager

logger = logging.getLogger(__name__)

IDLE_WAIT_S = 0.5
FAULT_POLL_S = 0.5


def devices_config_from(settings_devices: dict[str, Any], data_dir: Any) -> DevicesConfig:
    config = DevicesConfig.model_validate(settings_devices or {})
    printer = config.printer
    if printer.transport.value == "simulator" and printer.simulator_output_dir is None:
        output = str(data_dir / "simulator" / "receipts")
        config = config.model_copy(
            update={"printer": printer.model_copy(update={"simulator_output_dir": output})}
        )
    return config


class DeviceService:
    def __init__(self, services: Services, manager: DeviceManager) -> None:
        self.services = services
        self.manager = manager
        self.jobs = services.sales.print_jobs
        self.hub = services.hub
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.current_fault: dict[str, str] | None = None
        self._device_lock = threading.Lock()
        # Held by the print worker while it handles a job and by replace_manager while it
        # swaps the devices, so a job is never sent to a printer that is being closed.
        self._swap_lock = threading.Lock()
        # Drawer and display commands run here, off the request thread, one at a time.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="openregi-devices")

    # ----- life -----

    def start(self) -> None:
        self.manager.add_listener(self._on_device_event)
        self.manager.start()
        self._hold_interrupted_jobs()
        self.services.sales.after_commit.append(self._after_sale)
        self._thread = threading.Thread(target=self._run, name="openregi-print-queue", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(5)
        self._executor.shutdown(wait=True)
        self.manager.close()

    def wake(self) -> None:
        self._wake.set()

    def replace_manager(self, manager: DeviceManager) -> None:
        """Close the running devices and start the devices of ``manager`` in their place.

        Print jobs stay in the durable queue during the swap and print on the new printer.
        A device of the new configuration that fails to start is reported by status().
        """
        with self._swap_lock:
            old = self.manager
            old.remove_listener(self._on_device_event)
            with self._device_lock:
                old.close()
                manager.add_listener(self._on_device_event)
                self.manager = manager
                manager.start()
            self._set_fault(None)
        logger.info(
            "devices replaced printer=%s dialect=%s drawer=%s scanner=%s display=%s",
            manager.config.printer.location,
            manager.config.printer.dialect.value,
            manager.config.drawer.connection.value,
            manager.config.scanner.connection.value,
            manager.config.display.connection.value,
        )
        self._wake.set()

    def status(self) -> dict[str, Any]:
        return {
            "devices": self.manager.status(),
            "print_jobs": self.jobs.counts(),
            "fault": self.current_fault,
        }

    # ----- sale hooks -----

    def _after_sale(self, document: dict[str, Any]) -> None:
        """Wake the printer worker and open the drawer when cash changed hands."""
        self._wake.set()
        if any(tender["kind"] == "cash" for tender in document.get("tenders", [])):
            self._executor.submit(self.open_drawer, "cash sale")
        self._executor.submit(self._show_change, int(document.get("paid", 0)), int(document.get("change", 0)))

    def _show_change(self, paid: int, change: int) -> None:
        display = self.manager.display
        if display is None or display.state is not DeviceState.ENABLED:
            return
        try:
            with self._device_lock:
                display.show_change(paid, change)
        except DeviceError as error:
            logger.warning("customer display failed: %s", error)

    def open_drawer(self, reason: str) -> bool:
        drawer = self.manager.drawer
        if drawer is None or drawer.state is not DeviceState.ENABLED:
            logger.warning("drawer not available, reason=%s", reason)
            return False
        try:
            with self._device_lock:
                drawer.open_drawer()
        except DeviceError as error:
            logger.error("drawer open failed reason=%s error=%s", reason, error)
            self.hub.publish({"type": "device_error", **fault_message(error.code.value), "device": "drawer"})
            return False
        logger.info("drawer opened reason=%s", reason)
        return True

    def show_cart(self, cart: dict[str, Any]) -> None:
        display = self.manager.display
        if display is None or display.state is not DeviceState.ENABLED:
            return
        lines = [line for line in cart.get("lines", []) if not line.get("voided")]
        try:
            with self._device_lock:
                if cart.get("state") == "paying":
                    display.show_total(int(cart["totals"]["total"]))
                elif lines:
                    display.show_item(
                        str(lines[-1]["name"]), int(lines[-1]["unit_price"]) * int(lines[-1]["quantity"])
                    )
        except DeviceError as error:
            logger.warning("customer display failed: %s", error)

    # ----- device events -----

    def _on_device_event(self, event: DeviceEvent) -> None:
        if isinstance(event, DataEvent):
            data = event.to_dict()
            raw = data.get("raw")
            if isinstance(raw, bytes):
                data["raw"] = raw.hex()  # JSON has no bytes; the UI needs only the code
            self.hub.publish({"type": "scan", **data})
        elif isinstance(event, ErrorEvent):
            self.hub.publish({"type": "device_error", "device": event.device, **fault_message(event.code)})
        elif isinstance(event, StatusUpdateEvent):
            self.hub.publish({"type": "device_status", **event.to_dict()})
            self._wake.set()
        else:
            self.hub.publish({"type": "device_event", **event.to_dict()})

    # ----- print queue -----

    def _hold_interrupted_jobs(self) -> None:
        row = self.jobs.next_queued()
        while row is not None and row["status"] == "sending":
            logger.warning("print job %s was interrupted mid-send; holding it", row["id"])
            self.jobs.set_status(row["id"], "held", "print_interrupted")
            row = self.jobs.next_queued()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with self._swap_lock:
                    worked = self._print_next()
            except Exception:
                logger.exception("print queue worker error")
                worked = False
            if not worked:
                self._wake.wait(FAULT_POLL_S if self.current_fault else IDLE_WAIT_S)
                self._wake.clear()

    def _set_fault(self, code: str | None, job_id: int | None = None) -> None:
        previous = self.current_fault["code"] if self.current_fault else None
        self.current_fault = fault_message(code) if code else None
        if code != previous:
            self.hub.publish(
                {
                    "type": "printer_fault" if code else "printer_ready",
                    "job_id": job_id,
                    **(self.current_fault or {}),
                }
            )

    def _printer_ready(self) -> bool:
        printer = self.manager.printer
        if printer is None or printer.state is not DeviceState.ENABLED:
            return False
        try:
            with self._device_lock:
                status = printer.check_status()
        except DeviceError as error:
            self._set_fault(error.code.value)
            return False
        if status.fault is not None:
            self._set_fault(status.fault.value)
            return False
        return True

    def _print_next(self) -> bool:
        """Print one job if the printer is ready; return whether a job was printed."""
        for held in self.jobs.held():
            if held["fault"] != "print_interrupted" and self._printer_ready():
                logger.info("printer ready again; requeueing held job %s", held["id"])
                self.jobs.set_status(held["id"], "queued", None)
        job = self.jobs.next_queued()
        if job is None:
            return False
        printer = self.manager.printer
        if printer is None or printer.state is not DeviceState.ENABLED:
            return False
        job_id = int(job["id"])
        self.jobs.set_status(job_id, "sending", attempt=True)
        try:
            with self._device_lock:
                printer.print_document(document_from_dict(job["document"]), job_id=str(job_id))
        except PrinterFaultError as error:
            self._on_fault(job_id, error)
            return False
        except DeviceError as error:
            self.jobs.set_status(job_id, "queued", error.code.value)
            self._set_fault(error.code.value, job_id)
            return False
        self.jobs.set_status(job_id, "done")
        self._set_fault(None, job_id)
        self.hub.publish(
            {"type": "print_job_done", "job_id": job_id, "receipt_number": job["receipt_number"]}
        )
        return True

    def _on_fault(self, job_id: int, error: PrinterFaultError) -> None:
        code = error.code.value
        if not error.data_sent:
            self.jobs.set_status(job_id, "queued", code)
        else:
            printer = self.manager.printer
            cleared = False
            if printer is not None and hasattr(printer, "clear_buffers"):
                try:
                    with self._device_lock:
                        printer.clear_buffers()
                    cleared = True
                except DeviceError as clear_error:
                    logger.error("clearing printer buffers failed job=%s error=%s", job_id, clear_error)
            # Without a confirmed clear the printer may finish the receipt by itself, so
            # the job waits for the operator instead of printing twice.
            self.jobs.set_status(job_id, "held", code if cleared else "print_interrupted")
        logger.warning("print job %s faulted code=%s data_sent=%s", job_id, code, error.data_sent)
        self._set_fault(code, job_id)

    def retry_job(self, job_id: int) -> None:
        self.jobs.set_status(job_id, "queued", None)
        self._wake.set()

    def cancel_job(self, job_id: int) -> None:
        self.jobs.set_status(job_id, "cancelled", None)
