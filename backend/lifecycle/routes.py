"""Lifecycle routes under /api/v1: terminal, approvals, cash, suspend and resume, voids,
returns and exchanges, reprints, reports, the audit log and the electronic journal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import StreamingResponse

from backend.api.deps import get_services
from backend.domain.errors import ErrorCode, PosError
from backend.domain.permissions import PERMISSION_LABELS
from backend.lifecycle.approvals import Credentials
from backend.lifecycle.core import WrittenRecord
from backend.lifecycle.journal import EXPORT_ENCODINGS, JournalQuery, csv_chunks
from backend.lifecycle.returns import NewItem, OriginalReference, Payment, ReturnLine
from backend.lifecycle.schemas import (
    ApproverFields,
    CashBody,
    ExchangeBody,
    GrantBody,
    LineBody,
    NoSaleBody,
    OpenBody,
    ReferenceFields,
    ReturnBody,
    SignInBody,
    TrainingBody,
    VoidBody,
    XReportBody,
    ZReportBody,
)
from backend.lifecycle.service import Lifecycle
from backend.services.sales import CompletedSale

router = APIRouter(tags=["terminal lifecycle"])

T = TypeVar("T")


def get_lifecycle(request: Request) -> Lifecycle:
    lifecycle = get_services(request).extra.get("lifecycle")
    if not isinstance(lifecycle, Lifecycle):
        raise PosError(ErrorCode.INTERNAL)
    return lifecycle


def header_approver(
    x_approver_code: Annotated[str | None, Header(max_length=32)] = None,
    x_approver_pin: Annotated[str | None, Header(max_length=16)] = None,
) -> Credentials | None:
    if x_approver_code and x_approver_pin:
        return Credentials(x_approver_code, x_approver_pin)
    return None


LifecycleDep = Annotated[Lifecycle, Depends(get_lifecycle)]
ApproverDep = Annotated[Credentials | None, Depends(header_approver)]
IdempotencyHeader = Annotated[str | None, Header(alias="Idempotency-Key", min_length=8, max_length=128)]


def _credentials(body: ApproverFields | None, from_headers: Credentials | None) -> Credentials | None:
    if body is not None and body.approver_code and body.approver_pin:
        return Credentials(body.approver_code, body.approver_pin)
    return from_headers


@contextmanager
def _approved(
    lifecycle: Lifecycle, body: ApproverFields | None, from_headers: Credentials | None
) -> Iterator[None]:
    with lifecycle.approvals.approved_by(_credentials(body, from_headers)):
        yield


def _run(
    lifecycle: Lifecycle, body: ApproverFields | None, headers: Credentials | None, call: Callable[[], T]
) -> T:
    with _approved(lifecycle, body, headers):
        return call()


def _record_view(lifecycle: Lifecycle, written: WrittenRecord) -> dict[str, Any]:
    return {**written.to_dict(), "terminal": lifecycle.terminal.status()}


def _sale_view(result: CompletedSale) -> dict[str, Any]:
    return {
        "transaction": result.document,
        "receipt_text": result.receipt_text,
        "print_job_id": result.print_job_id,
        "replayed": result.replayed,
    }


def _reference(body: ReferenceFields) -> OriginalReference:
    return OriginalReference(body.transaction_id, body.receipt_number, body.terminal_id, body.barcode)


# ----- terminal -----


@router.get("/terminal")
def terminal_status(lifecycle: LifecycleDep) -> dict[str, Any]:
    return lifecycle.terminal.status()


@router.post("/terminal/open")
def open_terminal(lifecycle: LifecycleDep, body: OpenBody | None = None) -> dict[str, Any]:
    body = body or OpenBody()
    credentials = Credentials(body.staff_code, body.pin) if body.staff_code and body.pin else None
    written = lifecycle.terminal.open(body.float_amount, body.float_denominations, credentials)
    return _record_view(lifecycle, written)


@router.post("/terminal/close")
def close_terminal(lifecycle: LifecycleDep) -> dict[str, Any]:
    return _record_view(lifecycle, lifecycle.terminal.close())


@router.post("/terminal/sign-in")
def sign_in(body: SignInBody, lifecycle: LifecycleDep) -> dict[str, Any]:
    return _record_view(lifecycle, lifecycle.terminal.sign_in(Credentials(body.staff_code, body.pin)))


@router.post("/terminal/sign-out")
def sign_out(lifecycle: LifecycleDep) -> dict[str, Any]:
    return _record_view(lifecycle, lifecycle.terminal.sign_out())


@router.post("/terminal/training")
def training(body: TrainingBody, lifecycle: LifecycleDep) -> dict[str, Any]:
    return _record_view(lifecycle, lifecycle.terminal.set_training(body.enabled))


# ----- permissions, approvals, audit -----


@router.get("/permissions")
def permissions(lifecycle: LifecycleDep) -> dict[str, Any]:
    return {
        "roles": lifecycle.core.config().permissions.to_dict(),
        "labels": {permission.value: label for permission, label in PERMISSION_LABELS.items()},
        "cashier_discount_limit_percent": lifecycle.core.config().cashier_discount_limit_percent,
    }


@router.post("/approvals")
def grant_approval(body: GrantBody, lifecycle: LifecycleDep) -> dict[str, Any]:
    return lifecycle.approvals.grant(
        body.permission, Credentials(body.approver_code, body.approver_pin), body.subject
    )


@router.get("/audit")
def audit_log(
    lifecycle: LifecycleDep,
    action: str | None = None,
    permission: str | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> list[dict[str, Any]]:
    lifecycle.core.require_signed_in()
    return lifecycle.audit.list(limit, offset, action, permission)


# ----- cash -----


@router.get("/cash/reasons")
def cash_reasons(lifecycle: LifecycleDep) -> dict[str, dict[str, str]]:
    return lifecycle.cash.reasons()


@router.post("/cash/in")
def cash_in(body: CashBody, lifecycle: LifecycleDep, key: IdempotencyHeader = None) -> dict[str, Any]:
    written = lifecycle.cash.cash_in(body.amount, body.reason_code, body.note, body.idempotency_key or key)
    return _record_view(lifecycle, written)


@router.post("/cash/out")
def cash_out(
    body: CashBody, lifecycle: LifecycleDep, approver: ApproverDep, key: IdempotencyHeader = None
) -> dict[str, Any]:
    written = _run(
        lifecycle,
        body,
        approver,
        lambda: lifecycle.cash.cash_out(
            body.amount, body.reason_code, body.note, body.idempotency_key or key
        ),
    )
    return _record_view(lifecycle, written)


@router.post("/cash/no-sale")
def no_sale(lifecycle: LifecycleDep, approver: ApproverDep, body: NoSaleBody | None = None) -> dict[str, Any]:
    reason = body.reason if body else None
    return _record_view(lifecycle, _run(lifecycle, body, approver, lambda: lifecycle.cash.no_sale(reason)))


# ----- suspend and resume -----


@router.post("/carts/{cart_id}/suspend")
def suspend(cart_id: str, lifecycle: LifecycleDep) -> dict[str, Any]:
    return lifecycle.suspended.suspend(cart_id)


@router.get("/suspended")
def suspended(lifecycle: LifecycleDep) -> list[dict[str, Any]]:
    return lifecycle.suspended.list()


@router.post("/suspended/{cart_id}/resume")
def resume(cart_id: str, lifecycle: LifecycleDep) -> dict[str, Any]:
    return lifecycle.suspended.resume(cart_id)


@router.post("/suspended/{cart_id}/cancel")
def cancel_suspended(cart_id: str, lifecycle: LifecycleDep) -> dict[str, Any]:
    return lifecycle.suspended.cancel(cart_id)


# ----- voids, returns, exchanges, reprints -----


@router.get("/returns/original")
def find_original(
    lifecycle: LifecycleDep,
    transaction_id: str | None = None,
    receipt_number: int | None = None,
    terminal_id: str | None = None,
    barcode: str | None = None,
) -> dict[str, Any]:
    lifecycle.core.require_signed_in()
    return lifecycle.returns.find(OriginalReference(transaction_id, receipt_number, terminal_id, barcode))


@router.get("/returns/candidates")
def return_candidates(
    lifecycle: LifecycleDep, business_date: str, limit: int = Query(200, ge=1, le=1000)
) -> list[dict[str, Any]]:
    lifecycle.core.require_signed_in()
    return lifecycle.returns.candidates(business_date, limit)


def _return_lines(lines: list[LineBody] | None) -> list[ReturnLine] | None:
    """Convert the requested lines; None means every line not yet returned."""
    if lines is None:
        return None
    return [ReturnLine(line.line_no, line.quantity) for line in lines]


@router.post("/returns")
def create_return(
    body: ReturnBody, lifecycle: LifecycleDep, approver: ApproverDep, key: IdempotencyHeader = None
) -> dict[str, Any]:
    lines = _return_lines(body.lines)
    result = _run(
        lifecycle,
        body,
        approver,
        lambda: lifecycle.returns.return_lines(
            _reference(body),
            lines,
            refund_tender_code=body.refund_tender_code,
            reason=body.reason,
            idempotency_key=body.idempotency_key or key,
        ),
    )
    return _sale_view(result)


@router.post("/voids")
def create_void(
    body: VoidBody, lifecycle: LifecycleDep, approver: ApproverDep, key: IdempotencyHeader = None
) -> dict[str, Any]:
    result = _run(
        lifecycle,
        body,
        approver,
        lambda: lifecycle.returns.void(
            _reference(body), reason=body.reason, idempotency_key=body.idempotency_key or key
        ),
    )
    return _sale_view(result)


@router.post("/exchanges")
def create_exchange(
    body: ExchangeBody, lifecycle: LifecycleDep, approver: ApproverDep, key: IdempotencyHeader = None
) -> dict[str, Any]:
    lines = _return_lines(body.lines)
    result = _run(
        lifecycle,
        body,
        approver,
        lambda: lifecycle.returns.exchange(
            _reference(body),
            lines,
            [NewItem(item.code, item.quantity) for item in body.items],
            [Payment(tender.tender_code, tender.amount) for tender in body.tenders],
            reason=body.reason,
            idempotency_key=body.idempotency_key or key,
        ),
    )
    return _sale_view(result)


@router.post("/transactions/{transaction_id}/reprint")
def reprint(
    transaction_id: str, lifecycle: LifecycleDep, approver: ApproverDep, body: ApproverFields | None = None
) -> dict[str, Any]:
    written = _run(lifecycle, body, approver, lambda: lifecycle.returns.reprint(transaction_id))
    return _record_view(lifecycle, written)


# ----- reports -----


@router.get("/reports/x")
def x_report(lifecycle: LifecycleDep) -> dict[str, Any]:
    return lifecycle.reports.x_report()


@router.post("/reports/x")
def take_x_report(lifecycle: LifecycleDep, body: XReportBody | None = None) -> dict[str, Any]:
    denominations = body.denominations if body else None
    return _record_view(lifecycle, lifecycle.reports.take_x_report(denominations))


@router.post("/reports/z")
def take_z_report(
    body: ZReportBody, lifecycle: LifecycleDep, approver: ApproverDep, key: IdempotencyHeader = None
) -> dict[str, Any]:
    written = _run(
        lifecycle,
        body,
        approver,
        lambda: lifecycle.reports.z_report(
            body.denominations, force=body.force, idempotency_key=body.idempotency_key or key
        ),
    )
    return _record_view(lifecycle, written)


@router.get("/reports/z")
def z_reports(
    lifecycle: LifecycleDep, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)
) -> list[dict[str, Any]]:
    return lifecycle.reports.z_reports(limit, offset)


@router.get("/reports/z/{number}")
def z_report(number: int, lifecycle: LifecycleDep) -> dict[str, Any]:
    return lifecycle.reports.z_report_by_number(number)


@router.get("/reports/summary")
def summary(
    lifecycle: LifecycleDep, date_from: str, date_to: str | None = None, terminal_id: str | None = None
) -> dict[str, Any]:
    return lifecycle.reports.summary(date_from, date_to, terminal_id)


@router.get("/reports/sales")
def sales_report(
    lifecycle: LifecycleDep,
    group: str,
    date_from: str,
    date_to: str | None = None,
    terminal_id: str | None = None,
) -> dict[str, Any]:
    return lifecycle.reports.sales_by(group, date_from, date_to, terminal_id)


# ----- electronic journal -----


def journal_query(
    request: Request,
    business_date: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    time_from: datetime | None = None,
    time_to: datetime | None = None,
    receipt_number: int | None = None,
    amount: int | None = None,
    min_amount: int | None = None,
    max_amount: int | None = None,
    staff_code: str | None = None,
    record_type: Annotated[list[str] | None, Query()] = None,
    transaction_id: str | None = None,
) -> JournalQuery:
    """Read the journal filters; a time without an offset is in the store's time zone."""
    zone = ZoneInfo(get_services(request).context.store_settings().time_zone)

    def aware(moment: datetime | None) -> datetime | None:
        if moment is None or moment.tzinfo is not None:
            return moment
        return moment.replace(tzinfo=zone)

    return JournalQuery(
        business_date=business_date,
        date_from=date_from,
        date_to=date_to,
        time_from=aware(time_from),
        time_to=aware(time_to),
        receipt_number=receipt_number,
        amount=amount,
        min_amount=min_amount,
        max_amount=max_amount,
        staff_code=staff_code,
        record_types=tuple(record_type or ()),
        transaction_id=transaction_id,
    )


