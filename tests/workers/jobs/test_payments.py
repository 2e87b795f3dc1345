"""The payments jobs in the cron table: the notices hourly (a re-run issues nothing twice), the
recovery every morning, last year's fiscal attestations in the second half of January."""

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


def test_the_fiscal_attestations_run_in_the_second_half_of_january() -> None:
    from workers.jobs.payments import queue_fiscal_attestations_cron

    job = next(c for c in cron_jobs(30) if c.name == "payments.fiscal_attestations")
    assert (job.month, job.day, job.hour, job.minute) == (1, set(range(15, 32)), 6, 15)
    assert job.coroutine is queue_fiscal_attestations_cron


async def test_last_years_attestation_for_everyone_who_paid_once() -> None:
    """Q4 2025 at the legal minimum, 898,30 €, paid on 23 December 2025 by Camille; Lotte
    paid nothing in 2025; Alex paid in 2025 and already asked for his attestation."""
    from decimal import Decimal

    from app.documents.tables import Document
    from app.kit.i18n import N_
    from app.payments import service
    from app.payments.rules.ledger import EntryKind
    from tests.support.jobs import run_pending_jobs
    from workers.jobs.payments import queue_fiscal_attestations

    async def paid(person: object, on: date, key: str) -> None:
        with clock.frozen(datetime(2025, 10, 17, 9, 0, tzinfo=clock.BRUSSELS)):
            await service.issue_quarter_notice(person, 2025, 4)  # type: ignore[arg-type]
        account = await service.ensure_account(person)  # type: ignore[arg-type]
        await service.book(account.id, service.NewEntry(
            kind=EntryKind.PAYMENT, amount=-Decimal("898.30"), booked_on=on, year=2025,
            quarter=4, label=N_("Payment received"), idempotency_key=key,
        ))  # fmt: skip

    people = {}
    for name, email in (("Camille", "camille@example.be"), ("Lotte", "lotte@example.be"),
                        ("Alex", "alex@example.be")):  # fmt: skip
        people[name] = await make_person(name, email)
        await affiliation.record_affiliation(SYSTEM, person_id=people[name], category="main",
                                             starts_on=date(2019, 3, 1))  # fmt: skip
    await paid(people["Camille"], date(2025, 12, 23), "camille")
    await paid(people["Lotte"], date(2026, 1, 5), "lotte")  # paid in 2026: not on 2025's
    await paid(people["Alex"], date(2025, 11, 30), "alex")
    await service.attestations.make_fiscal_attestation(people["Alex"], 2025)
    with clock.frozen(datetime(2026, 1, 15, 6, 15, tzinfo=clock.BRUSSELS)):
        assert await queue_fiscal_attestations() == 1
        assert await queue_fiscal_attestations() == 0  # on its way: not twice
        await run_pending_jobs()
        assert await queue_fiscal_attestations() == 0  # made
    rows = await Document.select(Document.person, Document.title).where(
        Document.kind == "fiscal_attestation")  # fmt: skip
    assert sorted((r["person"], r["title"]) for r in rows) == sorted([
        (people["Alex"], "Attestation fiscale 2025"),
        (people["Camille"], "Attestation fiscale 2025"),
    ])  # fmt: skip
