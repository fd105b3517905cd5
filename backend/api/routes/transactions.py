"""Completed transactions and their receipts."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Query

from backend.api.deps import SalesDep
from backend.domain.errors import ErrorCode, PosError

router = APIRouter(prefix="/transactions", tags=["transactions"])

# The kinds of transaction document the terminal writes.
TransactionKind = Literal["sale", "return", "void", "exchange"]


@router.get("")
def list_transactions(
    sales: SalesDep,
    business_date: date | None = None,
    kind: TransactionKind | None = None,
    receipt_number: int | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> list[dict[str, Any]]:
    if receipt_number is not None:
        found = sales.transactions.by_receipt_number(sales.context.terminal_id, receipt_number)
        return [found] if found else []
    day = business_date.isoformat() if business_date else None
    return sales.transactions.list(day, kind, limit, offset)


@router.get("/{transaction_id}")
def get_transaction(transaction_id: str, sales: SalesDep) -> dict[str, Any]:
    document = sales.transactions.get(transaction_id)
    if document is None:
        raise PosError(ErrorCode.TRANSACTION_NOT_FOUND, reference=transaction_id)
    return document


@router.get("/{transaction_id}/receipt")
def get_receipt(transaction_id: str, sales: SalesDep) -> dict[str, Any]:
    document, text = sales.receipt_for(transaction_id)
    return {"document": document, "text": text}
