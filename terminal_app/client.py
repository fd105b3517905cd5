"""The HTTP client of the embedded backend, used only from worker threads.

Every method blocks on the network, so widgets never call it: they hand a function that
uses it to :class:`terminal_app.operations.OperationRunner`. One ``httpx.Client`` keeps its
connections alive between calls; httpx documents its client as safe to share between
threads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import httpx

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
DEFAULT_TIMEOUT_SECONDS = 15.0

# Error codes the app reacts to itself instead of only showing the message.
PERMISSION_REQUIRED = "permission_required"
TRANSPORT_FAILED = "backend_unreachable"


@dataclass
class BackendError(Exception):
    """A request the backend refused, or one that never reached it.

    ``message`` is the backend's Japanese message and ``message_en`` its English one; a
    request that failed in transport has ``status`` 0 and the code ``backend_unreachable``.
    """

    status: int
    code: str
    message: str
    message_en: str
    details: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} ({self.status}): {self.message_en}"

    def text(self, language: str) -> str:
        return self.message if language.startswith("ja") else self.message_en


@dataclass(frozen=True)
class Approval:
    """A supervisor's code and PIN from the approval dialog, for the permission the backend
    named in its ``permission_required`` refusal (and the cart or transaction it concerns)."""

    staff_code: str
    pin: str
    permission: str = ""
    subject: str | None = None

    def headers(self) -> dict[str, str]:
        return {"X-Approver-Code": self.staff_code, "X-Approver-Pin": self.pin}


def _error_from_response(response: httpx.Response) -> BackendError:
    try:
        body = response.json()
    except ValueError:
        body = None
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        text = response.text[:200]
        return BackendError(
            response.status_code,
            "http_error",
            f"サーバーエラー（{response.status_code}）: {text}",
            f"Server error ({response.status_code}): {text}",
        )
    return BackendError(
        status=response.status_code,
        code=str(error.get("code", "http_error")),
        message=str(error.get("message", "")),
        message_en=str(error.get("message_en", error.get("message", ""))),
        details=dict(error.get("details") or {}),
    )


class BackendClient:
    """Blocking calls to ``/api/v1`` with the launch token; raises :class:`BackendError`."""

    def __init__(self, base_url: str, token: str, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = httpx.Client(
            base_url=self.base_url + API_PREFIX,
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout,
            # The backend is on loopback; proxies from the environment must not apply.
            trust_env=False,
        )

    @property
    def events_url(self) -> str:
        """The WebSocket URL of the event stream, with the token as a query parameter."""
        ws_base = "ws" + self.base_url.removeprefix("http")
        return f"{ws_base}{API_PREFIX}/events?token={self.token}"

    def close(self) -> None:
        self._http.close()

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """Send one request and return its decoded JSON body."""
        try:
            response = self._http.request(method, path, json=body, params=params, headers=headers)
        except httpx.TransportError as error:
            logger.warning("backend request failed method=%s path=%s error=%s", method, path, error)
            raise BackendError(
                0,
                TRANSPORT_FAILED,
                f"バックエンドに接続できません（{type(error).__name__}）。アプリを再起動してください。",
                f"Cannot reach the backend ({type(error).__name__}). Restart the app.",
            ) from error
        if response.status_code >= 400:
            refusal = _error_from_response(response)
            logger.info("backend refused method=%s path=%s code=%s", method, path, refusal.code)
            raise refusal
        if not response.content:
            return None
        return response.json()

    def get(self, path: str, **params: Any) -> Any:
        clean = {key: value for key, value in params.items() if value is not None}
        return self.request("GET", path, params=clean or None)

    def post(self, path: str, body: dict[str, Any] | None = None, approval: Approval | None = None) -> Any:
        return self.request("POST", path, body=body, headers=self._approve(path, approval))

    def patch(self, path: str, body: dict[str, Any], approval: Approval | None = None) -> Any:
        return self.request("PATCH", path, body=body, headers=self._approve(path, approval))

    def put(self, path: str, body: dict[str, Any], approval: Approval | None = None) -> Any:
        return self.request("PUT", path, body=body, headers=self._approve(path, approval))

    def delete(self, path: str, approval: Approval | None = None) -> Any:
        return self.request("DELETE", path, headers=self._approve(path, approval))

    def _approve(self, path: str, approval: Approval | None) -> dict[str, str] | None:
        """Present an approval: headers on the lifecycle routes, a one-time grant
        (POST /approvals) before a cart route, whose requests carry no approver fields."""
        if approval is None:
            return None
        if path.startswith("/carts/") and approval.permission and approval.subject:
            self.request(
                "POST",
                "/approvals",
                body={
                    "permission": approval.permission,
                    "subject": approval.subject,
                    "approver_code": approval.staff_code,
                    "approver_pin": approval.pin,
                },
            )
            return None
        return approval.headers()
