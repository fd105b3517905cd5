"""The store-tier service of one terminal: client, relay task, master pull task, status."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from backend.api.deps import Services
from backend.shutdown import cancel_tasks, close_within
from backend.storage.sales import OutboxRepository
from backend.sync.client import create_client, redact, redact_url
from backend.sync.documents import StoreIdentity
from backend.sync.indexes import ensure_indexes
from backend.sync.master_pull import MasterApplier, PullResult, fetch_changes
from backend.sync.relay import DESTINATION, POLL_INTERVAL, RECHECK_INTERVAL, Backoff, OutboxRelay, utc_now
from backend.sync.reports import StoreReports
from backend.sync.state import SyncStateRepository

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase
    from pymongo.errors import PyMongoError

    from backend.sync.client import StoreClient

logger = logging.getLogger(__name__)

# A failed pull is logged at WARNING the first time and then once every this many pulls.
LOG_EVERY_PULL_FAILURES = 10


class StoreTierNotConfigured(RuntimeError):
    """The store tier is off because no MongoDB URL is set."""


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="milliseconds") if moment else None


class SyncService:
    """Runs the outbox relay and the master pull against the configured store tier."""

    def __init__(
        self,
        services: Services,
        *,
        backoff: Backoff | None = None,
        poll_interval: float = POLL_INTERVAL,
        recheck_interval: float = RECHECK_INTERVAL,
    ) -> None:
        self.context = services.context
        self.hub = services.hub
        self.settings = services.context.settings
        self.mongo = self.settings.mongo
        self.identity = StoreIdentity(self.mongo.tenant, self.settings.store_code, self.settings.terminal_id)
        self.outbox = OutboxRepository(self.context.db)
        self.applier = MasterApplier(self.context.db)
        self.state = SyncStateRepository(self.context.db)
        self.backoff = backoff
        self.poll_interval = poll_interval
        self.recheck_interval = recheck_interval
        self.relay: OutboxRelay | None = None
        self._client: StoreClient | None = None
        self._database: AsyncDatabase[dict[str, Any]] | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._indexes_ready = False
        self._pull_lock = asyncio.Lock()
        self.last_pull_at: datetime | None = None
        self.last_pull_error: str | None = None
        self.last_pull_error_at: datetime | None = None
        self.last_pull_result: PullResult | None = None
        self._pull_failures = 0
        self.start_error: str | None = None

    @property
    def configured(self) -> bool:
        return self.mongo.url is not None

    @property
    def database(self) -> AsyncDatabase[dict[str, Any]]:
        if self._database is None:
            raise StoreTierNotConfigured("the store tier is not configured: set mongo.url")
        return self._database

    # ----- lifecycle -----

    async def start(self) -> bool:
        """Create the client on the running loop and start the relay and pull tasks.

        Returns False, with the reason in the status, when the settings cannot make a
        client (an invalid URL, say), so the terminal still starts and sells.
        """
        from pymongo.errors import PyMongoError

        url = self.mongo.url.get_secret_value() if self.mongo.url else None
        try:
            self._client = create_client(self.mongo)
        except (PyMongoError, ValueError) as error:
            self.start_error = redact(str(error), url)
            logger.error("store tier not started: invalid settings error=%s", self.start_error)
            return False
        self._database = self._client[self.mongo.database]
        self.relay = OutboxRelay(
            self.context.db,
            self._database,
            self.identity,
            batch_size=self.mongo.relay_batch_size,
            prepare=self._prepare,
            on_change=self._publish_status,
            backoff=self.backoff,
            poll_interval=self.poll_interval,
            recheck_interval=self.recheck_interval,
        )
        self._tasks = [
            asyncio.create_task(self.relay.run(), name="openregi-outbox-relay"),
            asyncio.create_task(self._pull_loop(), name="openregi-master-pull"),
        ]
        logger.info(
            "store tier started url=%s database=%s tenant=%s store_code=%s terminal_id=%s",
            redact_url(self.mongo.url.get_secret_value()) if self.mongo.url else None,
            self.mongo.database,
            self.identity.tenant,
            self.identity.store_code,
            self.identity.terminal_id,
        )
        return True

    async def stop(self) -> None:
        await cancel_tasks(self._tasks, "store tier")
        self._tasks = []
        if self._client is not None:
            await close_within(self._client.close(), "MongoDB")
            self._client = None
        logger.info("store tier stopped terminal_id=%s", self.identity.terminal_id)

    async def _prepare(self) -> None:
        if not self._indexes_ready:
            await ensure_indexes(self.database)
            self._indexes_ready = True

    # ----- master pull -----

    async def pull_master(self) -> PullResult:
        """Pull changed master data now and apply it; raises PyMongoError when unreachable."""
        from pymongo.errors import PyMongoError

        async with self._pull_lock:
            try:
                changes = await fetch_changes(self.database, self.identity, self.state)
            except PyMongoError as error:
                self._pull_failed(error)
                raise
            result = await asyncio.to_thread(self.applier.apply, changes)
            self.last_pull_at = utc_now()
            self.last_pull_result = result
            if self._pull_failures:
                logger.info("master pull succeeded after %d failures", self._pull_failures)
            self._pull_failures = 0
            self.last_pull_error = None
            if result.any_change:
                self.context.invalidate()
                logger.info("master data pulled changed=%s rejected=%d", result.changed, len(result.rejected))
                self.hub.publish(
                    {"type": "master_changed", "source": "store_tier", "changed": result.changed}
                )
            return result

    def _pull_failed(self, error: PyMongoError) -> None:
        url = self.mongo.url.get_secret_value() if self.mongo.url else None
        self._pull_failures += 1
        self.last_pull_error = redact(str(error), url)
        self.last_pull_error_at = utc_now()
        if self._pull_failures == 1 or self._pull_failures % LOG_EVERY_PULL_FAILURES == 0:
            logger.warning(
                "master pull failed attempt=%d error=%s", self._pull_failures, self.last_pull_error
            )

    async def _pull_loop(self) -> None:
        from pymongo.errors import PyMongoError

        interval = self.mongo.master_pull_interval_seconds
        while True:
            try:
                await self.pull_master()
            except PyMongoError:
                pass  # recorded and logged by pull_master
            except Exception:
                logger.exception("master pull failed")
            await asyncio.sleep(interval)

    # ----- status and reports -----

    def reports(self) -> StoreReports:
        return StoreReports(self.database, self.identity)

    def wake(self) -> None:
        if self.relay is not None:
            self.relay.wake()

    def connected(self) -> bool | None:
        """Return whether the newest store-tier operation succeeded, None before the first."""
        outcomes: list[tuple[datetime, bool]] = []
        if self.relay is not None:
            relay = self.relay.status
            if relay.last_success_at:
                outcomes.append((relay.last_success_at, True))
            if relay.last_error_at:
                outcomes.append((relay.last_error_at, False))
        if self.last_pull_at:
            outcomes.append((self.last_pull_at, True))
        if self.last_pull_error_at:
            outcomes.append((self.last_pull_error_at, False))
        return max(outcomes)[1] if outcomes else None

    def status(self) -> dict[str, Any]:
        """Return the sync status for the API and the status bar (runs one SQLite count)."""
        relay = self.relay.status if self.relay is not None else None
        url = self.mongo.url.get_secret_value() if self.mongo.url else None
        last_error = relay.last_error if relay else self.start_error
        return {
            "configured": self.configured,
            "connected": self.connected() if self.relay is not None else False,
            "pending": self.outbox.pending_count(DESTINATION),
            "last_error": redact(last_error, url) if last_error else None,
            "last_error_at": _iso(relay.last_error_at) if relay else None,
            "next_attempt_at": _iso(relay.next_attempt_at) if relay else None,
            "last_delivered_at": _iso(relay.last_delivered_at) if relay else None,
            "delivered": relay.delivered if relay else 0,
            "parked": relay.parked if relay else 0,
            "last_master_pull_at": _iso(self.last_pull_at),
            "last_master_pull_error": self.last_pull_error,
            "last_master_pull": self.last_pull_result.to_dict() if self.last_pull_result else None,
            "master_pull_interval_seconds": self.mongo.master_pull_interval_seconds,
            "url": redact_url(url) if url else None,
            "database": self.mongo.database,
            "tenant": self.identity.tenant,
            "store_code": self.identity.store_code,
            "terminal_id": self.identity.terminal_id,
        }

    async def _publish_status(self) -> None:
        pending = await asyncio.to_thread(self.outbox.pending_count, DESTINATION)
        relay = self.relay.status if self.relay is not None else None
        url = self.mongo.url.get_secret_value() if self.mongo.url else None
        last_error = relay.last_error if relay else None
        self.hub.publish(
            {
                "type": "sync_status",
                "connected": self.connected(),
                "pending": pending,
                "last_error": redact(last_error, url) if last_error else None,
            }
        )
