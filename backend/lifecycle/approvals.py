"""Staff PIN checks with lockout, and permissions granted by role or by a supervisor's approval.

An action that needs a permission is allowed when the signed-in staff member's role has
it. Otherwise a supervisor or manager approves it with code and PIN, in one of two ways:

- on the same request: the API's ``X-Approver-Code``/``X-Approver-Pin`` headers (or body
  fields), or :meth:`ApprovalService.approved_by` around a service call;
- beforehand: ``POST /api/v1/approvals`` stores a one-time grant for one permission on one
  cart or transaction, used by the next request that needs it (for the cart routes, whose
  bodies have no approver fields). A grant expires after GRANT_SECONDS.

PIN failures are counted per staff code in the terminal store, so a restart does not reset
them. After ``pin_max_failures`` failures in a row the code is locked for
``pin_lock_seconds``.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from backend.domain.errors import ErrorCode, PosError
from backend.domain.master import Staff
from backend.domain.permissions import PERMISSION_LABELS, Permission
from backend.lifecycle.core import LifecycleCore
from backend.lifecycle.records import AuditEntry, PinAttempts
from backend.masterdata.pins import InvalidPinHashError, verify_pin

logger = logging.getLogger(__name__)

GRANT_SECONDS = 120


@dataclass(frozen=True, slots=True)
class Credentials:
    """A staff code and PIN presented for an approval."""

    code: str
    pin: str


@dataclass(frozen=True, slots=True)
class Approval:
    """A permission allowed for an action: by the actor's own role, or by an approver."""

    permission: Permission
    actor_code: str | None
    approver_code: str | None

    @property
    def outcome(self) -> str:
        return "performed" if self.approver_code is None else "approved"

    def audit_entry(
        self, action: str, subject: str | None, details: Mapping[str, Any] | None = None
    ) -> AuditEntry:
        return AuditEntry(
            action=action,
            outcome=self.outcome,
            actor_code=self.actor_code,
            approver_code=self.approver_code,
            permission=self.permission.value,
            subject=subject,
            details=details,
        )

    def to_dict(self, at: datetime, **extra: Any) -> dict[str, Any]:
        return {
            "permission": self.permission.value,
            "actor": self.actor_code,
            "approver": self.approver_code,
            "at": at.isoformat(timespec="seconds"),
            **extra,
        }


@dataclass(frozen=True, slots=True)
class _Grant:
    approver_code: str
    expires_at: datetime


_presented: ContextVar[Credentials | None] = ContextVar("openregi_approver", default=None)


