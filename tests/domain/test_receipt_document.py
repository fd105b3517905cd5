"""The receipt document: column widths and the stored form of a print job."""

import json

import pytest

from backend.domain.receipt import (
    Align,
    Barcode,
    BarcodeSymbology,
    Cut,
    ReceiptDocument,
    Row,
    Rule,
    Text,
    TextStyle,
    cut_to_width,
    display_width,
    document_from_dict,
    document_to_dict,
    wrap_to_width,
)


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("", 0),
        ("TEL 03-1234-5678", 16),
        ("おにぎり 鮭", 11),
        ("¥1,280", 6),
        ("ｶﾞﾑ", 3),
        ("合計 ¥108", 9),
    ],
)
def test_display_width_values(text: str, columns: int):
    assert display_width(text) == columns


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("ABCDEFGH", 5, "ABCDE"),
        ("ABC", 5, "ABC"),
        ("ABC", 0, ""),
        ("ABC", -1, ""),
        ("お茶ペットボトル", 5, "お茶"),
        ("お茶", 4, "お茶"),
        ("A¥お茶", 4, "A¥お"),
    ],
)
def test_cut_to_width_values(text: str, width: int, expected: str):
    assert cut_to_width(text, width) == expected


def test_wrap_never_splits_full_width():
    assert wrap_to_width("ABCおにぎりDEF", 5) == ["ABCお", "にぎ", "りDEF"]


SAMPLE = ReceiptDocument(
    operations=(
        Text("オープンレジ 見本町店", Align.CENTER, TextStyle(bold=True, width=2, height=2)),
        Row("おにぎり 鮭", "¥150"),
        Row("合計", "¥1,280", TextStyle(bold=True), wrap=False),
        Rule(),
        Barcode("00000042", BarcodeSymbology.CODE128),
        Cut(),
    ),
    receipt_number=42,
    metadata={"transaction_id": "t-42"},
)


def test_stored_form_leaves_out_defaults():
    stored = document_to_dict(SAMPLE)
    assert stored["operations"] == [
        {
            "op": "text",
            "text": "オープンレジ 見本町店",
            "align": "center",
            "style": {"bold": True, "width": 2, "height": 2},
        },
        {"op": "row", "left": "おにぎり 鮭", "right": "¥150"},
        {"op": "row", "left": "合計", "right": "¥1,280", "style": {"bold": True}, "wrap": False},
        {"op": "rule"},
        {"op": "barcode", "data": "00000042"},
        {"op": "cut"},
    ]


def test_stored_form_round_trip():
    stored = json.loads(json.dumps(document_to_dict(SAMPLE)))
    assert document_from_dict(stored) == SAMPLE


def test_full_stored_form_still_read():
    """Print jobs queued before defaults were left out name every field."""
    stored = {
        "kind": "sale",
        "training": False,
        "reprint": False,
        "receipt_number": 42,
        "metadata": {"transaction_id": "t-42"},
        "operations": [
            {
                "op": "row",
                "left": "おにぎり 鮭",
                "right": "¥150",
                "style": {"bold": False, "underline": False, "invert": False, "width": 1, "height": 1},
                "wrap": True,
            },
            {"op": "rule", "char": "-"},
            {"op": "cut", "partial": True},
        ],
    }
    document = document_from_dict(stored)
    assert document.operations == (Row("おにぎり 鮭", "¥150"), Rule(), Cut())
