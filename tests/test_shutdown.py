"""Bounded shutdown of background tasks and clients."""

import asyncio
import logging
import time

import pytest

from backend.shutdown import cancel_tasks, close_within


async def _ignores_cancellation() -> None:
    while True:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            continue


async def _finishes() -> None:
    await asyncio.sleep(10)


def test_stuck_task_left_after_timeout(caplog: pytest.LogCaptureFixture):
    async def scenario() -> tuple[float, bool, bool]:
        stuck = asyncio.create_task(_ignores_cancellation(), name="stuck-relay")
        normal = asyncio.create_task(_finishes(), name="normal")
        await asyncio.sleep(0)
        started = time.monotonic()
        await cancel_tasks([stuck, normal], "store tier", timeout=0.2)
        elapsed = time.monotonic() - started
        result = (elapsed, stuck.done(), normal.cancelled())
        stuck.get_coro().close()  # end the task that ignores cancellation
        return result

    with caplog.at_level(logging.WARNING, logger="backend.shutdown"):
        elapsed, stuck_done, normal_cancelled = asyncio.run(scenario())
    assert elapsed < 2
    assert not stuck_done
    assert normal_cancelled
    assert "store tier task did not stop within 0 s task=stuck-relay" in caplog.text


def test_hanging_close_given_up(caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.WARNING, logger="backend.shutdown"):
        asyncio.run(close_within(asyncio.sleep(10), "MongoDB", timeout=0.1))
    assert "MongoDB client did not close within 0 s" in caplog.text