class ApprovalService:
    def __init__(self, core: LifecycleCore) -> None:
        self.core = core
        self._grants: dict[tuple[Permission, str], _Grant] = {}
        self._grants_lock = threading.Lock()

    # ----- PINs -----

    def check_pin(self, code: str, pin: str) -> Staff:
        """Return the active staff member with this code and PIN.

        Raises PIN_LOCKED while the code is locked (a correct PIN included) and
        SIGN_IN_FAILED for an unknown or inactive code or a wrong PIN; the failure that
        reaches the limit raises PIN_LOCKED.
        """
        config = self.core.config()
        now = self.core.now()
        attempts = self.core.pins.get(code)
        if attempts.locked_until is not None and now < attempts.locked_until:
            raise PosError(
                ErrorCode.PIN_LOCKED, seconds=_seconds_until(now, attempts.locked_until), staff_code=code
            )

        staff = self.core.context.master.get_staff(code)
        matched = False
        if staff is not None and staff.active:
            try:
                matched = verify_pin(pin, staff.pin_hash)
            except InvalidPinHashError as error:
                logger.error("stored PIN hash unusable staff_code=%s error=%s", code, error)
        if matched and staff is not None:
            if attempts.failures or attempts.locked_until:
                self.core.pins.save(PinAttempts(code, 0, None), now)
            return staff

        failures = attempts.failures + 1
        if failures >= config.pin_max_failures:
            locked_until = now + timedelta(seconds=config.pin_lock_seconds)
            self.core.pins.save(PinAttempts(code, 0, locked_until), now)
            logger.warning(
                "PIN locked staff_code=%s failures=%d seconds=%d", code, failures, config.pin_lock_seconds
            )
            self.core.write_audit(
                [AuditEntry("pin_locked", "denied", actor_code=code, details={"failures": failures})]
            )
            raise PosError(ErrorCode.PIN_LOCKED, seconds=config.pin_lock_seconds, staff_code=code)
        self.core.pins.save(PinAttempts(code, failures, None), now)
        logger.info("wrong staff code or PIN staff_code=%s failures=%d", code, failures)
        raise PosError(ErrorCode.SIGN_IN_FAILED, staff_code=code, failures=failures)

    def _approver(self, credentials: Credentials, permission: Permission) -> Staff:
        try:
            staff = self.check_pin(credentials.code, credentials.pin)
        except PosError as error:
            if error.code is ErrorCode.SIGN_IN_FAILED:
                raise PosError(
                    ErrorCode.APPROVAL_FAILED,
                    detail=f"wrong approver code or PIN ({credentials.code})",
                    permission=permission.value,
                ) from error
            raise
        if not self.core.config().permissions.allows(staff.role, permission):
            raise PosError(
                ErrorCode.APPROVAL_FAILED,
                detail=f"staff {staff.code} ({staff.role.value}) may not approve {permission.value}",
                permission=permission.value,
            )
        return staff

    # ----- approvals -----

    @contextmanager
    def approved_by(self, credentials: Credentials | None) -> Iterator[None]:
        """Present an approver's code and PIN to the permission checks inside the block."""
        token = _presented.set(credentials)
        try:
            yield
        finally:
            _presented.reset(token)

    def grant(self, permission: Permission, credentials: Credentials, subject: str) -> dict[str, Any]:
        """Store a one-time approval of a permission for one cart or transaction."""
        actor = self.core.require_signed_in().staff_code
        approver = self._approver(credentials, permission)
        now = self.core.now()
        expires_at = now + timedelta(seconds=GRANT_SECONDS)
        with self._grants_lock:
            self._grants[(permission, subject)] = _Grant(approver.code, expires_at)
        self.core.write_audit(
            [
                AuditEntry(
                    "approval_granted",
                    "approved",
                    actor_code=actor,
                    approver_code=approver.code,
                    permission=permission.value,
                    subject=subject,
                    details={"expires_at": expires_at.isoformat(timespec="seconds")},
                )
            ]
        )
        logger.info(
            "approval granted permission=%s subject=%s actor=%s approver=%s",
            permission,
            subject,
            actor,
            approver.code,
        )
        return {
            "permission": permission.value,
            "subject": subject,
            "approver_code": approver.code,
            "expires_at": expires_at.isoformat(timespec="seconds"),
        }

    def _take_grant(self, permission: Permission, subject: str | None) -> str | None:
        if subject is None:
            return None
        now = self.core.now()
        with self._grants_lock:
            grant = self._grants.pop((permission, subject), None)
            for key in [key for key, value in self._grants.items() if value.expires_at <= now]:
                del self._grants[key]
        if grant is None or grant.expires_at <= now:
            return None
        return grant.approver_code

    def require(
        self,
        permission: Permission,
        *,
        action: str,
        subject: str | None,
        details: Mapping[str, Any] | None = None,
    ) -> Approval:
        """Return how a permission is allowed for the signed-in staff member, or raise.

        Raises PERMISSION_REQUIRED, and writes a denied audit row, when neither the actor's
        role, nor presented approver credentials, nor a stored grant allows it. Presented
        credentials that are wrong or lack the permission raise APPROVAL_FAILED or
        PIN_LOCKED. The caller writes the audit row of an allowed action with the action.
        """
        actor_code = self.core.require_signed_in().staff_code
        config = self.core.config()
        actor = self.core.context.master.get_staff(actor_code) if actor_code else None
        if actor is not None and config.permissions.allows(actor.role, permission):
            return Approval(permission, actor_code, None)

        credentials = _presented.get()
        if credentials is not None:
            approver = self._approver(credentials, permission)
            return Approval(permission, actor_code, approver.code)

        granted_by = self._take_grant(permission, subject)
        if granted_by is not None:
            return Approval(permission, actor_code, granted_by)

        self.core.write_audit(
            [
                AuditEntry(
                    action,
                    "denied",
                    actor_code=actor_code,
                    permission=permission.value,
                    subject=subject,
                    details=details,
                )
            ]
        )
        raise PosError(
            ErrorCode.PERMISSION_REQUIRED,
            permission=permission.value,
            label=PERMISSION_LABELS[permission],
            subject=subject,
        )


def _seconds_until(now: datetime, until: datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds()))
