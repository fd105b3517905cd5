"""Creation of PyMongo's async client from MongoSettings, and a connection test."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from backend.settings import MongoSettings

if TYPE_CHECKING:
    from pymongo import AsyncMongoClient

    StoreClient: TypeAlias = AsyncMongoClient[dict[str, Any]]

logger = logging.getLogger(__name__)

# A hung server must not stall the relay forever; PyMongo's default is no socket timeout.
SOCKET_TIMEOUT_MS = 30_000
APP_NAME = "openregi"

_CREDENTIALS = re.compile(r"(mongodb(?:\+srv)?://)[^@/]+@")


def redact_url(url: str) -> str:
    """Return a MongoDB URL with any user name and password replaced by ``***``."""
    return _CREDENTIALS.sub(r"\1***@", url)


def redact(text: str, url: str | None) -> str:
    """Remove the URL's credentials from a message, such as an error from the driver."""
    if url:
        text = text.replace(url, redact_url(url))
    return _CREDENTIALS.sub(r"\1***@", text)


def client_options(settings: MongoSettings, timeout_ms: int | None = None) -> dict[str, Any]:
    """Return the keyword options of AsyncMongoClient for these settings.

    TLS options are passed only when ``settings.tls`` is true, so a URL that switches TLS
    on itself (``tls=true`` or ``mongodb+srv://``) is not overridden by the default.
    """
    selection_ms = timeout_ms if timeout_ms is not None else settings.server_selection_timeout_ms
    options: dict[str, Any] = {
        "serverSelectionTimeoutMS": selection_ms,
        "connectTimeoutMS": selection_ms,
        "socketTimeoutMS": SOCKET_TIMEOUT_MS,
        "appname": APP_NAME,
        "tz_aware": True,
    }
    if settings.tls:
        options["tls"] = True
        if settings.tls_ca_file is not None:
            options["tlsCAFile"] = str(settings.tls_ca_file)
        if settings.tls_allow_invalid_certificates:
            options["tlsAllowInvalidCertificates"] = True
    return options


def create_client(settings: MongoSettings, timeout_ms: int | None = None) -> StoreClient:
    """Create the async client. Call it inside the event loop that will use the client.

    The client connects lazily, so this returns at once even while the server is down.
    """
    from pymongo import AsyncMongoClient

    if settings.url is None:
        raise ValueError("MongoSettings.url is not set; set mongo.url to use the store tier")
    client: StoreClient = AsyncMongoClient(
        settings.url.get_secret_value(), document_class=dict, **client_options(settings, timeout_ms)
    )
    return client


@dataclass(frozen=True, slots=True)
class PingResult:
    ok: bool
    elapsed_ms: float
    error: str | None = None
    server_version: str | None = None


async def ping(settings: MongoSettings, timeout_ms: int) -> PingResult:
    """Connect with a fresh client, run ``ping`` and ``buildInfo``, and close the client."""
    from pymongo.errors import PyMongoError

    url = settings.url.get_secret_value() if settings.url else None
    started = time.perf_counter()
    try:
        client = create_client(settings, timeout_ms)
    except (ValueError, PyMongoError) as error:
        return PingResult(False, 0.0, redact(str(error), url))
    try:
        await client.admin.command("ping")
        info = await client.admin.command("buildInfo")
        version = info.get("version")
        elapsed_ms = (time.perf_counter() - started) * 1000
        return PingResult(True, elapsed_ms, None, str(version) if version is not None else None)
    except PyMongoError as error:
        elapsed_ms = (time.perf_counter() - started) * 1000
        message = redact(str(error), url)
        logger.info("store tier connection test failed error=%s", message)
        return PingResult(False, elapsed_ms, message)
    finally:
        await client.close()
