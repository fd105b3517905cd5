"""Outbox events as CloudEvents 1.0 envelopes, and the Dapr topic of each outbox topic.

The relay publishes the whole envelope with the content type
``application/cloudevents+json``, so daprd keeps our ``id`` (the outbox event id) instead of
making up its own, and receivers can deduplicate on it. daprd adds its own tracing, topic and
pub/sub attributes to the envelope.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backend.settings import DaprSettings

CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json"
EVENT_TYPE_PREFIX = "jp.openregi."

# Outbox topics written by the sale service and the terminal lifecycle. The lifecycle
# queues open, close and Z report records under "open_close".
OUTBOX_TRANSACTION = "transaction"
OUTBOX_CASH = "cash"
OUTBOX_OPEN_CLOSE = "open_close"


@dataclass(frozen=True, slots=True)
class TopicMap:
    """The Dapr topic for each outbox topic; an outbox topic missing here is not published."""

    topics: Mapping[str, str]

    @classmethod
    def from_settings(cls, settings: DaprSettings) -> TopicMap:
        return cls(
            {
                OUTBOX_TRANSACTION: settings.topic_transactions,
                OUTBOX_CASH: settings.topic_cash,
                OUTBOX_OPEN_CLOSE: settings.topic_open_close,
            }
        )

    def dapr_topic(self, outbox_topic: str) -> str | None:
        return self.topics.get(outbox_topic)


def event_type(outbox_topic: str) -> str:
    """Return the CloudEvent type of an outbox topic, e.g. ``jp.openregi.transaction``."""
    return EVENT_TYPE_PREFIX + outbox_topic.replace("_", "-")


def build_envelope(event: Mapping[str, Any], store_code: str) -> dict[str, Any]:
    """Build the CloudEvent for one outbox row (as returned by ``OutboxRepository.pending``).

    ``sequence`` is the CloudEvents sequence extension: the outbox sequence number, which
    increases with every event of the terminal.
    """
    return {
        "specversion": "1.0",
        "id": event["event_id"],
        "source": f"openregi/{store_code}/{event['terminal_id']}",
        "type": event_type(str(event["topic"])),
        "subject": str(event["terminal_id"]),
        "time": event["created_at"],
        "datacontenttype": "application/json",
        "sequence": str(event["seq"]),
        "data": event["payload"],
    }


def encode_envelope(envelope: Mapping[str, Any]) -> bytes:
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
