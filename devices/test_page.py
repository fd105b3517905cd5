"""The printer test page: Japanese text, half-width kana, the yen sign and every code."""

from __future__ import annotations

from backend.domain.receipt import (
    Align,
    Barcode,
    BarcodeSymbology,
    Cut,
    Feed,
    Logo,
    QRCode,
    ReceiptDocument,
    ReceiptKind,
    Row,
    Rule,
    Text,
    TextStyle,
)
from devices.logo import DEFAULT_LOGO_NAME


def build_test_page(location: str = "") -> ReceiptDocument:
    """Return a test page that shows whether Kanji, kana, ¥, barcodes and QR all print."""
    operations = (
        Logo(DEFAULT_LOGO_NAME),
        Text("テスト印字 / Test page", Align.CENTER, TextStyle(bold=True, width=2, height=2)),
        Text(location, Align.CENTER) if location else Feed(0),
        Rule(),
        Text("漢字: 東京都渋谷区 髙橋 﨑"),
        Text("ひらがな: おにぎり さけ"),
        Text("半角ｶﾅ: ｺｰﾋｰ ｵﾆｷﾞﾘ"),
        Row("円記号 yen sign", "¥1,080"),
        Row("軽減税率 ※", "¥150"),
        Text("太字 bold", style=TextStyle(bold=True)),
        Text("下線 underline", style=TextStyle(underline=True)),
        Text("反転 invert", style=TextStyle(invert=True)),
        Text("倍幅", style=TextStyle(width=2)),
        Rule("="),
        Text("CODE128", Align.CENTER),
        Barcode("OPENREGI-0001", BarcodeSymbology.CODE128),
        Text("JAN-13", Align.CENTER),
        Barcode("4901234567894", BarcodeSymbology.JAN13),
        Text("QR", Align.CENTER),
        QRCode("https://openregi.example/test?日本語=テスト"),
        Feed(2),
        Cut(),
    )
    return ReceiptDocument(operations, kind=ReceiptKind.TEST_PAGE)
