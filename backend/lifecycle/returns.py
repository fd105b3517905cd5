"""Transaction void (取消), return (返品), exchange (交換) and reprint (再発行) of completed sales.

Each void, return and exchange is a transaction document of its own (kind "void",
"return" or "exchange") with its own numbers, written through
:meth:`SaleService.record_transaction`. It names the original in
``original_transaction_id``, and the original's document lists it under ``returns``.
Amounts are negative and allocated line by line (backend.lifecycle.allocation), so
returning every line, at once or piecewise, refunds exactly what was paid.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.domain.cart import Cart
from backend.domain.errors import ErrorCode, PosError
from backend.domain.money import JPY
from backend.domain.permissions import Permission
from backend.domain.transaction import SCHEMA_VERSION, Numbers, line_document
from backend.lifecycle.allocation import (
    LinePortion,
    allocate_lines,
    group_figures,
    group_key,
    plan_refund,
    portion_of,
    reversed_line,
)
from backend.lifecycle.approvals import Approval, ApprovalService
from backend.lifecycle.core import LifecycleCore, RecordRequest, WrittenRecord
from backend.plugins.tenders import BUILTIN_TENDER_RULES
from backend.services.sales import CompletedSale, normalise_code

logger = logging.getLogger(__name__)

Connection = sqlite3.Connection


@dataclass(frozen=True, slots=True)
class OriginalReference:
    """A reference to the original receipt: its transaction id, receipt number or barcode."""

    transaction_id: str | None = None
    receipt_number: int | None = None
    terminal_id: str | None = None
    barcode: str | None = None


@dataclass(frozen=True, slots=True)
class ReturnLine:
    line_no: int
    quantity: int


@dataclass(frozen=True, slots=True)
class NewItem:
    code: str
    quantity: int = 1


@dataclass(frozen=True, slots=True)
class Payment:
    tender_code: str
    amount: int


@dataclass(frozen=True, slots=True)
class _Reversal:
    original: dict[str, Any]
    portions: tuple[LinePortion, ...]

    @property
    def refund(self) -> int:
        return sum(portion.total for portion in self.portions)


def parse_receipt_barcode(data: str) -> tuple[str, int]:
    """Split receipt barcode data "R<terminal>-<number>" into (terminal_id, receipt_number)."""
    text = normalise_code(data)
    head, _, number = text.rpartition("-")
    if not head.startswith("R") or len(head) < 2 or not number.isdigit():
        raise PosError(
            ErrorCode.VALIDATION_FAILED,
            detail=f"receipt barcode {data!r} is not R<terminal>-<receipt number>",
            detail_ja=f"レシートのバーコード {data!r} は R<レジ番号>-<レシート番号> の形式ではありません",
        )
    return head[1:], int(number)


def _label(document: Mapping[str, Any]) -> str:
    number = document.get("receipt_number")
    return f"No.{int(number):06d}" if number is not None else str(document["transaction_id"])


class ReturnService:
    def __init__(self, core: LifecycleCore, approvals: ApprovalService) -> None:
        self.core = core
        self.approvals = approvals
        self.sales = core.sales

    # ----- finding the original -----

    def find(self, reference: OriginalReference) -> dict[str, Any]:
        """Return the original sale with the quantity still returnable per line."""
        document = self._original(reference)
        returned = self.core.return_lines.returned_quantities(
            self.core.db.connection, document["transaction_id"]
        )
        document["returnable"] = {
            str(line["line_no"]): 0
            if document.get("voided_by")
            else int(line["quantity"]) - returned.get(int(line["line_no"]), 0)
            for line in document["lines"]
            if not line.get("voided")
        }
        return document

    def _original(self, reference: OriginalReference) -> dict[str, Any]:
        transactions = self.sales.transactions
        found: dict[str, Any] | None
        if reference.transaction_id:
            label = reference.transaction_id
            found = transactions.get(reference.transaction_id)
        elif reference.barcode:
            terminal_id, number = parse_receipt_barcode(reference.barcode)
            label = reference.barcode
            found = transactions.by_receipt_number(terminal_id, number)
        elif reference.receipt_number is not None:
            label = f"No.{reference.receipt_number:06d}"
            found = transactions.by_receipt_number(
                reference.terminal_id or self.core.terminal_id, reference.receipt_number
            )
        else:
            raise PosError(
                ErrorCode.VALIDATION_FAILED,
                detail="give the transaction_id, receipt_number or barcode of the receipt",
                detail_ja="レシートの取引 ID、レシート番号またはバーコードを指定してください",
            )
        if found is None:
            raise PosError(ErrorCode.TRANSACTION_NOT_FOUND, reference=label)
        return found

    def candidates(self, business_date: str, limit: int = 200) -> list[dict[str, Any]]:
        """List the sales of a business date, for finding a receipt by date."""
        return [
            {
                "transaction_id": document["transaction_id"],
                "receipt_number": document["receipt_number"],
                "completed_at": document["completed_at"],
                "total": document["total"],
                "item_count": document["item_count"],
                "staff_code": document.get("staff_code"),
                "voided": bool(document.get("voided_by")),
                "returns": len(document.get("returns", [])),
            }
            for document in self.sales.transactions.list(business_date, "sale", limit, 0)
        ]

    # ----- void, return, exchange -----

    def return_lines(
        self,
        reference: OriginalReference,
        lines: Sequence[ReturnLine] | None = None,
        *,
        refund_tender_code: str | None = None,
        reason: str | None = None,
        idempotency_key: str | None = None,
    ) -> CompletedSale:
        """Return some lines (all remaining ones when ``lines`` is None) against a receipt."""
        return self._record("return", reference, lines, (), (), refund_tender_code, reason, idempotency_key)

    def void(
        self, reference: OriginalReference, *, reason: str | None = None, idempotency_key: str | None = None
    ) -> CompletedSale:
        """Void a completed sale: a document that is the exact negation of the original."""
        return self._record("void", reference, None, (), (), None, reason, idempotency_key)

    def exchange(
        self,
        reference: OriginalReference,
        lines: Sequence[ReturnLine] | None,
        items: Sequence[NewItem],
        payments: Sequence[Payment] = (),
        *,
        reason: str | None = None,
        idempotency_key: str | None = None,
    ) -> CompletedSale:
        """Return lines and sell new items in one document; the difference is paid or refunded."""
        if not items:
            raise PosError(ErrorCode.EMPTY_CART)
        return self._record("exchange", reference, lines, items, payments, None, reason, idempotency_key)

    def _record(
        self,
        kind: str,
        reference: OriginalReference,
        lines: Sequence[ReturnLine] | None,
        items: Sequence[NewItem],
        payments: Sequence[Payment],
        refund_tender_code: str | None,
        reason: str | None,
        idempotency_key: str | None,
    ) -> CompletedSale:
        state = self.core.require_ready()
        if idempotency_key:
            stored = self.sales.transactions.by_idempotency_key(idempotency_key)
            if stored is not None:
                if stored.get("kind") != kind:
                    raise PosError(ErrorCode.IDEMPOTENCY_CONFLICT)
                # record_transaction finds the key and returns the stored document unbuilt.
                return self.sales.record_transaction(
                    _already_stored, training=state.training, idempotency_key=idempotency_key
                )
        original = self._original(reference)
        self._check_original(kind, original, state.training)
        permission = Permission.TRANSACTION_VOID if kind == "void" else Permission.RETURN
        approval = self.approvals.require(
            permission, action=kind, subject=original["transaction_id"], details={"receipt": _label(original)}
        )
        refund_tender = self._refund_tender(refund_tender_code)
        written: dict[str, Any] = {}

        def build(connection: Connection, numbers: Numbers, now: datetime) -> dict[str, Any]:
            reversal = self._reversal(connection, original["transaction_id"], lines, kind)
            written["reversal"] = reversal
            head = self._head(kind, reversal.original, numbers, now, approval, reason)
            if kind == "exchange":
                return self._exchange_document(connection, head, reversal, items, payments, now)
            refunds = self._refunds(connection, reversal, reversal.refund, refund_tender)
            head.update(_reversal_section(reversal, len(head["lines"])))
            head.update(
                tenders=refunds,
                paid=sum(int(tender["applied"]) for tender in refunds),
                change=0,
                unused=0,
            )
            return head

        def extra(connection: Connection, document: dict[str, Any]) -> None:
            reversal: _Reversal = written["reversal"]
            self._link(connection, document, reversal)
            now = self.core.now()
            self.core.audit.write(
                connection,
                approval.audit_entry(
                    kind,
                    reversal.original["transaction_id"],
                    {
                        "transaction_id": document["transaction_id"],
                        "total": document["total"],
                        "reason": reason,
                    },
                ),
                self.core.terminal_id,
                document["business_date"],
                now,
            )

        return self.sales.record_transaction(
            build, training=state.training, idempotency_key=idempotency_key, extra_writes=extra
        )

    def _check_original(self, kind: str, original: Mapping[str, Any], training: bool) -> None:
        if original["kind"] != "sale":
            raise PosError(
                ErrorCode.VALIDATION_FAILED,
                detail=f"transaction {_label(original)} is a {original['kind']};"
                " only sales can be voided or returned",
                detail_ja=f"{_label(original)} は売上ではありません（{original['kind']}）。"
                "取消・返品できるのは売上だけです",
            )
        if bool(original.get("training")) != training:
            mode = "on" if training else "off"
            raise PosError(
                ErrorCode.VALIDATION_FAILED,
                detail=f"training mode is {mode}, so {_label(original)} cannot be used; switch training mode",
                detail_ja=f"トレーニングモードが{'オン' if training else 'オフ'}のため {_label(original)} は"
                "使えません。トレーニングモードを切り替えてください",
            )
        if original.get("voided_by"):
            raise PosError(ErrorCode.ALREADY_VOIDED, reference=_label(original))
        if kind == "void" and original.get("returns"):
            raise PosError(
                ErrorCode.VALIDATION_FAILED,
                detail=f"{_label(original)} already has returns;"
                " return its remaining lines instead of voiding it",
                detail_ja=f"{_label(original)} には返品済みの明細があります。"
                "取消ではなく残りの明細を返品してください",
            )

    def _refund_tender(self, code: str | None) -> tuple[str, str, str] | None:
        if code is None:
            return None
        tender = self.core.context.master.get_tender(code)
        if tender is None or not tender.active or tender.kind.value == "voucher":
            raise PosError(ErrorCode.TENDER_UNKNOWN, tender=code)
        return tender.code, tender.name, tender.kind.value

    def _reversal(
        self, connection: Connection, original_id: str, lines: Sequence[ReturnLine] | None, kind: str
    ) -> _Reversal:
        """Re-read the original inside the transaction and take the requested units.

        Reading here, under the write lock, keeps two returns of the same line from both
        passing the quantity check.
        """
        row = connection.execute("SELECT document FROM transactions WHERE id = ?", (original_id,)).fetchone()
        original = json.loads(row[0])
        if original.get("voided_by"):
            raise PosError(ErrorCode.ALREADY_VOIDED, reference=_label(original))
        returned = self.core.return_lines.returned_quantities(connection, original_id)
        active = {int(line["line_no"]): line for line in original["lines"] if not line.get("voided")}
        voided = {int(line["line_no"]) for line in original["lines"] if line.get("voided")}

        wanted: dict[int, int] = {}
        if lines is None:
            for line_no, line in active.items():
                remaining = int(line["quantity"]) - returned.get(line_no, 0)
                if remaining > 0:
                    wanted[line_no] = remaining
            if not wanted:
                first = min(active) if active else 1
                raise PosError(ErrorCode.RETURN_EXCEEDS_SOLD, line=first, available=0, requested="all")
        else:
            if not lines:
                raise PosError(
                    ErrorCode.VALIDATION_FAILED,
                    detail="lines is empty. Omit lines to return every remaining line",
                    detail_ja="返品する明細が空です。残りの明細をすべて返品するときは明細を指定しないでください",
                )
            for entry in lines:
                if entry.line_no in voided:
                    raise PosError(ErrorCode.LINE_VOIDED, line=entry.line_no)
                if entry.line_no not in active:
                    raise PosError(ErrorCode.LINE_NOT_FOUND, line=entry.line_no)
                if (
                    isinstance(entry.quantity, bool)
                    or not isinstance(entry.quantity, int)
                    or entry.quantity < 1
                ):
                    raise PosError(
                        ErrorCode.INVALID_QUANTITY,
                        quantity=entry.quantity,
                        maximum=active[entry.line_no]["quantity"],
                    )
                wanted[entry.line_no] = wanted.get(entry.line_no, 0) + entry.quantity
            for line_no, quantity in wanted.items():
                available = int(active[line_no]["quantity"]) - returned.get(line_no, 0)
                if quantity > available:
                    raise PosError(
                        ErrorCode.RETURN_EXCEEDS_SOLD, line=line_no, available=available, requested=quantity
                    )

        allocations = allocate_lines(original)
        portions = tuple(
            portion_of(allocations[line_no], group_key(active[line_no]), returned.get(line_no, 0), quantity)
            for line_no, quantity in sorted(wanted.items())
        )
        return _Reversal(original, portions)

    def _head(
        self,
        kind: str,
        original: Mapping[str, Any],
        numbers: Numbers,
        now: datetime,
        approval: Approval,
        reason: str | None,
    ) -> dict[str, Any]:
        state = self.core.state()
        return {
            "schema_version": SCHEMA_VERSION,
            "transaction_id": str(uuid.uuid4()),
            "kind": kind,
            "store_code": self.core.context.store_settings().store_code,
            "terminal_id": self.core.terminal_id,
            "cart_id": None,
            "transaction_number": numbers.transaction_number,
            "receipt_number": numbers.receipt_number,
            "business_date": self.core.business_date(now).isoformat(),
            "completed_at": now.isoformat(timespec="seconds"),
            "staff_code": state.staff_code,
            "training": state.training,
            "currency": JPY,
            "rounding_mode": original["rounding_mode"],
            "lines": [],
            "original_transaction_id": original["transaction_id"],
            "original_receipt_number": original.get("receipt_number"),
            "original_terminal_id": original["terminal_id"],
            "original_business_date": original["business_date"],
            "original_completed_at": original["completed_at"],
            "reason": reason,
            "approvals": [approval.to_dict(now)],
        }

    def _refunds(
        self,
        connection: Connection,
        reversal: _Reversal,
        amount: int,
        refund_tender: tuple[str, str, str] | None,
    ) -> list[dict[str, Any]]:
        cash_tender = self.core.cash_tender()
        if refund_tender is not None:
            code, name, kind = refund_tender
            entry = plan_refund(amount, [], {}, "cash", (code, name))
            for tender in entry:
                tender["kind"] = kind
            return entry
        refunded: dict[int, int] = {}
        rows = connection.execute(
            "SELECT document FROM transactions WHERE original_id = ?", (reversal.original["transaction_id"],)
        ).fetchall()
        for row in rows:
            for tender in json.loads(row[0]).get("tenders", []):
                index = tender.get("original_tender_index")
                if index is not None and int(tender["applied"]) < 0:
                    refunded[int(index)] = refunded.get(int(index), 0) - int(tender["applied"])
        policy = self.core.config().refund_tender_policy
        return plan_refund(amount, reversal.original.get("tenders", []), refunded, policy, cash_tender)

    def _exchange_document(
        self,
        connection: Connection,
        head: dict[str, Any],
        reversal: _Reversal,
        items: Sequence[NewItem],
        payments: Sequence[Payment],
        now: datetime,
    ) -> dict[str, Any]:
        returned = _reversal_section(reversal, 0)
        sold = self._sold_section(head, items, now, first_line_no=len(returned["lines"]) + 1)
        net = int(sold["total"]) + int(returned["total"])
        if net > 0:
            tenders = self._payments(payments, net)
        elif payments:
            raise PosError(ErrorCode.ALREADY_PAID)
        else:
            tenders = self._refunds(connection, reversal, -net, None) if net < 0 else []

        taxes = _merge_taxes(list(returned["taxes"]) + list(sold["taxes"]))
        head.update(
            lines=returned["lines"] + sold["lines"],
            subtotal_discount=returned["subtotal_discount"],
            lines_total=returned["lines_total"] + sold["lines_total"],
            line_discounts=returned["line_discounts"] + sold["line_discounts"],
            promotion_discounts=returned["promotion_discounts"] + sold["promotion_discounts"],
            taxes=taxes,
            total=net,
            tax_total=sum(int(tax["tax"]) for tax in taxes),
            item_count=returned["item_count"] + sold["item_count"],
            tenders=tenders,
            paid=sum(int(tender["applied"]) for tender in tenders),
            change=sum(int(tender["change"]) for tender in tenders),
            unused=sum(int(tender["unused"]) for tender in tenders),
            returned={key: returned[key] for key in _SECTION_KEYS},
            sold={key: sold[key] for key in _SECTION_KEYS},
        )
        return head

    def _sold_section(
        self, head: Mapping[str, Any], items: Sequence[NewItem], now: datetime, first_line_no: int
    ) -> dict[str, Any]:
        """Price the new items of an exchange as a sale of their own, with their tax per group."""
        context = self.core.context
        store = context.store_settings()
        business_date = self.core.business_date(now)
        cart = Cart(
            cart_id=str(head["transaction_id"]),
            terminal_id=self.core.terminal_id,
            business_date=business_date,
            rounding_mode=store.rounding_mode,
            discount_rounding_mode=store.discount_rounding_mode,
            staff_code=head["staff_code"],
            training=bool(head["training"]),
        )

        for entry in items:
            code = normalise_code(entry.code)
            item = context.master.get_item(code)
            if item is None:
                raise PosError(ErrorCode.ITEM_NOT_FOUND, code=code)
            cart.add_item(item, context.tax_table().rate_for(item.tax_class, business_date), entry.quantity)
        cart.subtotal()
        totals = cart.totals(context.promotions(now), now)

        # Each new line carries its share of tax, like the returned lines, for the report totals.
        lines = [line_document(line, cart.discount_rounding_mode) for line in cart.lines]
        taxes = [entry.to_dict() for entry in totals.breakdown]
        allocations = allocate_lines({"lines": lines, "taxes": taxes})
        for line in lines:
            allocation = allocations.get(int(line["line_no"]))
            line["subtotal_discount_share"] = allocation.subtotal_share if allocation else 0
            line["tax"] = allocation.tax if allocation else 0
            line["total"] = allocation.total if allocation else 0
            line["line_no"] = int(line["line_no"]) + first_line_no - 1
        return {
            "lines": lines,
            "subtotal_discount": None,
            "lines_total": totals.lines_total,
            "line_discounts": totals.line_discounts,
            "promotion_discounts": totals.promotion_discounts,
            "taxes": taxes,
            "total": totals.total,
            "tax_total": totals.tax_total,
            "item_count": totals.item_count,
        }

    def _payments(self, payments: Sequence[Payment], due: int) -> list[dict[str, Any]]:
        tenders: list[dict[str, Any]] = []
        remaining = due
        for payment in payments:
            tender_type = self.core.context.master.get_tender(payment.tender_code)
            if tender_type is None or not tender_type.active:
                raise PosError(ErrorCode.TENDER_UNKNOWN, tender=payment.tender_code)
            outcome = BUILTIN_TENDER_RULES[tender_type.kind].settle(
                payment.tender_code, payment.amount, remaining
            )
            remaining -= outcome.applied
            tenders.append(
                {
                    "tender_code": payment.tender_code,
                    "kind": tender_type.kind.value,
                    "tendered": outcome.tendered,
                    "applied": outcome.applied,
                    "change": outcome.change,
                    "unused": outcome.unused,
                }
            )
        if remaining > 0:
            raise PosError(ErrorCode.NOT_FULLY_PAID, remaining=remaining)
        return tenders

    def _link(self, connection: Connection, document: Mapping[str, Any], reversal: _Reversal) -> None:
        """Record the returned quantities and list the new document on the original."""
        original_id = reversal.original["transaction_id"]
        for portion in reversal.portions:
            self.core.return_lines.insert(
                connection,
                document["transaction_id"],
                original_id,
                portion.line_no,
                portion.quantity,
                -portion.total,
            )
        original = json.loads(
            connection.execute("SELECT document FROM transactions WHERE id = ?", (original_id,)).fetchone()[0]
        )
        original.setdefault("returns", []).append(
            {
                "transaction_id": document["transaction_id"],
                "kind": document["kind"],
                "transaction_number": document["transaction_number"],
                "receipt_number": document["receipt_number"],
                "completed_at": document["completed_at"],
                "total": document["total"],
            }
        )
        if document["kind"] == "void":
            original["voided_by"] = document["transaction_id"]
        connection.execute(
            "UPDATE transactions SET document = ? WHERE id = ?",
            (json.dumps(original, ensure_ascii=False, separators=(",", ":")), original_id),
        )

    # ----- reprint -----

    def reprint(self, transaction_id: str) -> WrittenRecord:
        """Queue the receipt again, marked 【再発行】, with the original's content."""
        self.core.require_ready()
        document = self.sales.transactions.get(transaction_id)
        if document is None:
            raise PosError(ErrorCode.TRANSACTION_NOT_FOUND, reference=transaction_id)
        approval = self.approvals.require(Permission.REPRINT, action="reprint", subject=transaction_id)
        receipt, text = self.sales.receipt_for(transaction_id, reprint=True)

        def queue(connection: Connection, _state: object) -> dict[str, Any]:
            job_id = self.sales.print_jobs.enqueue(
                connection, receipt, transaction_id, document.get("receipt_number")
            )
            return {"print_job_id": job_id}

        written = self.core.write_record(
            RecordRequest(
                kind="reprint",
                data={
                    "transaction_id": transaction_id,
                    "receipt_number": document.get("receipt_number"),
                    "receipt_text": text,
                },
                approver_code=approval.approver_code,
                audit=[approval.audit_entry("reprint", transaction_id, {"receipt": _label(document)})],
                print_slip=False,
                compute=queue,
            )
        )
        return written


