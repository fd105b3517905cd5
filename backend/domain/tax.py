"""Consumption tax under the qualified-invoice rule (インボイス制度).

Tax is computed once per tax rate on the receipt's total for that rate and rounded with
the store's mode. It is never computed per line and summed. Lines are grouped by tax class
and price mode (内税 or 外税). A subtotal discount is apportioned across the groups in
proportion to their amounts before tax is computed, so each group's base and tax stay
consistent. When one rate has both an inclusive and an exclusive group, the exclusive
group's tax is the amount added to its prices, and the rate's tax is then computed once on
the rate's tax-inclusive total (the price the customer pays); the inclusive group states
the rest.

All amounts here are integer yen. Inclusive (内税) groups carry tax-inclusive amounts,
exclusive (外税) groups carry tax-exclusive amounts; every result states both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from backend.domain.master import PriceMode, TaxClass
from backend.domain.money import RoundingMode, format_rate, round_yen


@dataclass(frozen=True, slots=True)
class TaxRate:
    tax_class: TaxClass
    rate: Fraction
    effective_from: date


DEFAULT_TAX_RATES: tuple[TaxRate, ...] = (
    TaxRate(TaxClass.STANDARD, Fraction(8, 100), date(2014, 4, 1)),
    TaxRate(TaxClass.STANDARD, Fraction(10, 100), date(2019, 10, 1)),
    TaxRate(TaxClass.REDUCED, Fraction(8, 100), date(2019, 10, 1)),
    TaxRate(TaxClass.EXEMPT, Fraction(0), date(1989, 4, 1)),
)


class UnknownTaxClassError(LookupError):
    def __init__(self, tax_class: str, on: date) -> None:
        super().__init__(f"no tax rate for class {tax_class!r} on {on.isoformat()}")
        self.tax_class = tax_class
        self.on = on


class TaxTable:
    """Tax rates with effective dates, so a future rate change is a data change."""

    def __init__(self, rates: Sequence[TaxRate] = DEFAULT_TAX_RATES) -> None:
        self._rates = sorted(rates, key=lambda rate: (rate.tax_class, rate.effective_from))

    @property
    def rates(self) -> tuple[TaxRate, ...]:
        return tuple(self._rates)

    def rate_for(self, tax_class: TaxClass, on: date) -> Fraction:
        """Return the rate in force for a tax class on a business date."""
        found: Fraction | None = None
        for rate in self._rates:
            if rate.tax_class == tax_class and rate.effective_from <= on:
                found = rate.rate
        if found is None:
            raise UnknownTaxClassError(tax_class, on)
        return found


@dataclass(frozen=True, slots=True)
class TaxGroupAmount:
    """The summed line amounts of one tax class and price mode, before subtotal discount."""

    tax_class: TaxClass
    rate: Fraction
    price_mode: PriceMode
    amount: int


@dataclass(frozen=True, slots=True)
class TaxBreakdown:
    """One group's figures after the subtotal discount share.

    ``amount`` is in the group's own price mode, ``base`` is tax-exclusive, ``total`` is
    tax-inclusive, and ``base + tax == total`` always holds.
    """

    tax_class: TaxClass
    rate: Fraction
    price_mode: PriceMode
    amount: int
    discount: int
    base: int
    tax: int
    total: int

    def to_dict(self) -> dict[str, object]:
        return {
            "tax_class": self.tax_class.value,
            "rate_percent": format_rate(self.rate),
            "price_mode": self.price_mode.value,
            "amount": self.amount,
            "discount": self.discount,
            "base": self.base,
            "tax": self.tax,
            "total": self.total,
        }


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` across ``weights`` in proportion, so the shares add up exactly.

    Largest-remainder method on magnitudes: each share is the floor of its exact
    proportion, and the yen left over go one each to the largest remainders, earlier
    positions first on ties. Negating ``total`` and every weight negates every share, so a
    return apportions exactly like the sale it reverses.
    """
    if not weights:
        if total:
            raise ValueError(f"cannot apportion {total} over no weights")
        return []
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    magnitudes = [abs(weight) for weight in weights]
    weight_sum = sum(magnitudes)
    if weight_sum == 0:
        if magnitude:
            raise ValueError(f"cannot apportion {total} over zero weights")
        return [0] * len(weights)
    shares = [magnitude * weight // weight_sum for weight in magnitudes]
    remainders = [magnitude * weight % weight_sum for weight in magnitudes]
    left = magnitude - sum(shares)
    order = sorted(range(len(weights)), key=lambda index: (-remainders[index], index))
    for index in order[:left]:
        shares[index] += 1
    return [sign * share for share in shares]


def tax_of(amount: int, rate: Fraction, price_mode: PriceMode, mode: RoundingMode) -> int:
    """Return the tax contained in (inclusive) or added to (exclusive) one group amount."""
    if rate == 0:
        return 0
    if price_mode is PriceMode.INCLUSIVE:
        return round_yen(amount * rate / (1 + rate), mode)
    return round_yen(amount * rate, mode)


def compute_breakdown(
    groups: Sequence[TaxGroupAmount], subtotal_discount: int, mode: RoundingMode
) -> list[TaxBreakdown]:
    """Apportion a subtotal discount and compute tax once per group.

    Groups are processed in a fixed order (higher rate first, then inclusive before
    exclusive), which makes the apportioning of leftover yen deterministic.
    """
    ordered = sorted(groups, key=lambda group: (-group.rate, group.price_mode.value, group.tax_class))
    shares = apportion(subtotal_discount, [group.amount for group in ordered])
    result: list[TaxBreakdown] = []
    for group, share in zip(ordered, shares, strict=True):
        amount = group.amount - share
        tax = tax_of(amount, group.rate, group.price_mode, mode)
        if group.price_mode is PriceMode.INCLUSIVE:
            base, total = amount - tax, amount
        else:
            base, total = amount, amount + tax
        result.append(
            TaxBreakdown(
                tax_class=group.tax_class,
                rate=group.rate,
                price_mode=group.price_mode,
                amount=group.amount,
                discount=share,
                base=base,
                tax=tax,
                total=total,
            )
        )
    return _one_rounding_per_rate(result, mode)


def _one_rounding_per_rate(entries: list[TaxBreakdown], mode: RoundingMode) -> list[TaxBreakdown]:
    """Restate the inclusive group's tax where one rate has both price modes.

    The rate's tax is rounded once, on the rate's tax-inclusive total. The exclusive group
    keeps the tax added to its prices, so the amount payable does not change, and the
    inclusive group states the difference. Its base changes with it, and base + tax ==
    total still holds.
    """
    by_rate: dict[tuple[TaxClass, Fraction], list[int]] = {}
    for index, entry in enumerate(entries):
        by_rate.setdefault((entry.tax_class, entry.rate), []).append(index)
    result = list(entries)
    for (_, rate), indexes in by_rate.items():
        modes = {entries[index].price_mode for index in indexes}
        if len(indexes) != 2 or modes != {PriceMode.INCLUSIVE, PriceMode.EXCLUSIVE}:
            continue
        inclusive, exclusive = sorted(
            (entries[index] for index in indexes), key=lambda entry: entry.price_mode is PriceMode.EXCLUSIVE
        )
        rate_tax = tax_of(inclusive.total + exclusive.total, rate, PriceMode.INCLUSIVE, mode)
        tax = rate_tax - exclusive.tax
        restated = replace(inclusive, tax=tax, base=inclusive.total - tax)
        result[result.index(inclusive)] = restated
    return result
