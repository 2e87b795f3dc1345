"""A worker SIGKILLed mid-job does not lose the job nor do it twice: after a new worker starts,
the request is acknowledged exactly once (one receipt, one e-mail).

The test holds a lock on the request row, so the first worker's acknowledge job blocks inside
its transaction (no test hook in the worker: the job meets a busy row, as under real load). The
worker is killed there; nothing of its transaction commits, so arq re-runs the job once its
in-progress key expires (job timeout + 10 s).
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import redis.asyncio as aioredis

from app.kit import db
from app.kit.embedded import EmbeddedRedis
from app.kit.tables import MailMessage, OutboxJob, OutboxStatus
from app.messaging.tables import InboxMessage
from app.requests import service
from app.requests.tables import Request
from tests.support.actors import affiliate, make_person, make_staff
from tests.support.processes import SHORT_JOB_TIMEOUT, start_worker, stop, wait_for, worker_env

RECOVERY_SECONDS = int(SHORT_JOB_TIMEOUT) + 10


async def test_a_job_killed_mid_way_runs_again_once(report: Callable[[str], None]) -> None:
    await make_staff()
    person = await make_person(email="anna@example.be")
    with tempfile.TemporaryDirectory(prefix="affilio-k-", dir="/tmp") as folder:
        redis_server = EmbeddedRedis(Path(folder))
        redis_server.start()
        log = Path(folder) / "worker.log"
        env = worker_env(redis_server.url, SHORT_JOB_TIMEOUT)
        slow: subprocess.Popen[bytes] | None = None
        fresh: subprocess.Popen[bytes] | None = None
        client = aioredis.Redis.from_url(redis_server.url)
        try:
            submitted = await service.submit_request(
                affiliate(person), person_id=person, kind="general_question",
                answers={"subject": "S", "question": "Q"}, idempotency_key="kill",
            )  # fmt: skip
            job = await OutboxJob.select().where(OutboxJob.name == "requests.acknowledge").first()

            async def running() -> bool:
                return bool(await client.exists(f"arq:in-progress:{job['id']}"))

            async with db.transaction():
                await Request.raw("SELECT id FROM request WHERE id = {} FOR UPDATE", submitted.id)
                slow = start_worker(env, log)
                assert await wait_for(running, 20), log.read_text()
                await asyncio.sleep(1)  # the job now waits for the row this test holds
                slow.send_signal(signal.SIGKILL)
                slow.wait(timeout=10)
            status = await Request.select(Request.status).where(Request.id == submitted.id).first()
            assert status["status"] == "submitted"  # nothing of the killed job committed

            fresh = start_worker(env, log)

            async def acknowledged() -> bool:
                row = await OutboxJob.select(OutboxJob.status).where(OutboxJob.id == job["id"])
                return row[0]["status"] == OutboxStatus.DONE.value

            assert await wait_for(acknowledged, RECOVERY_SECONDS + 20), log.read_text()
            await asyncio.sleep(1)  # a duplicate, if any, would land now
        finally:
            stop(slow, fresh)
            await client.aclose()
            redis_server.stop()
    row = await Request.select().where(Request.id == submitted.id).first()
    assert row["status"] == "received"
    receipts = await InboxMessage.select().where(InboxMessage.kind == "receipt")
    assert len(receipts) == 1
    # One receipt e-mail: still queued (its job carries the payload) or sent (a stored copy;
    # a done job keeps no payload).
    queued = [
        r for r in await OutboxJob.select().where(OutboxJob.name == "mail.send")
        if "request_received" in json.dumps(r["payload"])
    ]  # fmt: skip
    sent = await MailMessage.select().where(MailMessage.template == "request_received")
    assert len(queued) + len(sent) == 1
    report(
        f"worker SIGKILLed inside the acknowledge job; a new worker re-ran it: request "
        f"{row['status']}, {len(receipts)} receipt, {len(queued) + len(sent)} e-mail"
    )
