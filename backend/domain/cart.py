"""The cart: a sale in progress and its state machine.

States and the operations each allows:

- idle: add an item; cancel; (a new cart starts here)
- entering: add, change quantity or price, void a line, line discount, subtotal, cancel,
  suspend
- paying (after 小計/subtotal): subtotal discount, tenders, remove a tender, back to
  entering while no tender is taken, complete once fully paid, cancel
- completed, cancelled: nothing
- suspended (保留): resume

Every operation validates first and changes the cart only when valid, so a refused
operation leaves it exactly as it was. Amounts are integer yen.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from backend.domain.errors import ErrorCode, PosError
from backend.domain.master import Item, PriceMode, TaxClass, TenderKind
from backend.domain.money import RoundingMode, format_rate, round_yen
from backend.domain.plugins import Promotion, PromotionLine, TenderRule
from backend.domain.tax import TaxBreakdown, TaxGroupAmount, compute_breakdown

MAX_QUANTITY = 999
MAX_PRICE = 9_999_999
# One tender above this is a mistake (a barcode scanned into the amount field, say).
MAX_TENDER = 99_999_999


class CartState(enum.StrEnum):
    IDLE = "idle"
    ENTERING = "entering"
    PAYING = "paying"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    SUSPENDED = "suspended"


class DiscountKind(enum.StrEnum):
    AMOUNT = "amount"
    PERCENT = "percent"


@dataclass(slots=True)
class Discount:
    kind: DiscountKind
    value: int  # yen for AMOUNT, whole percent for PERCENT

    def amount_of(self, base: int, mode: RoundingMode) -> int:
        if self.kind is DiscountKind.AMOUNT:
            return self.value
        return round_yen(base * Fraction(self.value, 100), mode)


def _validate_discount(kind: DiscountKind, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PosError(
            ErrorCode.INVALID_DISCOUNT,
            value=value,
            detail="whole numbers only",
            detail_ja="整数で入力してください",
        )
    if value <= 0:
        raise PosError(
            ErrorCode.INVALID_DISCOUNT,
            value=value,
            detail="must be above 0",
            detail_ja="0 より大きい値を入力してください",
        )
    if kind is DiscountKind.PERCENT and value > 100:
        raise PosError(
            ErrorCode.INVALID_DISCOUNT,
            value=value,
            detail="percent must be 1 to 100",
            detail_ja="割引率は 1 から 100 までで入力してください",
        )


@dataclass(slots=True)
class AppliedPromotion:
    promotion_id: str
    name: str
    amount: int


@dataclass(slots=True)
class CartLine:
    line_no: int
    item_code: str
    name: str
    unit_price: int
    quantity: int
    price_mode: PriceMode
    tax_class: TaxClass
    rate: Fraction
    category_code: str
    list_price: int
    price_overridden: bool = False
    discount: Discount | None = None
    promotions: list[AppliedPromotion] = field(default_factory=list)
    voided: bool = False

    @property
    def gross(self) -> int:
        return self.unit_price * self.quantity

    def discount_amount(self, mode: RoundingMode) -> int:
        return self.discount.amount_of(self.gross, mode) if self.discount else 0

    def promotion_amount(self) -> int:
        return sum(promotion.amount for promotion in self.promotions)

    def net(self, mode: RoundingMode) -> int:
        return self.gross - self.discount_amount(mode) - self.promotion_amount()


@dataclass(slots=True)
class Tender:
    tender_code: str
    kind: TenderKind
    tendered: int
    applied: int
    change: int
    unused: int


@dataclass(frozen=True, slots=True)
class CartTotals:
    """Computed figures of a cart; ``total`` is what the customer pays."""

    lines_total: int
    line_discounts: int
    promotion_discounts: int
    subtotal_discount: int
    breakdown: tuple[TaxBreakdown, ...]
    total: int
    tax_total: int
    paid: int
    remaining: int
    change: int
    unused: int
    item_count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines_total": self.lines_total,
            "line_discounts": self.line_discounts,
            "promotion_discounts": self.promotion_discounts,
            "subtotal_discount": self.subtotal_discount,
            "taxes": [entry.to_dict() for entry in self.breakdown],
            "total": self.total,
            "tax_total": self.tax_total,
            "paid": self.paid,
            "remaining": self.remaining,
            "change": self.change,
            "unused": self.unused,
            "item_count": self.item_count,
        }


@dataclass(slots=True)
class Cart:
    cart_id: str
    terminal_id: str
    business_date: date
    rounding_mode: RoundingMode
    discount_rounding_mode: RoundingMode
    state: CartState = CartState.IDLE
    lines: list[CartLine] = field(default_factory=list)
    subtotal_discount: Discount | None = None
    tenders: list[Tender] = field(default_factory=list)
    staff_code: str | None = None
    training: bool = False
    version: int = 0
    approvals: list[dict[str, Any]] = field(default_factory=list)

    # ----- guards -----

    def _require(self, operation: str, *states: CartState) -> None:
        if self.state not in states:
            raise PosError(ErrorCode.CART_STATE, state=self.state.value, operation=operation)

    def _line(self, line_no: int) -> CartLine:
        for line in self.lines:
            if line.line_no == line_no:
                if line.voided:
                    raise PosError(ErrorCode.LINE_VOIDED, line=line_no)
                return line
        raise PosError(ErrorCode.LINE_NOT_FOUND, line=line_no)

    @staticmethod
    def _check_quantity(quantity: int) -> None:
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
            raise PosError(ErrorCode.INVALID_QUANTITY, quantity=quantity, maximum=MAX_QUANTITY)

    @staticmethod
    def _check_price(price: int) -> None:
        if isinstance(price, bool) or not isinstance(price, int) or not 0 < price <= MAX_PRICE:
            raise PosError(ErrorCode.INVALID_PRICE, price=price, maximum=MAX_PRICE)

    def active_lines(self) -> list[CartLine]:
        return [line for line in self.lines if not line.voided]

    # ----- item entry -----

    def add_item(self, item: Item, rate: Fraction, quantity: int = 1, price: int | None = None) -> CartLine:
        """Add an item; the same item scanned again adds to its last line's quantity."""
        self._require("add item", CartState.IDLE, CartState.ENTERING)
        self._check_quantity(quantity)
        if not item.active:
            raise PosError(ErrorCode.ITEM_INACTIVE, code=item.code)
        unit_price = item.price if price is None else price
        if price is not None:
            self._check_price(price)
        last = self.lines[-1] if self.lines else None
        if (
            last is not None
            and not last.voided
            and last.item_code == item.code
            and last.unit_price == unit_price
            and last.discount is None
            and not last.price_overridden
            and price is None
        ):
            self._check_quantity(last.quantity + quantity)
            last.quantity += quantity
            self.state = CartState.ENTERING
            return last
        line = CartLine(
            line_no=len(self.lines) + 1,
            item_code=item.code,
            name=item.name,
            unit_price=unit_price,
            quantity=quantity,
            price_mode=item.price_mode,
            tax_class=item.tax_class,
            rate=rate,
            category_code=item.category_code,
            list_price=item.price,
            price_overridden=price is not None,
        )
        self.lines.append(line)
        self.state = CartState.ENTERING
        return line

    def set_quantity(self, line_no: int, quantity: int) -> None:
        self._require("change quantity", CartState.ENTERING)
        self._check_quantity(quantity)
        line = self._line(line_no)
        amount_discount = (
            line.discount if line.discount and line.discount.kind is DiscountKind.AMOUNT else None
        )
        if amount_discount and amount_discount.value > line.unit_price * quantity:
            raise PosError(
                ErrorCode.DISCOUNT_TOO_LARGE,
                discount=amount_discount.value,
                amount=line.unit_price * quantity,
            )
        line.quantity = quantity

    def override_price(self, line_no: int, price: int) -> None:
        self._require("price override", CartState.ENTERING)
        self._check_price(price)
        line = self._line(line_no)
        amount_discount = (
            line.discount if line.discount and line.discount.kind is DiscountKind.AMOUNT else None
        )
        if amount_discount and amount_discount.value > price * line.quantity:
            raise PosError(
                ErrorCode.DISCOUNT_TOO_LARGE,
                discount=amount_discount.value,
                amount=price * line.quantity,
            )
        line.unit_price = price
        line.price_overridden = price != line.list_price

    def void_line(self, line_no: int) -> None:
        self._require("line void", CartState.ENTERING, CartState.PAYING)
        if self.state is CartState.PAYING and self.tenders:
            raise PosError(ErrorCode.CART_STATE, state="paying with tenders", operation="line void")
        line = self._line(line_no)
        line.voided = True
        if self.state is CartState.PAYING:
            self.state = CartState.ENTERING
        if not self.active_lines():
            self.subtotal_discount = None

    def discount_line(self, line_no: int, kind: DiscountKind, value: int) -> None:
        self._require("line discount", CartState.ENTERING)
        _validate_discount(kind, value)
        line = self._line(line_no)
        discount = Discount(kind, value)
        amount = discount.amount_of(line.gross, self.discount_rounding_mode)
        if amount > line.gross - line.promotion_amount():
            raise PosError(
                ErrorCode.DISCOUNT_TOO_LARGE, discount=amount, amount=line.gross - line.promotion_amount()
            )
        line.discount = discount

    # ----- subtotal and payment -----

    def subtotal(self) -> None:
        self._require("subtotal", CartState.ENTERING, CartState.PAYING)
        if not self.active_lines():
            raise PosError(ErrorCode.EMPTY_CART)
        self.state = CartState.PAYING

    def back_to_entry(self) -> None:
        self._require("return to item entry", CartState.PAYING)
        if self.tenders:
            raise PosError(
                ErrorCode.CART_STATE, state="paying with tenders", operation="return to item entry"
            )
        self.state = CartState.ENTERING

    def discount_subtotal(
        self,
        kind: DiscountKind,
        value: int,
        promotions: Sequence[Promotion] = (),
        now: datetime | None = None,
    ) -> None:
        self._require("subtotal discount", CartState.PAYING)
        if self.tenders:
            raise PosError(ErrorCode.CART_STATE, state="paying with tenders", operation="subtotal discount")
        _validate_discount(kind, value)
        if now is not None:
            self.apply_promotions(promotions, now)
        base = sum(line.net(self.discount_rounding_mode) for line in self.active_lines())
        discount = Discount(kind, value)
        amount = discount.amount_of(base, self.discount_rounding_mode)
        if amount > base:
            raise PosError(ErrorCode.DISCOUNT_TOO_LARGE, discount=amount, amount=base)
        self.subtotal_discount = discount

    def add_tender(
        self,
        tender_code: str,
        amount: int,
        rule: TenderRule,
        promotions: Sequence[Promotion] = (),
        now: datetime | None = None,
    ) -> Tender:
        self._require("tender", CartState.PAYING)
        if isinstance(amount, bool) or not isinstance(amount, int) or amount > MAX_TENDER:
            raise PosError(ErrorCode.TENDER_INVALID_AMOUNT, amount=amount)
        remaining = self.totals(promotions, now).remaining
        outcome = rule.settle(tender_code, amount, remaining)
        tender = Tender(
            tender_code=tender_code,
            kind=rule.kind,
            tendered=outcome.tendered,
            applied=outcome.applied,
            change=outcome.change,
            unused=outcome.unused,
        )
        self.tenders.append(tender)
        return tender

    def remove_tender(self, index: int) -> None:
        self._require("remove tender", CartState.PAYING)
        if not 0 <= index < len(self.tenders):
            raise PosError(ErrorCode.TENDER_NOT_FOUND, index=index)
        del self.tenders[index]

    def complete(self, promotions: Sequence[Promotion] = (), now: datetime | None = None) -> CartTotals:
        self._require("complete", CartState.PAYING)
        totals = self.totals(promotions, now)
        if totals.remaining > 0:
            raise PosError(ErrorCode.NOT_FULLY_PAID, remaining=totals.remaining)
        self.state = CartState.COMPLETED
        return totals

    def cancel(self) -> None:
        self._require("cancel", CartState.IDLE, CartState.ENTERING, CartState.PAYING)
        self.state = CartState.CANCELLED

    def suspend(self) -> None:
        self._require("suspend", CartState.ENTERING, CartState.PAYING)
        if self.tenders:
            raise PosError(ErrorCode.CART_STATE, state="paying with tenders", operation="suspend")
        self.state = CartState.SUSPENDED

    def resume(self) -> None:
        self._require("resume", CartState.SUSPENDED)
        self.state = CartState.ENTERING

    # ----- totals -----

    def apply_promotions(self, promotions: Sequence[Promotion], now: datetime | None) -> None:
        """Recompute every line's promotion discounts from the current lines."""
        for line in self.lines:
            line.promotions = []
        if not promotions or now is None:
            return
        active = self.active_lines()
        views = [
            PromotionLine(
                line_no=line.line_no,
                item_code=line.item_code,
                category_code=line.category_code,
                unit_price=line.unit_price,
                quantity=line.quantity,
                amount=line.gross - line.discount_amount(self.discount_rounding_mode),
            )
            for line in active
            if not line.price_overridden
        ]
        by_line = {line.line_no: line for line in active}
        for promotion in promotions:
            for discount in promotion.apply(views, now):
                target = by_line.get(discount.line_no)
                if target is None:
                    continue
                amount = min(discount.amount, target.net(self.discount_rounding_mode))
                if amount > 0:
                    target.promotions.append(AppliedPromotion(discount.promotion_id, discount.name, amount))

    def totals(self, promotions: Sequence[Promotion] = (), now: datetime | None = None) -> CartTotals:
        if now is not None:
            self.apply_promotions(promotions, now)
        mode = self.discount_rounding_mode
        groups: dict[tuple[TaxClass, PriceMode], int] = {}
        rates: dict[tuple[TaxClass, PriceMode], Fraction] = {}
        lines_total = line_discounts = promotion_discounts = item_count = 0
        for line in self.active_lines():
            key = (line.tax_class, line.price_mode)
            groups[key] = groups.get(key, 0) + line.net(mode)
            rates[key] = line.rate
            lines_total += line.gross
            line_discounts += line.discount_amount(mode)
            promotion_discounts += line.promotion_amount()
            item_count += line.quantity

        group_amounts = [
            TaxGroupAmount(tax_class=key[0], rate=rates[key], price_mode=key[1], amount=amount)
            for key, amount in groups.items()
        ]
        # A subtotal discount comes off the group amounts as priced: tax-inclusive amounts
        # for 内税 items, pre-tax amounts for 外税 items, whose tax then follows the
        # reduced base.
        discountable = sum(groups.values())
        subtotal_discount = (
            min(self.subtotal_discount.amount_of(discountable, mode), discountable)
            if self.subtotal_discount
            else 0
        )
        breakdown = compute_breakdown(group_amounts, subtotal_discount, self.rounding_mode)
        total = sum(entry.total for entry in breakdown)
        paid = sum(tender.applied for tender in self.tenders)
        return CartTotals(
            lines_total=lines_total,
            line_discounts=line_discounts,
            promotion_discounts=promotion_discounts,
            subtotal_discount=subtotal_discount,
            breakdown=tuple(breakdown),
            total=total,
            tax_total=sum(entry.tax for entry in breakdown),
            paid=paid,
            remaining=max(0, total - paid),
            change=sum(tender.change for tender in self.tenders),
            unused=sum(tender.unused for tender in self.tenders),
            item_count=item_count,
        )

    # ----- serialisation -----

    def to_dict(self) -> dict[str, Any]:
        # Written out field by field: dataclasses.asdict deep-copies every value and was
        # the largest cost of adding an item.
        return {
            "cart_id": self.cart_id,
            "terminal_id": self.terminal_id,
            "business_date": self.business_date.isoformat(),
            "rounding_mode": self.rounding_mode.value,
            "discount_rounding_mode": self.discount_rounding_mode.value,
            "state": self.state.value,
            "lines": [_line_to_dict(line) for line in self.lines],
            "subtotal_discount": _discount_to_dict(self.subtotal_discount),
            "tenders": [
                {
                    "tender_code": tender.tender_code,
                    "kind": tender.kind.value,
                    "tendered": tender.tendered,
                    "applied": tender.applied,
                    "change": tender.change,
                    "unused": tender.unused,
                }
                for tender in self.tenders
            ],
            "staff_code": self.staff_code,
            "training": self.training,
            "version": self.version,
            "approvals": [dict(approval) for approval in self.approvals],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cart:
        lines = []
        for raw in data["lines"]:
            line = dict(raw)
            line["rate"] = Fraction(line["rate"]) / 100
            line["price_mode"] = PriceMode(line["price_mode"])
            line["tax_class"] = TaxClass(line["tax_class"])
            line["discount"] = _discount_from(line.get("discount"))
            line["promotions"] = [AppliedPromotion(**promotion) for promotion in line["promotions"]]
            lines.append(CartLine(**line))
        tenders = [Tender(**{**tender, "kind": TenderKind(tender["kind"])}) for tender in data["tenders"]]
        return cls(
            cart_id=data["cart_id"],
            terminal_id=data["terminal_id"],
            business_date=date.fromisoformat(data["business_date"]),
            rounding_mode=RoundingMode(data["rounding_mode"]),
            discount_rounding_mode=RoundingMode(data["discount_rounding_mode"]),
            state=CartState(data["state"]),
            lines=lines,
            subtotal_discount=_discount_from(data.get("subtotal_discount")),
            tenders=tenders,
            staff_code=data.get("staff_code"),
            training=bool(data.get("training", False)),
            version=int(data.get("version", 0)),
            approvals=list(data.get("approvals", [])),
        )


def _discount_to_dict(discount: Discount | None) -> dict[str, Any] | None:
    if discount is None:
        return None
    return {"kind": discount.kind.value, "value": discount.value}


def _line_to_dict(line: CartLine) -> dict[str, Any]:
    return {
        "line_no": line.line_no,
        "item_code": line.item_code,
        "name": line.name,
        "unit_price": line.unit_price,
        "quantity": line.quantity,
        "price_mode": line.price_mode.value,
        "tax_class": line.tax_class.value,
        "rate": format_rate(line.rate),
        "category_code": line.category_code,
        "list_price": line.list_price,
        "price_overridden": line.price_overridden,
        "discount": _discount_to_dict(line.discount),
        "promotions": [
            {"promotion_id": p.promotion_id, "name": p.name, "amount": p.amount} for p in line.promotions
        ],
        "voided": line.voided,
    }


def _discount_from(raw: dict[str, Any] | None) -> Discount | None:
    if not raw:
        return None
    return Discount(DiscountKind(raw["kind"]), int(raw["value"]))
