"""Health, version, status and the event WebSocket."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from backend import __version__
from backend.api.deps import ServicesDep

logger = logging.getLogger(__name__)

router = APIRouter(tags=["system"])


@router.get("/health")
def health(services: ServicesDep) -> dict[str, Any]:
    context = services.context
    return {
        "status": "ok",
        "version": __version__,
        "terminal_id": context.terminal_id,
        "schema_version": context.db.schema_version(),
    }


@router.get("/status")
def status(services: ServicesDep) -> dict[str, Any]:
    result: dict[str, Any] = {
        "terminal_id": services.context.terminal_id,
        "print_jobs": services.sales.print_jobs.counts(),
        "outbox_pending": {
            destination: services.sales.outbox.pending_count(destination) for destination in ("mongo", "dapr")
        },
    }
    for name, part in services.extra.items():
        describe = getattr(part, "status", None)
        if callable(describe):
            result[name] = describe()
    return result


@router.websocket("/events")
async def events(websocket: WebSocket) -> None:
    services = websocket.app.state.services
    await websocket.accept()
    queue = services.hub.subscribe()
    try:
        await websocket.send_json({"type": "hello", "terminal_id": services.context.terminal_id})
        while True:
            event = await queue.get()
            await websocket.send_json(event)
    except (WebSocketDisconnect, asyncio.CancelledError):
        pass
    finally:
        services.hub.unsubscribe(queue)
