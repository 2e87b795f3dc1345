"""The back office over HTTP: queue, filters, request page (audited), actions, step-up, teams."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app.kit import clock
from app.kit.tables import AuditEvent
from app.requests import service
from app.requests.tables import Request
from app.staff import queue
from app.staff.queue import QueueFilters
from tests.support.actors import affiliate, csrf, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration


async def received_request(
    person: uuid.UUID, key: str = "k", when: datetime | None = None
) -> uuid.UUID:
    with clock.frozen(when or clock.now()):
        submitted = await service.submit_request(
            affiliate(person), person_id=person, kind="general_question",
            answers={"subject": "Sujet", "question": "Ma question"}, idempotency_key=key,
        )  # fmt: skip
        await service.acknowledge_request(submitted.id)
    return submitted.id


class TestQueue:
    async def test_sorted_by_legal_deadline_with_counts_and_filters(self) -> None:
        agent = await make_staff()
        person = await make_person()
        late = await received_request(person, "a", datetime(2026, 1, 5, 9, tzinfo=UTC))
        soon = await received_request(person, "b", datetime(2026, 3, 2, 9, tzinfo=UTC))
        fresh = await received_request(person, "c", datetime(2026, 6, 1, 9, tzinfo=UTC))
        await service.take_request(staff(agent), soon)
        with clock.frozen(datetime(2026, 6, 29, 9, tzinfo=UTC)):  # a Monday
            data = await queue.staff_queue(staff(agent), QueueFilters())
            assert [r.id for r in data.rows] == [late, soon, fresh]
            assert data.counts.open == 3
            assert data.counts.overdue == 1  # due 5 May
            assert data.counts.due_this_week == 1  # due 2 July
            overdue = await queue.staff_queue(staff(agent), QueueFilters(overdue=True))
            assert [r.id for r in overdue.rows] == [late]
            week = await queue.staff_queue(staff(agent), QueueFilters(due_this_week=True))
            assert [r.id for r in week.rows] == [soon]
            status = await queue.staff_queue(staff(agent), QueueFilters(status="in_review"))
            assert [r.id for r in status.rows] == [soon]
            kind = await queue.staff_queue(staff(agent), QueueFilters(kind="payment_plan"))
            assert kind.rows == ()

    async def test_agents_see_only_their_team(self) -> None:
        await make_staff()
        outsider = await make_staff(team="pensions")
        supervisor = await make_staff(role="supervisor", team="pensions")
        await received_request(await make_person())
        assert (await queue.staff_queue(staff(outsider), QueueFilters())).rows == ()
        assert len((await queue.staff_queue(staff(supervisor), QueueFilters())).rows) == 1

    async def test_queue_page_and_htmx_partial(self, client: httpx.AsyncClient) -> None:
        agent = await make_staff()
        await received_request(await make_person())
        await log_in(client, "staff", agent)
        page = await client.get("/staff/")
        assert page.status_code == 200 and "<table" in page.text and "<html" in page.text
        partial = await client.get("/staff/?kind=general_question", headers={"hx-request": "true"})
        assert partial.status_code == 200 and "<html" not in partial.text
        assert 'id="queue-results"' in partial.text


class TestRequestPage:
    async def test_reading_a_file_is_audited(self, client: httpx.AsyncClient) -> None:
        agent = await make_staff()
        person = await make_person()
        request_id = await received_request(person)
        await log_in(client, "staff", agent)
        page = await client.get(f"/staff/requests/{request_id}")
        assert page.status_code == 200 and "Ma question" in page.text
        reads = await AuditEvent.select().where(AuditEvent.action == "staff.request_read")
        assert [(r["actor_id"], r["subject_id"]) for r in reads] == [(agent, str(person))]

    async def test_a_second_open_request_of_the_same_kind_is_pointed_out(
        self, client: httpx.AsyncClient
    ) -> None:
        agent = await make_staff()
        person = await make_person()
        first = await received_request(person, key="one")
        second = await received_request(person, key="two")
        await log_in(client, "staff", agent)
        page = await client.get(f"/staff/requests/{second}")
        assert "Une autre demande de ce type est ouverte" in page.text
        assert f'href="/staff/requests/{first}"' in page.text
        # Once the first one is decided, nothing to point out any more.
        await Request.update({Request.status: "refused"}).where(Request.id == first)
        page = await client.get(f"/staff/requests/{second}")
        assert "Une autre demande de ce type est ouverte" not in page.text

    async def test_other_team_gets_404(self, client: httpx.AsyncClient) -> None:
        await make_staff()
        outsider = await make_staff(team="pensions")
        request_id = await received_request(await make_person())
        await log_in(client, "staff", outsider)
        assert (await client.get(f"/staff/requests/{request_id}")).status_code == 404

    async def test_ask_information_then_decide_with_step_up(
        self, client: httpx.AsyncClient
    ) -> None:
        agent = await make_staff()
        request_id = await received_request(await make_person())
        await log_in(client, "staff", agent)  # logged in an hour ago: no fresh verification
        headers = await csrf(client)
        empty = await client.post(
            f"/staff/requests/{request_id}/information", data={"question": ""}, headers=headers
        )
        assert empty.status_code == 422 and 'id="error-question"' in empty.text
        asked = await client.post(
            f"/staff/requests/{request_id}/information",
            data={"question": "Votre avertissement-extrait de rôle ?"},
            headers=headers,
        )
        assert asked.status_code == 303
        row = await Request.select().where(Request.id == request_id).first()
        assert row["status"] == "information_requested" and row["paused_since"] == clock.today()
        # The decision form needs a fresh user verification: off to /step-up.
        form = await client.get(f"/staff/requests/{request_id}/decide")
        assert form.status_code == 303 and form.headers["location"].startswith("/step-up")
        stale = await client.post(
            f"/staff/requests/{request_id}/decide",
            data={"decision": "refuse", "motivation": "Pas de réponse."},
            headers=headers,
        )
        assert stale.status_code == 403 and "Pas de réponse." in stale.text  # nothing lost
        assert (await Request.select(Request.status).where(Request.id == request_id).first())[
            "status"
        ] == "information_requested"
        await log_in(client, "staff", agent, step_up_at=clock.now() - timedelta(minutes=1))
        headers = await csrf(client)
        form = await client.get(f"/staff/requests/{request_id}/decide")
        assert form.status_code == 200 and "tribunal du travail" in form.text
        no_reason = await client.post(
            f"/staff/requests/{request_id}/decide",
            data={"decision": "refuse", "motivation": ""},
            headers=headers,
        )
        assert no_reason.status_code == 422 and 'id="error-motivation"' in no_reason.text
        # Still waiting for the affiliate: no decision before a reminder and one month.
        early = await client.post(
            f"/staff/requests/{request_id}/decide",
            data={"decision": "refuse", "motivation": "Revenus au-delà du seuil."},
            headers=headers,
        )
        assert early.status_code == 422 and 'id="error-decision"' in early.text
        assert "Revenus au-delà du seuil." in early.text  # nothing lost
        page = await client.get(f"/staff/requests/{request_id}")
        assert f'action="/staff/requests/{request_id}/reminder"' in page.text
        assert f'href="/staff/requests/{request_id}/decide"' not in page.text
        reminded = await client.post(f"/staff/requests/{request_id}/reminder", headers=headers)
        assert reminded.status_code == 303
        page = await client.get(f"/staff/requests/{request_id}")
        assert "Rappel envoyé le" in page.text
        assert f'action="/staff/requests/{request_id}/reminder"' not in page.text
        again = await client.post(f"/staff/requests/{request_id}/reminder", headers=headers)
        assert again.status_code == 422 and "déjà" in again.text
        with clock.frozen(clock.now() + timedelta(days=32)):
            await log_in(client, "staff", agent, step_up_at=clock.now() - timedelta(minutes=1))
            headers = await csrf(client)
            page = await client.get(f"/staff/requests/{request_id}")
            assert f'href="/staff/requests/{request_id}/decide"' in page.text
            done = await client.post(
                f"/staff/requests/{request_id}/decide",
                data={"decision": "refuse", "motivation": "Revenus au-delà du seuil."},
                headers=headers,
            )
        assert done.status_code == 303
        row = await Request.select().where(Request.id == request_id).first()
        assert row["status"] == "refused" and row["motivation"] == "Revenus au-delà du seuil."

    async def test_take_and_reassign(self, client: httpx.AsyncClient) -> None:
        first = await make_staff(name="First")
        second = await make_staff(name="Second")
        lead = await make_staff(role="supervisor", name="Lead")
        request_id = await received_request(await make_person())
        row = await Request.select().where(Request.id == request_id).first()
        assert row["assignee"] == first  # routed to the first agent, now the account manager
        # A colleague cannot take it from them, nor pass it on: only a supervisor may.
        await log_in(client, "staff", second)
        headers = await csrf(client)
        taken = await client.post(f"/staff/requests/{request_id}/take", headers=headers)
        assert taken.status_code == 403
        await log_in(client, "staff", first)
        assert (
            await client.post(f"/staff/requests/{request_id}/take", headers=headers)
        ).status_code == 303
        row = await Request.select().where(Request.id == request_id).first()
        assert (row["status"], row["assignee"]) == ("in_review", first)
        refused = await client.post(
            f"/staff/requests/{request_id}/reassign",
            data={"assignee": str(second)},
            headers=headers,
        )
        assert refused.status_code == 403
        row = await Request.select().where(Request.id == request_id).first()
        assert row["assignee"] == first
        await log_in(client, "staff", lead)
        moved = await client.post(
            f"/staff/requests/{request_id}/reassign",
            data={"assignee": str(second)},
            headers=headers,
        )
        assert moved.status_code == 303
        row = await Request.select().where(Request.id == request_id).first()
        assert row["assignee"] == second


class TestAnswersShownInWords:
    async def test_provisional_adjustment_fields_are_labelled_and_translated(
        self, client: httpx.AsyncClient
    ) -> None:
        agent = await make_staff()
        person = await make_person()
        submitted = await service.submit_request(
            affiliate(person), person_id=person, kind="provisional_adjustment",
            answers={"year": "2026", "estimated_income": "18000", "category": "main",
                     "direction": "lower", "current_quarterly": "1234.5",
                     "new_quarterly": "800", "new_quarterly_total": "830.8",
                     "reason": "Moins de clients."},
            idempotency_key="adj",
        )  # fmt: skip
        await service.acknowledge_request(submitted.id)
        await log_in(client, "staff", agent)
        page = await client.get(f"/staff/requests/{submitted.id}")
        assert page.status_code == 200
        text = page.text.replace("\u202f", " ").replace("\xa0", " ")
        for expected in (
            "Activité à titre principal", "Réduire mes cotisations provisoires",
            "1 234,50 €", "830,80 €", "Moins de clients.",
        ):  # fmt: skip
            assert expected in text
        assert "<dd>lower</dd>" not in text and "<dd>main</dd>" not in text


class TestTeams:
    async def test_supervisors_only(self, client: httpx.AsyncClient) -> None:
        agent = await make_staff()
        supervisor = await make_staff(role="supervisor")
        await received_request(await make_person(), when=datetime(2026, 1, 5, 9, tzinfo=UTC))
        await log_in(client, "staff", agent)
        assert (await client.get("/staff/teams")).status_code == 403
        await log_in(client, "staff", supervisor)
        page = await client.get("/staff/teams")
        assert page.status_code == 200 and "general" in page.text
        with clock.frozen(datetime(2026, 6, 1, 9, tzinfo=UTC)):
            loads = await queue.team_loads(staff(supervisor))
        assert loads == [
            queue.TeamLoad(team="general", open=1, overdue=1, escalated=0, waiting=0,
                           unassigned=0)
        ]  # fmt: skip


class TestPersonPostcode:
    async def test_staff_read_the_postcode_and_its_region(self, client: httpx.AsyncClient) -> None:
        from app.identity.tables import Person

        supervisor = await make_staff(role="supervisor")
        person = await make_person()
        await log_in(client, "staff", supervisor)
        assert "Code postal</dt><dd>—" in (await client.get(f"/staff/people/{person}")).text
        await Person.update({Person.postcode: "4000"}).where(Person.id == person)
        page = await client.get(f"/staff/people/{person}")
        assert "Code postal</dt><dd>4000 (Wallonie)" in page.text
