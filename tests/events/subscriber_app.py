"""The subscriber app that plays head office, run in its own process by the tests.

daprd delivers every CloudEvent of the subscribed topics here. The app deduplicates on the
CloudEvent id, as a real receiver must, counts the duplicates it saw, and serves what it
received at GET /received for the test to check.

Usage: python -m tests.events.subscriber_app PORT PUBSUB TOPIC [TOPIC ...]
"""

from __future__ import annotations

import sys
import threading
from typing import Any

import uvicorn
from fastapi import FastAPI, Request


def build_app(pubsub: str, topics: list[str]) -> FastAPI:
    app = FastAPI()
    lock = threading.Lock()
    events: dict[str, list[dict[str, Any]]] = {topic: [] for topic in topics}
    seen: set[str] = set()
    duplicates: list[str] = []

    @app.get("/dapr/subscribe")
    def subscribe() -> list[dict[str, str]]:
        return [{"pubsubname": pubsub, "topic": topic, "route": f"/events/{topic}"} for topic in topics]

    @app.post("/events/{topic}")
    async def deliver(topic: str, request: Request) -> dict[str, str]:
        envelope = await request.json()
        with lock:
            if envelope["id"] in seen:
                duplicates.append(envelope["id"])
            else:
                seen.add(envelope["id"])
                events[topic].append(envelope)
        return {"status": "SUCCESS"}

    @app.get("/received")
    def received() -> dict[str, Any]:
        with lock:
            return {"events": events, "duplicates": duplicates}

    return app


def main(argv: list[str]) -> None:
    port, pubsub, *topics = argv
    uvicorn.run(build_app(pubsub, topics), host="127.0.0.1", port=int(port), log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1:])
