"""The store tier as an optional part of the backend (see EXTENSION_MODULES in backend.api.app).

The service is registered in ``services.extra["sync"]`` even without a MongoDB URL, so the
status route can report that the store tier is off. PUT /sync/config replaces that service
when the mongo settings change, so the part returned here stops whichever service is
registered at shutdown.
"""

from __future__ import annotations

import logging

from backend.api.deps import Services
from backend.sync.routes import router, start_store_tier, stop_store_tier

logger = logging.getLogger(__name__)

__all__ = ["router", "start"]


class StoreTierPart:
    """The store-tier part of a running backend, which stops the registered service at shutdown."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def stop(self) -> None:
        await stop_store_tier(self.services)


async def start(services: Services) -> StoreTierPart:
    await start_store_tier(services)
    return StoreTierPart(services)
