"""Closing a worker whose jobs died with Redis must not end the worker process."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest
from arq.worker import Worker

from workers.__main__ import _close


class _WorkerWithCancelledJob:
    """Like arq's Worker.close(): it gathers job tasks, one of which ended cancelled."""

    def __init__(self) -> None:
        self.closed = False

    async def close(self) -> None:
        job = asyncio.create_task(asyncio.sleep(60))
        await asyncio.sleep(0)
        job.cancel()
        await asyncio.gather(job)
        self.closed = True


async def test_a_job_cancelled_under_close_does_not_escape() -> None:
    worker = _WorkerWithCancelledJob()
    await _close(cast(Worker, worker))  # before the fix: CancelledError, the process died
    assert worker.closed is False  # close() did raise; _close absorbed it


async def test_a_cancellation_of_the_worker_itself_still_stops_it() -> None:
    started = asyncio.Event()

    class _Slow:
        async def close(self) -> None:
            started.set()
            await asyncio.sleep(60)

    task: asyncio.Task[Any] = asyncio.create_task(_close(cast(Worker, _Slow())))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
