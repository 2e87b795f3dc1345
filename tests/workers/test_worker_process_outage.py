"""The real worker process (`python -m workers`) rides out a Redis restart and delivers later."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from app.identity import service as identity
from app.kit import audit
from app.kit.embedded import EmbeddedRedis
from app.kit.tables import OutboxJob, OutboxStatus
from app.messaging.tables import InboxMessage
from tests.support.processes import wait_for

ROOT = Path(__file__).resolve().parents[2]


async def test_worker_process_survives_a_redis_restart() -> None:
    with tempfile.TemporaryDirectory(prefix="affilio-w-", dir="/tmp") as folder:
        redis_server = EmbeddedRedis(Path(folder))
        redis_server.start()
        env = {**os.environ, "REDIS_URL": redis_server.url, "LOG_FORMAT": "json"}
        log_path = Path(folder) / "worker.log"
        with log_path.open("wb") as log:
            worker = subprocess.Popen(
                [sys.executable, "-m", "workers"], cwd=ROOT, env=env, stdout=log, stderr=log
            )
        try:
            first = await identity.create_person(
                identity.NewPerson("85073003328", "Anna", "Claes"), actor=audit.SYSTEM
            )

            async def first_delivered() -> bool:
                return await InboxMessage.exists().where(InboxMessage.person == first)

            assert await wait_for(first_delivered, 45), log_path.read_text()

            redis_server.stop()
            second = await identity.create_person(
                identity.NewPerson("90021512469", "Bram", "Wouters"), actor=audit.SYSTEM
            )
            await asyncio.sleep(2)  # the worker notices the outage; the row waits in PostgreSQL
            assert not await InboxMessage.exists().where(InboxMessage.person == second)
            assert worker.poll() is None, "the worker process must not die with Redis"

            redis_server.start()

            async def second_delivered() -> bool:
                return await InboxMessage.exists().where(InboxMessage.person == second)

            assert await wait_for(second_delivered, 45), log_path.read_text()
            statuses = {row["status"] for row in await OutboxJob.select(OutboxJob.status)}
            assert statuses == {OutboxStatus.DONE.value}
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
            redis_server.stop()
        assert worker.returncode == 0
