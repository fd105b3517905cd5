"""The connection to the Dapr sidecar: its address, a health probe and a lazily built client.

The Dapr Python SDK (1.19) blocks in ``DaprClient()`` until the sidecar's
``/v1.0/healthz/outbound`` responds or ``DAPR_HEALTH_TIMEOUT`` (60 s by default) passes, and
it reads the sidecar address, the API token and that timeout from the process-wide
``dapr.conf.settings``. :class:`Sidecar` therefore probes the health endpoint itself with
httpx first and builds the client only after a successful probe, with the SDK settings
pointed at this sidecar for the duration of the constructor.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx

from backend.settings import DaprSettings

if TYPE_CHECKING:
    from dapr.aio.clients import DaprClient

logger = logging.getLogger(__name__)

# Dapr's own defaults for the sidecar ports (daprd --dapr-http-port, --dapr-grpc-port).
DEFAULT_HTTP_PORT = 3500
DEFAULT_GRPC_PORT = 50001
API_TOKEN_HEADER = "dapr-api-token"

PROBE_TIMEOUT_SECONDS = 1.0
# The SDK constructor runs its own health check after ours succeeded. This bounds how long
# that check blocks the event loop if the sidecar stops between the two.
SDK_HEALTH_TIMEOUT_SECONDS = 2

# The SDK settings are process-wide, so two terminals in one process (as in tests) must not
# build clients at the same time.
_SDK_SETTINGS_LOCK = threading.Lock()
_SDK_SETTING_NAMES = ("DAPR_HTTP_ENDPOINT", "DAPR_GRPC_ENDPOINT", "DAPR_API_TOKEN", "DAPR_HEALTH_TIMEOUT")


class SidecarUnavailableError(RuntimeError):
    """The Dapr sidecar did not respond; the message names the failed check or call."""


def _port_from(value: int | None, variable: str, default: int) -> int:
    if value is not None:
        return value
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        port = int(text)
    except ValueError as error:
        raise ValueError(f"{variable}={text!r} is not a port number") from error
    if not 0 < port < 65536:
        raise ValueError(f"{variable}={port} is outside 1-65535")
    return port


@dataclass(frozen=True, slots=True)
class SidecarAddress:
    """The sidecar's host and ports, and the API token it expects (None when it has none)."""

    host: str
    http_port: int
    grpc_port: int
    api_token: str | None

    @classmethod
    def from_settings(cls, settings: DaprSettings) -> SidecarAddress:
        """Resolve the address: DaprSettings values first, then Dapr's environment variables
        DAPR_HTTP_PORT, DAPR_GRPC_PORT and DAPR_API_TOKEN, then Dapr's default ports."""
        token = settings.api_token.get_secret_value() if settings.api_token else None
        if not token:
            token = os.environ.get("DAPR_API_TOKEN") or None
        return cls(
            host=settings.host,
            http_port=_port_from(settings.http_port, "DAPR_HTTP_PORT", DEFAULT_HTTP_PORT),
            grpc_port=_port_from(settings.grpc_port, "DAPR_GRPC_PORT", DEFAULT_GRPC_PORT),
            api_token=token,
        )

    @property
    def _bracketed_host(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def http_endpoint(self) -> str:
        return f"http://{self._bracketed_host}:{self.http_port}"

    @property
    def grpc_address(self) -> str:
        return f"{self._bracketed_host}:{self.grpc_port}"

    def describe(self) -> dict[str, Any]:
        return {"host": self.host, "http_port": self.http_port, "grpc_port": self.grpc_port}


def _build_client(address: SidecarAddress) -> DaprClient:
    from dapr.aio.clients import DaprClient
    from dapr.conf import settings as sdk_settings

    with _SDK_SETTINGS_LOCK:
        saved = {name: getattr(sdk_settings, name) for name in _SDK_SETTING_NAMES}
        # The SDK adds the token to every call of a channel built while it is set.
        overrides = {
            "DAPR_HTTP_ENDPOINT": address.http_endpoint,
            "DAPR_GRPC_ENDPOINT": None,
            "DAPR_API_TOKEN": address.api_token,
            "DAPR_HEALTH_TIMEOUT": SDK_HEALTH_TIMEOUT_SECONDS,
        }
        try:
            for name, value in overrides.items():
                setattr(sdk_settings, name, value)
            return DaprClient(address=address.grpc_address)
        finally:
            for name, value in saved.items():
                setattr(sdk_settings, name, value)


class Sidecar:
    """One Dapr sidecar: probes it, builds the SDK client on first use and records its state."""

    def __init__(self, address: SidecarAddress) -> None:
        self.address = address
        self.available = False
        self.detail = "not checked yet"
        self.checked_at: datetime | None = None
        self._client: DaprClient | None = None
        self._http: httpx.AsyncClient | None = None
        # The relay and the suspended-sale routes may ask for the client at the same time.
        self._client_lock = asyncio.Lock()

    @property
    def client_created(self) -> bool:
        return self._client is not None

    def _headers(self) -> dict[str, str]:
        return {API_TOKEN_HEADER: self.address.api_token} if self.address.api_token else {}

    async def probe(self) -> bool:
        """Check ``/v1.0/healthz/outbound`` once, record the outcome and return it."""
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=PROBE_TIMEOUT_SECONDS, trust_env=False)
        url = f"{self.address.http_endpoint}/v1.0/healthz/outbound"
        try:
            response = await self._http.get(url, headers=self._headers())
        except httpx.HTTPError as error:
            self.mark_unavailable(f"health check {url} failed: {type(error).__name__}: {error}")
            return False
        if 200 <= response.status_code < 300:
            self.mark_available()
            return True
        self.mark_unavailable(f"health check {url} returned HTTP {response.status_code}")
        return False

    async def client(self) -> DaprClient:
        """Return the SDK client, building it after a successful probe.

        Raises SidecarUnavailableError when the sidecar does not respond.
        """
        async with self._client_lock:
            if self._client is not None:
                return self._client
            if not await self.probe():
                raise SidecarUnavailableError(self.detail)
            started = time.perf_counter()
            try:
                client = _build_client(self.address)
            except TimeoutError as error:
                self.mark_unavailable(f"Dapr client could not reach the sidecar: {error}")
                raise SidecarUnavailableError(self.detail) from error
            self._client = client
            logger.info(
                "Dapr client created grpc=%s elapsed_ms=%.1f",
                self.address.grpc_address,
                (time.perf_counter() - started) * 1000,
            )
            return client

    async def lost(self, detail: str) -> None:
        """Record that a call did not reach the sidecar (UNAVAILABLE or a timeout) and drop
        the client.

        gRPC waits with its own growing back-off before it reconnects a channel whose server
        went away, so a fresh client after the next successful probe reaches a restarted
        sidecar sooner.
        """
        self.mark_unavailable(detail)
        client, self._client = self._client, None
        if client is not None:
            try:
                await client.close()
            except Exception:
                logger.exception("closing the Dapr client failed")

    def mark_available(self) -> None:
        if not self.available:
            logger.info("Dapr sidecar available http=%s", self.address.http_endpoint)
        self.available = True
        self.detail = "ok"
        self.checked_at = datetime.now(UTC)

    def mark_unavailable(self, detail: str) -> None:
        if self.available or self.checked_at is None:
            logger.warning("Dapr sidecar unavailable: %s", detail)
        self.available = False
        self.detail = detail
        self.checked_at = datetime.now(UTC)

    def status(self) -> dict[str, Any]:
        return {
            **self.address.describe(),
            "available": self.available,
            "state": "available" if self.available else "unavailable",
            "message": "Dapr 接続中 / Dapr available" if self.available else "Dapr 未接続 / Dapr unavailable",
            "detail": self.detail,
            "checked_at": self.checked_at.isoformat() if self.checked_at else None,
            "client_created": self.client_created,
        }

    async def close(self) -> None:
        if self._client is not None:
            try:
                await self._client.close()
            except Exception:
                logger.exception("closing the Dapr client failed")
            self._client = None
        if self._http is not None:
            await self._http.aclose()
            self._http = None
