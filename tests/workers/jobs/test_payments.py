"""The notice job in the cron table: hourly, and a re-run issues nothing twice."""

from __future__ import annotations

from datetime import date, datetime

from app.affiliation import service as affiliation
from app.kit import clock
from app.kit.audit import SYSTEM
from app.payments.tables import DueNotice
from tests.support.actors import make_person
from workers.jobs.payments import issue_due_notices, issue_due_notices_cron
from workers.schedules import cron_jobs


def test_the_notice_job_runs_every_hour() -> None:
    job = next(c for c in cron_jobs(30) if c.name == "payments.issue_due_notices")
    assert (job.minute, job.hour, job.coroutine) == (25, None, issue_due_notices_cron)


async def test_the_job_issues_the_quarter_once() -> None:
    person = await make_person()
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    with clock.frozen(datetime(2026, 4, 16, 2, 25, tzinfo=clock.BRUSSELS)):  # 30 June − 75 days
        assert await issue_due_notices() == 1
        assert await issue_due_notices() == 0
    rows = await DueNotice.select(DueNotice.year, DueNotice.quarter, DueNotice.due_on)
    assert rows == [{"year": 2026, "quarter": 2, "due_on": date(2026, 6, 30)}]


def test_the_recovery_runs_every_morning() -> None:
    from workers.jobs.payments import run_recovery_cron

    job = next(c for c in cron_jobs(30) if c.name == "payments.run_recovery")
    assert (job.hour, job.minute, job.coroutine) == (5, 10, run_recovery_cron)