JournalQueryDep = Annotated[JournalQuery, Depends(journal_query)]


@router.get("/journal")
def journal_search(
    lifecycle: LifecycleDep,
    query: JournalQueryDep,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> list[dict[str, Any]]:
    lifecycle.core.require_signed_in()
    return lifecycle.journal.search(query, limit, offset)


@router.get("/journal/verify")
def journal_verify(lifecycle: LifecycleDep) -> dict[str, Any]:
    lifecycle.core.require_signed_in()
    return lifecycle.journal.verify().to_dict()


@router.get("/journal/export")
def journal_export(
    lifecycle: LifecycleDep, query: JournalQueryDep, encoding: str = Query("utf-8-sig")
) -> StreamingResponse:
    lifecycle.core.require_signed_in()
    if encoding not in EXPORT_ENCODINGS:
        raise PosError(
            ErrorCode.VALIDATION_FAILED, detail=f"encoding must be one of {', '.join(EXPORT_ENCODINGS)}"
        )
    charset = "utf-8" if encoding == "utf-8-sig" else "shift_jis"
    chunks = csv_chunks(lifecycle.journal.iter_matching(query), encoding)
    return StreamingResponse(
        chunks,
        media_type=f"text/csv; charset={charset}",
        headers={"Content-Disposition": 'attachment; filename="journal.csv"'},
    )
