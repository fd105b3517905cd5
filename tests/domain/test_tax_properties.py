"""Properties of tax and apportioning that must hold for any cart."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from backend.domain.master import PriceMode, TaxClass
from backend.domain.money import RoundingMode
from backend.domain.tax import TaxGroupAmount, apportion, compute_breakdown, tax_of

RATES = {
    TaxClass.STANDARD: Fraction(10, 100),
    TaxClass.REDUCED: Fraction(8, 100),
    TaxClass.EXEMPT: Fraction(0),
}

groups_strategy = st.lists(
    st.tuples(st.sampled_from(list(TaxClass)), st.sampled_from(list(PriceMode)), st.integers(1, 2_000_000)),
    min_size=1,
    max_size=6,
    unique_by=lambda group: (group[0], group[1]),
)


@given(st.integers(-10_000_000, 10_000_000), st.lists(st.integers(0, 5_000_000), min_size=1, max_size=8))
def test_apportion_adds_up_exactly(total, weights):
    if sum(weights) == 0:
        weights = [*weights[:-1], 1]
    shares = apportion(total, weights)
    assert sum(shares) == total
    assert all(share * total >= 0 for share in shares)


@given(st.integers(0, 10_000_000), st.lists(st.integers(0, 5_000_000), min_size=1, max_size=8))
def test_apportion_is_symmetric_for_returns(total, weights):
    if sum(weights) == 0:
        weights = [*weights[:-1], 1]
    assert apportion(-total, [-w for w in weights]) == [-share for share in apportion(total, weights)]


@given(groups_strategy, st.integers(0, 100), st.sampled_from(list(RoundingMode)))
def test_breakdown_parts_add_up_to_total(groups, discount_percent, mode):
    amounts = [
        TaxGroupAmount(tax_class, RATES[tax_class], price_mode, amount)
        for tax_class, price_mode, amount in groups
    ]
    discount = sum(group.amount for group in amounts) * discount_percent // 100
    breakdown = compute_breakdown(amounts, discount, mode)
    assert sum(entry.discount for entry in breakdown) == discount
    for entry in breakdown:
        assert entry.base + entry.tax == entry.total
        assert entry.amount - entry.discount == (
            entry.total if entry.price_mode is PriceMode.INCLUSIVE else entry.base
        )
        assert entry.tax >= 0


@given(groups_strategy, st.integers(0, 100), st.sampled_from(list(RoundingMode)))
def test_full_return_negates_sale_exactly(groups, discount_percent, mode):
    sale = [TaxGroupAmount(c, RATES[c], m, a) for c, m, a in groups]
    refund = [TaxGroupAmount(c, RATES[c], m, -a) for c, m, a in groups]
    discount = sum(group.amount for group in sale) * discount_percent // 100
    sold = compute_breakdown(sale, discount, mode)
    returned = compute_breakdown(refund, -discount, mode)
    assert [(e.tax_class, e.price_mode, -e.base, -e.tax, -e.total) for e in returned] == [
        (e.tax_class, e.price_mode, e.base, e.tax, e.total) for e in sold
    ]


@given(groups_strategy, st.integers(0, 100), st.sampled_from(list(RoundingMode)))
def test_tax_rounded_once_per_rate(groups, discount_percent, mode):
    amounts = [TaxGroupAmount(c, RATES[c], m, a) for c, m, a in groups]
    discount = sum(group.amount for group in amounts) * discount_percent // 100
    breakdown = compute_breakdown(amounts, discount, mode)
    for tax_class, rate in RATES.items():
        entries = [entry for entry in breakdown if entry.tax_class is tax_class]
        if not entries:
            continue
        paid = sum(entry.total for entry in entries)
        exclusive_tax = sum(entry.tax for entry in entries if entry.price_mode is PriceMode.EXCLUSIVE)
        tax = sum(entry.tax for entry in entries)
        if len(entries) == 2:  # both price modes: one rounding on the rate's inclusive total
            assert tax == tax_of(paid, rate, PriceMode.INCLUSIVE, mode)
        else:
            (entry,) = entries
            assert tax == tax_of(entry.amount - entry.discount, rate, entry.price_mode, mode)
        assert exclusive_tax == sum(
            tax_of(entry.base, rate, PriceMode.EXCLUSIVE, mode)
            for entry in entries
            if entry.price_mode is PriceMode.EXCLUSIVE
        )
