"""Start the devices with the backend and stop them with it."""

from __future__ import annotations

import asyncio
import logging

from backend.api.deps import Services
from backend.printing.routes import router
from backend.printing.service import DeviceService, devices_config_from
from devices.manager import DeviceManager

logger = logging.getLogger(__name__)

__all__ = ["router", "start"]


class _Running:
    def __init__(self, service: DeviceService, task: asyncio.Task[None]) -> None:
        self.service = service
        self.task = task

    async def stop(self) -> None:
        self.task.cancel()
        await asyncio.to_thread(self.service.stop)


async def _follow_carts(services: Services, service: DeviceService) -> None:
    """Show each cart change on the customer display."""
    queue = services.hub.subscribe()
    try:
        while True:
            event = await queue.get()
            if event.get("type") == "cart_changed":
                await asyncio.to_thread(service.show_cart, event["cart"])
    finally:
        services.hub.unsubscribe(queue)


async def start(services: Services) -> _Running:
    settings = services.context.settings
    config = devices_config_from(settings.devices, settings.data_dir)
    manager = DeviceManager(config)
    service = DeviceService(services, manager)
    await asyncio.to_thread(service.start)
    services.extra["devices"] = service
    task = asyncio.get_running_loop().create_task(_follow_carts(services, service))
    return _Running(service, task)
