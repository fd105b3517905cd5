"""The store tier as an optional part of the backend (see EXTENSION_MODULES in backend.api.app).

The service is registered in ``services.extra["sync"]`` even without a MongoDB URL, so the
status route can report that the store tier is off. Only then does ``start`` return None.
"""

from __future__ import annotations

import logging

from backend.api.deps import Services
from backend.sync.routes import router
from backend.sync.service import SyncService

logger = logging.getLogger(__name__)

__all__ = ["router", "start"]


async def start(services: Services) -> SyncService | None:
    service = SyncService(services)
    services.extra["sync"] = service
    if not service.configured:
        logger.info("store tier off: no mongo.url set terminal_id=%s", services.context.terminal_id)
        return None
    if not await service.start():
        return None
    return service