def _already_stored(connection: Connection, numbers: Numbers, now: datetime) -> dict[str, Any]:
    raise RuntimeError("a replayed request must not build a new document")


_SECTION_KEYS = (
    "lines_total",
    "line_discounts",
    "promotion_discounts",
    "subtotal_discount",
    "taxes",
    "total",
    "tax_total",
    "item_count",
)


def _reversal_section(reversal: _Reversal, line_offset: int) -> dict[str, Any]:
    """Return the negative lines, tax groups and totals refunding a reversal's portions."""
    original = reversal.original
    by_no = {int(line["line_no"]): line for line in original["lines"]}
    lines = [
        reversed_line(by_no[portion.line_no], portion, line_offset + index)
        for index, portion in enumerate(reversal.portions, start=1)
    ]
    taxes = group_figures(reversal.portions, -1, original["taxes"])
    share = sum(portion.subtotal_share for portion in reversal.portions)
    discount = original.get("subtotal_discount")
    return {
        "lines": lines,
        "subtotal_discount": (
            {"kind": discount["kind"], "value": discount["value"], "amount": -share} if discount else None
        ),
        "lines_total": -sum(portion.gross for portion in reversal.portions),
        "line_discounts": -sum(portion.line_discount for portion in reversal.portions),
        "promotion_discounts": -sum(sum(portion.promotions) for portion in reversal.portions),
        "taxes": taxes,
        "total": sum(int(tax["total"]) for tax in taxes),
        "tax_total": sum(int(tax["tax"]) for tax in taxes),
        "item_count": -sum(portion.quantity for portion in reversal.portions),
    }


def _merge_taxes(entries: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in entries:
        key = group_key(entry)
        target = merged.get(key)
        if target is None:
            merged[key] = dict(entry)
            continue
        for field in ("amount", "discount", "base", "tax", "total"):
            target[field] = int(target[field]) + int(entry[field])
    return list(merged.values())
