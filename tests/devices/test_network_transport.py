"""A network printer on 127.0.0.1 through python-escpos's Network class as byte pipe."""

from __future__ import annotations

import pytest

from backend.domain.receipt import Cut, ReceiptDocument, Text
from devices.config import PrinterConfig, TransportKind
from devices.errors import DeviceIOError, PrinterCoverOpenError
from devices.printer import Printer
from devices.simulators import PrinterFault, PrinterModel
from devices.transports import make_printer_transport
from tests.devices.fake_printer import TcpPrinterEndpoint

RECEIPT = ReceiptDocument((Text("ネットワーク ¥500"), Cut()))


@pytest.fixture
def network_printer():
    model = PrinterModel()
    endpoint = TcpPrinterEndpoint(model)
    endpoint.start()
    config = PrinterConfig(transport=TransportKind.NETWORK, host="127.0.0.1", tcp_port=endpoint.port,
                           write_timeout_s=2.0)
    printer = Printer(config, make_printer_transport(config))
    printer.open_claim_enable()
    yield printer, model, endpoint
    printer.close()
    endpoint.stop()


def test_network_print_writes_one_complete_job(network_printer):
    printer, model, endpoint = network_printer

    printer.print_document(RECEIPT)

    assert model.complete_jobs == [printer.encoder.encode(RECEIPT)]
    assert "ネットワーク".encode("cp932") in endpoint.received


def test_network_cover_open_sends_no_job(network_printer):
    printer, model, endpoint = network_printer
    model.set_fault(PrinterFault.COVER_OPEN)

    with pytest.raises(PrinterCoverOpenError):
        printer.print_document(RECEIPT)

    assert model.jobs == []
    assert bytes(endpoint.received) == b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04"


def test_network_connection_refused_names_address():
    config = PrinterConfig(transport=TransportKind.NETWORK, host="127.0.0.1", tcp_port=1, write_timeout_s=1.0)
    printer = Printer(config, make_printer_transport(config))
    printer.open()

    with pytest.raises(DeviceIOError) as raised:
        printer.claim()

    assert raised.value.location == "127.0.0.1:1"
