"""Redis is only the carrier: stopped for 30 s, or wiped, while 100 requests are filed, every
request still reaches staff exactly once (acknowledged, one receipt, one e-mail each).

Requests are filed through the service, as the web process files them: the business row and its
outbox row commit to PostgreSQL whatever Redis does. A real worker process (`python -m workers`)
delivers them; the short job timeout makes the relay re-offer what Redis forgot within seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from pathlib import Path

import redis.asyncio as aioredis

from app.kit.tables import MailMessage, OutboxJob, OutboxStatus
from app.messaging.tables import InboxMessage
from app.requests import service
from app.requests.tables import Request
from tests.support.actors import affiliate, make_person, make_staff
from tests.support.processes import wait_for, worker_rig

TOTAL = 100
PEOPLE = 10


async def _people() -> list[uuid.UUID]:
    await make_staff()
    return [await make_person(email=f"p{i}@example.be") for i in range(PEOPLE)]


async def _file(people: list[uuid.UUID], numbers: range) -> None:
    for n in numbers:
        person = people[n % PEOPLE]
        await service.submit_request(
            affiliate(person), person_id=person, kind="general_question",
            answers={"subject": f"Question {n}", "question": "Q"}, idempotency_key=f"batch-{n}",
        )  # fmt: skip


async def _acknowledged() -> int:
    return await Request.count().where(Request.status == "received")


async def _outcome() -> dict[str, int]:
    requests = await Request.select(Request.id, Request.status)
    receipts = await InboxMessage.select(InboxMessage.dedupe_key).where(
        InboxMessage.kind == "receipt"
    )
    mails = await MailMessage.count().where(MailMessage.template == "request_received")
    unsent = await OutboxJob.count().where(OutboxJob.status != OutboxStatus.DONE.value)
    return {
        "requests": len(requests),
        "received": sum(1 for r in requests if r["status"] == "received"),
        "receipts": len(receipts),
        "distinct receipts": len({r["dedupe_key"] for r in receipts}),
        "e-mails": mails,
        "jobs not done": unsent,
    }


async def _all_delivered() -> bool:
    outcome = await _outcome()
    return outcome["received"] == TOTAL and outcome["jobs not done"] == 0


EXPECTED = {
    "requests": TOTAL,
    "received": TOTAL,
    "receipts": TOTAL,
    "distinct receipts": TOTAL,
    "e-mails": TOTAL,
    "jobs not done": 0,
}


async def test_redis_stopped_30_seconds_during_100_submissions(
    report: Callable[[str], None],
) -> None:
    people = await _people()
    with worker_rig("affilio-r-") as rig:
        redis_server, worker, log = rig.redis, rig.worker, rig.log
        await _file(people, range(0, 30))
        assert await wait_for(lambda: _some_acknowledged(1), 30), log.read_text()
        before = await _acknowledged()
        redis_server.stop()
        loop = asyncio.get_running_loop()
        down_at = loop.time()
        for n in range(30, TOTAL):  # 70 requests spread over the 30 s outage
            await asyncio.sleep(max(0.0, down_at + (n - 30) * 0.4 - loop.time()))
            await _file(people, range(n, n + 1))
        await asyncio.sleep(max(0.0, 30 - (loop.time() - down_at)))
        during = await _acknowledged()
        redis_server.start()
        assert worker.poll() is None, "the worker must not die with Redis"
        assert await wait_for(_all_delivered, 90), await _diagnosis(log)
        await asyncio.sleep(2)  # a duplicate, if any, would land now
    outcome = await _outcome()
    report(
        f"Redis stopped {loop.time() - down_at:.0f} s while {TOTAL} requests were filed "
        f"({before} acknowledged before, {during} by the end of the outage): {outcome}"
    )
    assert outcome == EXPECTED


async def test_redis_wiped_mid_batch(report: Callable[[str], None]) -> None:
    people = await _people()
    with worker_rig("affilio-w-") as rig:
        redis_server, log, folder = rig.redis, rig.log, rig.folder
        await _file(people, range(0, 50))
        assert await wait_for(lambda: _some_acknowledged(5), 30), log.read_text()
        # Wipe while Redis holds work: SHUTDOWN NOSAVE, no dump left behind.
        client = aioredis.Redis.from_url(redis_server.url)
        queued = await client.zcard("affilio:queue")
        handed_over = await OutboxJob.count().where(OutboxJob.status == OutboxStatus.ENQUEUED.value)
        with contextlib.suppress(Exception):  # the server closes the connection on us
            await client.shutdown(nosave=True)
        await client.aclose()
        redis_server.stop()
        (folder / "redis" / "dump.rdb").unlink(missing_ok=True)
        wiped_with = await _acknowledged()
        redis_server.start()
        fresh = aioredis.Redis.from_url(redis_server.url)
        keys_after_restart = await fresh.dbsize()
        await fresh.aclose()
        await _file(people, range(50, TOTAL))
        assert await wait_for(_all_delivered, 90), await _diagnosis(log)
        await asyncio.sleep(2)
    outcome = await _outcome()
    report(
        f"Redis wiped after 50 of {TOTAL} requests ({wiped_with} acknowledged, {handed_over} "
        f"jobs handed to it, {queued} in its queue, {keys_after_restart} keys after the "
        f"restart): {outcome}"
    )
    assert handed_over > 0, "the wipe must lose jobs Redis held, or it tests nothing"
    assert keys_after_restart <= 1  # empty (at most the worker's health-check key)
    assert outcome == EXPECTED


async def _some_acknowledged(at_least: int) -> bool:
    return await _acknowledged() >= at_least


async def _diagnosis(log: Path) -> str:
    jobs = await OutboxJob.select(
        OutboxJob.name, OutboxJob.status, OutboxJob.attempts, OutboxJob.last_error
    ).where(OutboxJob.status != OutboxStatus.DONE.value)
    return f"{await _outcome()}\nnot done: {jobs[:10]}\n{log.read_text()[-3000:]}"
