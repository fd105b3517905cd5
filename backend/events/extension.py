"""The Dapr part as an app extension: ``router``, ``root_router`` and ``start(services)``.

``root_router`` must be mounted at the app root (not under /api/v1), because daprd reads
``GET /dapr/subscribe`` there. PUT /sync/config calls :func:`restart` when the dapr settings
change, so the part returned by ``start`` stops whichever bridge is running at shutdown.
"""

from __future__ import annotations

import logging

from backend.api.deps import Services
from backend.events.bridge import EXTRA_KEY, DaprBridge
from backend.events.routes import root_router, router

logger = logging.getLogger(__name__)

__all__ = ["restart", "root_router", "router", "start"]


class DaprPart:
    """The Dapr part of a running backend, which stops the current bridge at shutdown."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def stop(self) -> None:
        await _stop_bridge(self.services)


def _start_bridge(services: Services) -> None:
    settings = services.context.settings.dapr
    if not settings.enabled:
        logger.info("Dapr part off: dapr.enabled is false terminal_id=%s", services.context.terminal_id)
        return
    bridge = DaprBridge(services, settings)
    services.extra[EXTRA_KEY] = bridge
    bridge.start()


async def _stop_bridge(services: Services) -> None:
    bridge = services.extra.pop(EXTRA_KEY, None)
    if isinstance(bridge, DaprBridge):
        await bridge.stop()


async def start(services: Services) -> DaprPart:
    """Start the Dapr bridge when ``dapr.enabled``.

    Returns at once: the sidecar is probed and the Dapr client built by the relay's
    background task, so a missing sidecar never delays the terminal's start.
    """
    _start_bridge(services)
    return DaprPart(services)


async def restart(services: Services) -> None:
    """Stop the running bridge, if any, and start one with the current dapr settings.

    Undelivered events stay in the outbox, so the new bridge's relay sends them.
    """
    # NOTE: daprd reads the subscriptions (GET /dapr/subscribe) only when it starts, so a
    # changed pubsub name or master-data topic reaches daprd after the sidecar restarts.
    await _stop_bridge(services)
    _start_bridge(services)
