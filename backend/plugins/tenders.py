"""Built-in tender rules: cash, cashless (card, e-money, QR) and gift voucher."""

from __future__ import annotations

from backend.domain.errors import ErrorCode, PosError
from backend.domain.master import TenderKind
from backend.domain.plugins import TenderOutcome, TenderRule


def _check_amount(amount: int, remaining: int) -> None:
    if amount <= 0:
        raise PosError(ErrorCode.TENDER_INVALID_AMOUNT, amount=amount)
    if remaining <= 0:
        raise PosError(ErrorCode.ALREADY_PAID)


class CashTender:
    """Cash: any amount is accepted and the excess is given back as change."""

    kind = TenderKind.CASH

    def settle(self, tender_code: str, amount: int, remaining: int) -> TenderOutcome:
        _check_amount(amount, remaining)
        applied = min(amount, remaining)
        return TenderOutcome(tendered=amount, applied=applied, change=amount - applied, unused=0)


class CashlessTender:
    """Card, e-money and QR payments: never more than the amount due."""

    kind = TenderKind.CASHLESS

    def settle(self, tender_code: str, amount: int, remaining: int) -> TenderOutcome:
        _check_amount(amount, remaining)
        if amount > remaining:
            raise PosError(
                ErrorCode.TENDER_OVERPAYMENT, tender=tender_code, remaining=remaining, amount=amount
            )
        return TenderOutcome(tendered=amount, applied=amount, change=0, unused=0)


class VoucherTender:
    """Gift vouchers: no change; the part above the amount due is recorded as unused."""

    kind = TenderKind.VOUCHER

    def settle(self, tender_code: str, amount: int, remaining: int) -> TenderOutcome:
        _check_amount(amount, remaining)
        applied = min(amount, remaining)
        return TenderOutcome(tendered=amount, applied=applied, change=0, unused=amount - applied)


BUILTIN_TENDER_RULES: dict[TenderKind, TenderRule] = {
    TenderKind.CASH: CashTender(),
    TenderKind.CASHLESS: CashlessTender(),
    TenderKind.VOUCHER: VoucherTender(),
}
