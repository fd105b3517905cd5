"""The running Dapr part of one terminal: sidecar, outbox relay, shared suspended sales and the
master-data-changed handler, started and stopped together."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from backend.api.deps import Services
from backend.events.cloudevents import TopicMap
from backend.events.master_changed import MasterChangeHandler
from backend.events.relay import DaprOutboxRelay
from backend.events.sidecar import Sidecar, SidecarAddress
from backend.events.suspended import SharedSuspendedSales, StateClient
from backend.settings import DaprSettings
from backend.shutdown import cancel_tasks, close_within

logger = logging.getLogger(__name__)

EXTRA_KEY = "dapr"
# The path daprd delivers master-data-changed events to. It includes the API prefix because
# daprd posts to the app's full path.
MASTER_CHANGED_ROUTE = "/api/v1/dapr/events/master-changed"
# Hub events that never mean a new outbox event; every other event wakes the relay.
_QUIET_HUB_EVENTS = frozenset({"cart_changed", "cart_suspended"})


class DaprBridge:
    def __init__(self, services: Services, settings: DaprSettings) -> None:
        self.services = services
        self.settings = settings
        self.sidecar = Sidecar(SidecarAddress.from_settings(settings))
        self.relay = DaprOutboxRelay(
            services.sales.outbox,
            self.sidecar,
            settings.pubsub_name,
            TopicMap.from_settings(settings),
            services.context.store_settings().store_code,
        )
        self.suspended = SharedSuspendedSales(
            services.sales, StateClient(self.sidecar, settings.state_store_name)
        )
        self.master = MasterChangeHandler(services.context)
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self.relay.run(), name="dapr-outbox-relay"),
            asyncio.create_task(self._wake_on_hub_events(), name="dapr-relay-wake"),
        ]
        logger.info(
            "Dapr part started sidecar=%s pubsub=%s state_store=%s",
            self.sidecar.address.http_endpoint,
            self.settings.pubsub_name,
            self.settings.state_store_name,
        )

    async def stop(self) -> None:
        await cancel_tasks(self._tasks, "Dapr")
        self._tasks = []
        await close_within(self.sidecar.close(), "Dapr sidecar")
        logger.info("Dapr part stopped")

    async def _wake_on_hub_events(self) -> None:
        queue = self.services.hub.subscribe()
        try:
            while True:
                event = await queue.get()
                if event.get("type") not in _QUIET_HUB_EVENTS:
                    self.relay.wake()
        finally:
            self.services.hub.unsubscribe(queue)

    def master_pull(self) -> Callable[[], Awaitable[object]] | None:
        """Return the store tier's "pull master data now" call (backend.sync's
        ``SyncService.pull_master``), or None when no MongoDB store tier is configured."""
        sync = self.services.extra.get("sync")
        if sync is None or not getattr(sync, "configured", False):
            return None
        pull = getattr(sync, "pull_master", None)
        return pull if callable(pull) else None

    def subscriptions(self) -> list[dict[str, Any]]:
        """Return the programmatic subscriptions in the shape daprd reads from /dapr/subscribe."""
        return [
            {
                "pubsubname": self.settings.pubsub_name,
                "topic": self.settings.topic_master_changed,
                "route": MASTER_CHANGED_ROUTE,
            }
        ]

    def status(self) -> dict[str, Any]:
        return {
            "enabled": True,
            **self.sidecar.status(),
            "pubsub": self.settings.pubsub_name,
            "state_store": self.settings.state_store_name,
            "relay": self.relay.status(),
            "master_changed": self.master.status(),
        }
