"""After an activation mail is sent and the link used, no usable token is kept anywhere: not in
any table of the database, not in the access log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from piccolo.conf.apps import Finder

from app.identity import service
from app.kit import clock, db, outbox
from app.kit.audit import SYSTEM
from app.kit.tables import MailMessage, OutboxJob, OutboxStatus
from tests.support.actors import make_person
from tests.support.passkey_client import authenticator, register
from workers.runner import run_outbox_job

pytestmark = pytest.mark.integration


async def tables_holding(text: str) -> list[str]:
    """Every table with a row whose text form contains `text`."""
    found = []
    for table in Finder().get_table_classes():
        name = table._meta.tablename
        rows = await db.fetch(
            f'SELECT 1 FROM "{name}" t WHERE t::text LIKE {{}} LIMIT 1', f"%{text}%"
        )
        if rows:
            found.append(name)
    return found


async def test_no_live_token_at_rest_after_activation(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.kit import middleware

    logged: list[dict[str, Any]] = []

    class Recorder:
        def info(self, event: str, **fields: Any) -> None:
            logged.append(fields)

    monkeypatch.setattr(middleware, "log", Recorder())
    person = await make_person(email="anna@example.be")
    url = await service.issue_activation_link("affiliate", person, actor=SYSTEM)
    token = url.rsplit("/", 1)[1]
    assert await tables_holding(token) == ["outbox_job"]  # queued, not yet sent

    [job] = await OutboxJob.select().where(OutboxJob.name == "mail.send")
    assert await run_outbox_job({}, str(job["id"])) == OutboxStatus.DONE.value
    [sent] = await MailMessage.select()
    assert sent["template"] == "activation"
    assert "\n***\n" in sent["body"] and url not in sent["body"]  # the link, blanked
    assert await tables_holding(token) == []

    # The person opens the link and registers a passkey: the token is spent, and the log kept
    # only the path's shape.
    assert (await client.get(f"/activate/{token}")).status_code == 200
    response = await register(client, authenticator(), token)
    assert response.status_code in (200, 201), response.text
    assert await tables_holding(token) == []
    assert token not in repr(logged)
    assert {"path": "/activate/***", "status": 200} in [
        {"path": line["path"], "status": line["status"]} for line in logged
    ]


async def test_done_jobs_are_purged_after_a_month(clean_db: None) -> None:
    async with db.transaction():
        await outbox.enqueue("messaging.send_welcome", person_id="x")
    [job] = await OutboxJob.select()
    await OutboxJob.update(
        {OutboxJob.status: OutboxStatus.DONE.value, OutboxJob.finished_at: clock.now()}
    ).where(OutboxJob.id == job["id"])
    assert await outbox.purge_done() == 0
    with clock.frozen(clock.now() + timedelta(days=31)):
        assert await outbox.purge_done() == 1
    assert await OutboxJob.count() == 0
