"""Bounded shutdown of background tasks and clients, shared by the store tier and Dapr.

A register that is being closed must not hang on a task that ignores its cancellation, or
on a client whose close waits for a server. Each wait here has a time limit. What did not
finish in time is logged and left behind.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Sequence

logger = logging.getLogger(__name__)

STOP_TIMEOUT_S = 5.0


async def cancel_tasks(
    tasks: Sequence[asyncio.Task[None]], part: str, timeout: float = STOP_TIMEOUT_S
) -> None:
    """Cancel ``tasks`` and wait up to ``timeout`` seconds for them to end."""
    for task in tasks:
        task.cancel()
    if not tasks:
        return
    _, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        logger.warning("%s task did not stop within %.0f s task=%s", part, timeout, task.get_name())


async def close_within(closing: Awaitable[object], part: str, timeout: float = STOP_TIMEOUT_S) -> None:
    """Wait up to ``timeout`` seconds for a client's close, then give up with a warning."""
    try:
        await asyncio.wait_for(closing, timeout=timeout)
    except TimeoutError:
        logger.warning("%s client did not close within %.0f s", part, timeout)
