"""`python -m workers`: one arq worker that survives Redis outages.

arq's own loop stops at the first lost connection; here the worker is rebuilt with a growing
pause until Redis is back, so a Redis restart delays work and loses none (the outbox keeps it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from arq.connections import ArqRedis
from arq.worker import Worker

from app.kit import db
from app.kit.logging import configure_logging
from app.kit.settings import get_settings
from workers.outbox_relay import run_relay
from workers.settings import worker_options

log = logging.getLogger("affilio.worker")


async def serve() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    options = worker_options()
    await db.start_pool(max_size=5)
    # The relay has its own connection: it keeps offering jobs while the worker restarts.
    relay_redis = ArqRedis.from_url(get_settings().redis_url or "", socket_timeout=2.0)
    relay = asyncio.create_task(run_relay(relay_redis, stop, queue_name=options["queue_name"]))
    try:
        await _work(stop)
    finally:
        stop.set()
        with contextlib.suppress(BaseException):
            await asyncio.wait_for(relay, timeout=5)
        with contextlib.suppress(Exception):
            await relay_redis.aclose()
        await db.close_pool()


async def _work(stop: asyncio.Event) -> None:
    pause = 1.0
    while not stop.is_set():
        worker = Worker(**worker_options(), handle_signals=False)
        main = asyncio.create_task(worker.main())
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({main, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper in done:
            main.cancel()
            with contextlib.suppress(BaseException):
                await main
            await _close(worker)
            break
        stopper.cancel()
        error = main.exception()
        log.warning("worker stopped (%r); restarting in %.0f s", error, pause)
        await _close(worker)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=pause)
        pause = min(pause * 2, 30.0)
        if error is None:
            pause = 1.0


async def _close(worker: Worker) -> None:
    """Close a worker whose Redis may be gone, without dying of it.

    arq's close() gathers the jobs still running; when Redis vanished under them they end
    cancelled, and that CancelledError (a BaseException) escaped and killed the process.
    Only a cancellation of this task itself is passed on.
    """
    try:
        await asyncio.wait_for(worker.close(), timeout=10)
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise
        log.warning("worker closed with jobs cancelled; the outbox offers them again")
    except Exception as error:  # a dead connection must not end the worker
        log.warning("worker closed with an error (%r)", error)


def main() -> None:
    configure_logging(json=get_settings().log_json)
    asyncio.run(serve())


if __name__ == "__main__":
    main()
