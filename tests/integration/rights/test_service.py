"""Proactive rights against the real database: found once, posted once, dismissed for good,
claimed by the request, seen by its person only."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.affiliation import service as affiliation
from app.identity import queries as identity
from app.kit import clock
from app.kit.audit import SYSTEM
from app.kit.db import fetch
from app.kit.errors import NotFound
from app.payments import service as payments
from app.payments.rules.ledger import EntryKind
from app.requests import service as requests
from app.rights import queries, service
from app.staff import ex_officio
from tests.support.actors import affiliate, make_person, make_staff, staff

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


async def _mother(birth: str = "2026-10-05", name: str = "Anna") -> uuid.UUID:
    """A self-employed mother in main activity who asked the maternity aid for a birth."""
    person = await make_person(name, f"{name.lower()}@example.be")
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    await requests.submit_request(
        affiliate(person), person_id=person, kind="maternity_aid",
        answers={"birth_date": birth}, idempotency_key=f"aid:{person}",
    )  # fmt: skip
    return person


async def _messages(person: uuid.UUID) -> list[dict[str, object]]:
    return await fetch(
        "SELECT subject, link, dedupe_key FROM inbox_message WHERE person = {} AND kind = 'right'",
        person,
    )


class TestEvaluatePerson:
    async def test_a_birth_gives_one_quarter_exemption_suggestion(self) -> None:
        person = await _mother()
        with clock.frozen(NOW):
            assert await service.evaluate_person(person) == 1
        [finding] = await queries.findings_of_person(person)
        assert (finding.right.value, finding.occasion, finding.state.value) == (
            "quarter_exemption_birth", "2026-10-05", "sent",
        )  # fmt: skip
        # Born in Q4 2026: 2 exempt quarters (Q1, Q2 2027), suggested to the end of Q2 2028.
        assert finding.deadline == date(2028, 6, 30)
        assert finding.prefill == {"birth_date": "2026-10-05"}
        [message] = await _messages(person)
        assert message["link"] == f"/rights/{finding.id}"
        assert (
            message["subject"]
            == "Vous pourriez avoir droit à\u00a0: Trimestres exonérés après une naissance"
        )

    async def test_evaluating_twice_posts_nothing_more(self) -> None:
        person = await _mother()
        with clock.frozen(NOW):
            assert await service.evaluate_person(person) == 1
            assert await service.evaluate_person(person) == 0
        assert len(await _messages(person)) == 1
        assert len(await queries.findings_of_person(person)) == 1

    async def test_dismissed_is_never_suggested_again(self) -> None:
        person = await _mother()
        with clock.frozen(NOW):
            await service.evaluate_person(person)
            [finding] = await queries.findings_of_person(person)
            await service.dismiss_finding(affiliate(person), finding.id)
            assert await service.evaluate_person(person) == 0
            assert await service.evaluate_everyone(batch=10) == (1, 0)
        [again] = await queries.findings_of_person(person)
        assert again.state.value == "dismissed" and again.dismissed_at is not None
        assert len(await _messages(person)) == 1
        assert await queries.open_findings_for_affiliate(affiliate(person)) == []

    async def test_claiming_files_the_request_once_and_marks_it_claimed(self) -> None:
        person = await _mother()
        with clock.frozen(NOW):
            await service.evaluate_person(person)
            [finding] = await queries.findings_of_person(person)
            request_id = await service.claim_finding(affiliate(person), finding.id)
            assert await service.claim_finding(affiliate(person), finding.id) == request_id
            assert await service.evaluate_person(person) == 0
        rows = await fetch("SELECT kind, answers FROM request WHERE id = {}", request_id)
        assert rows[0]["kind"] == "quarter_exemption_birth"
        [claimed] = await queries.findings_of_person(person)
        assert (claimed.state.value, claimed.request_id) == ("claimed", request_id)

    async def test_a_request_filed_elsewhere_marks_it_claimed(self) -> None:
        person = await _mother()
        with clock.frozen(NOW):
            await service.evaluate_person(person)
            await requests.submit_request(
                affiliate(person), person_id=person, kind="quarter_exemption_birth",
                answers={"birth_date": "2026-10-05"}, idempotency_key="form",
            )  # fmt: skip
            await service.evaluate_person(person)
        [finding] = await queries.findings_of_person(person)
        assert finding.state.value == "claimed" and finding.claimed_at is not None

    async def test_another_person_sees_nothing(self) -> None:
        person = await _mother()
        other = await make_person("Bert", "bert@example.be")
        with clock.frozen(NOW):
            await service.evaluate_person(person)
        [finding] = await queries.findings_of_person(person)
        with pytest.raises(NotFound):
            await queries.finding_for_affiliate(affiliate(other), finding.id)
        with pytest.raises(NotFound):
            await service.dismiss_finding(affiliate(other), finding.id)
        with pytest.raises(NotFound):
            await service.claim_finding(affiliate(other), finding.id)
        assert await queries.open_findings_for_affiliate(affiliate(other)) == []
        assert await _messages(other) == []

    async def test_a_filed_request_queues_the_evaluation(self) -> None:
        person = await _mother()
        rows = await fetch(
            "SELECT payload FROM outbox_job WHERE name = 'rights.evaluate' ORDER BY created_at"
        )
        assert [str(r["payload"]) for r in rows] and str(person) in str(rows[-1]["payload"])

    async def test_a_status_recorded_queues_the_evaluation(self) -> None:
        person = await make_person("Dora", "dora@example.be")
        await affiliation.record_affiliation(
            SYSTEM, person_id=person, category="main", starts_on=date(2026, 5, 10)
        )
        rows = await fetch("SELECT payload FROM outbox_job WHERE name = 'rights.evaluate'")
        assert [str(person) in str(r["payload"]) for r in rows] == [True]


class TestEvaluateEveryone:
    async def test_every_affiliated_person_in_batches(self) -> None:
        first = await _mother(name="Anna")
        second = await _mother("2026-11-20", name="Carla")
        third = await make_person("Dirk", "dirk@example.be")
        await affiliation.record_affiliation(
            SYSTEM, person_id=third, category="main", starts_on=date(2019, 3, 1)
        )
        with clock.frozen(NOW):
            assert await service.evaluate_everyone(batch=2) == (3, 2)
            assert await service.evaluate_everyone(batch=2) == (3, 0)
        assert len(await _messages(first)) == 1 and len(await _messages(second)) == 1
        assert await _messages(third) == []

    async def test_the_nightly_run_is_queued_one_job_a_batch(self) -> None:
        for name in ("Anna", "Carla", "Eva"):
            await _mother(name=name)
        assert await service.queue_nightly_evaluation(batch=2) == 2
        rows = await fetch("SELECT payload FROM outbox_job WHERE name = 'rights.evaluate_range'")
        assert len(rows) == 2


class TestPaymentsBooked:
    async def test_a_payment_booked_queues_the_evaluation_of_its_person(self) -> None:
        person = await _mother()
        account = await payments.ensure_account(person)
        entry = payments.NewEntry(
            kind=EntryKind.PAYMENT, amount=Decimal("-890.42"), booked_on=date(2026, 12, 1),
            year=2026, quarter=4, idempotency_key=f"test:pay:{person}",
        )  # fmt: skip
        assert await payments.book(account.id, entry) is True
        rows = await fetch("SELECT payload FROM outbox_job WHERE name = 'rights.evaluate_people'")
        assert [r["payload"] for r in rows] in (
            [{"person_ids": [str(person)]}], [f'{{"person_ids": ["{person}"]}}'],
        )  # fmt: skip
        # Booked again (the same key): nothing booked, nothing more queued.
        assert await payments.book(account.id, entry) is False
        queued = await fetch("SELECT 1 FROM outbox_job WHERE name = 'rights.evaluate_people'")
        assert len(queued) == 1

    async def test_a_contribution_charged_queues_nothing(self) -> None:
        person = await _mother()
        account = await payments.ensure_account(person)
        await payments.book(account.id, payments.NewEntry(
            kind=EntryKind.CONTRIBUTION, amount=Decimal("890.42"), booked_on=date(2026, 10, 1),
            year=2026, quarter=4, due_on=date(2026, 12, 31), idempotency_key=f"test:c:{person}",
        ))  # fmt: skip
        assert await fetch("SELECT 1 FROM outbox_job WHERE name = 'rights.evaluate_people'") == []

    async def test_a_payment_on_a_company_account_queues_nothing(self) -> None:
        company = await affiliation.record_company(
            SYSTEM, enterprise_number="0403170701", name="Claes SRL", legal_form="srl",
            incorporated_on=date(2018, 4, 3),
        )  # fmt: skip
        account = await payments.ensure_company_account(company)
        await payments.book(account.id, payments.NewEntry(
            kind=EntryKind.PAYMENT, amount=Decimal("-347.50"), booked_on=date(2026, 12, 1),
            idempotency_key=f"test:company:{company}",
        ))  # fmt: skip
        assert await fetch("SELECT 1 FROM outbox_job WHERE name = 'rights.evaluate_people'") == []


class TestContributions:
    async def test_a_first_main_activity_not_recorded_is_told_of_the_reduced_minimum(
        self,
    ) -> None:
        person = await make_person("Bruno", "bruno@example.be")
        await affiliation.record_affiliation(
            SYSTEM, person_id=person, category="main", starts_on=date(2026, 5, 10)
        )
        account = await payments.ensure_account(person)
        for quarter in (2, 3, 4):
            await payments.book(account.id, payments.NewEntry(
                kind=EntryKind.CONTRIBUTION, amount=Decimal("890.42"),
                booked_on=date(2026, quarter * 3 - 2, 5), year=2026, quarter=quarter,
                idempotency_key=f"test:c:{person}:{quarter}",
            ))  # fmt: skip
        with clock.frozen(NOW):
            assert await service.evaluate_person(person) == 1
        [finding] = await queries.findings_of_person(person)
        assert (finding.right.value, finding.occasion, finding.deadline) == (
            "primo_starter", "2026", date(2027, 3, 31),
        )  # fmt: skip
        [message] = await _messages(person)
        assert message["link"] == f"/rights/{finding.id}"

    async def test_an_estimate_far_below_the_charge_is_told_it_may_lower(self) -> None:
        person = await make_person("Chloé", "chloe@example.be")
        await affiliation.record_affiliation(
            SYSTEM, person_id=person, category="main", starts_on=date(2015, 1, 1),
            declared_income=Decimal("20000"), declared_income_year=2026,
        )  # fmt: skip
        account = await payments.ensure_account(person)
        await payments.book(account.id, payments.NewEntry(
            kind=EntryKind.CONTRIBUTION, amount=Decimal("1400.00"), booked_on=date(2026, 10, 5),
            year=2026, quarter=4, idempotency_key=f"test:c:{person}",
        ))  # fmt: skip
        with clock.frozen(NOW):
            assert await service.evaluate_person(person) == 1
        [finding] = await queries.findings_of_person(person)
        assert (finding.right.value, finding.occasion) == ("lower_provisional", "2026")
        # 20,50 % × 20 000 ÷ 4 on the estimate, against the 1 400,00 charged.
        assert finding.figures == {
            "charged": "1400.00", "expected": "1025.00", "income": "20000.00",
        }  # fmt: skip
        # An adjustment filed for 2026 claims it.
        await requests.submit_request(
            affiliate(person), person_id=person, kind="provisional_adjustment",
            answers={"year": "2026", "estimated_income": "20000", "direction": "lower"},
            idempotency_key=f"adj:{person}",
        )  # fmt: skip
        with clock.frozen(NOW):
            await service.evaluate_person(person)
        [finding] = await queries.findings_of_person(person)
        assert finding.state.value == "claimed"


class TestExOfficio:
    async def _found(self) -> tuple[uuid.UUID, uuid.UUID]:
        person = await _mother()
        with clock.frozen(NOW):
            await service.evaluate_person(person)
        [finding] = await queries.findings_of_person(person)
        assert finding.right.value == "quarter_exemption_birth"
        return person, finding.id

    async def test_the_account_manager_opens_the_request_once(self) -> None:
        person, finding_id = await self._found()
        agent = await make_staff()
        request_id = await service.open_ex_officio(staff(agent), person, finding_id)
        assert await service.open_ex_officio(staff(agent), person, finding_id) == request_id
        rows = await fetch("SELECT kind, person, answers FROM request WHERE id = {}", request_id)
        assert (rows[0]["kind"], rows[0]["person"]) == ("quarter_exemption_birth", person)
        [finding] = await queries.findings_of_person(person)
        assert (finding.state.value, finding.request_id) == ("claimed", request_id)
        # The affiliate's one tap afterwards finds the same request.
        assert await service.claim_finding(affiliate(person), finding_id) == request_id
        events = await fetch(
            "SELECT action FROM audit_event WHERE action = 'rights.ex_officio_opened'"
        )
        assert len(events) == 1

    async def test_not_for_a_dismissed_finding_another_person_or_an_affiliate(self) -> None:
        person, finding_id = await self._found()
        agent = await make_staff()
        other = await make_person("Zoé", "zoe@example.be")
        with pytest.raises(NotFound):
            await service.open_ex_officio(staff(agent), other, finding_id)
        with pytest.raises(NotFound):
            await service.open_ex_officio(affiliate(person), person, finding_id)
        await service.dismiss_finding(affiliate(person), finding_id)
        with pytest.raises(NotFound):
            await service.open_ex_officio(staff(agent), person, finding_id)
        assert await fetch("SELECT 1 FROM request WHERE kind = 'quarter_exemption_birth'") == []

    async def test_the_tasks_of_the_account_managers_team(self) -> None:
        person, finding_id = await self._found()
        agent = await make_staff(team="general")
        elsewhere = await make_staff(team="recovery")
        supervisor = await make_staff(role="supervisor", team="recovery")
        await affiliation.assign_account_manager(SYSTEM, person_id=person, staff_id=agent)

        async def seen(staff_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
            member = await identity.staff_member(staff_id)
            assert member is not None
            return [(t.id, t.right.value) for t in await ex_officio.tasks(member)]

        assert await seen(agent) == [(finding_id, "quarter_exemption_birth")]
        assert await seen(supervisor) == [(finding_id, "quarter_exemption_birth")]
        assert await seen(elsewhere) == []
        # Maternity aid is granted without a request too, but the mother asked it already.
        await service.open_ex_officio(staff(agent), person, finding_id)
        assert await seen(agent) == []
