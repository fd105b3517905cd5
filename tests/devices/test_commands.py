"""Single commands: drawer kicks, cuts, styles, barcodes, status requests."""

from __future__ import annotations

import pytest

from backend.domain.receipt import (
    Barcode,
    BarcodeSymbology,
    Cut,
    QRCode,
    ReceiptDocument,
    Text,
    TextStyle,
)
from devices.config import CutMode, PrinterConfig, PrinterDialect
from devices.dialects import encode_receipt, make_encoder
from devices.escpos_dialect import auto_status_back, status_request

EPSON_SETUP = b"\x1b@\x1bR\x08\x1bt\x01\x1cC\x01\x1c&"
STAR_SETUP = b"\x1b@\x1bR\x08\x1b$\x01"


def test_epson_drawer_kick_pin_2():
    encoder = make_encoder(PrinterConfig(drawer_pin=2, drawer_on_ms=100, drawer_off_ms=200))

    assert encoder.drawer_kick(2, 100, 200) == b"\x1bp\x00\x32\x64"


def test_epson_drawer_kick_pin_5():
    encoder = make_encoder(PrinterConfig())

    assert encoder.drawer_kick(5, 200, 200) == b"\x1bp\x01\x64\x64"


def test_star_line_drawer_kick():
    encoder = make_encoder(PrinterConfig(dialect=PrinterDialect.STAR_LINE))

    kick = encoder.drawer_kick(2, 100, 200)

    assert kick == b"\x1b\x07\x0a\x14\x07"
    assert b"\x1bp" not in kick


def test_star_drawer_pin_5_fires_external_device_2():
    encoder = make_encoder(PrinterConfig(dialect=PrinterDialect.STARPRNT))

    assert encoder.drawer_kick(5, 100, 200) == b"\x1a"


def test_epson_pulse_longer_than_510_ms_is_capped():
    encoder = make_encoder(PrinterConfig())

    assert encoder.drawer_kick(2, 1000, 600) == b"\x1bp\x00\xff\xff"


@pytest.mark.parametrize(
    ("dialect", "mode", "expected"),
    [
        (PrinterDialect.EPSON_JP, CutMode.PARTIAL, b"\x1dVB\x00"),
        (PrinterDialect.EPSON_JP, CutMode.FULL, b"\x1dVA\x00"),
        (PrinterDialect.STAR_LINE, CutMode.PARTIAL, b"\x1bd\x03"),
        (PrinterDialect.STARPRNT, CutMode.FULL, b"\x1bd\x02"),
    ],
)
def test_cut_commands(dialect, mode, expected):
    assert make_encoder(PrinterConfig(dialect=dialect)).cut(mode) == expected


def test_epson_style_changes_are_sent_once_and_reset():
    document = ReceiptDocument((
        Text("A", style=TextStyle(bold=True, width=2, height=2)),
        Text("B", style=TextStyle(bold=True, width=2, height=2)),
        Text("C"),
    ))

    data = encode_receipt(document, PrinterConfig(paper_mm=58, columns=32))

    assert data == EPSON_SETUP + b"\x1d!\x11\x1bE\x01A\nB\n\x1d!\x00\x1bE\x00C\n"


def test_epson_underline_sets_kanji_underline_too():
    document = ReceiptDocument((Text("下線", style=TextStyle(underline=True)),))

    data = encode_receipt(document, PrinterConfig())

    assert data == EPSON_SETUP + b"\x1b-\x01\x1c-\x01" + "下線".encode("cp932") + b"\n\x1b-\x00\x1c-\x00"


def test_star_styles_use_star_commands():
    document = ReceiptDocument((Text("A", style=TextStyle(bold=True, width=2, height=2, invert=True)),))

    data = encode_receipt(document, PrinterConfig(dialect=PrinterDialect.STAR_LINE))

    assert data == STAR_SETUP + b"\x1bi\x01\x01\x1bE\x1b4A\n\x1bi\x00\x00\x1bF\x1b5"


