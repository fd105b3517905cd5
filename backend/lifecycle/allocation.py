"""Allocation of a transaction's amounts to its lines, and the reversal of lines.

A receipt's subtotal discount and its tax are computed per tax group, not per line. To
refund part of a receipt exactly, each group's subtotal discount share is apportioned over
its lines by net amount, and the group's tax over the lines by their discounted amount.
Both use largest remainders, so the line shares add up to the group figures exactly.

A line's value for ``k`` of its ``q`` units is taken cumulatively as ``value * k // q``. A
return of units ``a+1..b`` gets ``cum(b) - cum(a)``, so returning a line piecewise, in any
split, adds up to the whole line, and the last return takes the remainder. A full return
is therefore the exact negation of the original.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backend.domain.tax import apportion

GroupKey = tuple[str, str]  # (tax_class, price_mode)


@dataclass(frozen=True, slots=True)
class LineAllocation:
    """One original line's amounts, all non-negative, with its share of group figures."""

    line_no: int
    quantity: int
    price_mode: str
    gross: int
    line_discount: int
    promotions: tuple[int, ...]
    net: int
    subtotal_share: int
    tax: int

    @property
    def total(self) -> int:
        """The tax-inclusive amount the customer paid for the line."""
        amount = self.net - self.subtotal_share
        return amount if self.price_mode == "inclusive" else amount + self.tax


@dataclass(frozen=True, slots=True)
class LinePortion:
    """The amounts of some units of a line, positive as sold."""

    line_no: int
    quantity: int
    price_mode: str
    group: GroupKey
    gross: int
    line_discount: int
    promotions: tuple[int, ...]
    subtotal_share: int
    tax: int

    @property
    def net(self) -> int:
        return self.gross - self.line_discount - sum(self.promotions)

    @property
    def amount(self) -> int:
        """The net amount after the subtotal discount share, in the line's price mode."""
        return self.net - self.subtotal_share

    @property
    def total(self) -> int:
        return self.amount if self.price_mode == "inclusive" else self.amount + self.tax


def group_key(entry: Mapping[str, Any]) -> GroupKey:
    return (str(entry["tax_class"]), str(entry["price_mode"]))


def _line_discount(line: Mapping[str, Any]) -> int:
    discount = line.get("discount")
    return int(discount["amount"]) if discount else 0


def allocate_lines(document: Mapping[str, Any]) -> dict[int, LineAllocation]:
    """Allocate a sale document's subtotal discount and tax to its active lines."""
    by_group: dict[GroupKey, list[Mapping[str, Any]]] = {}
    for line in document["lines"]:
        if line.get("voided"):
            continue
        by_group.setdefault(group_key(line), []).append(line)

    allocations: dict[int, LineAllocation] = {}
    for entry in document["taxes"]:
        lines = sorted(by_group.get(group_key(entry), []), key=lambda line: int(line["line_no"]))
        nets = [int(line["net"]) for line in lines]
        shares = apportion(int(entry["discount"]), nets)
        amounts = [net - share for net, share in zip(nets, shares, strict=True)]
        taxes = apportion(int(entry["tax"]), amounts)
        for line, net, share, tax in zip(lines, nets, shares, taxes, strict=True):
            allocations[int(line["line_no"])] = LineAllocation(
                line_no=int(line["line_no"]),
                quantity=int(line["quantity"]),
                price_mode=str(line["price_mode"]),
                gross=int(line["gross"]),
                line_discount=_line_discount(line),
                promotions=tuple(int(promotion["amount"]) for promotion in line.get("promotions", [])),
                net=net,
                subtotal_share=share,
                tax=tax,
            )
    return allocations


def _cumulative(value: int, units: int, quantity: int) -> int:
    return value * units // quantity


def portion_of(allocation: LineAllocation, group: GroupKey, already: int, units: int) -> LinePortion:
    """Return the amounts of units ``already+1 .. already+units`` of an allocated line."""
    if units <= 0 or already < 0 or already + units > allocation.quantity:
        raise ValueError(
            f"line {allocation.line_no}: cannot take {units} units after {already} of {allocation.quantity}"
        )
    before, after = already, already + units

    def take(value: int) -> int:
        quantity = allocation.quantity
        return _cumulative(value, after, quantity) - _cumulative(value, before, quantity)

    gross = take(allocation.gross)
    line_discount = take(allocation.line_discount)
    promotions = tuple(take(amount) for amount in allocation.promotions)
    # The amount after the subtotal discount is split on its own, and the share is what is
    # left, so no portion of a non-negative line comes out negative (splitting each part
    # separately could give one unit the whole discount of a 1-yen line).
    amount = take(allocation.net - allocation.subtotal_share)
    net = gross - line_discount - sum(promotions)
    return LinePortion(
        line_no=allocation.line_no,
        quantity=units,
        price_mode=allocation.price_mode,
        group=group,
        gross=gross,
        line_discount=line_discount,
        promotions=promotions,
        subtotal_share=net - amount,
        tax=take(allocation.tax),
    )


