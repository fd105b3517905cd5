"""Sample receipts shared by the golden-file tests, the cross-check and the benchmark."""

from __future__ import annotations

from backend.domain.receipt import (
    Align,
    Barcode,
    BarcodeSymbology,
    Cut,
    Feed,
    Logo,
    Operation,
    QRCode,
    ReceiptDocument,
    ReceiptKind,
    Row,
    Rule,
    Text,
    TextStyle,
)

BOLD = TextStyle(bold=True)
LARGE = TextStyle(bold=True, width=2, height=2)
TALL = TextStyle(bold=True, height=2)


def _header() -> tuple[Operation, ...]:
    return (
        Text("オープンレジ 渋谷店", Align.CENTER, LARGE),
        Text("東京都渋谷区道玄坂1-2-3", Align.CENTER),
        Text("TEL 03-1234-5678", Align.CENTER),
        Text("登録番号 T1234567890123", Align.CENTER),
        Text("2025年04月01日(火) 12:34  レジ01 #0042"),
        Rule(),
    )


def _footer(receipt_number: int) -> tuple[Operation, ...]:
    return (
        Rule(),
        Text("※は軽減税率(8%)対象商品です"),
        Feed(1),
        Barcode(f"R{receipt_number:08d}", BarcodeSymbology.CODE128, height_dots=50),
        Cut(),
    )


def sale_receipt() -> ReceiptDocument:
    """A cash sale with reduced-rate marks, half-width kana, a long name and a QR code."""
    operations: tuple[Operation, ...] = (
        Logo("receipt_logo"),
        *_header(),
        Row("おにぎり 鮭 ※", "¥150"),
        Row("ｺｰﾋｰ Mｻｲｽﾞ", "¥1,080"),
        Row("北海道産じゃがいも使用 うすしお味ポテトチップス 大袋 ※", "¥298"),
        Row("髙橋さんの手作りプリン ※", "¥324"),
        Row("  2個 × ¥162", ""),
        Row("レジ袋(大)", "¥5"),
        Rule(),
        Row("小計", "¥1,857"),
        Row("(10%対象", "¥1,085)"),
        Row("(内消費税等", "¥98)"),
        Row("(8%対象", "¥772)"),
        Row("(内消費税等", "¥57)"),
        Row("合計", "¥1,857", TALL),
        Row("お預り", "¥2,000"),
        Row("お釣り", "¥143"),
        QRCode("https://openregi.example/r/0042"),
        *_footer(42),
    )
    return ReceiptDocument(operations, receipt_number=42)


def return_receipt() -> ReceiptDocument:
    """A return (返品) against receipt 0042, with negative amounts."""
    operations: tuple[Operation, ...] = (
        *_header(),
        Text("返品", Align.CENTER, LARGE),
        Text("元取引 #0041"),
        Row("ﾎﾞｰﾙﾍﾟﾝ 0.5mm 黒", "-¥105"),
        Row("ﾎﾞｰﾙﾍﾟﾝ 0.5mm 黒", "-¥105"),
        Row("ﾎﾞｰﾙﾍﾟﾝ 0.5mm 黒", "-¥105"),
        Rule(),
        Row("(10%対象", "-¥315)"),
        Row("(外消費税", "-¥31)"),
        Row("返金合計", "-¥346", TALL),
        *_footer(43),
    )
    return ReceiptDocument(operations, kind=ReceiptKind.RETURN, receipt_number=43)


def reprint_receipt() -> ReceiptDocument:
    """A reprint of a small sale; renderers add 【再発行】."""
    operations: tuple[Operation, ...] = (
        *_header(),
        Row("緑茶 500ml ※", "¥140"),
        Row("合計", "¥140", TALL),
        *_footer(44),
    )
    return ReceiptDocument(operations, reprint=True, receipt_number=44)


def training_receipt() -> ReceiptDocument:
    """A training-mode sale; renderers add 【トレーニング】 at the top and bottom."""
    operations: tuple[Operation, ...] = (
        *_header(),
        Row("サンドイッチ ※", "¥380"),
        Row("合計", "¥380", TALL),
        *_footer(0),
    )
    return ReceiptDocument(operations, training=True)


def twenty_item_receipt() -> ReceiptDocument:
    """A Japanese sale of 20 item lines without a logo (the size benchmark)."""
    names = [
        "おにぎり 鮭 ※", "おにぎり 梅 ※", "ｺｰﾋｰ Mｻｲｽﾞ", "緑茶 500ml ※", "サンドイッチ ※",
        "カップ麺 しょうゆ味 ※", "牛乳 1000ml ※", "食パン 6枚切 ※", "バナナ ※", "ヨーグルト ※",
        "ボールペン 0.5mm 黒", "乾電池 単3形 4本", "ティッシュ 5箱", "歯ブラシ ふつう", "洗剤 詰替",
        "チョコレート ※", "ポテトチップス うすしお ※", "ミネラルウォーター 2L ※", "からあげ弁当 ※",
        "レジ袋(大)",
    ]
    lines = tuple(Row(name, f"¥{(index + 1) * 37 + 100:,}") for index, name in enumerate(names))
    operations: tuple[Operation, ...] = (
        *_header(),
        *lines,
        Rule(),
        Row("合計", "¥12,345", TALL),
        Row("お預り", "¥13,000"),
        Row("お釣り", "¥655"),
        *_footer(45),
    )
    return ReceiptDocument(operations, receipt_number=45)


SAMPLES = {
    "sale": sale_receipt,
    "return": return_receipt,
    "reprint": reprint_receipt,
    "training": training_receipt,
}
