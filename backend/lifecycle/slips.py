"""Printed slips of lifecycle records: open, close, cash in and out, no-sale, X and Z reports."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from backend.domain.master import StoreSettings
from backend.domain.money import format_yen
from backend.domain.receipt import Align, Cut, Feed, ReceiptDocument, ReceiptKind, Row, Rule, Text, TextStyle

BIG = TextStyle(bold=True, width=2, height=2)
BOLD = TextStyle(bold=True)

TITLES: dict[str, str] = {
    "open": "開局",
    "close": "閉局",
    "cash_in": "入金",
    "cash_out": "出金",
    "no_sale": "ドロア開放",
    "x_report": "点検（X）",
    "z_report": "精算（Z）",
}


def _header(record: Mapping[str, Any], store: StoreSettings) -> list[Any]:
    ops: list[Any] = []
    if record.get("training"):
        ops.append(Text("*** トレーニング TRAINING ***", Align.CENTER, BOLD))
    ops.append(Text(store.name, Align.CENTER, BOLD))
    ops.append(Text(f"【{TITLES.get(str(record['kind']), str(record['kind']))}】", Align.CENTER, BIG))
    ops.append(Rule())
    moment = datetime.fromisoformat(str(record["created_at"]))
    ops.append(Text(f"{moment:%Y年%m月%d日 %H:%M}  営業日 {record['business_date']}"))
    number = record.get("number")
    ops.append(
        Row(
            f"レジ{record['terminal_id']} 担当{record.get('staff_code') or '-'}",
            f"No.{int(number):04d}" if number is not None else "",
        )
    )
    if record.get("approver_code"):
        ops.append(Text(f"承認 {record['approver_code']}"))
    ops.append(Rule())
    return ops


def _report_lines(figures: Mapping[str, Any]) -> list[Any]:
    ops: list[Any] = []
    counts = figures["counts"]
    ops.append(Row(f"売上 {counts['sales']}件", format_yen(figures["sales_total"])))
    ops.append(Row(f"返品 {counts['returns']}件", format_yen(figures["returns_total"])))
    ops.append(Row(f"取消 {counts['voids']}件", format_yen(figures["voids_total"])))
    if counts["exchanges"]:
        ops.append(Text(f"交換 {counts['exchanges']}件"))
    ops.append(Row("純売上", format_yen(figures["net_sales"]), BOLD))
    ops.append(Row(f"点数 {counts['items_sold']}点 返品 {counts['items_returned']}点", ""))
    discounts = figures["discounts"]
    ops.append(Row("単品値引", format_yen(discounts["line"])))
    ops.append(Row("販促値引", format_yen(discounts["promotion"])))
    ops.append(Row("小計値引", format_yen(discounts["subtotal"])))
    ops.append(Row(f"明細取消 {counts['line_voids']}件", format_yen(figures["line_void_amount"])))
    ops.append(Rule())

    for tax in figures["taxes"]:
        mode = "内税" if tax["price_mode"] == "inclusive" else "外税"
        ops.append(Row(f"{tax['rate_percent']}%{mode} 対象", format_yen(tax["base"])))
        ops.append(Row("  消費税", format_yen(tax["tax"])))
    ops.append(Row("消費税合計", format_yen(figures["tax_total"])))
    ops.append(Rule())

    for tender in figures["tenders"]:
        ops.append(Row(f"{tender['name']} {tender['payment_count']}件", format_yen(tender["paid"])))
        if tender["refund_count"]:
            ops.append(Row(f"  返金 {tender['refund_count']}件", format_yen(-tender["refunded"])))
    ops.append(Rule())

    cash = figures["cash"]
    ops.append(Row("釣銭準備金", format_yen(cash["float"])))
    ops.append(Row("現金売上", format_yen(cash["cash_sales"])))
    ops.append(Row(f"入金 {counts['cash_in']}件", format_yen(cash["cash_in"])))
    ops.append(Row(f"出金 {counts['cash_out']}件", format_yen(-cash["cash_out"])))
    ops.append(Row("現金返金", format_yen(-cash["cash_refunds"])))
    ops.append(Row("現金在高（理論）", format_yen(cash["expected"]), BOLD))
    if cash["counted"] is not None:
        ops.append(Row("現金在高（実査）", format_yen(cash["counted"]), BOLD))
        ops.append(Row("過不足", format_yen(cash["over_short"]), BOLD))
        for denomination, pieces in cash["denominations"].items():
            if pieces:
                ops.append(
                    Row(f"  {int(denomination):,}円 × {pieces}", format_yen(int(denomination) * pieces))
                )
    ops.append(Row(f"ドロア開放 {counts['no_sales']}件", ""))
    return ops


def build_slip(record: Mapping[str, Any], store: StoreSettings) -> ReceiptDocument:
    """Lay out the slip of one lifecycle record."""
    ops = _header(record, store)
    kind = str(record["kind"])
    if kind in ("open", "close", "cash_in", "cash_out"):
        label = {"open": "釣銭準備金", "close": "現金在高（理論）"}.get(kind, "金額")
        ops.append(Row(label, format_yen(int(record.get("amount") or 0)), BIG))
        if record.get("reason"):
            ops.append(Text(f"理由 {record['reason']}"))
    elif kind == "no_sale" and record.get("reason"):
        ops.append(Text(f"理由 {record['reason']}"))
    elif kind in ("x_report", "z_report"):
        if kind == "z_report":
            ops.append(Text(f"精算番号 Z{int(record['number']):04d}", style=BOLD))
        ops.extend(_report_lines(record["figures"]))
        suspended = record.get("suspended") or []
        if suspended:
            ops.append(Rule())
            ops.append(Text(f"保留中の取引 {len(suspended)}件"))
            for cart in suspended:
                ops.append(Row(f"  {str(cart['cart_id'])[:8]}", format_yen(int(cart["total"]))))
    ops.append(Feed(2))
    ops.append(Cut())
    return ReceiptDocument(
        operations=tuple(ops),
        kind=ReceiptKind.REPORT if kind.endswith("_report") else ReceiptKind.CASH,
        training=bool(record.get("training")),
        metadata={"record_id": str(record["record_id"])},
    )
