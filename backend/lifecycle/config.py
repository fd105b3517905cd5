"""Lifecycle settings read from the store settings' ``extra`` values or the terminal settings.

Each setting is looked up first in the store settings' ``extra``, which every terminal of
the store shares and whose values are text (JSON where a list or mapping is needed). Next
comes the terminal's own ``extra`` table in openregi.toml, and last the default here.

| key | value | default |
|---|---|---|
| permissions | JSON object: role -> list of permission names | backend.domain.permissions |
| cash_in_reasons, cash_out_reasons | JSON object: reason code -> label | below |
| refund_tender_policy | "original" or "cash" | "original" |
| pin_max_failures | failures before a staff member's PIN is locked | 5 |
| pin_lock_seconds | how long the lock lasts, in seconds | 60 |
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backend.domain.errors import ErrorCode, PosError
from backend.domain.master import StoreSettings
from backend.domain.permissions import PermissionTable, PermissionTableError
from backend.settings import Settings

DEFAULT_CASH_IN_REASONS: dict[str, str] = {
    "change_fund": "釣銭補充",
    "other": "その他入金",
}
DEFAULT_CASH_OUT_REASONS: dict[str, str] = {
    "bank_deposit": "売上金回収",
    "petty_cash": "小口支払",
    "change_exchange": "両替",
    "other": "その他出金",
}
REFUND_POLICIES = ("original", "cash")
DEFAULT_PIN_MAX_FAILURES = 5
DEFAULT_PIN_LOCK_SECONDS = 60


@dataclass(frozen=True, slots=True)
class LifecycleConfig:
    permissions: PermissionTable
    cash_in_reasons: Mapping[str, str]
    cash_out_reasons: Mapping[str, str]
    refund_tender_policy: str
    pin_max_failures: int
    pin_lock_seconds: int
    cashier_discount_limit_percent: int


def _raw(name: str, store: StoreSettings, settings: Settings) -> Any:
    if name in store.extra:
        return store.extra[name]
    return settings.extra.get(name)


def _invalid(name: str, detail: str) -> PosError:
    return PosError(ErrorCode.SETTINGS_INVALID, detail=f"{name}: {detail}")


def _reasons(name: str, raw: Any, default: dict[str, str]) -> dict[str, str]:
    if raw is None or raw == "":
        return dict(default)
    value = raw
    if isinstance(raw, str):
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as error:
            raise _invalid(name, f"not valid JSON ({error})") from error
    if not isinstance(value, Mapping) or not value:
        raise _invalid(name, "expected a non-empty JSON object of reason code to label")
    reasons: dict[str, str] = {}
    for code, label in value.items():
        if not isinstance(code, str) or not code or not isinstance(label, str):
            raise _invalid(name, f"reason {code!r} must have a text code and a text label")
        reasons[code] = label
    return reasons


def _whole_number(name: str, raw: Any, default: int, minimum: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError) as error:
        raise _invalid(name, f"expected a whole number, got {raw!r}") from error
    if value < minimum:
        raise _invalid(name, f"must be at least {minimum}, got {value}")
    return value


def load_config(store: StoreSettings, settings: Settings) -> LifecycleConfig:
    """Read the lifecycle settings; raise PosError(SETTINGS_INVALID) naming a bad one."""
    try:
        permissions = PermissionTable.from_setting(_raw("permissions", store, settings))
    except PermissionTableError as error:
        raise _invalid("permissions", str(error)) from error
    policy = str(_raw("refund_tender_policy", store, settings) or "original")
    if policy not in REFUND_POLICIES:
        raise _invalid(
            "refund_tender_policy", f"expected one of {', '.join(REFUND_POLICIES)}, got {policy!r}"
        )
    return LifecycleConfig(
        permissions=permissions,
        cash_in_reasons=_reasons(
            "cash_in_reasons", _raw("cash_in_reasons", store, settings), DEFAULT_CASH_IN_REASONS
        ),
        cash_out_reasons=_reasons(
            "cash_out_reasons", _raw("cash_out_reasons", store, settings), DEFAULT_CASH_OUT_REASONS
        ),
        refund_tender_policy=policy,
        pin_max_failures=_whole_number(
            "pin_max_failures", _raw("pin_max_failures", store, settings), DEFAULT_PIN_MAX_FAILURES, 1
        ),
        pin_lock_seconds=_whole_number(
            "pin_lock_seconds", _raw("pin_lock_seconds", store, settings), DEFAULT_PIN_LOCK_SECONDS, 1
        ),
        cashier_discount_limit_percent=store.cashier_discount_limit_percent,
    )
