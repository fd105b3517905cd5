"""Routes of the store tier under /api/v1/sync: status, connection test, pull, reports, and
the store-tier connection settings (the ``mongo`` and ``dapr`` tables of the config file)."""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, SecretStr
from tomlkit.exceptions import ParseError

from backend.api.deps import Services
from backend.domain.business_date import business_date_of
from backend.domain.errors import ErrorCode, PosError
from backend.settings import (
    ConnectionSettingsError,
    dapr_settings_from,
    dapr_table,
    mongo_settings_from,
    mongo_table,
    public_dapr,
    public_mongo,
    write_config_tables,
)
from backend.sync.client import ping, redact, redact_url
from backend.sync.reports import MAX_ROWS, REPORT_NAMES, InvalidStoreAmount
from backend.sync.service import SyncService

if TYPE_CHECKING:
    from pymongo.errors import PyMongoError

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/sync", tags=["sync"])

DEFAULT_TEST_TIMEOUT_MS = 3000


class ConnectionTestBody(BaseModel):
    """Settings to test; a field left out takes the terminal's current value."""

    url: SecretStr | None = None
    database: str | None = None
    tls: bool | None = None
    tls_ca_file: Path | None = None
    tls_allow_invalid_certificates: bool | None = None
    timeout_ms: int = Field(default=DEFAULT_TEST_TIMEOUT_MS, ge=100, le=30_000)


def _service(request: Request) -> SyncService:
    service: SyncService = request.app.state.services.extra["sync"]
    return service


def _error(status: int, code: str, message_ja: str, message_en: str, **details: Any) -> JSONResponse:
    """Build an error response in the shape of the API's other errors."""
    body = {"code": code, "message": message_ja, "message_en": message_en, "details": details}
    return JSONResponse({"error": body}, status_code=status)


def _not_configured() -> JSONResponse:
    return _error(
        503,
        "store_tier_not_configured",
        "店舗サーバ（MongoDB）が設定されていません。設定 mongo.url を入力してください。",
        "The store tier (MongoDB) is not configured. Set mongo.url.",
    )


def _unreachable(service: SyncService, error: PyMongoError) -> JSONResponse:
    url = service.mongo.url.get_secret_value() if service.mongo.url else None
    detail = redact(str(error), url)
    logger.warning("store tier request failed error=%s", detail)
    return _error(
        503,
        "store_tier_unreachable",
        "店舗サーバ（MongoDB）に接続できません。ネットワークを確認してください。",
        f"The store tier (MongoDB) cannot be reached: {detail}",
        error=detail,
    )


def _business_date(service: SyncService, text: str | None) -> str:
    if text is None:
        store = service.context.store_settings()
        now = service.context.now()
        return business_date_of(now, store.business_day_cutover, store.time_zone).isoformat()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as error:
        raise PosError(
            ErrorCode.VALIDATION_FAILED, detail=f"business_date {text!r} is not a date such as 2026-12-04"
        ) from error


@router.get("/status")
def sync_status(request: Request) -> dict[str, Any]:
    return _service(request).status()


@router.post("/test", response_model=None)
async def try_connection(request: Request, body: ConnectionTestBody | None = None) -> dict[str, Any]:
    """Try to reach a MongoDB server with the given or current settings."""
    current = _service(request).mongo
    body = body or ConnectionTestBody()
    updates = {
        name: value
        for name in ("url", "database", "tls", "tls_ca_file", "tls_allow_invalid_certificates")
        if (value := getattr(body, name)) is not None
    }
    candidate = current.model_copy(update=updates)
    if candidate.url is None:
        return {"ok": False, "error": "no MongoDB URL given and none configured", "url": None}
    result = await ping(candidate, body.timeout_ms)
    return {
        "ok": result.ok,
        "error": result.error,
        "elapsed_ms": round(result.elapsed_ms, 1),
        "server_version": result.server_version,
        "url": redact_url(candidate.url.get_secret_value()),
    }


@router.post("/retry", response_model=None)
def retry_delivery(request: Request) -> dict[str, Any] | JSONResponse:
    """Cut short the relay's back-off wait and try to deliver now."""
    service = _service(request)
    if not service.configured:
        return _not_configured()
    service.wake()
    return {"woken": True}


@router.post("/master/pull", response_model=None)
async def pull_master(request: Request) -> dict[str, Any] | JSONResponse:
    """Pull changed master data from the store tier now, without waiting for the interval."""
    from pymongo.errors import PyMongoError

    service = _service(request)
    if not service.configured or service.relay is None:
        return _not_configured()
    try:
        result = await service.pull_master()
    except PyMongoError as error:
        return _unreachable(service, error)
    return result.to_dict()


@router.get("/reports/{name}", response_model=None)
async def store_report(
    request: Request,
    name: str,
    business_date: str | None = None,
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_ROWS)] = MAX_ROWS,
) -> dict[str, Any] | JSONResponse:
    """Run one store-wide report: hourly, categories, tenders, terminals or daily."""
    from pymongo.errors import PyMongoError

    service = _service(request)
    if not service.configured or service.relay is None:
        return _not_configured()
    day = _business_date(service, business_date)
    reports = service.reports()
    try:
        if name == "hourly":
            return await reports.sales_by_hour(day)
        if name == "categories":
            return await reports.sales_by_category(day, skip, limit)
        if name == "tenders":
            return await reports.sales_by_tender(day)
        if name == "terminals":
            return await reports.sales_by_terminal(day)
        if name == "daily":
            return await reports.daily_total(day)
    except PyMongoError as error:
        return _unreachable(service, error)
    except InvalidStoreAmount as error:
        logger.error("store report has a non-integer amount report=%s error=%s", name, error)
        return _error(
            502,
            "store_amount_invalid",
            "店舗サーバの集計に整数でない金額があります。データを確認してください。",
            f"The store tier returned an amount that is not whole yen: {error}",
        )
    raise PosError(ErrorCode.NOT_FOUND, what=f"report {name!r}; known reports: {', '.join(REPORT_NAMES)}")


