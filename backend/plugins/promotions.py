"""Built-in promotions: category percent-off, mix-and-match and time-window price."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time
from fractions import Fraction
from typing import Any

from backend.domain.money import RoundingMode, round_yen
from backend.domain.plugins import Promotion, PromotionDiscount, PromotionFactory, PromotionLine
from backend.domain.tax import apportion


class _ScheduledPromotion:
    """Identity and validity period shared by the built-in promotions."""

    def __init__(
        self, promotion_id: str, name: str, starts_at: datetime | None, ends_at: datetime | None
    ) -> None:
        self.promotion_id = promotion_id
        self.name = name
        self.starts_at = starts_at
        self.ends_at = ends_at

    def _in_window(self, now: datetime) -> bool:
        if self.starts_at is not None and now < self.starts_at:
            return False
        return not (self.ends_at is not None and now >= self.ends_at)


class CategoryPercentOff(_ScheduledPromotion):
    """N% off every line of the listed categories (e.g. 惣菜 20%引き), rounded down per line."""

    def __init__(
        self,
        promotion_id: str,
        name: str,
        params: Mapping[str, Any],
        starts_at: datetime | None,
        ends_at: datetime | None,
    ) -> None:
        super().__init__(promotion_id, name, starts_at, ends_at)
        self.categories = frozenset(str(code) for code in params["categories"])
        self.percent = Fraction(str(params["percent"]))
        if not 0 < self.percent <= 100:
            raise ValueError(f"promotion {promotion_id}: percent must be in (0, 100]")

    def apply(self, lines: Sequence[PromotionLine], now: datetime) -> list[PromotionDiscount]:
        if not self._in_window(now):
            return []
        discounts = []
        for line in lines:
            if line.category_code in self.categories and line.amount > 0:
                amount = round_yen(line.amount * self.percent / 100, RoundingMode.FLOOR)
                if amount:
                    discounts.append(PromotionDiscount(line.line_no, self.promotion_id, self.name, amount))
        return discounts


class MixAndMatch(_ScheduledPromotion):
    """Any ``quantity`` units of the listed items for ``price`` yen (e.g. 2点で300円).

    Units are grouped cheapest last, so the customer gets the best price on the most
    expensive units, as registers in Japan do. The saving of each group is spread over the
    lines it used in proportion to their unit prices, so each line's tax rate gets its share.
    """

    def __init__(
        self,
        promotion_id: str,
        name: str,
        params: Mapping[str, Any],
        starts_at: datetime | None,
        ends_at: datetime | None,
    ) -> None:
        super().__init__(promotion_id, name, starts_at, ends_at)
        self.items = frozenset(str(code) for code in params["items"])
        self.quantity = int(params["quantity"])
        self.price = int(params["price"])
        if self.quantity < 2 or self.price <= 0:
            raise ValueError(f"promotion {promotion_id}: quantity >= 2 and price > 0 required")

    def apply(self, lines: Sequence[PromotionLine], now: datetime) -> list[PromotionDiscount]:
        if not self._in_window(now):
            return []
        units: list[tuple[int, int]] = []  # (unit price, line_no)
        for line in lines:
            if line.item_code in self.items and line.quantity > 0:
                units.extend((line.unit_price, line.line_no) for _ in range(line.quantity))
        units.sort(key=lambda unit: (-unit[0], unit[1]))
        saving_by_line: dict[int, int] = {}
        for start in range(0, len(units) - self.quantity + 1, self.quantity):
            group = units[start : start + self.quantity]
            saving = sum(price for price, _ in group) - self.price
            if saving <= 0:
                continue
            shares = apportion(saving, [price for price, _ in group])
            for (_, line_no), share in zip(group, shares, strict=True):
                saving_by_line[line_no] = saving_by_line.get(line_no, 0) + share
        return [
            PromotionDiscount(line_no, self.promotion_id, self.name, amount)
            for line_no, amount in sorted(saving_by_line.items())
            if amount
        ]


class TimeWindowPrice(_ScheduledPromotion):
    """A special unit price for listed items during daily hours (e.g. タイムセール 17:00-19:00)."""

    def __init__(
        self,
        promotion_id: str,
        name: str,
        params: Mapping[str, Any],
        starts_at: datetime | None,
        ends_at: datetime | None,
    ) -> None:
        super().__init__(promotion_id, name, starts_at, ends_at)
        self.prices = {str(code): int(price) for code, price in dict(params["prices"]).items()}
        self.daily_from = time.fromisoformat(str(params.get("daily_from", "00:00")))
        self.daily_until = time.fromisoformat(str(params.get("daily_until", "23:59:59")))

    def apply(self, lines: Sequence[PromotionLine], now: datetime) -> list[PromotionDiscount]:
        if not self._in_window(now):
            return []
        if not self.daily_from <= now.time() < self.daily_until:
            return []
        discounts = []
        for line in lines:
            special = self.prices.get(line.item_code)
            if special is None or special >= line.unit_price:
                continue
            amount = min((line.unit_price - special) * line.quantity, line.amount)
            if amount > 0:
                discounts.append(PromotionDiscount(line.line_no, self.promotion_id, self.name, amount))
        return discounts


BUILTIN_PROMOTIONS: dict[str, PromotionFactory] = {
    "category_percent_off": CategoryPercentOff,
    "mix_and_match": MixAndMatch,
    "time_window_price": TimeWindowPrice,
}


def build_promotion(
    kind: str,
    promotion_id: str,
    name: str,
    params: Mapping[str, Any],
    starts_at: datetime | None,
    ends_at: datetime | None,
) -> Promotion:
    factory = BUILTIN_PROMOTIONS.get(kind)
    if factory is None:
        raise ValueError(f"unknown promotion kind {kind!r}; known: {sorted(BUILTIN_PROMOTIONS)}")
    return factory(promotion_id, name, params, starts_at, ends_at)
