"""Health, version, status and the event WebSocket."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, WebSocket

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

    async def forward() -> None:
        await websocket.send_json({"type": "hello", "terminal_id": services.context.terminal_id})
        while True:
            await websocket.send_json(await queue.get())

    async def watch_close() -> None:
        # Reading is how a server notices the client went away (and how a shutdown's close
        # frame arrives), so the connection never outlives its client.
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return

    tasks = [asyncio.create_task(forward()), asyncio.create_task(watch_close())]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                logger.info("event socket closed: %r", task.exception())
    finally:
        for task in tasks:
            task.cancel()
        services.hub.unsubscribe(queue)
