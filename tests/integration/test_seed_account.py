"""The demo seed (`make run`): Camille Dubois's contribution account tells a realistic year —
five notices from the real notice issuing, three quarters paid a few days early, Q3 2026 late —
and a second seed books nothing more."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.identity import queries as identity_queries
from app.kit import clock
from app.kit.tables import OutboxJob
from app.messaging.tables import InboxMessage
from app.payments import queries as payment_queries
from app.payments.rules.ledger import EntryKind, QuarterStatus
from app.payments.tables import DueNotice, LedgerEntry
from app.seed import seed_demo
from tests.support.actors import affiliate

pytestmark = pytest.mark.integration
D = Decimal
DAY = datetime(2026, 12, 2, 10, 0, tzinfo=clock.BRUSSELS)
# 2025, main activity at the legal minimum (17 008,88 €): 871,71 € + 3,05 % fees 26,59 €.
Q4_2025 = D("898.30")
# 2026 on her declared 32 000 €: 20,50 % ÷ 4 = 1 640,00 € + 3,05 % fees 50,02 €.
QUARTER_2026 = D("1690.02")


async def _demo_person() -> uuid.UUID:
    person_id = await identity_queries.person_id_by_national_number("85073003328")
    assert person_id is not None
    return person_id


async def _snapshot() -> tuple[object, ...]:
    entries = await LedgerEntry.select(LedgerEntry.id).order_by(LedgerEntry.seq)
    notices = await DueNotice.select(DueNotice.id).order_by(DueNotice.due_on)
    inbox = await InboxMessage.select(InboxMessage.id).order_by(InboxMessage.id)
    mails = await OutboxJob.select(OutboxJob.id).where(OutboxJob.name == "mail.send")
    return (
        [e["id"] for e in entries],
        [n["id"] for n in notices],
        [m["id"] for m in inbox],
        sorted(m["id"] for m in mails),
    )


async def test_the_demo_affiliate_has_a_year_of_notices_and_payments() -> None:
    with clock.frozen(DAY):
        first = await seed_demo()
        person_id = await _demo_person()
        view = await payment_queries.account_for(affiliate(person_id))
    assert first.created is True
    notices = sorted((n.year, n.quarter, n.amount, n.issued_on, n.due_on) for n in view.notices)
    # Each notice left 75 days (app/payments/notices.toml) before its quarter's last day.
    assert notices == [
        (2025, 4, Q4_2025, date(2025, 10, 17), date(2025, 12, 31)),
        (2026, 1, QUARTER_2026, date(2026, 1, 15), date(2026, 3, 31)),
        (2026, 2, QUARTER_2026, date(2026, 4, 16), date(2026, 6, 30)),
        (2026, 3, QUARTER_2026, date(2026, 7, 17), date(2026, 9, 30)),
        (2026, 4, QUARTER_2026, date(2026, 10, 17), date(2026, 12, 31)),
    ]
    assert [(q.year, q.quarter, q.status) for q in view.quarters] == [
        (2025, 4, QuarterStatus.PAID),
        (2026, 1, QuarterStatus.PAID),
        (2026, 2, QuarterStatus.PAID),
        (2026, 3, QuarterStatus.LATE),
        (2026, 4, QuarterStatus.DUE),
    ]
    # Q3 + Q4 2026, and the 3 % surcharge on Q3's contribution unpaid at 30 September
    # (3 % × 1 640,00 = 49,20).
    assert view.balance == D("3429.24")
    # The daily recovery ran on each of its days: reminder (due + 15), statement (+ 45); the
    # formal notice (+ 75) is next, on 14 December.
    [late] = view.recovery
    assert [(k.value, d) for k, d in late.done] == [
        ("reminder", date(2026, 10, 15)), ("statement", date(2026, 11, 14))]  # fmt: skip
    assert late.next is not None
    assert (late.next.kind.value, late.next.on) == ("formal_notice", date(2026, 12, 14))
    assert view.next_due is not None and (view.next_due.year, view.next_due.quarter) == (2026, 3)
    payments = sorted(
        (h.booked_on, h.amount, h.year, h.quarter, h.label)
        for h in view.history
        if h.kind is EntryKind.PAYMENT
    )
    assert payments == [
        (date(2025, 12, 23), -Q4_2025, 2025, 4, "Payment received"),
        (date(2026, 3, 26), -QUARTER_2026, 2026, 1, "Payment received"),
        (date(2026, 6, 25), -QUARTER_2026, 2026, 2, "Payment received"),
    ]
    # The charges were booked on their notice's issue day.
    charges = sorted((h.booked_on, h.kind.value, h.amount) for h in view.history if h.amount > 0)
    assert charges[:4] == [
        (date(2025, 10, 17), "contribution", D("871.71")),
        (date(2025, 10, 17), "management_fee", D("26.59")),
        (date(2026, 1, 15), "contribution", D("1640.00")),
        (date(2026, 1, 15), "management_fee", D("50.02")),
    ]
    # The real notice issuing told her each time: five inbox messages and five e-mails queued.
    inbox = await InboxMessage.select(InboxMessage.subject).where(
        InboxMessage.person == person_id, InboxMessage.kind == "due_notice"
    )
    assert sorted(m["subject"] for m in inbox) == [
        "Vos cotisations du trimestre 1 2026",
        "Vos cotisations du trimestre 2 2026",
        "Vos cotisations du trimestre 3 2026",
        "Vos cotisations du trimestre 4 2025",
        "Vos cotisations du trimestre 4 2026",
    ]
    mails = await OutboxJob.select(OutboxJob.payload).where(OutboxJob.name == "mail.send")
    payloads = [json.loads(m["payload"]) if isinstance(m["payload"], str) else m["payload"]
                for m in mails]  # fmt: skip
    # …and the recovery its reminder and its account statement (the amounts stay online).
    # …and her company's 2025 notice (she directs it).
    # …and her bridging right's request, received then granted (app/seed.py).
    templates = sorted(p["template"] for p in payloads)
    assert [t for t in templates if t.startswith("request_")] == [
        "request_decided", "request_received"]  # fmt: skip
    assert [t for t in templates if not t.startswith("request_")] == (
        ["company_notice"] + ["due_notice"] * 5 + ["recovery_step"] * 2
    )
    # Her company: 2025 invited on 1 December 2025 (399,73 €, balance sheet 412 000 € ≤ the
    # 858 605,72 € threshold), paid on the 18th; 2026 recorded but its amounts are unknown.
    with clock.frozen(DAY):
        [company] = await payment_queries.companies_for(affiliate(person_id))
        page = await payment_queries.company_account_for(affiliate(person_id), company.company.id)
    assert (company.company.name, company.company.enterprise_number) == (
        "Atelier Dubois SRL", "0812.345.603")  # fmt: skip
    assert [(n.year, n.amount, n.issued_on, n.due_on) for n in page.view.notices] == [
        (2025, D("399.73"), date(2025, 12, 1), date(2025, 12, 31))]  # fmt: skip
    assert company.balance == D("0.00") and not company.late
    assert [q.status for q in page.view.quarters] == [QuarterStatus.PAID]

    before = await _snapshot()
    with clock.frozen(DAY):
        second = await seed_demo()
    assert second.created is False
    assert await _snapshot() == before


async def test_the_notice_of_2026_rests_on_her_declared_income() -> None:
    with clock.frozen(DAY):
        await seed_demo()
        actor = affiliate(await _demo_person())
        view = await payment_queries.account_for(actor)
        q1 = next(n for n in view.notices if (n.year, n.quarter) == (2026, 1))
        detail = await payment_queries.notice_for(actor, q1.id)
    assert (detail.category, detail.income_basis) == ("main", D("32000.00"))
    assert (detail.contribution, detail.management_fee) == (D("1640.00"), D("50.02"))
    assert detail.position is not None and detail.position.status is QuarterStatus.PAID


async def test_her_account_manager_offers_times_to_book() -> None:
    """Wednesday 2 December 2026: the next five working days, 10:00 and 10:30 at the office,
    14:00 to 15:00 by phone (Brussels time); a second seed publishes nothing more."""
    from app.messaging.service import appointments
    from app.messaging.tables import AppointmentSlot

    with clock.frozen(DAY):
        await seed_demo()
        slots, from_manager = await appointments.free_slots(affiliate(await _demo_person()))
        await seed_demo()
    assert from_manager and {s.staff_name for s in slots} == {"Sarah Janssens"}
    assert sorted({s.day for s in slots}) == [
        date(2026, 12, 3), date(2026, 12, 4), date(2026, 12, 7), date(2026, 12, 8),
        date(2026, 12, 9),
    ]  # fmt: skip
    assert [(s.starts_at, s.channel) for s in slots[:5]] == [
        (datetime(2026, 12, 3, 9, 0, tzinfo=UTC), "office"),
        (datetime(2026, 12, 3, 9, 30, tzinfo=UTC), "office"),
        (datetime(2026, 12, 3, 13, 0, tzinfo=UTC), "phone"),
        (datetime(2026, 12, 3, 13, 30, tzinfo=UTC), "phone"),
        (datetime(2026, 12, 3, 14, 0, tzinfo=UTC), "phone"),
    ]
    assert await AppointmentSlot.count() == 25
