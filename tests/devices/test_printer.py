"""Printer behaviour against the simulated printer: status first, one write, faults."""

from __future__ import annotations

import pytest

from backend.domain.receipt import ReceiptDocument, Text
from devices.base import DeviceState
from devices.config import PrinterConfig, PrinterDialect, StatusMode
from devices.errors import (
    DeviceErrorCode,
    DeviceStateError,
    PrinterCoverOpenError,
    PrinterOfflineError,
    PrinterPaperEndError,
)
from devices.events import ErrorEvent, OutputCompleteEvent, StatusUpdateEvent
from devices.printer import Printer
from devices.simulators import PrinterFault, PrinterModel, SimulatedPrinter
from devices.transports import RecordingTransport

RECEIPT = ReceiptDocument((Text("おにぎり 鮭 ※"), Text("合計 ¥150")))


def _printer(**settings) -> SimulatedPrinter:
    printer = SimulatedPrinter(PrinterConfig(**settings))
    printer.open_claim_enable()
    return printer


def _job_writes(printer: SimulatedPrinter) -> list[bytes]:
    return [data for data in printer.recording.writes if len(data) > 5]


def test_print_requires_enabled_state():
    printer = SimulatedPrinter(PrinterConfig())
    printer.open()

    with pytest.raises(DeviceStateError) as raised:
        printer.print_document(RECEIPT)

    assert raised.value.code is DeviceErrorCode.DEVICE_NOT_ENABLED
    assert raised.value.device == "printer"


def test_lifecycle_runs_in_order_and_back():
    printer = SimulatedPrinter(PrinterConfig())
    states = []
    printer.add_listener(lambda event: states.append(event.detail["state"]))

    printer.open_claim_enable()
    printer.disable()
    printer.release()
    printer.close()

    assert states == ["opened", "claimed", "enabled", "claimed", "opened", "closed"]


def test_claim_before_open_is_rejected():
    printer = SimulatedPrinter(PrinterConfig())

    with pytest.raises(DeviceStateError) as raised:
        printer.claim()

    assert raised.value.code is DeviceErrorCode.DEVICE_NOT_OPEN


