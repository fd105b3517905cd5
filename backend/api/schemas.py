"""Request bodies of the API. Amounts are integer yen; floats are rejected."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from backend.domain.cart import DiscountKind


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewCart(Body):
    training: StrictBool = False


class AddItem(Body):
    code: str = Field(min_length=1, max_length=64)
    quantity: StrictInt = 1
    price: StrictInt | None = None


class ChangeLine(Body):
    quantity: StrictInt | None = None
    unit_price: StrictInt | None = None


class DiscountBody(Body):
    kind: DiscountKind
    value: StrictInt


class TenderBody(Body):
    tender_code: str = Field(min_length=1, max_length=32)
    amount: StrictInt


class CompleteBody(Body):
    idempotency_key: str | None = Field(default=None, min_length=8, max_length=128)
