"""Store-tier documents built from outbox events, and the collections they go to.

A log document is the event's payload with the envelope fields added at the top level, so
aggregation pipelines can reach payload fields such as ``total`` or ``lines`` directly:

``_id`` and ``event_id``
    the outbox event id, which makes a repeated delivery an idempotent upsert
``schema_version``
    the layout of this store-tier document (:data:`SCHEMA_VERSION`); the payload's own
    ``schema_version``, when it has one, is kept as ``document_schema_version``
``tenant``, ``store_code``, ``terminal_id``
    the origin of the event, from the terminal's settings
``topic``, ``seq``
    the outbox topic, and the terminal's outbox sequence number, which orders the events of
    one terminal
``enqueued_at``, ``relayed_at``
    the time the event was queued (ISO 8601 text), and the time of the delivery attempt
    that stored the document
``sales_hour``
    transactions only: the hour (0 to 23, store time) of ``completed_at``, so sales by hour
    need no date operators, which not every MongoDB-compatible server supports
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1

TOPIC_TRANSACTION = "transaction"
TRANSACTIONS = "transactions"
Z_REPORTS = "z_reports"
OPEN_CLOSE = "open_close"
# Topics without a collection of their own go to this one, with their topic field set.
OTHER_EVENTS = "events"
# Events that the server rejects for good, such as a conflicting transaction number. They
# are kept here with the payload as JSON text, so nothing is lost and the outbox moves on.
UNDELIVERABLE = "undeliverable_events"

TOPIC_COLLECTIONS: dict[str, str] = {
    TOPIC_TRANSACTION: TRANSACTIONS,
    "cash": "cash_movements",
    "open_close": OPEN_CLOSE,
    "x_report": "x_reports",
    "z_report": Z_REPORTS,
}

LOG_COLLECTIONS: tuple[str, ...] = (*dict.fromkeys(TOPIC_COLLECTIONS.values()), OTHER_EVENTS)


@dataclass(frozen=True, slots=True)
class StoreIdentity:
    """The tenant, store and terminal under which a terminal's documents are stored."""

    tenant: str
    store_code: str
    terminal_id: str

    def scope(self) -> dict[str, str]:
        """Return the filter that selects this store's documents."""
        return {"tenant": self.tenant, "store_code": self.store_code}


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    seq: int
    event_id: str
    terminal_id: str
    topic: str
    payload: Mapping[str, Any]
    created_at: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> OutboxEvent:
        """Build an event from a row of OutboxRepository.pending()."""
        return cls(
            seq=int(row["seq"]),
            event_id=str(row["event_id"]),
            terminal_id=str(row["terminal_id"]),
            topic=str(row["topic"]),
            payload=row["payload"],
            created_at=str(row["created_at"]),
        )


def collection_for(topic: str) -> str:
    return TOPIC_COLLECTIONS.get(topic, OTHER_EVENTS)


def sales_hour(completed_at: object) -> int | None:
    """Return the hour of an ISO 8601 time as written (store time), or None if unreadable."""
    if not isinstance(completed_at, str):
        return None
    try:
        return datetime.fromisoformat(completed_at).hour
    except ValueError:
        return None


def store_document(event: OutboxEvent, identity: StoreIdentity, relayed_at: datetime) -> dict[str, Any]:
    """Build the store-tier document of one outbox event, ``_id`` included."""
    payload = dict(event.payload)
    document: dict[str, Any] = dict(payload)
    if "schema_version" in payload:
        document["document_schema_version"] = payload["schema_version"]
    payload_store = payload.get("store_code")
    if payload_store is not None and payload_store != identity.store_code:
        # The envelope wins, because reports select by the configured store code.
        document["payload_store_code"] = payload_store
    document.update(
        {
            "_id": event.event_id,
            "event_id": event.event_id,
            "schema_version": SCHEMA_VERSION,
            "tenant": identity.tenant,
            "store_code": identity.store_code,
            "terminal_id": event.terminal_id,
            "topic": event.topic,
            "seq": event.seq,
            "enqueued_at": event.created_at,
            "relayed_at": relayed_at,
        }
    )
    if event.topic == TOPIC_TRANSACTION:
        document["sales_hour"] = sales_hour(payload.get("completed_at"))
    return document
