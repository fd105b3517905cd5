"""Permissions of the staff roles and the table that grants them.

A cashier who lacks a permission is refused with PERMISSION_REQUIRED naming it; a
supervisor's or manager's code and PIN can then approve the action. The store may replace
the defaults with a ``permissions`` setting, a JSON object mapping each role to the list of
its permission names. Roles the setting leaves out keep their defaults.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backend.domain.master import Role


class Permission(enum.StrEnum):
    PRICE_OVERRIDE = "price_override"
    DISCOUNT_OVER_LIMIT = "discount_over_limit"
    LINE_VOID_AFTER_SUBTOTAL = "line_void_after_subtotal"
    TRANSACTION_VOID = "transaction_void"
    RETURN = "return"
    CASH_OUT = "cash_out"
    NO_SALE = "no_sale"
    REPRINT = "reprint"
    Z_REPORT = "z_report"


# Screen words for each permission, shown next to the stable name.
PERMISSION_LABELS: dict[Permission, str] = {
    Permission.PRICE_OVERRIDE: "売価変更",
    Permission.DISCOUNT_OVER_LIMIT: "値引上限超過",
    Permission.LINE_VOID_AFTER_SUBTOTAL: "小計後の明細取消",
    Permission.TRANSACTION_VOID: "取引取消",
    Permission.RETURN: "返品",
    Permission.CASH_OUT: "出金",
    Permission.NO_SALE: "ドロア開放（ノーセール）",
    Permission.REPRINT: "レシート再発行",
    Permission.Z_REPORT: "精算",
}

ALL_PERMISSIONS: frozenset[Permission] = frozenset(Permission)

DEFAULT_ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CASHIER: frozenset(),
    Role.SUPERVISOR: ALL_PERMISSIONS,
    Role.MANAGER: ALL_PERMISSIONS,
}


class PermissionTableError(ValueError):
    """A permissions setting that names an unknown role or permission or is not valid JSON."""


@dataclass(frozen=True, slots=True)
class PermissionTable:
    """The permissions each role holds."""

    by_role: Mapping[Role, frozenset[Permission]]

    def allows(self, role: Role, permission: Permission) -> bool:
        return permission in self.by_role.get(role, frozenset())

    def to_dict(self) -> dict[str, list[str]]:
        return {
            role.value: sorted(permission.value for permission in permissions)
            for role, permissions in self.by_role.items()
        }

    @classmethod
    def defaults(cls) -> PermissionTable:
        return cls(dict(DEFAULT_ROLE_PERMISSIONS))

    @classmethod
    def from_setting(cls, value: str | Mapping[str, Any] | None) -> PermissionTable:
        """Build the table from a setting: a JSON text or mapping of role to permission names.

        Raises PermissionTableError naming the first unknown role or permission.
        """
        if value is None or value == "":
            return cls.defaults()
        raw: Any = value
        if isinstance(value, str):
            try:
                raw = json.loads(value)
            except json.JSONDecodeError as error:
                raise PermissionTableError(f"permissions setting is not valid JSON: {error}") from error
        if not isinstance(raw, Mapping):
            raise PermissionTableError("permissions setting must map each role to a list of permissions")
        by_role = dict(DEFAULT_ROLE_PERMISSIONS)
        for role_name, names in raw.items():
            try:
                role = Role(role_name)
            except ValueError as error:
                known = ", ".join(role.value for role in Role)
                raise PermissionTableError(
                    f"unknown role {role_name!r} in permissions; known: {known}"
                ) from error
            if isinstance(names, str) or not isinstance(names, list):
                raise PermissionTableError(f"permissions of role {role_name!r} must be a list of names")
            granted: set[Permission] = set()
            for name in names:
                try:
                    granted.add(Permission(name))
                except ValueError as error:
                    known = ", ".join(permission.value for permission in Permission)
                    raise PermissionTableError(
                        f"unknown permission {name!r} for role {role_name!r}; known: {known}"
                    ) from error
            by_role[role] = frozenset(granted)
        return cls(by_role)