# ----- connection settings -----

# The roles that may change settings, as PUT /store checks them.
SETTINGS_ROLES = ("supervisor", "manager")


def _require_settings_role(services: Services) -> str:
    """Return the signed-in staff code, or raise PERMISSION_REQUIRED unless a supervisor
    or manager is signed in (the same check as PUT /store)."""
    lifecycle = services.extra.get("lifecycle")
    status = lifecycle.terminal.status() if lifecycle is not None else {}
    if status.get("staff_role") not in SETTINGS_ROLES:
        raise PosError(
            ErrorCode.PERMISSION_REQUIRED, permission="store_tier_settings", label="店舗サーバ設定"
        )
    return str(status.get("staff_code") or "")


async def start_store_tier(services: Services) -> SyncService:
    """Create the store-tier service from the current settings, register it and start it.

    The service is registered even without a MongoDB URL, so the status route can report
    that the store tier is off.
    """
    service = SyncService(services)
    services.extra["sync"] = service
    if not service.configured:
        logger.info("store tier off: no mongo.url set terminal_id=%s", services.context.terminal_id)
        return service
    await service.start()
    return service


async def stop_store_tier(services: Services) -> None:
    """Stop the registered store-tier service if it started its client and tasks."""
    service = services.extra.get("sync")
    if isinstance(service, SyncService) and service.relay is not None:
        await service.stop()


def _config_view(services: Services) -> dict[str, Any]:
    settings = services.context.settings
    return {"mongo": public_mongo(settings.mongo), "dapr": public_dapr(settings.dapr)}


def _config_lock(request: Request) -> asyncio.Lock:
    """Return the app's lock that makes one settings change finish before the next starts."""
    state = request.app.state
    lock: asyncio.Lock | None = getattr(state, "sync_config_lock", None)
    if lock is None:
        lock = asyncio.Lock()
        state.sync_config_lock = lock
    return lock


@router.get("/config")
def connection_settings(request: Request) -> dict[str, Any]:
    """Return the mongo and dapr settings, with the URL's password and the API token masked."""
    services: Services = request.app.state.services
    return _config_view(services)


@router.put("/config", response_model=None)
async def save_connection_settings(
    request: Request, body: Annotated[dict[str, Any], Body()]
) -> dict[str, Any] | JSONResponse:
    """Validate the mongo and dapr settings, write them to the config file and restart the
    parts whose settings changed.

    Each of ``mongo`` and ``dapr`` replaces its whole table, so a field left out takes its
    default. An invalid value raises settings_invalid and changes nothing. Only a signed-in
    supervisor or manager may save.
    """
    services: Services = request.app.state.services
    staff_code = _require_settings_role(services)
    unknown = sorted(set(body) - {"mongo", "dapr"})
    if unknown:
        raise PosError(ErrorCode.SETTINGS_INVALID, detail=f"unknown tables {', '.join(unknown)}")
    mongo_body = body.get("mongo", {})
    dapr_body = body.get("dapr", {})
    if not isinstance(mongo_body, dict) or not isinstance(dapr_body, dict):
        raise PosError(ErrorCode.SETTINGS_INVALID, detail="mongo and dapr must be objects")

    async with _config_lock(request):
        settings = services.context.settings
        try:
            mongo = mongo_settings_from(mongo_body, settings.mongo)
            dapr = dapr_settings_from(dapr_body, settings.dapr)
        except ConnectionSettingsError as error:
            raise PosError(ErrorCode.SETTINGS_INVALID, detail=str(error)) from error
        tables = {"mongo": mongo_table(mongo), "dapr": dapr_table(dapr)}
        try:
            await asyncio.to_thread(write_config_tables, settings.config_file, tables)
        except (OSError, ParseError) as error:
            logger.error("store-tier settings not saved file=%s error=%s", settings.config_file, error)
            return _error(
                500,
                "config_write_failed",
                f"設定ファイル {settings.config_file} に書き込めません。何も変更していません。",
                f"Cannot write the config file {settings.config_file}: {error}. Nothing was changed.",
                config_file=str(settings.config_file),
            )
        mongo_changed = mongo != settings.mongo
        dapr_changed = dapr != settings.dapr
        settings.mongo = mongo
        settings.dapr = dapr
        logger.info(
            "store-tier settings saved file=%s staff=%s mongo_changed=%s dapr_changed=%s",
            settings.config_file,
            staff_code,
            mongo_changed,
            dapr_changed,
        )
        restart_required = False
        if mongo_changed:
            await stop_store_tier(services)
            await start_store_tier(services)
        if dapr_changed:
            restart_required = not await _restart_dapr(services)
    return {**_config_view(services), "restart_required": restart_required}


async def _restart_dapr(services: Services) -> bool:
    """Restart the Dapr part with the new settings. Return False when this build has no Dapr part."""
    try:
        from backend.events.extension import restart
    except ModuleNotFoundError:
        logger.warning("Dapr settings saved, but this build has no Dapr part; restart to apply")
        return False
    await restart(services)
    return True
