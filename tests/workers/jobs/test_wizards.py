"""The daily wizard job: one warning 14 days before a draft expires, then removal at 90 days."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from app.kit import clock
from app.kit.tables import OutboxJob
from app.messaging.tables import InboxMessage
from app.wizards.drafts import Owner, save_answers
from app.wizards.tables import WizardDraft
from tests.support.passkey_client import new_affiliate
from workers.jobs.wizards import tidy_drafts, tidy_drafts_cron
from workers.schedules import cron_jobs

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


async def test_warning_is_sent_once_then_the_draft_expires() -> None:
    person_id = await new_affiliate(email="ann@example.be", language="nl")
    with clock.frozen(START):
        await save_answers(Owner(person_id=person_id), "pension", {"career_years": "40"}, "career")
    # 80 days later: not yet within 14 days of expiry.
    with clock.frozen(START + timedelta(days=70)):
        await tidy_drafts()
    assert await InboxMessage.count() == 0
    # 77 days later: 13 days left, one warning in the inbox and one mail queued.
    with clock.frozen(START + timedelta(days=77)):
        await tidy_drafts()
        await tidy_drafts()  # the cron ran twice (at-least-once): still one warning
    messages = await InboxMessage.select().where(InboxMessage.person == person_id)
    assert len(messages) == 1
    assert messages[0]["kind"] == "wizard_expiry"
    assert "Pensioen" in messages[0]["subject"]  # in the person's language (Dutch)
    mails = await OutboxJob.select().where(OutboxJob.name == "mail.send")
    assert len(mails) == 1
    payload = (
        json.loads(mails[0]["payload"])
        if isinstance(mails[0]["payload"], str)
        else mails[0]["payload"]
    )
    assert payload["to"] == "ann@example.be"
    assert payload["template"] == "wizard_expiry"
    assert payload["language"] == "nl"
    assert await WizardDraft.count() == 1
    # Past 90 days: the draft is gone.
    with clock.frozen(START + timedelta(days=91)):
        await tidy_drafts()
    assert await WizardDraft.count() == 0


async def test_touching_a_draft_postpones_its_expiry() -> None:
    person_id = await new_affiliate()
    owner = Owner(person_id=person_id)
    with clock.frozen(START):
        await save_answers(owner, "cessation", {"end_date": "2026-06-30"}, "date")
    with clock.frozen(START + timedelta(days=60)):
        await save_answers(owner, "cessation", {"reason": "other"}, "reason")
    with clock.frozen(START + timedelta(days=95)):
        await tidy_drafts()
    assert await WizardDraft.count() == 1
    assert await InboxMessage.count() == 0


async def test_anonymous_drafts_expire_without_warning() -> None:
    with clock.frozen(START):
        await save_answers(Owner(token="t" * 40), "illness", {"who": "self"}, "who")
    with clock.frozen(START + timedelta(days=80)):
        await tidy_drafts()
    assert await InboxMessage.count() == 0
    with clock.frozen(START + timedelta(days=90, seconds=1)):
        await tidy_drafts()
    assert await WizardDraft.count() == 0


def test_the_tidy_up_is_in_the_cron_table_every_morning() -> None:
    job = next(c for c in cron_jobs(30) if c.name == "wizards.tidy_drafts")
    assert (job.hour, job.minute, job.coroutine) == (6, 40, tidy_drafts_cron)
