"""The supervisors' dashboard on a small known data set: literal figures, and each figure's
link lists exactly the rows it counts."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import pytest

from app.kit import clock
from app.payments import service as payments
from app.payments.rules.ledger import EntryKind
from app.payments.tables import RecoveryStep
from app.requests import service
from app.staff import dashboard, queue
from app.staff.queue import QueueFilters
from tests.support.actors import affiliate, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration

TODAY = datetime(2026, 6, 29, 9, tzinfo=UTC)  # a Monday


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


async def _received(person: uuid.UUID, key: str, on: date) -> uuid.UUID:
    with clock.frozen(_at(on)):
        submitted = await service.submit_request(
            affiliate(person), person_id=person, kind="general_question",
            answers={"subject": "Sujet", "question": "Ma question"}, idempotency_key=key,
        )  # fmt: skip
        await service.acknowledge_request(submitted.id)
    return submitted.id


async def _decided(person: uuid.UUID, agent: uuid.UUID, key: str, received: date,
                   decided: date) -> uuid.UUID:  # fmt: skip
    request_id = await _received(person, key, received)
    with clock.frozen(_at(decided)):
        await service.take_request(staff(agent), request_id)
        await service.decide_request(
            staff(agent), request_id, decision="grant", motivation="Réponse donnée."
        )
    return request_id


async def _known_world() -> dict[str, uuid.UUID]:
    """Three open requests (one past the legal deadline, two past the 5-day target), two
    decisions (one within target), one account with 500 € of 2026-Q1 in arrears and two
    recovery steps of it, and a paid quarter whose step does not count."""
    agent = await make_staff()
    supervisor = await make_staff(role="supervisor", team="pensions")
    person = await make_person()
    other = await make_person("Bert", "bert@example.be")
    ids = {
        "agent": agent,
        "supervisor": supervisor,
        "late": await _received(person, "a", date(2026, 1, 5)),  # legal deadline 5 May
        "slow": await _received(person, "b", date(2026, 3, 2)),  # target passed, 2 July legal
        "fresh": await _received(person, "c", date(2026, 6, 26)),  # target 3 July
        "on_target": await _decided(person, agent, "d", date(2026, 6, 1), date(2026, 6, 3)),
        "after_target": await _decided(person, agent, "e", date(2026, 5, 4), date(2026, 6, 24)),
    }
    account = (await payments.ensure_account(person)).id
    paid_account = (await payments.ensure_account(other)).id
    entries = [
        (account, EntryKind.CONTRIBUTION, "800.00", date(2026, 1, 5), 1, date(2026, 3, 31)),
        (account, EntryKind.PAYMENT, "-300.00", date(2026, 3, 20), 1, None),
        (account, EntryKind.CONTRIBUTION, "800.00", date(2026, 4, 5), 2, date(2026, 6, 30)),
        (paid_account, EntryKind.CONTRIBUTION, "200.00", date(2026, 1, 5), 1, date(2026, 3, 31)),
        (paid_account, EntryKind.PAYMENT, "-200.00", date(2026, 4, 20), 1, None),
    ]
    for n, (acc, kind, amount, booked, quarter, due) in enumerate(entries):
        await payments.book(acc, payments.NewEntry(
            kind=kind, amount=Decimal(amount), booked_on=booked, year=2026, quarter=quarter,
            due_on=due, idempotency_key=f"dash:{n}",
        ))  # fmt: skip
    for acc, kind, done in (
        (account, "reminder", date(2026, 4, 15)),
        (account, "personal_contact", None),
        (paid_account, "reminder", date(2026, 4, 15)),
    ):
        await RecoveryStep.insert(RecoveryStep(
            account=acc, year=2026, quarter=1, kind=kind, scheduled_on=date(2026, 4, 15),
            done_on=done,
        ))  # fmt: skip
    return ids


class TestDashboard:
    async def test_literal_figures(self) -> None:
        ids = await _known_world()
        with clock.frozen(TODAY):
            data = await dashboard.dashboard(staff(ids["supervisor"]))
        assert (data.open_total, data.late_legal, data.late_target) == (3, 1, 2)
        assert data.bands == {"0-30": 1, "31-60": 0, "61-90": 0, "91-120": 1, "121+": 1}
        assert [(k.kind, k.total, k.late_legal, k.late_target) for k in data.kinds] == [
            ("general_question", 3, 1, 2)
        ]
        assert [(w.week, w.decided, w.on_target) for w in data.weeks if w.decided] == [
            (date(2026, 6, 1), 1, 1),
            (date(2026, 6, 22), 1, 0),
        ]
        assert len(data.weeks) == 12 and data.weeks[-1].week == date(2026, 6, 29)
        assert (data.decided, data.on_target, data.share_on_target) == (2, 1, 50)
        assert [(q.code, q.accounts, q.amount) for q in data.quarters if q.accounts] == [
            ("2026-Q1", 1, Decimal("500.00"))
        ]
        assert data.arrears_total == Decimal("500.00")
        assert [(s.kind, s.sent, s.waiting) for s in data.steps if s.sent or s.waiting] == [
            ("reminder", 1, 0),
            ("personal_contact", 0, 1),
        ]

    async def test_each_figure_lists_its_rows(self) -> None:
        ids = await _known_world()
        me = staff(ids["supervisor"])
        with clock.frozen(TODAY):
            overdue = await queue.staff_queue(me, QueueFilters(overdue=True))
            target = await queue.staff_queue(me, QueueFilters(late_on_target=True))
            aged = await queue.staff_queue(me, QueueFilters(age="91-120"))
            late = await dashboard.decision_list(me, week=None, late_only=True)
            week = await dashboard.decision_list(me, week=date(2026, 6, 1), late_only=False)
            every = await dashboard.decision_list(me, week=None, late_only=False)
            arrears = await dashboard.arrears_list(me, (2026, 1))
            reminders = await dashboard.recovery_list(me, "reminder")
        assert [r.id for r in overdue.rows] == [ids["late"]]
        assert [r.id for r in target.rows] == [ids["late"], ids["slow"]]
        assert [r.id for r in aged.rows] == [ids["slow"]]
        assert [r.id for r in late.rows] == [ids["after_target"]]
        assert [r.id for r in week.rows] == [ids["on_target"]]
        assert {r.id for r in every.rows} == {ids["on_target"], ids["after_target"]}
        assert [(a.holder, a.outstanding, a.due_on) for a in arrears] == [
            ("Lotte Peeters", Decimal("500.00"), date(2026, 3, 31))
        ]
        assert [(r.kind, r.done_on) for r in reminders] == [("reminder", date(2026, 4, 15))]

    async def test_agents_are_not_shown_the_figures(self) -> None:
        ids = await _known_world()
        with pytest.raises(dashboard.NotFound):
            await dashboard.dashboard(staff(ids["agent"]))


class TestDashboardPage:
    async def test_the_page_shows_the_figures_and_links_to_their_lists(
        self, client: httpx.AsyncClient
    ) -> None:
        ids = await _known_world()
        await log_in(client, "staff", ids["supervisor"])
        with clock.frozen(TODAY):
            page = await client.get("/staff/dashboard")
            assert page.status_code == 200
            assert 'id="figure-late-legal" href="/staff/?overdue=1">1</a>' in page.text
            assert 'id="figure-late-target" href="/staff/?late_on_target=1">2</a>' in page.text
            assert 'id="figure-share">50&nbsp;%</span>' in page.text
            assert page.text.count('role="img"') == 3 and " style=" not in page.text
            listed = await client.get("/staff/?overdue=1")
            assert listed.text.count('href="/staff/requests/') == 1
            assert f'href="/staff/requests/{ids["late"]}"' in listed.text
            arrears = await client.get("/staff/dashboard/arrears?quarter=2026-Q1")
            assert "Lotte Peeters" in arrears.text and "500,00" in arrears.text
            assert (await client.get("/staff/dashboard/arrears?quarter=Q9")).status_code == 404
            decisions = await client.get("/staff/dashboard/decisions?late=1")
            assert f'href="/staff/requests/{ids["after_target"]}"' in decisions.text
            assert f'href="/staff/requests/{ids["on_target"]}"' not in decisions.text
            recovery = await client.get("/staff/dashboard/recovery?kind=personal_contact")
            assert recovery.status_code == 200 and "Lotte Peeters" in recovery.text

    async def test_agents_are_refused(self, client: httpx.AsyncClient) -> None:
        ids = await _known_world()
        await log_in(client, "staff", ids["agent"])
        assert (await client.get("/staff/dashboard")).status_code == 403
