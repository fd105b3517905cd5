"""Stamp duty on cash receipts (売上代金に係る金銭の受取書, 印紙税法 別表第一 第17号の1).

A receipt for ¥50,000 or more of money received needs a revenue stamp. When the receipt
states the consumption tax, the tier is judged on the tax-exclusive amount. Card and other
credit payments are not money received, so only the cash part counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backend.domain.tax import apportion

# (upper bound inclusive, duty) in yen, from the duty table in force since 2014-04-01.
DUTY_TABLE: tuple[tuple[int, int], ...] = (
    (1_000_000, 200),
    (2_000_000, 400),
    (3_000_000, 600),
    (5_000_000, 1_000),
    (10_000_000, 2_000),
    (20_000_000, 4_000),
    (30_000_000, 6_000),
    (50_000_000, 10_000),
    (100_000_000, 20_000),
    (200_000_000, 40_000),
    (300_000_000, 60_000),
    (500_000_000, 100_000),
    (1_000_000_000, 150_000),
)
DUTY_ABOVE_TABLE = 200_000
DUTY_THRESHOLD = 50_000


def duty_for_amount(amount: int) -> int:
    """Return the duty for a tax-exclusive amount received; 0 below ¥50,000."""
    if amount < DUTY_THRESHOLD:
        return 0
    for bound, duty in DUTY_TABLE:
        if amount <= bound:
            return duty
    return DUTY_ABOVE_TABLE


def cash_amount_excluding_tax(document: Mapping[str, Any]) -> int:
    """Return the tax-exclusive part of a sale that was paid in cash."""
    total = int(document["total"])
    if total <= 0:
        return 0
    cash = sum(int(t["applied"]) for t in document.get("tenders", []) if t["kind"] == "cash")
    tax = int(document["tax_total"])
    cash_tax = apportion(tax, [cash, total - cash])[0] if cash else 0
    return cash - cash_tax


def stamp_duty_for(document: Mapping[str, Any]) -> int:
    """Return the stamp duty a sale's receipt needs, or 0 (never for training receipts)."""
    if document.get("training") or document.get("kind", "sale") != "sale":
        return 0
    return duty_for_amount(cash_amount_excluding_tax(document))
