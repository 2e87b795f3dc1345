"""The objects the accessibility walk opens (e2e/test_accessibility.py): the seeded demo affiliate
(app.seed: an account with notices, a late quarter, a company) with, on top, what a page needs
to show more than an empty state: a question with an attachment, its receipt, a message from
the fund with a file, a payment-plan proposal, an exemption request forwarded to INASTI, a staff
read of the file and a retention flag.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from decimal import Decimal

from e2e.auth import _run

PDF = b"%PDF-1.4\n% accessibility walk\n"


def demo_world(admin_id: uuid.UUID) -> dict[str, str]:
    """Seed the demo (idempotent) and add the requests and messages; path parameters by name."""

    async def build() -> dict[str, str]:
        from app.affiliation import queries as affiliation_queries
        from app.benefits.rules.common import BenefitKind
        from app.benefits.service import open_entitlement
        from app.benefits.tables import BenefitEntitlement
        from app.documents.uploads import NewAttachment
        from app.identity import queries as identity_queries
        from app.identity import service as identity
        from app.kit import audit
        from app.kit.audit import SYSTEM
        from app.kit.tables import RetentionFlag
        from app.messaging import service as messaging
        from app.messaging.tables import InboxMessage, ThreadAttachment
        from app.payments import queries as payment_queries
        from app.payments import service as payments
        from app.payments.tables import DueNotice, LedgerEntry, PaymentAccount
        from app.requests import service as requests
        from app.rights.tables import RightFinding
        from app.seed import DEMO_COMPANY_NUMBER, DEMO_PERSON, seed_demo
        from tests.support.actors import affiliate, staff

        await seed_demo()
        person = await identity_queries.person_id_by_national_number(DEMO_PERSON.national_number)
        assert person is not None
        me, agent = affiliate(person), staff(admin_id)
        question = await requests.submit_request(
            me, person_id=person, kind="general_question",
            answers={"subject": "Cotisations 2026", "question": "Puis-je payer plus tard ?"},
            idempotency_key=f"a11y-{uuid.uuid4()}", attachments=[NewAttachment("scan.pdf", PDF)],
        )  # fmt: skip
        await requests.acknowledge_request(question.id)  # its receipt: an inbox message
        receipt = await InboxMessage.select(InboxMessage.id).where(
            InboxMessage.person == person
        ).first()  # fmt: skip
        await messaging.post_message(
            agent, person_id=person, body="Bonjour, voici la note.",
            attachments=[NewAttachment("note.pdf", PDF)],
        )  # fmt: skip
        assert await ThreadAttachment.select(ThreadAttachment.id).first() is not None
        plan = await payments.propose_plan(
            me, advance=Decimal("100"), instalments=3, reason="Un client paie en retard."
        )
        # A quarter that may still be asked today (the demo's unpaid quarters of 2026).
        askable = sorted((await payment_queries.exemption_options(me)).keys)
        assert askable, "no quarter of the demo account may be exempted today"
        exemption = await payments.request_exemption(
            me, quarters=askable[:1], reason="Opérée en août.",
            situation={"cause": "illness", "household_income": Decimal("1450"),
                       "household_size": 3, "dependants": 1, "housing_cost": Decimal("780"),
                       "other_debts": Decimal("0")},
            attachments=[NewAttachment("certificat.pdf", PDF)], key=str(uuid.uuid4()),
        )  # fmt: skip
        for request_id in (plan, exemption):
            await requests.acknowledge_request(request_id)
        await requests.take_request(agent, exemption)
        await requests.forward_request(agent, exemption, note="Dossier complet.")
        account = await PaymentAccount.select(PaymentAccount.id).where(
            PaymentAccount.person == person
        ).first()  # fmt: skip
        assert account is not None and receipt is not None
        notice = await DueNotice.select(DueNotice.id).where(
            DueNotice.account == account["id"]
        ).first()  # fmt: skip
        fee = await LedgerEntry.select(LedgerEntry.id).where(
            (LedgerEntry.account == account["id"]) & (LedgerEntry.kind == "management_fee")
        ).first()  # fmt: skip
        assert notice is not None and fee is not None
        [company] = await affiliation_queries.companies(DEMO_COMPANY_NUMBER, limit=1)
        link = await identity.issue_activation_link("affiliate", person, actor=SYSTEM)
        # A staff read for "who opened my file", and a flag for the retention review.
        await audit.record(agent, "staff.person_read", subject=("person", person))
        thread_file = await ThreadAttachment.select(ThreadAttachment.id).first()
        assert thread_file is not None
        flag_id = uuid.uuid4()
        await RetentionFlag.insert(RetentionFlag(
            id=flag_id, key=f"thread_files:{thread_file['id']}", rule="thread_files",
            subject_kind="thread_attachment", subject_id=str(thread_file["id"]), person=person,
            label="note.pdf", retained_until=date(2025, 12, 31),
        ))  # fmt: skip
        # A right the demo's file shows and she has not asked (app/rights), with its page.
        found = await RightFinding.select(RightFinding.id).where(
            (RightFinding.person == person) & (RightFinding.occasion == "2026-10-05")
        ).first()  # fmt: skip
        finding_id = found["id"] if found else uuid.uuid4()
        if found is None:  # a world built again on the same data keeps its one finding
            await RightFinding.insert(RightFinding(
                id=finding_id, person=person, right="quarter_exemption_birth",
                occasion="2026-10-05", state="sent", prefill={"birth_date": "2026-10-05"},
                figures={"birth_date": "2026-10-05", "count": 2, "first": "1/2027",
                         "last": "2/2027"},
            ))  # fmt: skip
        # A bridging right after a bankruptcy, with its schedule (app/benefits): 7-day
        # segments, then months; its 2025 amounts are not confirmed, 2026 has none.
        answers = {
            "event": "bankruptcy",
            "event_date": "2025-03-12",
            "guide": {"wizard": "bankruptcy", "answers": {"career_years": "8"}},
        }
        bridging = await requests.submit_request(
            me, person_id=person, kind="bridging_right", answers=dict(answers),
            idempotency_key="a11y-bridging",
        )  # fmt: skip
        await open_entitlement(SYSTEM, BenefitKind.BRIDGING_RIGHT, person, bridging.id,
                               "a11y", answers)  # fmt: skip
        entitlement = await BenefitEntitlement.select(BenefitEntitlement.id).where(
            BenefitEntitlement.request == bridging.id).first()  # fmt: skip
        assert entitlement is not None
        # A client who gave the demo affiliate an active mandate (every scope), and a pending
        # invitation of the demo affiliate's own.
        from app.affiliation import service as affiliation
        from app.mandates import service as mandates
        from app.mandates.rules import Grant, Scope
        from tests.support.actors import make_person

        client = await make_person("Lucas", f"lucas.{uuid.uuid4().hex[:6]}@example.be")
        await affiliation.record_affiliation(
            SYSTEM, person_id=client, category="main", starts_on=date(2019, 3, 1)
        )
        today = date.today()
        held = await mandates.grant_mandate(
            affiliate(client), Grant("Camille", None, tuple(Scope), today, None)
        )
        await mandates.accept_mandate(me, held.url.rsplit("/", 1)[1])
        lucas_company = await affiliation.record_company(
            SYSTEM, enterprise_number="0999.000.030", name="Lucas SRL", legal_form="srl",
            incorporated_on=date(2018, 4, 3),
        )  # fmt: skip
        await affiliation.record_directorship(
            SYSTEM, person_id=client, enterprise_number="0999.000.030", company_name="Lucas SRL",
            since=date(2018, 4, 3),
        )  # fmt: skip
        for_company = await mandates.grant_mandate(
            affiliate(client),
            Grant("Camille", None, (Scope.READ_ACCOUNT,), today, None, str(lucas_company)),
        )
        await mandates.accept_mandate(me, for_company.url.rsplit("/", 1)[1])
        given = await mandates.grant_mandate(
            me, Grant("Fiduciaire Dupont", None, (Scope.READ_ACCOUNT,), today, None)
        )
        from datetime import time, timedelta

        from app.benefits.tables import BenefitPaymentRun
        from app.kit import clock
        from app.messaging.rules.appointments import working_day
        from app.messaging.service import appointments

        # The admin's phone times on the next working day; Camille booked the first one about
        # her question (app/messaging/appointments.py).

        slot_day = clock.today() + timedelta(days=1)
        while not working_day(slot_day):
            slot_day += timedelta(days=1)
        first_slot, _second = await appointments.publish_slots(
            agent, appointments.SlotSeries(slot_day, time(11, 0), 30, 2, "phone")
        )
        booked = await appointments.book(
            me, first_slot, phone="0470 12 34 56", note="Le plan de paiement",
            about=appointments.About("request", question.id, question.reference or ""),
        )  # fmt: skip
        # A payment run as a supervisor sees it before approving (app/benefits/runs.py).
        run = await BenefitPaymentRun.select(BenefitPaymentRun.id).first()
        run_id = run["id"] if run else uuid.uuid4()
        if run is None:
            await BenefitPaymentRun.insert(BenefitPaymentRun(
                id=run_id, due_until=date(2026, 12, 3), status="prepared",
                skipped=[{"payment": str(uuid.uuid4()), "person": str(person),
                          "reason": "no_amount"}],
            ))  # fmt: skip
        return {
            "appointment_id:uuid": str(booked),
            "appointment_day": slot_day.isoformat(),
            "run_id:uuid": str(run_id),
            "entitlement_id:uuid": str(entitlement["id"]),
            "finding_id:uuid": str(finding_id),
            "client_id:uuid": str(client),
            "client_company": str(lucas_company),
            "code:str": given.url.rsplit("/", 1)[1],
            "flag_id:uuid": str(flag_id),
            "person_id:uuid": str(person),
            "request_id:uuid": str(question.id),
            "plan_request": str(plan),
            "exemption_request": str(exemption),
            "message_id:uuid": str(receipt["id"]),
            "notice_id:uuid": str(notice["id"]),
            "entry_id:uuid": str(fee["id"]),
            "company_id:uuid": str(company.id),
            "activation_url": link,
        }

    return _run(build)


def signup_code(email: str) -> str:
    """A known code for the newcomer's pending sign-up. The mailed one cannot be read back (the
    worker empties the outbox row once sent): the stored digest is replaced by a known code's,
    made with the secret the server shares with this process."""
    code = "246810"

    async def replace() -> None:
        from app.identity import rules
        from app.identity.tables import EmailCode
        from app.kit.settings import get_settings

        digest = rules.otp_digest(code, email=email, secret=get_settings().secret_key)
        await EmailCode.update({EmailCode.code_hash: digest}).where(
            (EmailCode.email == email) & EmailCode.used_at.is_null()
        )

    _run(replace)
    return code


def age_step_up(session_id: str) -> None:
    """The browser's session as an hour into the day: its last passkey check long past, so the
    next sensitive change asks for it again (the pages that wait for that confirmation)."""

    async def age() -> None:
        import os
        from datetime import timedelta

        import redis.asyncio as aioredis

        from app.kit import clock

        client = aioredis.from_url(os.environ["REDIS_URL"])
        key = f"affilio:session:{session_id}"
        try:
            stored = await client.get(key)
            assert stored is not None, "no such session"
            session = json.loads(stored)
            session["auth"]["step_up"] = (clock.now() - timedelta(hours=1)).isoformat()
            await client.set(key, json.dumps(session).encode(), keepttl=True)
        finally:
            await client.aclose()

    _run(age)
