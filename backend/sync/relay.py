"""The outbox relay: completed sales and other log events, delivered to MongoDB in order.

The relay reads undelivered events for the destination ``"mongo"`` oldest first. It writes
each run of events of one topic with one ordered ``bulk_write`` keyed by the event id (see
EventWriter), and marks the events delivered only after the server acknowledged the write.
A crash between the acknowledgement and the mark sends the events again, and the server
then keeps the copy it stored and changes nothing, so the effect is exactly once.

While the server is unreachable the relay waits with capped exponential back-off and
jitter; the terminal keeps selling, and the outbox grows in SQLite.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import groupby
from typing import TYPE_CHECKING, Any

from backend.backoff import Backoff
from backend.storage.db import Database
from backend.storage.sales import OutboxRepository
from backend.sync.documents import (
    TRANSACTIONS,
    UNDELIVERABLE,
    OutboxEvent,
    StoreIdentity,
    collection_for,
    store_document,
)
from backend.sync.state import SyncStateRepository

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase

logger = logging.getLogger(__name__)

DESTINATION = "mongo"
DUPLICATE_KEY = 11000
# The newest outbox sequence number is polled this often (seconds), so a sale reaches the
# store tier within about this delay when the server is up.
POLL_INTERVAL = 0.2
# pending() also runs this often (seconds) when nothing new was queued, so a delivery mark
# removed by hand is noticed without a restart.
RECHECK_INTERVAL = 30.0
# Failures are logged at WARNING the first time and then once every this many attempts.
LOG_EVERY_FAILURES = 10


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class RelayStatus:
    """The relay's latest outcomes and counters, for the status route and the UI status bar."""

    connected: bool | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    last_delivered_at: datetime | None = None
    last_success_at: datetime | None = None
    delivered: int = 0
    parked: int = 0
    consecutive_failures: int = 0
    next_attempt_at: datetime | None = None


class EventWriter:
    """Writes outbox events of one collection to the store tier, in order, once each.

    Each event is inserted under ``_id`` = its event id. The server rejects a second copy
    with a duplicate-key error on ``_id``, and the writer counts that copy as delivered. The
    effect is that of an upsert with ``$setOnInsert``. It is written as an ordered insert
    because FerretDB 1.24.2 is far slower at upserts: 200 upserts of transaction documents
    took 5.6 s, and 500 inserts 0.4 s (one run on a 2-CPU Linux VM).
    """

    def __init__(self, database: AsyncDatabase[dict[str, Any]], identity: StoreIdentity) -> None:
        self.database = database
        self.identity = identity

    async def write(self, collection: str, events: Sequence[OutboxEvent]) -> int:
        """Insert the events in order; return how many had to be parked as undeliverable.

        Returns only after the server acknowledged every write. Raises PyMongoError when the
        server cannot be reached or did not acknowledge. Which writes were stored is then
        unknown, and sending them again is harmless.
        """
        from pymongo import InsertOne
        from pymongo.errors import BulkWriteError

        relayed_at = utc_now()
        pending = [(event, store_document(event, self.identity, relayed_at)) for event in events]
        parked = 0
        while pending:
            try:
                await self.database[collection].bulk_write(
                    [InsertOne(document) for _, document in pending], ordered=True
                )
                return parked
            except BulkWriteError as error:
                write_errors = error.details.get("writeErrors") or []
                if not write_errors:
                    raise  # a write concern error: the writes may not be durable yet
                first = write_errors[0]
            # An ordered bulk write stops at its first error, so the writes before it were
            # applied and the ones after it were not.
            index = int(first["index"])
            event, document = pending[index]
            stored = await self._stored_ids(collection, [item.event_id for item, _ in pending[index:]])
            if event.event_id not in stored and await self._resolve(collection, event, document, first):
                parked += 1
            pending = [(item, doc) for item, doc in pending[index + 1 :] if item.event_id not in stored]
        return parked

    async def _stored_ids(self, collection: str, event_ids: list[str]) -> set[str]:
        """Return which of the event ids the collection already stores (earlier deliveries)."""
        cursor = self.database[collection].find({"_id": {"$in": event_ids}}, {"_id": 1})
        return {str(document["_id"]) for document in await cursor.to_list(None)}

    async def _resolve(
        self, collection: str, event: OutboxEvent, document: dict[str, Any], error: Mapping[str, Any]
    ) -> bool:
        """Decide about an event that the server rejected and that is not stored under its
        event id; return True when it was parked."""
        message = str(error.get("errmsg", error))
        if error.get("code") != DUPLICATE_KEY:
            await self._park(event, "rejected", message)
            return True
        if collection == TRANSACTIONS:
            same_number = {
                **self.identity.scope(),
                "terminal_id": event.terminal_id,
                "transaction_number": document.get("transaction_number"),
            }
            existing = await self.database[collection].find_one(same_number, {"transaction_id": 1})
            if existing is not None and existing.get("transaction_id") == document.get("transaction_id"):
                logger.info(
                    "transaction already in the store tier under another event transaction_id=%s event_id=%s",
                    document.get("transaction_id"),
                    event.event_id,
                )
                return False
        await self._park(event, "conflict", message)
        return True

    async def _park(self, event: OutboxEvent, reason: str, message: str) -> None:
        logger.error(
            "event parked as undeliverable event_id=%s seq=%d topic=%s reason=%s error=%s",
            event.event_id,
            event.seq,
            event.topic,
            reason,
            message,
        )
        document = {
            **self.identity.scope(),
            "terminal_id": event.terminal_id,
            "event_id": event.event_id,
            "seq": event.seq,
            "topic": event.topic,
            "reason": reason,
            "error": message[:1000],
            "payload_json": json.dumps(event.payload, ensure_ascii=False, default=str),
            "parked_at": utc_now(),
        }
        await self.database[UNDELIVERABLE].update_one(
            {"_id": event.event_id}, {"$setOnInsert": document}, upsert=True
        )


