"""The lifecycle part as an app extension: its routes and its start-up.

``start`` restores the terminal state from the terminal store (so a restart keeps the
terminal open with the same staff signed in) and installs the lifecycle's guard, check and
commit hook on the sale service.
"""

from __future__ import annotations

import asyncio

from backend.api.deps import Services
from backend.lifecycle.routes import router
from backend.lifecycle.service import Lifecycle

__all__ = ["router", "start"]


async def start(services: Services) -> None:
    lifecycle = await asyncio.to_thread(
        Lifecycle, services.context, services.sales, services.hub, services.extra
    )
    lifecycle.install()
    services.extra["lifecycle"] = lifecycle
