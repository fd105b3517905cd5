"""HTTP routes of the Dapr part.

``router`` is mounted under /api/v1: the status, the shared suspended sales, a "retry now"
for the relay, and the route daprd delivers master-data-changed events to. ``root_router``
contains ``GET /dapr/subscribe``, which daprd reads from the app root at start-up to learn
the programmatic subscriptions.

daprd authenticates to the app with the ``dapr-api-token`` header (the APP_API_TOKEN it was
started with); backend.api.auth accepts that token, instead of the launch token, only on the
Dapr callback paths.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from backend.api.deps import ServicesDep
from backend.events.bridge import EXTRA_KEY, DaprBridge
from backend.events.master_changed import Outcome
from backend.events.sidecar import SidecarUnavailableError
from backend.events.suspended import StateStoreError
from backend.storage.db import StoreError

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/dapr", tags=["dapr"])
root_router = APIRouter(tags=["dapr"])


class SuspendBody(BaseModel):
    cart_id: str = Field(min_length=1, max_length=64)


def _error(status_code: int, code: str, japanese: str, english: str, **details: Any) -> JSONResponse:
    body = {"error": {"code": code, "message": japanese, "message_en": english, "details": details}}
    return JSONResponse(body, status_code=status_code)


def _not_enabled() -> JSONResponse:
    return _error(
        503,
        "dapr_not_enabled",
        "Dapr 連携は設定されていません。",
        "Dapr is not enabled on this terminal; set dapr.enabled = true.",
    )


def _unavailable(error: Exception) -> JSONResponse:
    return _error(
        503,
        "dapr_unavailable",
        "Dapr サイドカーに接続できません。しばらくしてからもう一度お試しください。",
        "The Dapr sidecar is unavailable. Try again shortly.",
        detail=str(error),
    )


def _state_failed(error: Exception) -> JSONResponse:
    return _error(
        502,
        "dapr_state_failed",
        "共有の保留取引を読み書きできませんでした。",
        "Reading or writing the shared suspended sales failed.",
        detail=str(error),
    )


def _bridge(services: Any) -> DaprBridge | None:
    bridge = services.extra.get(EXTRA_KEY)
    return bridge if isinstance(bridge, DaprBridge) else None


@router.get("/status")
def dapr_status(services: ServicesDep) -> dict[str, Any]:
    bridge = _bridge(services)
    if bridge is None:
        return {"enabled": False, "state": "disabled", "message": "Dapr 無効 / Dapr disabled"}
    return bridge.status()


@router.post("/relay/retry", status_code=202)
async def retry_relay(services: ServicesDep) -> Any:
    """Start a delivery attempt now instead of waiting out the back-off."""
    bridge = _bridge(services)
    if bridge is None:
        return _not_enabled()
    bridge.relay.retry_now()
    return {"retrying": True}


@router.get("/suspended")
async def list_suspended(services: ServicesDep) -> Any:
    bridge = _bridge(services)
    if bridge is None:
        return _not_enabled()
    try:
        return await bridge.suspended.list_open()
    except SidecarUnavailableError as error:
        return _unavailable(error)
    except StateStoreError as error:
        return _state_failed(error)


@router.post("/suspended", status_code=201)
async def suspend_to_shared_store(body: SuspendBody, services: ServicesDep) -> Any:
    bridge = _bridge(services)
    if bridge is None:
        return _not_enabled()
    try:
        return await bridge.suspended.suspend(body.cart_id)
    except SidecarUnavailableError as error:
        return _unavailable(error)
    except StateStoreError as error:
        return _state_failed(error)


@router.post("/suspended/{suspend_id}/resume")
async def resume_from_shared_store(suspend_id: str, services: ServicesDep) -> Any:
    bridge = _bridge(services)
    if bridge is None:
        return _not_enabled()
    try:
        return await bridge.suspended.resume(suspend_id)
    except SidecarUnavailableError as error:
        return _unavailable(error)
    except StateStoreError as error:
        return _state_failed(error)


@router.post("/events/master-changed")
async def master_changed(request: Request, services: ServicesDep) -> Any:
    """Apply a master-data-changed CloudEvent delivered by daprd.

    Returns one of Dapr's subscriber statuses: SUCCESS (applied or already applied), DROP
    (invalid, never retried) or RETRY (the terminal store could not be written).
    """
    bridge = _bridge(services)
    if bridge is None:
        return _not_enabled()
    try:
        envelope = json.loads(await request.body())
    except ValueError as error:
        logger.warning("master-data-changed delivery is not JSON: %s", error)
        return {"status": "DROP"}
    if not isinstance(envelope, dict):
        logger.warning("master-data-changed delivery is not a JSON object")
        return {"status": "DROP"}
    try:
        outcome = await asyncio.to_thread(bridge.master.apply, envelope)
    except (sqlite3.Error, StoreError):
        logger.exception("master-data-changed event not applied; asking Dapr to retry")
        return {"status": "RETRY"}
    pull = bridge.master_pull()
    if outcome is Outcome.APPLIED and pull is not None and bridge.master.wants_pull(envelope):
        try:
            await pull()
        except Exception as error:
            # The item changes are applied; the store tier's periodic pull catches up later.
            logger.warning(
                "master pull requested by event %s failed: %s", envelope.get("id"), error, exc_info=True
            )
    return {"status": outcome.dapr_status}


@root_router.get("/dapr/subscribe")
def dapr_subscribe(services: ServicesDep) -> list[dict[str, Any]]:
    bridge = _bridge(services)
    return bridge.subscriptions() if bridge is not None else []
