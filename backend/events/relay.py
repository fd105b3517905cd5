"""The Dapr outbox relay: outbox events published to pub/sub topics in order per terminal.

The relay reads undelivered events for the destination ``"dapr"`` oldest first. The events
of one terminal are published one at a time, each only after the sidecar acknowledged the
one before, and a terminal's run stops at its first failure. So the broker never gets a
later event of a terminal before it has accepted every earlier one. Whether the
broker also hands them to subscribers in that order depends on the pub/sub component (see
docs/dapr.md).

Events are marked delivered after the sidecar acknowledged them. A crash between the
acknowledgement and the mark publishes them again with the same CloudEvent id, so a receiver
that deduplicates on the id applies each event once.

While the sidecar or the broker is down the relay waits with capped exponential back-off
and jitter, and the terminal keeps selling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from backend.backoff import Backoff
from backend.events.cloudevents import CLOUDEVENTS_CONTENT_TYPE, TopicMap, build_envelope, encode_envelope
from backend.events.sidecar import Sidecar, SidecarUnavailableError
from backend.storage.sales import OutboxRepository

logger = logging.getLogger(__name__)

DESTINATION = "dapr"
BATCH_SIZE = 200
POLL_INTERVAL_SECONDS = 1.0
# While nothing is pending, the sidecar is probed this often so the status stays current.
IDLE_PROBE_SECONDS = 10.0
PUBLISH_TIMEOUT_SECONDS = 10.0
# Failures are logged at WARNING the first time and then once every this many attempts.
LOG_EVERY_FAILURES = 10


class PublishError(RuntimeError):
    """The sidecar did not accept an event; ``seq`` is the outbox sequence number."""

    def __init__(self, seq: int, message: str) -> None:
        super().__init__(message)
        self.seq = seq


@dataclass
class RelayCounters:
    delivered: int = 0
    skipped: int = 0
    failures: int = 0
    consecutive_failures: int = 0
    last_error: str | None = None
    last_delivered_at: datetime | None = None
    next_attempt_at: datetime | None = None
    # Events per second of the last drain that delivered at least 50 events.
    last_rate: float | None = None


class DaprOutboxRelay:
    """Drains the outbox to Dapr pub/sub until stopped."""

    def __init__(
        self,
        outbox: OutboxRepository,
        sidecar: Sidecar,
        pubsub_name: str,
        topics: TopicMap,
        store_code: str,
        *,
        batch_size: int = BATCH_SIZE,
        backoff: Backoff | None = None,
        poll_interval: float = POLL_INTERVAL_SECONDS,
    ) -> None:
        self.outbox = outbox
        self.sidecar = sidecar
        self.pubsub_name = pubsub_name
        self.topics = topics
        self.store_code = store_code
        self.batch_size = batch_size
        self.backoff = backoff or Backoff(initial=0.25, maximum=10.0)
        self.poll_interval = poll_interval
        self.counters = RelayCounters()
        # New outbox events end a poll wait. Only retry_now() also ends a back-off wait, so a
        # busy register does not hammer a sidecar that is down.
        self._work = asyncio.Event()
        self._retry = asyncio.Event()
        self._warned_topics: set[str] = set()

    def wake(self) -> None:
        """Tell the relay that new events may be pending."""
        self._work.set()

    def retry_now(self) -> None:
        """Start a delivery attempt now, cutting short a back-off wait."""
        self._retry.set()
        self._work.set()

    async def run(self) -> None:
        logger.info(
            "Dapr outbox relay started pubsub=%s sidecar=%s",
            self.pubsub_name,
            self.sidecar.address.http_endpoint,
        )
        last_probe = 0.0
        try:
            while True:
                try:
                    delivered = await self.drain()
                except (SidecarUnavailableError, PublishError) as error:
                    await self._after_failure(error)
                    continue
                except asyncio.CancelledError:
                    raise
                except Exception as error:  # the relay must outlive any single bad batch
                    logger.exception("Dapr outbox relay failed; retrying after back-off")
                    await self._after_failure(error)
                    continue
                if delivered:
                    last_probe = time.monotonic()
                elif time.monotonic() - last_probe >= IDLE_PROBE_SECONDS:
                    await self.sidecar.probe()
                    last_probe = time.monotonic()
                await self._wait(self._work, self.poll_interval)
        finally:
            logger.info("Dapr outbox relay stopped delivered=%d", self.counters.delivered)

    async def drain(self) -> int:
        """Publish every pending event; return how many were published.

        Raises SidecarUnavailableError or PublishError on the first failure; events
        published before it stay marked delivered.
        """
        delivered = 0
        started = time.perf_counter()
        while True:
            rows = await asyncio.to_thread(self.outbox.pending, DESTINATION, self.batch_size)
            if not rows:
                break
            client = await self.sidecar.client()
            by_terminal: dict[str, list[dict[str, Any]]] = {}
            for row in rows:
                by_terminal.setdefault(str(row["terminal_id"]), []).append(row)
            results = await asyncio.gather(
                *(self._publish_run(client, run) for run in by_terminal.values()),
                return_exceptions=True,
            )
            failure: BaseException | None = None
            for result in results:
                if isinstance(result, BaseException):
                    failure = failure or result
                else:
                    delivered += result
            if failure is not None:
                self._record_rate(delivered, started)
                raise failure
        self._record_rate(delivered, started)
        if delivered:
            self._after_success(delivered)
        return delivered

    async def _publish_run(self, client: Any, events: Sequence[dict[str, Any]]) -> int:
        """Publish one terminal's events in order; mark the published ones delivered."""
        published: list[int] = []
        skipped: list[int] = []
        try:
            for event in events:
                topic = self.topics.dapr_topic(str(event["topic"]))
                if topic is None:
                    self._warn_unmapped(str(event["topic"]))
                    skipped.append(int(event["seq"]))
                    continue
                await self._publish(client, topic, event)
                published.append(int(event["seq"]))
        finally:
            done = published + skipped
            if done:
                await asyncio.to_thread(self.outbox.mark_delivered, DESTINATION, sorted(done))
                self.counters.delivered += len(published)
                self.counters.skipped += len(skipped)
                if published:
                    self.counters.last_delivered_at = datetime.now(UTC)
        return len(published)

    async def _publish(self, client: Any, topic: str, event: dict[str, Any]) -> None:
        import grpc
        from dapr.clients.exceptions import DaprGrpcError, DaprInternalError

        envelope = build_envelope(event, self.store_code)
        try:
            await asyncio.wait_for(
                client.publish_event(
                    pubsub_name=self.pubsub_name,
                    topic_name=topic,
                    data=encode_envelope(envelope),
                    data_content_type=CLOUDEVENTS_CONTENT_TYPE,
                    # Kafka keys the message with it, so one terminal's events share a partition.
                    publish_metadata={"partitionKey": str(event["terminal_id"])},
                ),
                timeout=PUBLISH_TIMEOUT_SECONDS,
            )
        except DaprGrpcError as error:
            message = f"publish to {topic} failed: {error.code()}: {error.details()}"
            # Other codes come from a sidecar that responded: the broker or the component
            # failed, and the sidecar itself stays available.
            if error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                await self.sidecar.lost(message)
            raise PublishError(int(event["seq"]), message) from error
        except (DaprInternalError, TimeoutError) as error:
            message = f"publish to {topic} failed: {type(error).__name__}: {error}"
            await self.sidecar.lost(message)
            raise PublishError(int(event["seq"]), message) from error

    def _warn_unmapped(self, outbox_topic: str) -> None:
        if outbox_topic not in self._warned_topics:
            self._warned_topics.add(outbox_topic)
            logger.warning(
                "outbox topic %r has no Dapr topic; its events are marked done without publishing",
                outbox_topic,
            )

    def _record_rate(self, delivered: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        if delivered >= 50 and elapsed > 0:
            self.counters.last_rate = delivered / elapsed

    def _after_success(self, delivered: int) -> None:
        if self.counters.consecutive_failures:
            logger.info(
                "Dapr publishing recovered after %d failed attempts delivered=%d",
                self.counters.consecutive_failures,
                delivered,
            )
        self.sidecar.mark_available()
        self.backoff.reset()
        self.counters.consecutive_failures = 0
        self.counters.next_attempt_at = None

    async def _after_failure(self, error: BaseException) -> None:
        delay = self.backoff.next_delay()
        now = datetime.now(UTC)
        message = str(error) or type(error).__name__
        self.counters.failures += 1
        self.counters.consecutive_failures += 1
        self.counters.last_error = message
        self.counters.next_attempt_at = now + timedelta(seconds=delay)
        failures = self.counters.consecutive_failures
        if failures == 1 or failures % LOG_EVERY_FAILURES == 0:
            logger.warning(
                "Dapr publishing failed attempt=%d retry_in_s=%.1f error=%s", failures, delay, message
            )
        if isinstance(error, PublishError):
            await asyncio.to_thread(
                self.outbox.mark_failed,
                DESTINATION,
                error.seq,
                message,
                self.counters.next_attempt_at.isoformat(timespec="microseconds"),
            )
        await self._wait(self._retry, delay)

    @staticmethod
    async def _wait(event: asyncio.Event, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=seconds)
        event.clear()

    def status(self) -> dict[str, Any]:
        counters = self.counters
        last_delivered_at = counters.last_delivered_at
        return {
            "publishing": "failing" if counters.consecutive_failures else "ok",
            "pending": self.outbox.pending_count(DESTINATION),
            "delivered": counters.delivered,
            "skipped": counters.skipped,
            "failures": counters.failures,
            "consecutive_failures": counters.consecutive_failures,
            "last_error": counters.last_error,
            "last_delivered_at": last_delivered_at.isoformat() if last_delivered_at else None,
            "next_attempt_at": counters.next_attempt_at.isoformat() if counters.next_attempt_at else None,
            "last_events_per_second": round(counters.last_rate, 1) if counters.last_rate else None,
        }
