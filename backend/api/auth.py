"""Launch-token and Host-header checks for every HTTP and WebSocket request.

The backend is reached by the Qt app over loopback with a token made at each launch. A
request without the token, or naming a Host that is not allowed (a DNS-rebinding page in a
browser, for example), is rejected before any route runs.

The one exception is daprd calling the app (subscription discovery and event delivery): on
the Dapr callback paths only, the app API token that daprd sends in ``dapr-api-token`` is
accepted instead of the launch token. That token is Dapr's ``APP_API_TOKEN``, read from the
environment as daprd reads it; without it every path needs the launch token.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from backend.domain.errors import ErrorCode, PosError

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_HEADER = b"x-openregi-token"
TOKEN_COOKIE = "openregi_token"
APP_API_TOKEN_HEADER = b"dapr-api-token"
# Paths daprd calls on the app: GET /dapr/subscribe at the root, and the routes it delivers
# subscribed events to.
DAPR_CALLBACK_PREFIXES = ("/dapr/", "/api/v1/dapr/events/")


def _host_name(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header[1:].split("]", 1)[0]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class LaunchTokenMiddleware:
    def __init__(
        self, app: ASGIApp, token: str, allowed_hosts: list[str], app_api_token: str | None = None
    ) -> None:
        self.app = app
        self.token = token.encode()
        self.allowed_hosts = {host.lower() for host in allowed_hosts}
        if app_api_token is None:
            app_api_token = os.environ.get("APP_API_TOKEN") or None
        self.app_api_token = app_api_token.encode() if app_api_token else None

    def _is_dapr_callback(self, scope: Scope) -> bool:
        """Tell whether an HTTP request is daprd calling a Dapr callback path with the app API token."""
        if self.app_api_token is None or scope["type"] != "http":
            return False
        path = str(scope.get("path", ""))
        if not path.startswith(DAPR_CALLBACK_PREFIXES) or ".." in path.split("/"):
            return False
        presented = dict(scope.get("headers") or []).get(APP_API_TOKEN_HEADER)
        return presented is not None and secrets.compare_digest(presented, self.app_api_token)

    def _token_of(self, scope: Scope) -> bytes | None:
        headers = dict(scope.get("headers") or [])
        authorization = headers.get(b"authorization", b"")
        if authorization.lower().startswith(b"bearer "):
            return authorization[7:].strip()
        if TOKEN_HEADER in headers:
            return headers[TOKEN_HEADER]
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if "token" in query:
            return query["token"][0].encode()
        cookie_header = headers.get(b"cookie")
        # The cookie only serves the API docs page, so it authorises reads alone: a page on
        # another localhost port would send it too, and must not change anything.
        if cookie_header and scope.get("method", "GET") in ("GET", "HEAD"):
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(cookie_header.decode("latin-1"))
            if TOKEN_COOKIE in cookie:
                return cookie[TOKEN_COOKIE].value.encode()
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = _host_name(headers.get(b"host", b"").decode("latin-1")).lower()
        if host not in self.allowed_hosts:
            logger.warning("request rejected: host not allowed host=%s path=%s", host, scope.get("path"))
            await self._reject(scope, receive, send, PosError(ErrorCode.HOST_NOT_ALLOWED, host=host))
            return
        presented = self._token_of(scope)
        if presented is None or not secrets.compare_digest(presented, self.token):
            if self._is_dapr_callback(scope):
                await self.app(scope, receive, send)
                return
            await self._reject(scope, receive, send, PosError(ErrorCode.UNAUTHORIZED))
            return
        if scope["type"] == "http" and b"token=" in scope.get("query_string", b""):
            await self.app(scope, receive, self._with_cookie(send))
            return
        await self.app(scope, receive, send)

    def _with_cookie(self, send: Send) -> Send:
        """Set the token cookie when it came in the query, so the API docs page can load."""

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = f"{TOKEN_COOKIE}={self.token.decode()}; HttpOnly; SameSite=Strict; Path=/"
                message.setdefault("headers", []).append((b"set-cookie", cookie.encode()))
            await send(message)

        return wrapped

    @staticmethod
    async def _reject(scope: Scope, receive: Receive, send: Send, error: PosError) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 4401})
            return
        body = json.dumps({"error": error.to_dict()}, ensure_ascii=False).encode()
        await send(
            {
                "type": "http.response.start",
                "status": error.http_status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
