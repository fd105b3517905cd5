"""The standard receipt layout: a qualified simplified invoice (適格簡易請求書).

It prints what the invoice rules require: the issuer's name and registration number, the
date, the lines with reduced-rate items marked ※ and the mark explained, and for each rate
the amount and the tax. Cash receipts of ¥50,000 or more (tax-exclusive) get the
stamp-duty box (収入印紙).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from backend.domain.master import StoreSettings
from backend.domain.money import format_yen
from backend.domain.receipt import (
    Align,
    Barcode,
    BarcodeSymbology,
    Cut,
    Feed,
    ReceiptDocument,
    ReceiptKind,
    Row,
    Rule,
    Text,
    TextStyle,
)
from backend.domain.stamp_duty import stamp_duty_for

REDUCED_MARK = "※"
EXCLUSIVE_MARK = "外"  # after the price of a line priced without tax (外税)
BIG = TextStyle(bold=True, width=2, height=2)
BOLD = TextStyle(bold=True)
_WEEKDAYS = "月火水木金土日"


def receipt_barcode_data(document: Mapping[str, Any]) -> str:
    """Return the data of the barcode printed on a receipt, scanned later to find it."""
    return f"R{document['terminal_id']}-{int(document['receipt_number'] or 0):06d}"


def _date_line(completed_at: str) -> str:
    moment = datetime.fromisoformat(completed_at)
    weekday = _WEEKDAYS[moment.weekday()]
    return f"{moment:%Y年%m月%d日}({weekday}) {moment:%H:%M}"


def _kind_title(kind: str) -> str | None:
    return {"return": "返品", "void": "取消", "exchange": "交換"}.get(kind)


class StandardReceiptLayout:
    name = "standard"

    def build(
        self, document: Mapping[str, Any], store: StoreSettings, *, reprint: bool = False
    ) -> ReceiptDocument:
        ops: list[Any] = []
        training = bool(document.get("training"))
        if training:
            ops.append(Text("*** トレーニング TRAINING ***", Align.CENTER, BOLD))
        if reprint:
            ops.append(Text("【再発行】", Align.CENTER, BIG))

        # Issuer: name, address, phone and registration number.
        ops.append(Text(store.name, Align.CENTER, BIG))
        for line in (store.address, store.phone and f"TEL {store.phone}"):
            if line:
                ops.append(Text(line, Align.CENTER))
        if store.registration_number:
            ops.append(Text(f"登録番号 {store.registration_number}", Align.CENTER))
        for line in store.receipt_header:
            ops.append(Text(line, Align.CENTER))
        title = _kind_title(str(document.get("kind", "sale")))
        if title:
            ops.append(Text(f"【{title}】", Align.CENTER, BIG))
        original_number = document.get("original_receipt_number")
        if document.get("original_transaction_id"):
            reference = f"No.{int(original_number):06d}" if original_number is not None else "-"
            original_date = document.get("original_business_date", "")
            ops.append(Text(f"元レシート {reference} ({original_date})", Align.CENTER))
        ops.append(Rule())
        ops.append(Text(_date_line(str(document["completed_at"]))))
        number = document.get("receipt_number")
        ops.append(
            Row(
                f"レジ{document['terminal_id']} 担当{document.get('staff_code') or '-'}",
                f"No.{int(number):06d}" if number is not None else "No.------",
            )
        )
        ops.append(Rule())

        # Lines: reduced-rate items marked, quantity and discounts under the line.
        has_reduced = False
        has_exclusive = False
        for line in document["lines"]:
            if line.get("voided"):
                continue
            mark = REDUCED_MARK if line.get("reduced") else ""
            has_reduced = has_reduced or bool(mark)
            price_mark = EXCLUSIVE_MARK if line["price_mode"] == "exclusive" else ""
            has_exclusive = has_exclusive or bool(price_mark)
            ops.append(Row(f"{mark}{line['name']}", f"{format_yen(line['gross'])}{price_mark}"))
            if line["quantity"] != 1:
                ops.append(Text(f"  {line['quantity']}点 × 単{format_yen(line['unit_price'])}"))
            discount = line.get("discount")
            if discount:
                label = f"{discount['value']}%" if discount["kind"] == "percent" else ""
                ops.append(Row(f"  値引{label}", format_yen(-discount["amount"])))
            for promotion in line.get("promotions", []):
                ops.append(Row(f"  {promotion['name']}", format_yen(-promotion["amount"])))
        ops.append(Rule())

        # Totals and, per rate, the amount and the tax (invoice requirement).
        # The subtotal is what the printed lines add up to: after line discounts and promotions.
        subtotal = (
            document["lines_total"]
            - document.get("line_discounts", 0)
            - document.get("promotion_discounts", 0)
        )
        ops.append(Row(f"小計 {document['item_count']}点", format_yen(subtotal)))
        if document.get("subtotal_discount"):
            discount = document["subtotal_discount"]
            label = f" {discount['value']}%" if discount["kind"] == "percent" else ""
            ops.append(Row(f"小計値引{label}", format_yen(-discount["amount"])))
        # The tax added to 外税 prices, so that 小計 (less its discount) + 外税 = 合計.
        added_tax = sum(
            int(entry["tax"]) for entry in document["taxes"] if entry["price_mode"] == "exclusive"
        )
        if added_tax:
            ops.append(Row("外税", format_yen(added_tax)))
        ops.append(Row("合計", format_yen(document["total"]), BIG))
        for (tax_class, rate_percent), entries in _taxes_by_rate(document["taxes"]).items():
            total = sum(int(entry["total"]) for entry in entries)
            if tax_class == "exempt":
                ops.append(Row("(非課税対象", f"{format_yen(total)})"))
                continue
            mark = REDUCED_MARK if tax_class == "reduced" else ""
            ops.append(Row(f"({mark}{rate_percent}%対象", f"{format_yen(total)})"))
            modes = {entry["price_mode"] for entry in entries}
            if len(modes) > 1:
                label = "消費税等"
            elif "inclusive" in modes:
                label = "内消費税等"
            else:
                label = "外消費税等"
            ops.append(Row(f"( {label}", f"{format_yen(sum(int(entry['tax']) for entry in entries))})"))

        # Tenders and change.
        for tender in document.get("tenders", []):
            name = tender.get("name") or tender["tender_code"]
            if tender["applied"] < 0:
                ops.append(Row(f"ご返金 {name}", format_yen(-tender["applied"]), BOLD))
                continue
            ops.append(Row(f"お預り {name}", format_yen(tender["tendered"])))
            if tender.get("unused"):
                ops.append(Row("  うち釣銭なし", format_yen(tender["unused"])))
        if any(tender["applied"] >= 0 for tender in document.get("tenders", [])):
            ops.append(Row("お釣り", format_yen(document.get("change", 0)), BOLD))
        if has_reduced:
            ops.append(Text(f"{REDUCED_MARK}印は軽減税率(8%)適用商品です"))
        if has_exclusive:
            ops.append(Text(f"{EXCLUSIVE_MARK}印は税抜価格(外税)の商品です"))

        duty = stamp_duty_for(document)
        if duty:
            ops.append(Feed())
            ops.append(Text("┌────────┐", Align.RIGHT))
            ops.append(Text("│  収入印紙  │", Align.RIGHT))
            ops.append(Text(f"│ {format_yen(duty):>6} │", Align.RIGHT))
            ops.append(Text("└────────┘", Align.RIGHT))

        ops.append(Rule())
        for line in store.receipt_footer:
            ops.append(Text(line, Align.CENTER))
        if number is not None:
            ops.append(Barcode(receipt_barcode_data(document), BarcodeSymbology.CODE128))
        if training:
            ops.append(Text("*** トレーニング TRAINING ***", Align.CENTER, BOLD))
        ops.append(Feed(2))
        ops.append(Cut())
        kind = ReceiptKind.RETURN if document.get("kind") in ("return", "exchange") else ReceiptKind.SALE
        if document.get("kind") == "void":
            kind = ReceiptKind.VOID
        return ReceiptDocument(
            operations=tuple(ops),
            kind=kind,
            training=training,
            reprint=reprint,
            receipt_number=int(number) if number is not None else None,
            metadata={"transaction_id": str(document["transaction_id"])},
        )


def _taxes_by_rate(taxes: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Group a document's tax entries (one per rate and price mode) by rate, in their order.

    The invoice states the total and the tax once per rate, even where a rate has both
    内税 and 外税 items.
    """
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for entry in taxes:
        grouped.setdefault((str(entry["tax_class"]), str(entry["rate_percent"])), []).append(entry)
    return grouped
