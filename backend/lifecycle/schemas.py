"""Request bodies of the lifecycle routes. Amounts are integer yen; floats are rejected.

Routes that may need a supervisor's approval take ``approver_code`` and ``approver_pin`` in
the body, or the ``X-Approver-Code`` and ``X-Approver-Pin`` headers.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictBool, StrictInt

from backend.api.schemas import Body
from backend.domain.permissions import Permission

Code = Annotated[str, Field(min_length=1, max_length=32)]
Pin = Annotated[str, Field(min_length=1, max_length=16)]
Key = Annotated[str, Field(min_length=8, max_length=128)]
Note = Annotated[str, Field(max_length=200)]


class ApproverFields(Body):
    approver_code: Code | None = None
    approver_pin: Pin | None = None


class OpenBody(Body):
    float_amount: StrictInt | None = None
    float_denominations: dict[str, StrictInt] | None = None
    staff_code: Code | None = None
    pin: Pin | None = None


class SignInBody(Body):
    staff_code: Code
    pin: Pin


class TrainingBody(Body):
    enabled: StrictBool


class GrantBody(Body):
    permission: Permission
    subject: str = Field(min_length=1, max_length=64, description="cart id or transaction id")
    approver_code: Code
    approver_pin: Pin


class CashBody(ApproverFields):
    amount: StrictInt
    reason_code: Code
    note: Note | None = None
    idempotency_key: Key | None = None


class NoSaleBody(ApproverFields):
    reason: Note | None = None


class ReferenceFields(ApproverFields):
    """The original receipt: one of transaction_id, receipt_number (with terminal_id when
    it was issued on another terminal) or the receipt's barcode data."""

    transaction_id: str | None = Field(default=None, min_length=1, max_length=64)
    receipt_number: StrictInt | None = None
    terminal_id: str | None = Field(default=None, min_length=1, max_length=16)
    barcode: str | None = Field(default=None, min_length=3, max_length=64)


class LineBody(Body):
    line_no: StrictInt
    quantity: StrictInt = 1


class ItemBody(Body):
    code: str = Field(min_length=1, max_length=64)
    quantity: StrictInt = 1


class PaymentBody(Body):
    tender_code: Code
    amount: StrictInt


class ReturnBody(ReferenceFields):
    lines: list[LineBody] | None = None
    refund_tender_code: Code | None = None
    reason: Note | None = None
    idempotency_key: Key | None = None


class VoidBody(ReferenceFields):
    reason: Note | None = None
    idempotency_key: Key | None = None


class ExchangeBody(ReferenceFields):
    lines: list[LineBody] | None = None
    items: list[ItemBody] = Field(min_length=1)
    tenders: list[PaymentBody] = Field(default_factory=list)
    reason: Note | None = None
    idempotency_key: Key | None = None


class XReportBody(Body):
    denominations: dict[str, StrictInt] | None = None


class ZReportBody(ApproverFields):
    denominations: dict[str, StrictInt]
    force: StrictBool = False
    idempotency_key: Key | None = None
