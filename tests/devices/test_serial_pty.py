"""Serial devices over a real pty pair: a fake printer and a scanner on the far end."""

from __future__ import annotations

import os
import threading
import time

import pytest

from backend.domain.receipt import Cut, ReceiptDocument, Row, Text
from devices.config import FlowControl, PrinterConfig, ScannerConfig, SerialSettings, TransportKind
from devices.errors import DeviceIOError, PrinterPaperEndError
from devices.events import DataEvent
from devices.printer import Printer
from devices.scanner import Scanner
from devices.simulators import PrinterModel
from devices.transports import SerialTransport, make_printer_transport
from tests.devices.fake_printer import PtyPrinterEndpoint

RECEIPT = ReceiptDocument((Text("レシート"), Row("おにぎり 鮭 ※", "¥150"), Row("ｺｰﾋｰ", "¥1,080"), Cut()))


@pytest.fixture
def pty_printer():
    model = PrinterModel()
    endpoint = PtyPrinterEndpoint(model)
    endpoint.start()
    config = PrinterConfig(
        transport=TransportKind.SERIAL,
        serial=SerialSettings(port=endpoint.slave_path, baud=38400, flow_control=FlowControl.NONE),
        status_timeout_s=1.0,
    )
    printer = Printer(config, make_printer_transport(config))
    printer.open_claim_enable()
    yield printer, model
    printer.close()
    endpoint.stop()


def test_paper_end_mid_job_then_one_receipt(pty_printer):
    printer, model = pty_printer
    receipt_bytes = printer.encoder.encode(RECEIPT)
    model.run_out_of_paper_after(20)

    # The paper runs out 20 bytes into the job, so the status read after the write reports it.
    with pytest.raises(PrinterPaperEndError) as mid_job:
        printer.print_document(RECEIPT)
    # The rest of the receipt is still in the printer's buffer: drop it before paper is loaded.
    printer.clear_buffers()
    # While the fault lasts, nothing of the receipt is written.
    with pytest.raises(PrinterPaperEndError) as while_faulted:
        printer.print_document(RECEIPT)
    model.clear_fault()
    printer.print_document(RECEIPT)

    assert mid_job.value.data_sent is True
    assert while_faulted.value.data_sent is False
    assert [(job.complete, len(job.data)) for job in model.jobs] == [
        (False, 20),
        (True, len(receipt_bytes)),
    ]
    assert model.complete_jobs == [receipt_bytes]
    assert model.rejected == []
    assert model.buffer_clears == 1


def test_paper_end_without_clear_prints_rest_later(pty_printer):
    printer, model = pty_printer
    receipt_bytes = printer.encoder.encode(RECEIPT)
    model.run_out_of_paper_after(20)
    with pytest.raises(PrinterPaperEndError):
        printer.print_document(RECEIPT)

    model.clear_fault()

    # A real printer finishes the interrupted receipt once paper is loaded, which is why the
    # print queue clears the buffers before it sends the receipt again.
    assert [(job.complete, len(job.data)) for job in model.jobs] == [
        (False, 20),
        (False, len(receipt_bytes) - 20),
    ]


def test_status_over_pty_reads_four_dle_eot_replies(pty_printer):
    printer, model = pty_printer
    model.paper_near_end = True

    status = printer.check_status()

    assert status.online is True
    assert status.paper_near_end is True
    assert model.status_requests == 4


def test_drawer_kick_over_pty(pty_printer):
    printer, model = pty_printer

    printer.kick_drawer()

    deadline = time.monotonic() + 2
    while not model.kicks and time.monotonic() < deadline:
        time.sleep(0.01)
    assert model.kicks == [b"\x1bp\x00\x32\x64"]
    assert printer.check_status().drawer_open is True


def test_missing_serial_port_names_path():
    transport = SerialTransport(SerialSettings(port="/dev/openregi-missing"), device="printer")

    with pytest.raises(DeviceIOError) as raised:
        transport.open()

    assert raised.value.location == "/dev/openregi-missing"
    assert raised.value.__cause__ is not None


@pytest.fixture
def pty_scanner():
    master, slave = os.openpty()
    config = ScannerConfig(serial=SerialSettings(port=os.ttyname(slave), baud=9600))
    scanner = Scanner(config, SerialTransport(config.serial, device="scanner"))
    events: list = []
    received = threading.Event()

    def collect(event):
        events.append(event)
        if isinstance(event, DataEvent):
            received.set()

    scanner.add_listener(collect)
    scanner.open_claim_enable()
    yield master, scanner, events, received
    scanner.close()
    os.close(master)
    os.close(slave)


def _wait_for_data(events, count: int, timeout: float = 3.0) -> list[DataEvent]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = [event for event in events if isinstance(event, DataEvent)]
        if len(data) >= count:
            return data
        time.sleep(0.01)
    return [event for event in events if isinstance(event, DataEvent)]


def test_split_scan_is_one_scan(pty_scanner):
    master, _scanner, events, received = pty_scanner

    os.write(master, b"490123")
    time.sleep(0.15)  # longer than the reader's 0.1 s read, so the chunks arrive apart
    os.write(master, b"4567894\r")
    received.wait(3)
    time.sleep(0.2)

    data = _wait_for_data(events, 1)
    assert [event.data for event in data] == ["4901234567894"]
    assert data[0].raw == b"4901234567894"


def test_same_item_twice_two_scans(pty_scanner):
    master, _scanner, events, _received = pty_scanner

    os.write(master, b"4901234567894\r")
    os.write(master, b"4901234567894\r")

    data = _wait_for_data(events, 2)
    assert [event.data for event in data] == ["4901234567894", "4901234567894"]