def test_epson_jan13_barcode_sends_twelve_digits():
    document = ReceiptDocument((Barcode("4901234567894", BarcodeSymbology.JAN13, height_dots=60),))

    data = encode_receipt(document, PrinterConfig())

    expected = b"\x1ba\x01\x1dh\x3c\x1dw\x02\x1dH\x02\x1df\x00\x1dk\x43\x0c490123456789\n\x1ba\x00"
    assert data == EPSON_SETUP + expected


def test_epson_code128_code_set_b():
    document = ReceiptDocument((Barcode("A{1", BarcodeSymbology.CODE128, human_readable=False),))

    data = encode_receipt(document, PrinterConfig())

    assert b"\x1dH\x00" in data
    assert b"\x1dk\x49\x06{BA{{1\n" in data


def test_star_jan13_barcode():
    document = ReceiptDocument((Barcode("4901234567894", BarcodeSymbology.JAN13, height_dots=60),))

    data = encode_receipt(document, PrinterConfig(dialect=PrinterDialect.STAR_LINE))

    assert data == STAR_SETUP + b"\x1b\x1da\x01\x1bb\x03\x02\x01\x3c490123456789\x1e\x1b\x1da\x00"


def test_invalid_jan_check_digit_prints_data_as_text(caplog):
    document = ReceiptDocument((Barcode("4901234567890", BarcodeSymbology.JAN13),))

    data = encode_receipt(document, PrinterConfig())

    assert b"\x1dk" not in data
    assert b"4901234567890\n" in data
    assert "wrong check digit" in caplog.text


def test_epson_qrcode_commands():
    document = ReceiptDocument((QRCode("ABC", module_size=4, error_correction="M"),))

    data = encode_receipt(document, PrinterConfig())

    expected = (
        b"\x1ba\x01"
        b"\x1d(k\x04\x001A2\x00"
        b"\x1d(k\x03\x001C\x04"
        b"\x1d(k\x03\x001E\x31"
        b"\x1d(k\x06\x001P0ABC"
        b"\x1d(k\x03\x001Q0"
        b"\n\x1ba\x00"
    )
    assert data == EPSON_SETUP + expected


def test_star_qrcode_commands():
    document = ReceiptDocument((QRCode("ABC", module_size=4, error_correction="M"),))

    data = encode_receipt(document, PrinterConfig(dialect=PrinterDialect.STARPRNT))

    expected = (
        b"\x1b\x1da\x01"
        b"\x1b\x1dyS0\x02\x1b\x1dyS1\x01\x1b\x1dyS2\x04"
        b"\x1b\x1dyD1\x00\x03\x00ABC\x1b\x1dyP\n"
        b"\x1b\x1da\x00"
    )
    assert data == STAR_SETUP + expected


def test_epson_logo_is_gs_v_0_raster():
    from backend.domain.receipt import Logo

    data = encode_receipt(ReceiptDocument((Logo("receipt_logo"),)), PrinterConfig())

    start = data.index(b"\x1dv0\x00")
    width_bytes = int.from_bytes(data[start + 4 : start + 6], "little")
    height = int.from_bytes(data[start + 6 : start + 8], "little")
    assert (width_bytes, height) == (31, 48)
    assert len(data) == len(EPSON_SETUP) + 3 + 8 + 31 * 48 + 3


def test_training_banner_before_final_cut():
    document = ReceiptDocument((Text("x"), Cut()), training=True)

    data = encode_receipt(document, PrinterConfig(paper_mm=58, columns=32))

    banner = "【トレーニング】".encode("cp932")
    assert data.count(banner) == 2
    assert data.rindex(banner) < data.rindex(b"\x1dVB\x00")


def test_status_and_auto_status_commands():
    assert [status_request(kind) for kind in (1, 2, 3, 4)] == [
        b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x03", b"\x10\x04\x04",
    ]
    assert auto_status_back(True) == b"\x1da\x0f"
    assert auto_status_back(False) == b"\x1da\x00"
