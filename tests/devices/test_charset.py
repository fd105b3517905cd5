"""Japanese text bytes for Epson Japanese models and substitutions."""

from __future__ import annotations

import logging

from backend.domain.receipt import ReceiptDocument, Text
from devices.charset import CodePageEncoder, CP932Encoder
from devices.config import KanjiRange, PrinterConfig, PrinterDialect
from devices.dialects import encode_receipt

JAPANESE_SETUP = b"\x1b@" + b"\x1bR\x08" + b"\x1bt\x01" + b"\x1cC\x01" + b"\x1c&"
IBM_KANJI = (KanjiRange.JIS_X0208, KanjiRange.IBM_EXTENSION)


def _f8_document() -> ReceiptDocument:
    return ReceiptDocument((Text("おにぎり 鮭 ※"), Text("ｺｰﾋｰ"), Text("髙橋")))


def test_job_selects_kanji_mode():
    data = encode_receipt(_f8_document(), PrinterConfig(kanji_ranges=IBM_KANJI))

    assert data.startswith(JAPANESE_SETUP)


def test_japanese_bytes_with_ibm_range():
    data = encode_receipt(_f8_document(), PrinterConfig(kanji_ranges=IBM_KANJI))

    onigiri = bytes.fromhex("82a8 82c9 82ac 82e8 20 8df8 20 81a6") + b"\n"
    coffee = bytes.fromhex("ba b0 cb b0") + b"\n"
    takahashi = bytes.fromhex("fbfc 8bb4") + b"\n"
    assert data == JAPANESE_SETUP + onigiri + coffee + takahashi


def test_takahashi_substituted_without_ibm_range(caplog):
    config = PrinterConfig(kanji_ranges=(KanjiRange.JIS_X0208,))

    with caplog.at_level(logging.WARNING, logger="devices.charset"):
        data = encode_receipt(_f8_document(), config)

    assert data.endswith(bytes.fromhex("81ac 8bb4") + b"\n")  # 〓 then 橋
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 1
    assert "U+9AD9" in messages[0]


def test_nec_range_kept_when_configured():
    encoder = CP932Encoder((KanjiRange.JIS_X0208, KanjiRange.NEC_IBM_EXTENSION))

    assert encoder.encode("髙") == bytes.fromhex("eee0")
    assert not encoder.substitutions


def test_half_width_katakana_are_single_bytes():
    encoder = CP932Encoder((KanjiRange.JIS_X0208,))

    assert encoder.encode("ｺｰﾋｰ") == bytes.fromhex("bab0cbb0")


def test_yen_sign_is_0x5c_under_japan_set():
    encoder = CP932Encoder((KanjiRange.JIS_X0208,))

    assert encoder.encode("¥1,080") == b"\x5c1,080"


def test_control_characters_never_reach_the_printer():
    encoder = CP932Encoder((KanjiRange.JIS_X0208,))

    assert encoder.encode("A\x1b@B\x7fC") == b"A?@B?C"
    assert encoder.substitutions == {"\x1b": 1, "\x7f": 1}


def test_substitute_keeps_column_width():
    encoder = CP932Encoder((KanjiRange.JIS_X0208,), wide_substitute="〓", narrow_substitute="?")

    assert encoder.encode("😀") == "〓".encode("cp932")
    assert encoder.encode("é") == b"?"


def test_not_sign_uses_jis_code():
    # Python encodes ¬ to 0x81CA, which decodes to ￢; both share the JIS code.
    encoder = CP932Encoder((KanjiRange.JIS_X0208,))

    assert encoder.encode("¬￢") == bytes.fromhex("81ca81ca")


def test_nec_row_13_needs_its_range():
    with_row = CP932Encoder((KanjiRange.JIS_X0208, KanjiRange.NEC_SPECIAL))
    without_row = CP932Encoder((KanjiRange.JIS_X0208,))

    assert with_row.encode("①") == bytes.fromhex("8740")
    assert without_row.encode("①") == "〓".encode("cp932")


def test_code_page_encoder_for_non_japanese_epson():
    encoder = CodePageEncoder("cp437")

    assert encoder.encode("¥5 café") == b"\x9d5 caf\x82"
    assert encoder.encode("鮭") == b"??"


def test_non_japanese_epson_setup():
    document = ReceiptDocument((Text("Total ¥5"),))

    data = encode_receipt(document, PrinterConfig(dialect=PrinterDialect.EPSON, code_page="cp1252"))

    assert data == b"\x1b@\x1bR\x00\x1bt\x10" + b"Total \xa55\n"
    assert b"\x1c&" not in data
