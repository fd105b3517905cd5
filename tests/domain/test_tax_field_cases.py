"""Field cases of the sale engine, asserted to the yen."""

from datetime import date
from fractions import Fraction

import pytest

from backend.domain.cart import AppliedPromotion, Cart, CartState, DiscountKind
from backend.domain.errors import ErrorCode, PosError
from backend.domain.master import Item, PriceMode, TaxClass, TenderKind
from backend.domain.money import RoundingMode
from backend.plugins.tenders import BUILTIN_TENDER_RULES

TEN = Fraction(10, 100)
EIGHT = Fraction(8, 100)
CASH = BUILTIN_TENDER_RULES[TenderKind.CASH]


def new_cart(mode: RoundingMode = RoundingMode.FLOOR) -> Cart:
    return Cart("cart-1", "T001", date(2026, 12, 4), mode, RoundingMode.FLOOR)


def item(code: str, price: int, mode: PriceMode, tax_class: TaxClass = TaxClass.STANDARD) -> Item:
    return Item(code, f"item {code}", price, mode, tax_class, "01")


def test_f1_exclusive_tax_once_per_rate():
    cart = new_cart()
    for _ in range(3):
        cart.add_item(item("4901234567894", 105, PriceMode.EXCLUSIVE), TEN)
    totals = cart.totals()
    (standard,) = totals.breakdown
    assert standard.base == 315
    assert standard.tax == 31  # not 30 from rounding each line
    assert totals.total == 346


def test_f1_lines_entered_separately_give_same_tax():
    cart = new_cart()
    for code in ("4901234567894", "4909411000011", "4902102072618"):
        cart.add_item(item(code, 105, PriceMode.EXCLUSIVE), TEN)
    totals = cart.totals()
    assert [line.quantity for line in cart.lines] == [1, 1, 1]
    assert totals.tax_total == 31
    assert totals.total == 346


def test_f3_exchange_of_equal_inclusive_items_is_zero():
    cart = new_cart()
    cart.add_item(item("A", 1100, PriceMode.INCLUSIVE), TEN)
    cart.add_item(item("B", 1100, PriceMode.INCLUSIVE), TEN, price=None)
    returned = cart.lines[0]
    returned.quantity = -1  # the returned item of an exchange is a negative line
    totals = cart.totals()
    assert totals.total == 0
    assert totals.tax_total == 0


def test_f11_no_float_error_in_money_path():
    exclusive = new_cart()
    exclusive.add_item(item("A", 100, PriceMode.EXCLUSIVE), TEN)
    assert exclusive.totals().total == 110

    discounted = new_cart()
    discounted.add_item(item("B", 90, PriceMode.INCLUSIVE), TEN)
    discounted.discount_line(1, DiscountKind.PERCENT, 30)
    assert discounted.totals().total == 63  # 90 x 0.7 as a float floors to 62

    inclusive = new_cart()
    inclusive.add_item(item("C", 1100, PriceMode.INCLUSIVE), TEN)
    (entry,) = inclusive.totals().breakdown
    assert entry.base == 1000
    assert entry.tax == 100
    assert entry.total == 1100


def test_mixed_rates_receipt_breakdown():
    cart = new_cart()
    cart.add_item(item("F", 216, PriceMode.INCLUSIVE, TaxClass.REDUCED), EIGHT, quantity=2)
    cart.add_item(item("G", 330, PriceMode.INCLUSIVE, TaxClass.STANDARD), TEN)
    totals = cart.totals()
    by_class = {entry.tax_class: entry for entry in totals.breakdown}
    assert by_class[TaxClass.REDUCED].total == 432
    assert by_class[TaxClass.REDUCED].tax == 32  # 432 x 8/108 = 32
    assert by_class[TaxClass.STANDARD].tax == 30  # 330 x 10/110 = 30
    assert totals.total == 762


def test_mixed_price_modes_one_rounding():
    cart = new_cart()
    cart.add_item(item("X", 105, PriceMode.EXCLUSIVE), TEN)
    cart.add_item(item("Y", 105, PriceMode.INCLUSIVE), TEN)
    totals = cart.totals()
    by_mode = {entry.price_mode: entry for entry in totals.breakdown}
    assert by_mode[PriceMode.EXCLUSIVE].tax == 10  # 105 x 10% = 10.5, floored: added to the price
    assert by_mode[PriceMode.EXCLUSIVE].total == 115
    assert by_mode[PriceMode.INCLUSIVE].tax == 10  # the rest of the rate's one rounding
    assert by_mode[PriceMode.INCLUSIVE].base == 95
    assert totals.total == 220
    # Once on the rate's total: 220 x 10/110 = 20; rounding per price mode gave 10 + 9.
    assert totals.tax_total == 20


