"""The FastAPI app factory: ``create_app(settings)`` builds one terminal's backend.

Nothing is opened at import time. The terminal store is opened and migrated, and the
optional parts (devices, store tier, Dapr) are started, in the app's lifespan, so every
client they create lives on the backend's own event loop.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from filelock import FileLock, Timeout

from backend import __version__
from backend.api.auth import LaunchTokenMiddleware
from backend.api.deps import Services
from backend.api.errors import install_error_handlers
from backend.api.routes import carts, catalog, system, transactions
from backend.domain.errors import ErrorCode
from backend.hub import EventHub
from backend.masterdata.demo import load_demo_store
from backend.masterdata.repository import MasterRepository
from backend.services.context import Clock, TerminalContext
from backend.services.sales import SaleService
from backend.settings import Settings
from backend.storage.db import Database, StoreLockedError

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
DOCS_STATIC_URL = "/docs-static"

# Optional parts, each a module with ``router`` (or None) and ``async start(services)``
# returning an object with ``async stop()`` (or None when the part is switched off).
EXTENSION_MODULES: tuple[str, ...] = (
    "backend.lifecycle.extension",
    "backend.printing.extension",
    "backend.sync.extension",
    "backend.events.extension",
)


class Stoppable(Protocol):
    async def stop(self) -> None: ...


def _load_extensions() -> list[Any]:
    modules = []
    for name in EXTENSION_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as error:
            if error.name and name.startswith(error.name):
                continue  # that part is not part of this build
            raise
    return modules


BACKEND_LOCK_NAME = "backend.lock"


def lock_data_dir(settings: Settings) -> FileLock:
    """Take the data directory's backend lock, so one backend at a time uses its store.

    Two backends on one store would each keep their own terminal state and print queue:
    one could keep selling after the other closed the day, and every receipt would print
    twice. The lock is an OS file lock, so it is released when the process dies.
    """
    new = not settings.data_dir.exists()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if new and os.name == "posix":
        # Only this user reads the store and logs (they hold sales and staff data).
        settings.data_dir.chmod(0o700)
    lock = FileLock(settings.data_dir / BACKEND_LOCK_NAME, timeout=0)
    try:
        lock.acquire()
    except Timeout as error:
        raise StoreLockedError(
            f"another OpenRegi backend is already using {settings.data_dir};"
            " stop it first (別の OpenRegi がこのデータフォルダを使用中です)"
        ) from error
    return lock


def open_store(settings: Settings) -> Database:
    """Open and migrate the terminal store, loading the demo store into an empty one."""
    db = Database(settings.database_path)
    db.migrate()
    if settings.demo:
        load_demo_store(db)
    return db


def _telemetry_off() -> dict[str, Any]:
    """Return the FastAPI option that switches its OpenTelemetry instrumentation off.

    FastAPI versions with built-in telemetry look up the OpenTelemetry providers on every
    request, about a tenth of the event loop's time per request in a py-spy profile of
    the sale benchmark. The terminal exports no telemetry. Older FastAPI versions have no
    such option, and then nothing is passed.
    """
    if "telemetry" not in inspect.signature(FastAPI.__init__).parameters:
        return {}
    return {"telemetry": {"tracing": False, "metrics": False, "logs": False}}


def build_services(settings: Settings, db: Database, clock: Clock | None = None) -> Services:
    context = TerminalContext(settings=settings, db=db, master=MasterRepository(db), clock=clock)
    hub = EventHub()
    return Services(context=context, hub=hub, sales=SaleService(context, hub))


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    on_ready: Callable[[Services], Awaitable[None] | None] | None = None,
) -> FastAPI:
    extensions = _load_extensions()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        lock = await asyncio.to_thread(lock_data_dir, settings)
        try:
            db = await asyncio.to_thread(open_store, settings)
        except BaseException:
            lock.release()
            raise
        services = build_services(settings, db, clock)
        services.hub.bind(asyncio.get_running_loop())
        app.state.services = services
        started: list[Stoppable] = []
        try:
            for extension in extensions:
                part = await extension.start(services)
                if part is not None:
                    started.append(part)
            logger.info("backend ready terminal_id=%s version=%s", settings.terminal_id, __version__)
            if on_ready is not None:
                result = on_ready(services)
                if result is not None:
                    await result
            yield
        finally:
            for part in reversed(started):
                try:
                    await part.stop()
                except Exception:
                    logger.exception("stopping %s failed", type(part).__name__)
            db.close()
            lock.release()
            logger.info("backend stopped terminal_id=%s", settings.terminal_id)

    # FastAPI's own docs page loads Swagger UI from a CDN and stays blank offline.
    app = FastAPIOffline(
        title="OpenRegi terminal API",
        version=__version__,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
        static_url=DOCS_STATIC_URL,
        openapi_url=f"{API_PREFIX}/openapi.json",
        **_telemetry_off(),
    )
    install_error_handlers(app)
    # Each router is included at the app itself, carts first: FastAPI matches a request
    # through every level of nested routers, so one level and the busiest routes first
    # keep routing short.
    for module in (carts, catalog, transactions, system):
        app.include_router(module.router, prefix=API_PREFIX)
    for extension in extensions:
        router = getattr(extension, "router", None)
        if router is not None:
            app.include_router(router, prefix=API_PREFIX)
    for extension in extensions:
        # Routes a sidecar calls at the app root (Dapr's GET /dapr/subscribe).
        root_router = getattr(extension, "root_router", None)
        if root_router is not None:
            app.include_router(root_router)
    app.add_middleware(
        LaunchTokenMiddleware,
        token=settings.token.get_secret_value(),
        allowed_hosts=settings.allowed_hosts,
    )
    complete_openapi(app)
    return app


def complete_openapi(app: FastAPI) -> None:
    """Add to the OpenAPI document what FastAPI cannot see: the launch token and the error shape.

    LaunchTokenMiddleware checks the token, so it is declared as a bearer token for every
    route, and the docs page then shows its Authorize button. The handlers of
    backend.api.errors turn every error into ``{"error": {...}}``, so each operation's 422
    reply and a 4XX entry show that shape in place of FastAPI's default validation error.
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            components = schema.setdefault("components", {})
            components.setdefault("securitySchemes", {})["launchToken"] = {
                "type": "http",
                "scheme": "bearer",
                "description": "The per-launch token printed by `openregi serve` (or its --token-file).",
            }
            schema["security"] = [{"launchToken": []}]
            _declare_error_envelope(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


_ERROR_REF = {"$ref": "#/components/schemas/ErrorReply"}


def _declare_error_envelope(schema: dict[str, Any]) -> None:
    """Replace FastAPI's validation error schema with the error envelope of every reply."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas["ErrorReply"] = {
        "title": "ErrorReply",
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "message_en"],
                "properties": {
                    "code": {"type": "string", "enum": sorted(code.value for code in ErrorCode)},
                    "message": {"type": "string", "description": "Japanese message"},
                    "message_en": {"type": "string", "description": "English message"},
                    "details": {"type": "object", "description": "the values named in the messages"},
                },
            }
        },
    }
    content = {"application/json": {"schema": _ERROR_REF}}
    invalid = {"description": "The request is invalid (validation_failed)", "content": content}
    rejected = {"description": "Refused; error.code names the reason", "content": content}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = invalid
            responses.setdefault("4XX", rejected)
