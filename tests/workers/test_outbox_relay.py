"""The outbox path end to end, against real PostgreSQL and a real Redis that we stop and restart."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from arq.connections import ArqRedis
from arq.worker import Worker

from app.identity import service as identity
from app.identity.tables import Person
from app.kit import audit, outbox
from app.kit.db import transaction
from app.kit.embedded import EmbeddedRedis
from app.kit.tables import OutboxJob, OutboxStatus
from app.messaging.tables import InboxMessage
from workers import jobs, runner
from workers.outbox_relay import relay_once
from workers.settings import redis_settings, worker_options


@pytest.fixture
def redis_server() -> Iterator[EmbeddedRedis]:
    with tempfile.TemporaryDirectory(prefix="affilio-o-", dir="/tmp") as folder:
        server = EmbeddedRedis(Path(folder))
        server.start()
        yield server
        server.stop()


@pytest.fixture
async def arq_redis(redis_server: EmbeddedRedis) -> AsyncIterator[ArqRedis]:
    client = ArqRedis.from_url(redis_server.url, socket_timeout=2.0)
    yield client
    await client.aclose()


@pytest.fixture
def queue_name() -> str:
    return f"affilio:test:{uuid.uuid4().hex[:8]}"


async def run_burst_worker(redis_server: EmbeddedRedis, queue_name: str) -> Worker:
    options = worker_options(queue_name=queue_name)
    options["redis_settings"] = redis_settings(redis_server.url)
    worker = Worker(**options, burst=True, poll_delay=0.05, handle_signals=False)
    try:
        await worker.main()
    finally:
        await worker.close()
    return worker


def new_person(national_number: str = "85073003328") -> identity.NewPerson:
    return identity.NewPerson(
        national_number=national_number, first_name="Lotte", last_name="Peeters", language="nl"
    )


async def test_enqueue_outside_a_transaction_is_refused() -> None:
    with pytest.raises(outbox.OutboxUsageError):
        await outbox.enqueue("messaging.send_welcome", person_id=uuid.uuid4())


async def test_job_row_exists_only_if_the_business_change_commits() -> None:
    with pytest.raises(RuntimeError):
        async with transaction():
            await Person.insert(
                Person(national_number="85073003328", first_name="A", last_name="B")
            )
            await outbox.enqueue("messaging.send_welcome", person_id=uuid.uuid4())
            raise RuntimeError("the business change fails")
    assert await OutboxJob.count() == 0
    assert await Person.count() == 0


async def test_welcome_message_delivered_end_to_end(
    redis_server: EmbeddedRedis, arq_redis: ArqRedis, queue_name: str
) -> None:
    person_id = await identity.create_person(new_person(), actor=audit.SYSTEM)
    row = await OutboxJob.select().first()
    assert row["status"] == OutboxStatus.PENDING.value and row["name"] == "messaging.send_welcome"

    assert await relay_once(arq_redis, queue_name=queue_name) == 1
    await run_burst_worker(redis_server, queue_name)

    row = await OutboxJob.select().where(OutboxJob.id == row["id"]).first()
    assert row["status"] == OutboxStatus.DONE.value
    messages = await InboxMessage.select().where(InboxMessage.person == person_id)
    assert len(messages) == 1
    assert messages[0]["subject"] == "Welkom bij uw sociaal verzekeringsfonds"  # her language


async def test_redis_outage_delays_the_job_but_loses_nothing(
    redis_server: EmbeddedRedis, arq_redis: ArqRedis, queue_name: str
) -> None:
    redis_server.stop()
    # The business change commits while Redis is down.
    person_id = await identity.create_person(new_person(), actor=audit.SYSTEM)
    with pytest.raises(Exception):  # noqa: B017 - any connection error: the relay loop logs it
        await relay_once(arq_redis, queue_name=queue_name)
    row = await OutboxJob.select().first()
    assert row["status"] == OutboxStatus.PENDING.value  # still owed, nothing lost

    redis_server.start()  # same socket path, empty queue
    assert await relay_once(arq_redis, queue_name=queue_name) == 1
    await run_burst_worker(redis_server, queue_name)
    assert await InboxMessage.count().where(InboxMessage.person == person_id) == 1
    assert (await OutboxJob.select().first())["status"] == OutboxStatus.DONE.value


async def test_jobs_lost_by_a_redis_restart_are_offered_again(
    redis_server: EmbeddedRedis, arq_redis: ArqRedis, queue_name: str
) -> None:
    person_id = await identity.create_person(new_person(), actor=audit.SYSTEM)
    assert await relay_once(arq_redis, queue_name=queue_name) == 1
    # Redis restarts and forgets its queue before any worker ran the job.
    await arq_redis.flushall()
    # Not yet stale: nothing is offered twice in the normal case.
    assert await relay_once(arq_redis, queue_name=queue_name) == 0
    await OutboxJob.update(
        {OutboxJob.enqueued_at: OutboxJob.enqueued_at - timedelta(minutes=5)}
    ).where(OutboxJob.status == OutboxStatus.ENQUEUED.value)
    assert await relay_once(arq_redis, queue_name=queue_name) == 1
    await run_burst_worker(redis_server, queue_name)
    assert await InboxMessage.count().where(InboxMessage.person == person_id) == 1


async def test_a_job_delivered_twice_has_its_effect_once(
    redis_server: EmbeddedRedis, arq_redis: ArqRedis, queue_name: str
) -> None:
    person_id = await identity.create_person(new_person(), actor=audit.SYSTEM)
    row = await OutboxJob.select().first()
    assert await runner.run_outbox_job({}, str(row["id"])) == "done"
    assert await runner.run_outbox_job({}, str(row["id"])) == "done"
    # Even a handler re-run outside the outbox (e.g. replayed by hand) adds no second message.
    from app.messaging.service import deliver_welcome

    assert await deliver_welcome(person_id) is False
    assert await InboxMessage.count().where(InboxMessage.person == person_id) == 1


async def test_failing_job_is_retried_with_backoff_then_visible_as_failed(
    redis_server: EmbeddedRedis,
    arq_redis: ArqRedis,
    queue_name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    async def always_fails(**payload: str) -> None:
        calls.append(payload["note"])
        raise ValueError("the mail server refused")

    monkeypatch.setitem(jobs.HANDLERS, "test.always_fails", always_fails)
    monkeypatch.setattr(runner, "backoff", lambda attempt: timedelta(milliseconds=50))
    async with transaction():
        await outbox.enqueue("test.always_fails", max_attempts=3, note="hello")
    assert await relay_once(arq_redis, queue_name=queue_name) == 1
    await run_burst_worker(redis_server, queue_name)

    row = await OutboxJob.select().first()
    assert calls == ["hello", "hello", "hello"]
    assert row["status"] == OutboxStatus.FAILED.value
    assert row["attempts"] == 3
    assert "the mail server refused" in row["last_error"]
    # A failed row is never offered again.
    assert await relay_once(arq_redis, queue_name=queue_name) == 0


async def test_backoff_grows_and_is_capped() -> None:
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3)] == [2, 4, 8]
    assert outbox.backoff(20) == timedelta(minutes=5)
