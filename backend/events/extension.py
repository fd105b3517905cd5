"""The Dapr part as an app extension: ``router``, ``root_router`` and ``start(services)``.

``root_router`` must be mounted at the app root (not under /api/v1), because daprd reads
``GET /dapr/subscribe`` there.
"""

from __future__ import annotations

import logging

from backend.api.deps import Services
from backend.events.bridge import EXTRA_KEY, DaprBridge
from backend.events.routes import root_router, router

logger = logging.getLogger(__name__)

__all__ = ["root_router", "router", "start"]


async def start(services: Services) -> DaprBridge | None:
    """Start the Dapr part when ``dapr.enabled``; return None otherwise.

    Returns at once: the sidecar is probed and the Dapr client built by the relay's
    background task, so a missing sidecar never delays the terminal's start.
    """
    settings = services.context.settings.dapr
    if not settings.enabled:
        return None
    bridge = DaprBridge(services, settings)
    services.extra[EXTRA_KEY] = bridge
    bridge.start()
    return bridge