def test_subtotal_discount_apportioned_by_rate():
    cart = new_cart()
    cart.add_item(item("F", 1000, PriceMode.INCLUSIVE, TaxClass.REDUCED), EIGHT)
    cart.add_item(item("G", 2000, PriceMode.INCLUSIVE, TaxClass.STANDARD), TEN)
    cart.subtotal()
    cart.discount_subtotal(DiscountKind.AMOUNT, 100)
    totals = cart.totals()
    by_class = {entry.tax_class: entry for entry in totals.breakdown}
    assert by_class[TaxClass.STANDARD].discount == 67  # 2/3 of 100, the odd yen to the larger remainder
    assert by_class[TaxClass.REDUCED].discount == 33
    assert by_class[TaxClass.STANDARD].total == 1933
    assert by_class[TaxClass.REDUCED].total == 967
    assert totals.total == 2900


def test_cash_tender_gives_change_and_completes():
    cart = new_cart()
    cart.add_item(item("A", 880, PriceMode.INCLUSIVE), TEN)
    cart.subtotal()
    cart.add_tender("cash", 1000, CASH)
    totals = cart.complete()
    assert totals.change == 120
    assert cart.state is CartState.COMPLETED


@pytest.mark.parametrize(
    ("operation", "code"),
    [
        (lambda cart: cart.set_quantity(9, 1), ErrorCode.LINE_NOT_FOUND),
        (lambda cart: cart.set_quantity(1, 0), ErrorCode.INVALID_QUANTITY),
        (lambda cart: cart.set_quantity(1, -2), ErrorCode.INVALID_QUANTITY),
        (lambda cart: cart.override_price(1, 0), ErrorCode.INVALID_PRICE),
        (lambda cart: cart.discount_line(1, DiscountKind.AMOUNT, 101), ErrorCode.DISCOUNT_TOO_LARGE),
        (lambda cart: cart.discount_line(1, DiscountKind.PERCENT, 101), ErrorCode.INVALID_DISCOUNT),
        (lambda cart: cart.add_tender("cash", 100, CASH), ErrorCode.CART_STATE),
        (lambda cart: cart.complete(), ErrorCode.CART_STATE),
    ],
)
def test_refused_operation_changes_nothing(operation, code):
    cart = new_cart()
    cart.add_item(item("A", 100, PriceMode.INCLUSIVE), TEN)
    before = cart.to_dict()
    with pytest.raises(PosError) as raised:
        operation(cart)
    assert raised.value.code is code
    assert cart.to_dict() == before


def test_cashless_overpayment_refused():
    cart = new_cart()
    cart.add_item(item("A", 500, PriceMode.INCLUSIVE), TEN)
    cart.subtotal()
    with pytest.raises(PosError) as raised:
        cart.add_tender("credit", 600, BUILTIN_TENDER_RULES[TenderKind.CASHLESS])
    assert raised.value.code is ErrorCode.TENDER_OVERPAYMENT
    assert cart.tenders == []


def test_voucher_records_unused_part_without_change():
    cart = new_cart()
    cart.add_item(item("A", 800, PriceMode.INCLUSIVE), TEN)
    cart.subtotal()
    cart.add_tender("voucher", 1000, BUILTIN_TENDER_RULES[TenderKind.VOUCHER])
    totals = cart.complete()
    assert totals.change == 0
    assert totals.unused == 200


def test_split_tender_card_then_cash():
    cart = new_cart()
    cart.add_item(item("A", 3000, PriceMode.INCLUSIVE), TEN)
    cart.subtotal()
    cart.add_tender("credit", 2000, BUILTIN_TENDER_RULES[TenderKind.CASHLESS])
    cart.add_tender("cash", 1500, CASH)
    totals = cart.complete()
    assert totals.paid == 3000
    assert totals.change == 500


def test_cart_round_trips_through_its_document():
    cart = new_cart()
    cart.add_item(item("A", 1000, PriceMode.INCLUSIVE, TaxClass.REDUCED), EIGHT, quantity=2)
    cart.add_item(item("B", 500, PriceMode.EXCLUSIVE), TEN)
    cart.discount_line(1, DiscountKind.PERCENT, 10)
    cart.lines[1].promotions.append(AppliedPromotion("p1", "2点で300円", 20))
    cart.subtotal()
    cart.discount_subtotal(DiscountKind.AMOUNT, 50)
    cart.add_tender("cash", 5000, CASH)
    restored = Cart.from_dict(cart.to_dict())
    assert restored == cart
    assert restored.totals() == cart.totals()
