"""A year of an unpaid quarter with the clock moving: surcharges at each quarter end, the
reminder, the account statement, the formal notice, the personal-contact task, and court
recovery only once that contact is recorded."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from app.affiliation import service as affiliation
from app.kit import clock
from app.kit.audit import SYSTEM
from app.messaging.tables import InboxMessage
from app.payments import queries, service
from app.payments.rules.recovery import StepKind, court_allowed, load_schedule
from app.payments.tables import LedgerEntry, RecoveryStep
from tests.support.actors import affiliate, make_person, make_staff, staff

pytestmark = pytest.mark.integration
D = Decimal


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 5, 10, tzinfo=clock.BRUSSELS)


async def run_on(day: date) -> int:
    with clock.frozen(at(day)):
        return await service.run_recovery()


async def steps() -> list[tuple[str, date, date | None]]:
    rows = await RecoveryStep.select().order_by(RecoveryStep.scheduled_on)
    return [(r["kind"], r["scheduled_on"], r["done_on"]) for r in rows]


async def surcharges() -> list[tuple[date, Decimal]]:
    rows = (
        await LedgerEntry.select().where(LedgerEntry.kind == "surcharge").order_by(LedgerEntry.seq)
    )
    return [(r["booked_on"], D(r["amount"])) for r in rows]


async def test_an_unpaid_quarter_through_a_whole_year() -> None:
    person = await make_person()
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    with clock.frozen(at(date(2026, 1, 15))):
        assert await service.issue_quarter_notice(person, 2026, 1)  # 917,58 € due 31 March
    assert await run_on(date(2026, 3, 31)) == 0  # the due date itself: on time
    assert await run_on(date(2026, 4, 1)) == 0
    # Unpaid at the end of 31 March: 3 % of the contribution 890,42 € = 26,71 €.
    assert await surcharges() == [(date(2026, 3, 31), D("26.71"))]
    assert await run_on(date(2026, 4, 15)) == 1  # due date + 15 days: the reminder
    assert await run_on(date(2026, 4, 15)) == 0  # the job ran twice: nothing twice
    assert await run_on(date(2026, 5, 15)) == 1  # + 45: the account statement
    assert await run_on(date(2026, 6, 14)) == 1  # + 75: the formal notice
    assert await run_on(date(2026, 6, 29)) == 1  # + 90: the personal contact, as a task
    assert await steps() == [
        ("reminder", date(2026, 4, 15), date(2026, 4, 15)),
        ("statement", date(2026, 5, 15), date(2026, 5, 15)),
        ("formal_notice", date(2026, 6, 14), date(2026, 6, 14)),
        ("personal_contact", date(2026, 6, 29), None),
    ]
    subjects = [r["subject"] for r in await InboxMessage.select().where(
        InboxMessage.person == person).order_by(InboxMessage.created_at)]  # fmt: skip
    assert [text.replace("\u202f", " ") for text in subjects[1:]] == [
        "Rappel\u00a0: le trimestre 1 2026 n'est pas payé",
        "Votre extrait de compte\u00a0: 944,29\u00a0€ restent à payer",
        "Mise en demeure\u00a0: trimestre 1 2026",
    ]
    # The affiliate reads what comes next: the contact, then court recovery only after it.
    with clock.frozen(at(date(2026, 7, 1))):
        view = await queries.account_for(affiliate(person))
    [line] = view.recovery
    assert line.next is not None and line.next.kind is StepKind.PERSONAL_CONTACT
    assert line.contact_open
    # No court step is possible until the contact is recorded, however late it gets.
    schedule = load_schedule()
    done = {"reminder", "statement", "formal_notice"}
    assert not court_allowed(schedule, date(2026, 3, 31), date(2026, 12, 1), done, False, False)
    [task] = [r for r in await RecoveryStep.select() if r["kind"] == "personal_contact"]
    agent = await make_staff()
    with clock.frozen(at(date(2026, 7, 2))):
        assert await service.record_personal_contact(
            staff(agent), task["id"], "Called: she will ask for a payment plan."
        )
        assert not await service.record_personal_contact(staff(agent), task["id"], "again")
    assert court_allowed(
        schedule, date(2026, 3, 31), date(2026, 7, 14), {*done, "personal_contact"}, True, False
    )
    # The year goes on: 3 % at 30 June, 30 September and 31 December, and 7 % at 31 December.
    await run_on(date(2027, 1, 2))
    assert await surcharges() == [
        (date(2026, 3, 31), D("26.71")),
        (date(2026, 6, 30), D("26.71")),
        (date(2026, 9, 30), D("26.71")),
        (date(2026, 12, 31), D("26.71")),
        (date(2026, 12, 31), D("62.33")),
    ]
    with clock.frozen(at(date(2027, 1, 2))):
        view = await queries.account_for(affiliate(person))
    assert view.balance == D("1086.75")  # 917,58 + 4 × 26,71 + 62,33


async def test_a_paid_quarter_is_left_alone() -> None:
    person = await make_person()
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    with clock.frozen(at(date(2026, 1, 15))):
        await service.issue_quarter_notice(person, 2026, 1)
    account = await service.ensure_account(person)
    await service.book(account.id, service.NewEntry(
        kind=service.EntryKind.PAYMENT, amount=D("-917.58"), booked_on=date(2026, 3, 20),
        year=2026, quarter=1, idempotency_key="test:paid"))  # fmt: skip
    assert await run_on(date(2026, 7, 1)) == 0
    assert await steps() == [] and await surcharges() == []
