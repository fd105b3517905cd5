"""Stamp duty on cash receipts, judged on the tax-exclusive amount received in cash."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from backend.domain.stamp_duty import cash_amount_excluding_tax, stamp_duty_for
from tests.lifecycle.helpers import INCLUSIVE_54000, INCLUSIVE_55000, INCLUSIVE_100000, sell


@pytest.mark.parametrize(
    ("code", "tender", "amount", "excluding_tax", "duty"),
    [
        # ¥54,000 inclusive 10%: tax ¥4,909, so ¥49,091 received before tax: below ¥50,000.
        (INCLUSIVE_54000, "cash", 54000, 49091, 0),
        # ¥55,000 inclusive 10%: tax ¥5,000, so ¥50,000 before tax: the ¥200 tier.
        (INCLUSIVE_55000, "cash", 55000, 50000, 200),
        # A card payment is not money received, whatever the amount.
        (INCLUSIVE_100000, "credit", 100000, 0, 0),
    ],
)
def test_stamp_duty_on_receipt(
    till: TestClient, code: str, tender: str, amount: int, excluding_tax: int, duty: int
):
    cart_items = [(code, 1)]
    document = sell(till, cart_items, [(tender, amount)])
    assert document["total"] == amount
    assert cash_amount_excluding_tax(document) == excluding_tax
    assert stamp_duty_for(document) == duty

    receipt = till.get(f"/api/v1/transactions/{document['transaction_id']}/receipt").json()["text"]
    if duty:
        assert "収入印紙" in receipt
        assert f"¥{duty}" in receipt
    else:
        assert "収入印紙" not in receipt


def test_no_stamp_duty_on_refund(till: TestClient):
    document = sell(till, [(INCLUSIVE_55000, 1)], [("cash", 55000)])
    body = {"receipt_number": document["receipt_number"], "approver_code": "9001", "approver_pin": "9999"}
    refund = till.post("/api/v1/returns", json=body).json()
    assert refund["transaction"]["total"] == -55000
    assert stamp_duty_for(refund["transaction"]) == 0
    assert "収入印紙" not in refund["receipt_text"]
