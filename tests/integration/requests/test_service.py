"""The request service against real PostgreSQL: submit, acknowledge, every transition, dates."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from app.affiliation.tables import AccountManager
from app.kit import clock, i18n
from app.kit.errors import Forbidden, FormInvalid, NotFound
from app.kit.tables import AuditEvent, OutboxJob
from app.messaging.tables import InboxMessage
from app.requests import service
from app.requests.errors import TransitionRefused
from app.requests.kinds import RequestKind
from app.requests.states import Status
from app.requests.tables import Request, RequestAttachment, RequestEvent
from tests.support.actors import affiliate, make_person, make_staff, staff

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
QUESTION = {"subject": "Cotisations", "question": "Quand dois-je payer ?"}


async def submit(person_id: uuid.UUID, key: str = "k1", **kw: object) -> service.SubmittedRequest:
    return await service.submit_request(
        affiliate(person_id),
        person_id=person_id,
        kind=kw.pop("kind", RequestKind.GENERAL_QUESTION),  # type: ignore[arg-type]
        answers=kw.pop("answers", QUESTION),  # type: ignore[arg-type]
        idempotency_key=key,
        **kw,  # type: ignore[arg-type]
    )


async def status_of(request_id: uuid.UUID) -> str:
    row = await Request.select(Request.status).where(Request.id == request_id).first()
    assert row is not None
    return row["status"]


class TestSubmitRequest:
    async def test_writes_request_event_and_outbox_job_with_a_reference(self) -> None:
        person = await make_person()
        submitted = await submit(person)
        assert submitted.reference is not None
        assert submitted.reference.startswith(f"AF-{clock.today().year}-")
        assert await status_of(submitted.id) == "submitted"
        events = await RequestEvent.select().where(RequestEvent.request == submitted.id)
        assert [(e["event"], e["from_status"], e["to_status"]) for e in events] == [
            ("submit", "draft", "submitted")
        ]
        jobs = await OutboxJob.select().where(OutboxJob.name == "requests.acknowledge")
        assert len(jobs) == 1
        payload = jobs[0]["payload"]
        payload = json.loads(payload) if isinstance(payload, str) else payload
        assert payload == {"request_id": str(submitted.id)}

    async def test_same_idempotency_key_gives_one_request(self) -> None:
        person = await make_person()
        first = await submit(person, "tap")
        second = await submit(person, "tap")
        assert first == second
        assert await Request.count() == 1
        assert await OutboxJob.count().where(OutboxJob.name == "requests.acknowledge") == 1
        # Another person's key space is separate.
        other = await make_person(first_name="Jan")
        assert (await submit(other, "tap")).id != first.id

    async def test_references_are_unique_and_increasing(self) -> None:
        person = await make_person()
        refs = [(await submit(person, f"k{i}")).reference for i in range(3)]
        assert len(set(refs)) == 3
        assert refs == sorted(refs)

    async def test_missing_and_wrong_typed_answers_are_refused_per_field(self) -> None:
        person = await make_person()
        with pytest.raises(FormInvalid) as caught:
            await submit(
                person,
                kind=RequestKind.PAYMENT_PLAN,
                answers={"monthly_amount": "beaucoup", "months": "douze"},
            )
        assert set(caught.value.errors) == {"monthly_amount", "months", "reason"}
        assert await Request.count() == 0

    async def test_typed_answers_are_stored_clean(self) -> None:
        person = await make_person()
        submitted = await submit(
            person,
            kind=RequestKind.PAYMENT_PLAN,
            answers={"monthly_amount": "1.250,5", "months": "12", "reason": "Crise", "x": "?"},
        )
        row = await Request.select(Request.answers).where(Request.id == submitted.id).first()
        answers = row["answers"] if isinstance(row["answers"], dict) else json.loads(row["answers"])
        assert answers == {"monthly_amount": "1250.50", "months": 12, "reason": "Crise"}

    async def test_unknown_kind_is_refused(self) -> None:
        person = await make_person()
        with pytest.raises(FormInvalid) as caught:
            await submit(person, kind="free_money")
        assert "kind" in caught.value.errors

    async def test_an_affiliate_cannot_file_for_someone_else(self) -> None:
        a, b = await make_person(), await make_person(first_name="Jan")
        with pytest.raises(NotFound):
            await service.submit_request(
                affiliate(a), person_id=b, kind="general_question", answers=QUESTION,
                idempotency_key="x",
            )  # fmt: skip


class TestAttachments:
    async def test_pdf_is_kept_with_its_sniffed_type(self) -> None:
        person = await make_person()
        submitted = await submit(person, attachments=[service.NewAttachment("scan.PDF", PDF)])
        files = await RequestAttachment.select().where(RequestAttachment.request == submitted.id)
        assert [(f["filename"], f["content_type"], bytes(f["data"])) for f in files] == [
            ("scan.PDF", "application/pdf", PDF)
        ]

    @pytest.mark.parametrize(
        ("name", "data", "fragment"),
        [
            ("virus.pdf", b"MZ\x90\x00 not a pdf at all", "PDF, JPEG, PNG ou HEIC"),
            ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "10 Mo"),
            ("empty.png", b"", "vide"),
        ],
        ids=["renamed-exe", "too-large", "empty"],
    )
    async def test_bad_files_are_refused(self, name: str, data: bytes, fragment: str) -> None:
        person = await make_person()
        with pytest.raises(FormInvalid) as caught:
            await submit(person, attachments=[service.NewAttachment(name, data)])
        assert fragment in caught.value.errors["attachments"]
        assert name in caught.value.errors["attachments"]
        assert await Request.count() == 0

    @pytest.mark.parametrize(
        "head",
        [
            b"\xff\xd8\xff\xe0\x00\x10JFIF",
            b"\x89PNG\r\n\x1a\n\x00\x00",
            b"\x00\x00\x00\x18ftypheic",
        ],
        ids=["jpeg", "png", "heic"],
    )
    async def test_images_are_accepted(self, head: bytes) -> None:
        person = await make_person()
        await submit(person, attachments=[service.NewAttachment("photo.bin", head + b"x" * 64)])
        assert await RequestAttachment.count() == 1


class TestAcknowledge:
    async def test_routes_dates_and_receipt(self) -> None:
        agent = await make_staff()
        person = await make_person()
        # Wednesday 2026-04-01: Easter Monday (6 April) sits inside the target's 5 working days.
        with clock.frozen(datetime(2026, 4, 1, 9, 0, tzinfo=UTC)):
            submitted = await submit(person)
            assert await service.acknowledge_request(submitted.id) is True
        row = await Request.select().where(Request.id == submitted.id).first()
        assert row["status"] == "received"
        assert row["assignee"] == agent
        assert row["received_on"] == date(2026, 4, 1)
        assert row["target_due"] == date(2026, 4, 9)  # 2,3,7,8,9 April: Easter Monday skipped
        assert row["legal_due"] == date(2026, 8, 3)  # 1 Aug is a Saturday -> Monday 3 Aug
        assert await AccountManager.count().where(AccountManager.person == person) == 1
        inbox = await InboxMessage.select().where(InboxMessage.person == person)
        assert [m["kind"] for m in inbox] == ["receipt"]
        assert submitted.reference in inbox[0]["body"]
        mails = [
            j for j in await OutboxJob.select().where(OutboxJob.name == "mail.send")
            if "request_received" in json.dumps(j["payload"])
        ]  # fmt: skip
        assert len(mails) == 1

    async def test_is_idempotent(self) -> None:
        await make_staff()
        person = await make_person()
        submitted = await submit(person)
        assert await service.acknowledge_request(submitted.id) is True
        assert await service.acknowledge_request(submitted.id) is False
        assert await InboxMessage.count().where(InboxMessage.kind == "receipt") == 1
        assert await RequestEvent.count().where(RequestEvent.event == "acknowledge") == 1

    async def test_the_account_manager_receives_the_next_requests(self) -> None:
        first_agent = await make_staff(name="First")
        person = await make_person()
        one = await submit(person, "1")
        await service.acknowledge_request(one.id)
        await make_staff(name="Second")  # less loaded, but not this person's manager
        two = await submit(person, "2")
        await service.acknowledge_request(two.id)
        rows = await Request.select(Request.assignee)
        assert {r["assignee"] for r in rows} == {first_agent}

    async def test_without_agent_the_request_waits_unassigned(self) -> None:
        person = await make_person()
        submitted = await submit(person)
        await service.acknowledge_request(submitted.id)
        row = await Request.select().where(Request.id == submitted.id).first()
        assert row["status"] == "received" and row["assignee"] is None


async def received(person: uuid.UUID, key: str = "k") -> uuid.UUID:
    submitted = await submit(person, key)
    await service.acknowledge_request(submitted.id)
    return submitted.id


class TestTransitions:
    async def test_the_whole_road_with_a_pause(self) -> None:
        agent = await make_staff()
        person = await make_person()
        with clock.frozen(datetime(2026, 3, 2, 9, tzinfo=UTC)):
            request_id = await received(person)
            await service.take_request(staff(agent), request_id)
            assert await status_of(request_id) == "in_review"
            await service.request_information(staff(agent), request_id, question="Votre bilan ?")
        assert await status_of(request_id) == "information_requested"
        with clock.frozen(datetime(2026, 3, 12, 9, tzinfo=UTC)):  # answered 10 days later
            await service.answer_information(affiliate(person), request_id, answer="Ci-joint")
        row = await Request.select().where(Request.id == request_id).first()
        assert row["status"] == "in_review"
        assert row["paused_days"] == 10
        assert row["legal_due"] == date(2026, 7, 13)  # 2 July + 10 days = 12 July (Sun) -> 13
        await service.decide_request(
            staff(agent), request_id, decision="refuse", motivation="Revenus trop élevés."
        )
        row = await Request.select().where(Request.id == request_id).first()
        assert row["status"] == "refused" and row["motivation"] == "Revenus trop élevés."
        events = (
            await RequestEvent.select(RequestEvent.event, RequestEvent.actor_kind)
            .where(RequestEvent.request == request_id)
            .order_by(RequestEvent.at)
        )
        assert [(e["event"], e["actor_kind"]) for e in events] == [
            ("submit", "affiliate"),
            ("acknowledge", "system"),
            ("take", "staff"),
            ("request_information", "staff"),
            ("answer_information", "affiliate"),
            ("refuse", "staff"),
        ]
        inbox = await InboxMessage.select(InboxMessage.kind).where(InboxMessage.person == person)
        assert sorted(m["kind"] for m in inbox) == ["decision", "information_request", "receipt"]
        # Each e-mail about the request leads to the request itself, not to the list.
        mails = [
            json.loads(job["payload"]) if isinstance(job["payload"], str) else job["payload"]
            for job in await OutboxJob.select(OutboxJob.payload).where(
                OutboxJob.name == "mail.send"
            )
        ]
        links = {
            mail["template"]: mail["context"]["link"]
            for mail in mails
            if mail.get("template", "").startswith("request_")
        }
        to_the_person = ("request_received", "request_information", "request_decided")
        assert {urlsplit(links[t]).path for t in to_the_person} == {f"/requests/{request_id}"}
        assert urlsplit(links["request_answered"]).path == f"/staff/requests/{request_id}"

    @pytest.mark.parametrize("decision", ["grant", "partly_grant", "refuse"])
    async def test_decision_needs_a_motivation(self, decision: str) -> None:
        agent = await make_staff()
        request_id = await received(await make_person())
        await service.take_request(staff(agent), request_id)
        with pytest.raises(FormInvalid) as caught:
            await service.decide_request(
                staff(agent), request_id, decision=decision, motivation=" "
            )
        assert "motivation" in caught.value.errors
        assert await status_of(request_id) == "in_review"
        result = await service.decide_request(
            staff(agent), request_id, decision=decision, motivation="Motif."
        )
        assert result == {"grant": Status.GRANTED, "partly_grant": Status.PARTLY_GRANTED,
                          "refuse": Status.REFUSED}[decision]  # fmt: skip

    async def test_decision_while_information_is_awaited_closes_the_pause(self) -> None:
        agent = await make_staff()
        with clock.frozen(datetime(2026, 3, 2, 9, tzinfo=UTC)):
            request_id = await received(await make_person())
            await service.request_information(staff(agent), request_id, question="?")
        with clock.frozen(datetime(2026, 3, 9, 9, tzinfo=UTC)):
            await service.send_reminder(staff(agent), request_id)
        with clock.frozen(datetime(2026, 4, 9, 9, tzinfo=UTC)):  # one month after the reminder
            await service.decide_request(
                staff(agent), request_id, decision="grant", motivation="OK"
            )
        row = await Request.select().where(Request.id == request_id).first()
        assert (row["status"], row["paused_days"], row["paused_since"]) == ("granted", 38, None)

    async def test_illegal_moves_are_refused_and_leave_no_event(self) -> None:
        agent = await make_staff()
        person = await make_person()
        submitted = await submit(person)
        # Not yet received: nobody can decide or take it.
        with pytest.raises(TransitionRefused):
            await service.take_request(staff(agent), submitted.id)
        await service.acknowledge_request(submitted.id)
        # Received: the affiliate cannot answer a question never asked.
        with pytest.raises(TransitionRefused):
            await service.answer_information(affiliate(person), submitted.id, answer="x")
        with pytest.raises(TransitionRefused):
            await service.decide_request(
                staff(agent), submitted.id, decision="grant", motivation="x"
            )
        await service.withdraw_request(affiliate(person), submitted.id)
        assert await status_of(submitted.id) == "withdrawn"
        # Final: nothing moves any more.
        with pytest.raises(TransitionRefused):
            await service.withdraw_request(affiliate(person), submitted.id)
        with pytest.raises(TransitionRefused):
            await service.request_information(staff(agent), submitted.id, question="?")
        with pytest.raises(TransitionRefused):
            await service.take_request(staff(agent), submitted.id)
        events = await RequestEvent.select(RequestEvent.event).where(
            RequestEvent.request == submitted.id
        )
        assert [e["event"] for e in events] == ["submit", "acknowledge", "withdraw"]

    async def test_withdraw_from_every_open_status(self) -> None:
        agent = await make_staff()
        person = await make_person()
        ids = [(await submit(person, f"w{i}")).id for i in range(4)]
        for request_id in ids[1:]:
            await service.acknowledge_request(request_id)
        await service.take_request(staff(agent), ids[2])
        await service.take_request(staff(agent), ids[3])
        await service.request_information(staff(agent), ids[3], question="?")
        assert [await status_of(i) for i in ids] == [
            "submitted", "received", "in_review", "information_requested",
        ]  # fmt: skip
        for request_id in ids:
            await service.withdraw_request(affiliate(person), request_id)
        assert {await status_of(i) for i in ids} == {"withdrawn"}

    async def test_reassign_keeps_the_status(self) -> None:
        first, second = await make_staff(name="A"), await make_staff(name="B")
        lead = await make_staff(role="supervisor", name="Lead")
        request_id = await received(await make_person())
        await service.take_request(staff(first), request_id)
        await service.reassign_request(staff(lead), request_id, staff_id=second)
        row = await Request.select().where(Request.id == request_id).first()
        assert (row["status"], row["assignee"]) == ("in_review", second)
        await service.take_request(staff(lead), request_id)  # taking it over = reassign
        row = await Request.select().where(Request.id == request_id).first()
        assert row["assignee"] == lead
        events = (
            await RequestEvent.select(RequestEvent.event)
            .where(RequestEvent.request == request_id)
            .order_by(RequestEvent.at)
        )
        assert [e["event"] for e in events][-3:] == ["take", "reassign", "reassign"]

    async def test_only_supervisors_pass_a_request_on(self) -> None:
        first, second = await make_staff(name="A"), await make_staff(name="B")
        request_id = await received(await make_person())
        await service.take_request(staff(first), request_id)
        with pytest.raises(Forbidden):
            await service.reassign_request(staff(first), request_id, staff_id=second)
        with pytest.raises(Forbidden):
            await service.take_request(staff(second), request_id)  # from a colleague
        row = await Request.select().where(Request.id == request_id).first()
        assert row["assignee"] == first
        await service.take_request(staff(first), request_id)  # already theirs: nothing happens
        events = await RequestEvent.select(RequestEvent.event).where(
            RequestEvent.request == request_id
        )
        assert "reassign" not in [e["event"] for e in events]

    async def test_agents_of_another_team_cannot_act(self) -> None:
        await make_staff()
        outsider = await make_staff(team="pensions")
        request_id = await received(await make_person())
        with pytest.raises(NotFound):
            await service.take_request(staff(outsider), request_id)
        supervisor = await make_staff(role="supervisor", team="pensions")
        await service.take_request(staff(supervisor), request_id)  # supervisors see every team
        assert await status_of(request_id) == "in_review"

    async def test_another_affiliate_cannot_answer_or_withdraw(self) -> None:
        agent = await make_staff()
        owner, intruder = await make_person(), await make_person(first_name="Eve")
        request_id = await received(owner)
        await service.take_request(staff(agent), request_id)
        await service.request_information(staff(agent), request_id, question="?")
        with pytest.raises(NotFound):
            await service.answer_information(affiliate(intruder), request_id, answer="x")
        with pytest.raises(NotFound):
            await service.withdraw_request(affiliate(intruder), request_id)
        assert await status_of(request_id) == "information_requested"


class TestReminder:
    async def asked(self, on: datetime) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
        agent, person = await make_staff(), await make_person()
        with clock.frozen(on):
            request_id = await received(person)
            await service.request_information(staff(agent), request_id, question="Bilan ?")
        return agent, person, request_id

    async def test_reminder_is_an_event_a_message_and_an_email(self) -> None:
        agent, person, request_id = await self.asked(datetime(2026, 3, 2, 9, tzinfo=UTC))
        with clock.frozen(datetime(2026, 3, 20, 9, tzinfo=UTC)):
            decide_from = await service.send_reminder(staff(agent), request_id)
        assert decide_from == date(2026, 4, 20)
        assert await status_of(request_id) == "information_requested"  # still paused
        events = (
            await RequestEvent.select(RequestEvent.event)
            .where(RequestEvent.request == request_id)
            .order_by(RequestEvent.at)
        )
        assert events[-1]["event"] == "send_reminder"
        inbox = await InboxMessage.select().where(
            (InboxMessage.person == person) & (InboxMessage.kind == "information_reminder")
        )
        assert len(inbox) == 1
        assert "20 avril 2026" in inbox[0]["body"]  # the affiliate's language (fr)
        mails = [
            j for j in await OutboxJob.select().where(OutboxJob.name == "mail.send")
            if "request_reminder" in json.dumps(j["payload"])
        ]  # fmt: skip
        assert len(mails) == 1
        assert await AuditEvent.count().where(AuditEvent.action == "request.send_reminder") == 1

    async def test_one_reminder_per_question(self) -> None:
        agent, _person, request_id = await self.asked(datetime(2026, 3, 2, 9, tzinfo=UTC))
        await service.send_reminder(staff(agent), request_id)
        with pytest.raises(FormInvalid) as caught:
            await service.send_reminder(staff(agent), request_id)
        assert "reminder" in caught.value.errors

    async def test_only_while_information_is_awaited(self) -> None:
        agent = await make_staff()
        request_id = await received(await make_person())
        await service.take_request(staff(agent), request_id)
        with pytest.raises(TransitionRefused):
            await service.send_reminder(staff(agent), request_id)

    async def test_no_decision_without_answer_before_a_reminder_and_a_month(self) -> None:
        agent, _person, request_id = await self.asked(datetime(2026, 3, 2, 9, tzinfo=UTC))
        with clock.frozen(datetime(2026, 6, 2, 9, tzinfo=UTC)), pytest.raises(FormInvalid) as e:
            await service.decide_request(staff(agent), request_id, decision="refuse",
                                         motivation="Pas de réponse.")  # fmt: skip
        assert "decision" in e.value.errors  # no reminder yet, however long the wait
        with clock.frozen(datetime(2026, 6, 2, 9, tzinfo=UTC)):
            await service.send_reminder(staff(agent), request_id)
        with clock.frozen(datetime(2026, 7, 1, 9, tzinfo=UTC)), pytest.raises(FormInvalid) as e:
            await service.decide_request(staff(agent), request_id, decision="refuse",
                                         motivation="Pas de réponse.")  # fmt: skip
        assert "2 juillet 2026" in e.value.errors["decision"]
        assert await status_of(request_id) == "information_requested"
        with clock.frozen(datetime(2026, 7, 2, 9, tzinfo=UTC)):
            await service.decide_request(staff(agent), request_id, decision="refuse",
                                         motivation="Pas de réponse.")  # fmt: skip
        assert await status_of(request_id) == "refused"

    async def test_an_answer_closes_the_reminder(self) -> None:
        agent, person, request_id = await self.asked(datetime(2026, 3, 2, 9, tzinfo=UTC))
        with clock.frozen(datetime(2026, 3, 9, 9, tzinfo=UTC)):
            await service.send_reminder(staff(agent), request_id)
        with clock.frozen(datetime(2026, 3, 10, 9, tzinfo=UTC)):
            await service.answer_information(affiliate(person), request_id, answer="Voici.")
            await service.request_information(staff(agent), request_id, question="Autre ?")
        with clock.frozen(datetime(2026, 5, 10, 9, tzinfo=UTC)), pytest.raises(FormInvalid):
            # The old reminder belongs to the first question: the new one needs its own.
            await service.decide_request(staff(agent), request_id, decision="grant",
                                         motivation="OK")  # fmt: skip
        with clock.frozen(datetime(2026, 5, 10, 9, tzinfo=UTC)):
            await service.send_reminder(staff(agent), request_id)


class TestReferences:
    async def test_numbering_restarts_each_year(self) -> None:
        person = await make_person()
        with clock.frozen(datetime(2030, 12, 31, 12, tzinfo=UTC)):
            a = await submit(person, "a")
            b = await submit(person, "b")
        with clock.frozen(datetime(2030, 12, 31, 23, 30, tzinfo=UTC)):  # 1 Jan in Brussels
            c = await submit(person, "c")
        with clock.frozen(datetime(2031, 1, 2, 9, tzinfo=UTC)):
            d = await submit(person, "d")
            again = await submit(person, "d")  # a double tap takes no number
            e = await submit(person, "e")
        assert [a.reference, b.reference] == ["AF-2030-000001", "AF-2030-000002"]
        assert [c.reference, d.reference, e.reference] == [
            "AF-2031-000001", "AF-2031-000002", "AF-2031-000003",
        ]  # fmt: skip
        assert again == d


class TestEscalation:
    async def test_flags_once_and_mails_the_teams_supervisor(self) -> None:
        await make_staff()
        await make_staff(role="supervisor", name="Sup")
        await make_staff(role="supervisor", team="other", name="Other sup")
        with clock.frozen(datetime(2026, 3, 2, 9, tzinfo=UTC)):
            request_id = await received(await make_person())
        row = await Request.select(Request.legal_due).where(Request.id == request_id).first()
        assert row["legal_due"] == date(2026, 7, 2)
        assert await service.escalate_requests(date(2026, 6, 24)) == 0  # 6 working days before
        assert await service.escalate_requests(date(2026, 6, 25)) == 1  # 5 working days before
        assert await service.escalate_requests(date(2026, 6, 26)) == 0  # already flagged
        mails = [
            j for j in await OutboxJob.select().where(OutboxJob.name == "mail.send")
            if "request_escalated" in json.dumps(j["payload"])
        ]  # fmt: skip
        assert len(mails) == 1
        assert await AuditEvent.count().where(AuditEvent.action == "request.escalated") == 1

    async def test_paused_requests_do_not_escalate(self) -> None:
        agent = await make_staff()
        with clock.frozen(datetime(2026, 3, 2, 9, tzinfo=UTC)):
            request_id = await received(await make_person())
            await service.request_information(staff(agent), request_id, question="?")
        assert await service.escalate_requests(date(2026, 7, 1)) == 0


class TestUploadQuota:
    async def test_thirty_files_an_hour_then_a_clear_message(self) -> None:
        person = await make_person()
        ten = [service.NewAttachment(f"scan{n}.pdf", PDF) for n in range(10)]
        start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        with clock.frozen(start):
            for key in ("q1", "q2", "q3"):
                await submit(person, key=key, attachments=ten)
            with i18n.language("fr"), pytest.raises(FormInvalid) as refused:
                await submit(person, key="q4", attachments=ten[:1])
        assert refused.value.errors == {
            "attachments": "Vous avez envoyé beaucoup de fichiers au cours de la dernière heure. "
            "Réessayez plus tard, ou envoyez-les par la poste."
        }
        # Without files the affiliate can still write; an hour later files are welcome again.
        with clock.frozen(start + timedelta(minutes=5)):
            await submit(person, key="q5")
        with clock.frozen(start + timedelta(hours=1, minutes=1)):
            await submit(person, key="q6", attachments=ten[:1])
        assert await RequestAttachment.count() == 31
