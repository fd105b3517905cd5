"""Line allocation: any split of a receipt into partial returns adds up to the receipt exactly."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.domain.cart import Cart, DiscountKind
from backend.domain.master import Item, PriceMode, TaxClass
from backend.domain.money import RoundingMode
from backend.domain.transaction import Numbers, build_sale_document
from backend.lifecycle.allocation import allocate_lines, group_figures, group_key, plan_refund, portion_of

RATES = {
    TaxClass.STANDARD: Fraction(10, 100),
    TaxClass.REDUCED: Fraction(8, 100),
    TaxClass.EXEMPT: Fraction(0),
}
MOMENT = datetime(2026, 12, 4, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))

line_strategy = st.tuples(
    st.integers(min_value=1, max_value=20_000),
    st.sampled_from(list(PriceMode)),
    st.sampled_from(list(TaxClass)),
    st.integers(min_value=1, max_value=7),
    st.one_of(st.none(), st.integers(min_value=1, max_value=60)),
)


def sale_document(
    lines: list[tuple[int, PriceMode, TaxClass, int, int | None]], subtotal_percent: int | None
) -> dict:
    cart = Cart("cart", "T001", date(2026, 12, 4), RoundingMode.FLOOR, RoundingMode.FLOOR)
    for index, (price, mode, tax_class, quantity, line_percent) in enumerate(lines):
        item = Item(f"I{index}", f"item {index}", price, mode, tax_class, "11")
        cart.add_item(item, RATES[tax_class], quantity)
        if line_percent is not None:
            cart.discount_line(len(cart.lines), DiscountKind.PERCENT, line_percent)
    cart.subtotal()
    if subtotal_percent is not None:
        cart.discount_subtotal(DiscountKind.PERCENT, subtotal_percent)
    totals = cart.totals()
    return build_sale_document(cart, totals, Numbers(1, 1), "sale", "0001", MOMENT)


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(line_strategy, min_size=1, max_size=6),
    subtotal_percent=st.one_of(st.none(), st.integers(min_value=1, max_value=50)),
    data=st.data(),
)
def test_piecewise_returns_add_up_exactly(lines, subtotal_percent, data):
    document = sale_document(lines, subtotal_percent)
    allocations = allocate_lines(document)
    by_no = {line["line_no"]: line for line in document["lines"]}

    portions = []
    for line_no, allocation in allocations.items():
        taken = 0
        while taken < allocation.quantity:
            units = data.draw(st.integers(min_value=1, max_value=allocation.quantity - taken))
            portions.append(portion_of(allocation, group_key(by_no[line_no]), taken, units))
            taken += units

    refunded = group_figures(portions, -1, document["taxes"])
    assert len(refunded) == len(document["taxes"])
    for entry, original in zip(refunded, document["taxes"], strict=True):
        for field in ("amount", "discount", "base", "tax", "total"):
            assert entry[field] == -original[field], field
    assert sum(portion.total for portion in portions) == document["total"]
    assert all(portion.total >= 0 and portion.tax >= 0 for portion in portions)


def test_single_unit_return_takes_floor_share():
    document = sale_document([(105, PriceMode.EXCLUSIVE, TaxClass.STANDARD, 3, None)], None)
    (allocation,) = allocate_lines(document).values()
    key = ("standard", "exclusive")
    shares = [portion_of(allocation, key, taken, 1) for taken in range(3)]
    assert [(share.gross, share.tax, share.total) for share in shares] == [
        (105, 10, 115),
        (105, 10, 115),
        (105, 11, 116),
    ]


def test_refund_goes_to_last_tender_first():
    tenders = [
        {"tender_code": "credit", "kind": "cashless", "applied": 800, "name": "クレジット"},
        {"tender_code": "cash", "kind": "cash", "applied": 516, "name": "現金"},
    ]
    first = plan_refund(600, tenders, {}, "original", ("cash", "現金"))
    assert [(entry["tender_code"], entry["applied"], entry["original_tender_index"]) for entry in first] == [
        ("cash", -516, 1),
        ("credit", -84, 0),
    ]
    rest = plan_refund(716, tenders, {1: 516, 0: 84}, "original", ("cash", "現金"))
    assert [(entry["tender_code"], entry["applied"]) for entry in rest] == [("credit", -716)]
    everything_cash = plan_refund(1316, tenders, {}, "cash", ("cash", "現金"))
    assert [(entry["tender_code"], entry["applied"]) for entry in everything_cash] == [("cash", -1316)]
