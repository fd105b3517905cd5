"""Decoding DLE EOT, Epson ASB and Star ASB bytes into PrinterStatus."""

from __future__ import annotations

import pytest

from devices.config import SensorPolarity
from devices.errors import DeviceErrorCode
from devices.status import (
    PrinterStatus,
    StatusFormatError,
    decode_dle_eot,
    decode_epson_asb,
    decode_star_asb,
    encode_dle_eot,
    encode_star_asb,
)

READY = (0x12, 0x12, 0x12, 0x12)


def test_dle_eot_ready_printer():
    status = decode_dle_eot(*READY)

    assert status == PrinterStatus(online=True, drawer_open=False)
    assert status.fault is None


@pytest.mark.parametrize(
    ("replies", "fault"),
    [
        ((0x1A, 0x16, 0x12, 0x12), DeviceErrorCode.PRINTER_COVER_OPEN),
        ((0x1A, 0x32, 0x12, 0x72), DeviceErrorCode.PRINTER_PAPER_END),
        ((0x1A, 0x52, 0x32, 0x12), DeviceErrorCode.PRINTER_HARDWARE_ERROR),
        ((0x1A, 0x12, 0x12, 0x12), DeviceErrorCode.PRINTER_OFFLINE),
    ],
)
def test_dle_eot_faults(replies, fault):
    assert decode_dle_eot(*replies).fault is fault


def test_dle_eot_near_end_not_fault():
    status = decode_dle_eot(0x12, 0x12, 0x12, 0x1E)

    assert status.paper_near_end is True
    assert status.fault is None


def test_dle_eot_drawer_bit_follows_polarity():
    high = decode_dle_eot(0x16, 0x12, 0x12, 0x12, SensorPolarity.OPEN_HIGH)
    low = decode_dle_eot(0x16, 0x12, 0x12, 0x12, SensorPolarity.OPEN_LOW)

    assert high.drawer_open is True
    assert low.drawer_open is False


def test_dle_eot_rejects_bytes_with_wrong_fixed_bits():
    with pytest.raises(StatusFormatError):
        decode_dle_eot(0x00, 0x12, 0x12, 0x12)


def test_dle_eot_encoding_round_trips():
    status = PrinterStatus(online=False, cover_open=True, paper_near_end=True, drawer_open=True)

    replies = encode_dle_eot(status)

    assert decode_dle_eot(replies[1], replies[2], replies[3], replies[4]) == status


def test_epson_asb_paper_end():
    status = decode_epson_asb(bytes((0x18, 0x00, 0x0C, 0x00)))

    assert status.online is False
    assert status.paper_end is True
    assert status.fault is DeviceErrorCode.PRINTER_PAPER_END


def test_epson_asb_rejects_dle_eot_byte():
    with pytest.raises(StatusFormatError):
        decode_epson_asb(bytes((0x12, 0x00, 0x00, 0x00)))


def test_star_asb_cover_open_and_paper_end():
    data = bytes((0x23, 0x86, 0x28, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00))

    status = decode_star_asb(data)

    assert status.cover_open is True
    assert status.paper_end is True
    assert status.online is False


def test_star_asb_length_must_match_header():
    with pytest.raises(StatusFormatError):
        decode_star_asb(bytes((0x23, 0x86, 0x00, 0x00)))


def test_star_asb_encoding_round_trips():
    status = PrinterStatus(online=True, paper_near_end=True, drawer_open=False)

    assert decode_star_asb(encode_star_asb(status)) == status