class OutboxRelay:
    """Drains the outbox to the store tier until cancelled."""

    def __init__(
        self,
        db: Database,
        database: AsyncDatabase[dict[str, Any]],
        identity: StoreIdentity,
        *,
        batch_size: int,
        prepare: Callable[[], Awaitable[None]] | None = None,
        on_change: Callable[[], Awaitable[None]] | None = None,
        backoff: Backoff | None = None,
        poll_interval: float = POLL_INTERVAL,
        recheck_interval: float = RECHECK_INTERVAL,
    ) -> None:
        self.outbox = OutboxRepository(db)
        self.state = SyncStateRepository(db)
        self.writer = EventWriter(database, identity)
        self.batch_size = batch_size
        self.prepare = prepare
        self.on_change = on_change
        self.backoff = backoff or Backoff()
        self.poll_interval = poll_interval
        self.recheck_interval = recheck_interval
        self.status = RelayStatus()
        self._wake = asyncio.Event()
        self._seen_seq = -1
        self._head_seq: int | None = None

    def wake(self) -> None:
        """Start a delivery attempt now, cutting short a back-off wait."""
        self._wake.set()

    async def run(self) -> None:
        from pymongo.errors import PyMongoError

        logger.info("outbox relay started destination=%s batch_size=%d", DESTINATION, self.batch_size)
        try:
            while True:
                try:
                    await self.drain()
                except PyMongoError as error:
                    await self._after_failure(str(error))
                    continue
                except asyncio.CancelledError:
                    raise
                except Exception as error:  # the relay must outlive any single bad batch
                    logger.exception("outbox relay failed; retrying after back-off")
                    await self._after_failure(f"{type(error).__name__}: {error}")
                    continue
                await self._wait_for_work()
        finally:
            logger.info("outbox relay stopped delivered=%d", self.status.delivered)

    async def drain(self) -> int:
        """Deliver every pending event; return how many were delivered.

        Raises PyMongoError on the first failure; events delivered before it stay marked.
        """
        self._seen_seq = await asyncio.to_thread(self.state.last_outbox_seq)
        if self.prepare is not None:
            await self.prepare()
        delivered = 0
        while True:
            rows = await asyncio.to_thread(self.outbox.pending, DESTINATION, self.batch_size)
            if not rows:
                break
            events = [OutboxEvent.from_row(row) for row in rows]
            self._head_seq = events[0].seq
            for collection, run in groupby(events, key=lambda event: collection_for(event.topic)):
                batch = list(run)
                parked = await self.writer.write(collection, batch)
                await asyncio.to_thread(self.outbox.mark_delivered, DESTINATION, [e.seq for e in batch])
                delivered += len(batch)
                self.status.delivered += len(batch)
                self.status.parked += parked
                self.status.last_delivered_at = utc_now()
        await self._after_success(delivered)
        return delivered

    async def _after_success(self, delivered: int) -> None:
        recovered = self.status.consecutive_failures > 0 or self.status.connected is not True
        if self.status.consecutive_failures > 0:
            logger.info(
                "store tier reachable again after %d failed attempts delivered=%d",
                self.status.consecutive_failures,
                delivered,
            )
        elif delivered:
            logger.debug("outbox events delivered count=%d", delivered)
        self.backoff.reset()
        self.status.connected = True
        self.status.last_success_at = utc_now()
        self.status.consecutive_failures = 0
        self.status.next_attempt_at = None
        self._head_seq = None
        if (recovered or delivered) and self.on_change is not None:
            await self.on_change()

    async def _after_failure(self, message: str) -> None:
        delay = self.backoff.next_delay()
        now = utc_now()
        self.status.connected = False
        self.status.last_error = message
        self.status.last_error_at = now
        self.status.consecutive_failures += 1
        self.status.next_attempt_at = now + timedelta(seconds=delay)
        failures = self.status.consecutive_failures
        if failures == 1 or failures % LOG_EVERY_FAILURES == 0:
            logger.warning(
                "store tier delivery failed attempt=%d retry_in_s=%.1f error=%s", failures, delay, message
            )
        if self._head_seq is not None:
            await asyncio.to_thread(
                self.outbox.mark_failed,
                DESTINATION,
                self._head_seq,
                message,
                self.status.next_attempt_at.isoformat(timespec="microseconds"),
            )
        if self.on_change is not None:
            await self.on_change()
        await self._sleep(delay)

    async def _sleep(self, seconds: float) -> None:
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)

    async def _wait_for_work(self) -> None:
        """Return when a new event was queued, wake() was called, or a recheck is due."""
        recheck_at = time.monotonic() + self.recheck_interval
        self._wake.clear()
        while time.monotonic() < recheck_at:
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_interval)
                return
            except TimeoutError:
                pass
            if await asyncio.to_thread(self.state.last_outbox_seq) != self._seen_seq:
                return