def group_figures(
    portions: Sequence[LinePortion], sign: int, order: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Sum line portions into tax-group figures, multiplied by ``sign`` (-1 for a refund).

    ``order`` is a list of tax entries giving each group's rate and the order to list them.
    """
    entries: list[dict[str, Any]] = []
    for entry in order:
        key = group_key(entry)
        chosen = [portion for portion in portions if portion.group == key]
        if not chosen:
            continue
        amount = sum(portion.net for portion in chosen)
        discount = sum(portion.subtotal_share for portion in chosen)
        tax = sum(portion.tax for portion in chosen)
        if key[1] == "inclusive":
            total = amount - discount
            base = total - tax
        else:
            base = amount - discount
            total = base + tax
        entries.append(
            {
                "tax_class": entry["tax_class"],
                "rate_percent": entry["rate_percent"],
                "price_mode": entry["price_mode"],
                "amount": sign * amount,
                "discount": sign * discount,
                "base": sign * base,
                "tax": sign * tax,
                "total": sign * total,
            }
        )
    return entries


def reversed_line(original: Mapping[str, Any], portion: LinePortion, line_no: int) -> dict[str, Any]:
    """Return the document line refunding a portion of an original line (negative amounts)."""
    discount = original.get("discount")
    promotions = original.get("promotions", [])
    return {
        "line_no": line_no,
        "original_line_no": int(original["line_no"]),
        "item_code": original["item_code"],
        "name": original["name"],
        "category_code": original["category_code"],
        "quantity": -portion.quantity,
        "unit_price": original["unit_price"],
        "list_price": original["list_price"],
        "price_overridden": original["price_overridden"],
        "price_mode": original["price_mode"],
        "tax_class": original["tax_class"],
        "rate_percent": original["rate_percent"],
        "reduced": original["reduced"],
        "gross": -portion.gross,
        "discount": (
            {"kind": discount["kind"], "value": discount["value"], "amount": -portion.line_discount}
            if discount
            else None
        ),
        "promotions": [
            {"promotion_id": promotion["promotion_id"], "name": promotion["name"], "amount": -amount}
            for promotion, amount in zip(promotions, portion.promotions, strict=True)
        ],
        "net": -portion.net,
        "subtotal_discount_share": -portion.subtotal_share,
        "tax": -portion.tax,
        "total": -portion.total,
        "voided": False,
    }


def plan_refund(
    amount: int,
    original_tenders: Sequence[Mapping[str, Any]],
    refunded_before: Mapping[int, int],
    policy: str,
    cash_tender: tuple[str, str],
) -> list[dict[str, Any]]:
    """Split a refund over tenders; every returned entry has a negative ``applied``.

    With policy "original" the refund goes back to the original tenders, last tender
    first, each up to what it paid less what was refunded to it before. Cash is refunded
    in cash, cashless payments are reversed on the same tender, and vouchers are refunded
    in cash because no change is given in vouchers. Anything left over, and everything
    under policy "cash", is refunded in cash. ``cash_tender`` is the (code, name) of the
    drawer's cash tender.
    """
    if amount < 0:
        raise ValueError(f"refund amount must not be negative, got {amount}")
    cash_code, cash_name = cash_tender
    refunds: list[dict[str, Any]] = []
    left = amount
    if policy == "original":
        for index in reversed(range(len(original_tenders))):
            tender = original_tenders[index]
            room = int(tender["applied"]) - refunded_before.get(index, 0)
            take = min(left, room)
            if take <= 0:
                continue
            if tender["kind"] == "cashless":
                code, name, kind = str(tender["tender_code"]), str(tender.get("name") or ""), "cashless"
            else:
                code, name, kind = cash_code, cash_name, "cash"
            refunds.append(_refund_entry(code, name, kind, take, index))
            left -= take
            if left == 0:
                break
    if left > 0:
        refunds.append(_refund_entry(cash_code, cash_name, "cash", left, None))
    return refunds


def _refund_entry(code: str, name: str, kind: str, amount: int, index: int | None) -> dict[str, Any]:
    return {
        "tender_code": code,
        "name": name,
        "kind": kind,
        "tendered": -amount,
        "applied": -amount,
        "change": 0,
        "unused": 0,
        "original_tender_index": index,
    }