def test_receipt_is_one_write_after_status_check():
    printer = _printer()

    result = printer.print_document(RECEIPT, job_id="job-1")

    writes = printer.recording.writes
    assert writes[:4] == [b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x03", b"\x10\x04\x04"]
    assert writes[4] == printer.encoder.encode(RECEIPT)
    assert len(_job_writes(printer)) == 1
    assert result.job_id == "job-1"
    assert result.byte_count == len(writes[4])
    assert printer.model.complete_jobs == [writes[4]]


def test_paper_end_writes_nothing():
    printer = _printer()
    printer.model.set_fault(PrinterFault.PAPER_END)

    with pytest.raises(PrinterPaperEndError) as raised:
        printer.print_document(RECEIPT)

    assert raised.value.code is DeviceErrorCode.PRINTER_PAPER_END
    assert raised.value.data_sent is False
    assert _job_writes(printer) == []
    assert printer.model.jobs == []


def test_paper_loaded_prints_once():
    printer = _printer()
    printer.model.set_fault(PrinterFault.PAPER_END)
    with pytest.raises(PrinterPaperEndError):
        printer.print_document(RECEIPT)

    printer.model.clear_fault()
    printer.print_document(RECEIPT)

    assert printer.model.complete_jobs == [printer.encoder.encode(RECEIPT)]
    assert len(_job_writes(printer)) == 1


def test_paper_end_during_job_reports_data_sent():
    printer = _printer()
    printer.model.run_out_of_paper_after(10)

    with pytest.raises(PrinterPaperEndError) as raised:
        printer.print_document(RECEIPT)

    assert raised.value.data_sent is True
    assert printer.model.complete_jobs == []
    assert len(printer.model.jobs[0].data) == 10


def test_cover_open_is_reported_as_its_own_error():
    printer = _printer()
    printer.model.set_fault(PrinterFault.COVER_OPEN)

    with pytest.raises(PrinterCoverOpenError):
        printer.print_document(RECEIPT)


def test_fault_emits_error_and_status_events():
    printer = _printer()
    events = []
    printer.add_listener(events.append)
    printer.model.set_fault(PrinterFault.OFFLINE)

    with pytest.raises(PrinterOfflineError):
        printer.print_document(RECEIPT)

    errors = [event for event in events if isinstance(event, ErrorEvent)]
    statuses = [event for event in events if isinstance(event, StatusUpdateEvent)]
    assert [event.code for event in errors] == ["printer_offline"]
    assert statuses[-1].detail["fault"] == "printer_offline"


def test_output_complete_event_after_print():
    printer = _printer()
    events = []
    printer.add_listener(events.append)

    printer.print_document(RECEIPT, job_id="j9")

    complete = [event for event in events if isinstance(event, OutputCompleteEvent)]
    assert [(event.job_id, event.byte_count) for event in complete] == [
        ("j9", len(printer.encoder.encode(RECEIPT)))
    ]


def test_no_status_reply_counts_as_offline():
    transport = RecordingTransport()
    printer = Printer(PrinterConfig(status_timeout_s=0.05), transport)
    printer.open_claim_enable()

    with pytest.raises(PrinterOfflineError) as raised:
        printer.print_document(RECEIPT)

    assert raised.value.data_sent is False
    assert transport.writes == [b"\x10\x04\x01"]


def test_printer_without_status_prints():
    transport = RecordingTransport()
    printer = Printer(PrinterConfig(status_mode=StatusMode.NONE), transport)
    printer.open_claim_enable()

    result = printer.print_document(RECEIPT)

    assert transport.writes == [printer.encoder.encode(RECEIPT)]
    assert result.status is None


def test_star_printer_polls_with_esc_ack_soh():
    printer = SimulatedPrinter(PrinterConfig(dialect=PrinterDialect.STAR_LINE),
                               PrinterModel(PrinterDialect.STAR_LINE))
    printer.open_claim_enable()
    printer.model.set_fault(PrinterFault.PAPER_END)

    with pytest.raises(PrinterPaperEndError):
        printer.print_document(RECEIPT)

    assert printer.recording.writes == [b"\x1b\x06\x01"]


def test_auto_status_back_mode_uses_pushed_status():
    printer = _printer(status_mode=StatusMode.AUTO_STATUS_BACK)
    try:
        printer.print_document(RECEIPT)
        printer.model.set_fault(PrinterFault.COVER_OPEN)
        _wait_for(lambda: printer.last_status is not None and printer.last_status.cover_open)

        with pytest.raises(PrinterCoverOpenError):
            printer.print_document(RECEIPT)
    finally:
        printer.close()

    assert printer.recording.writes[0] == b"\x1da\x0f"
    assert printer.model.status_requests == 0
    assert len(printer.model.complete_jobs) == 1


def test_kick_drawer_uses_configured_pin_and_pulses():
    printer = _printer(drawer_pin=2, drawer_on_ms=100, drawer_off_ms=200)

    printer.kick_drawer()

    assert printer.recording.writes == [b"\x1bp\x00\x32\x64"]
    assert printer.model.drawer_open is True


def test_close_from_enabled_closes_transport():
    printer = _printer()

    printer.close()

    assert printer.state is DeviceState.CLOSED
    assert printer.recording.is_open is False


def test_simulator_writes_bin_text_and_png(tmp_path):
    printer = _printer(simulator_output_dir=str(tmp_path))

    printer.print_document(RECEIPT)

    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "receipt-0001.bin", "receipt-0001.png", "receipt-0001.txt",
    ]
    assert (tmp_path / "receipt-0001.bin").read_bytes() == printer.encoder.encode(RECEIPT)
    assert "おにぎり 鮭 ※" in (tmp_path / "receipt-0001.txt").read_text(encoding="utf-8")


def _wait_for(condition, timeout: float = 2.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)
