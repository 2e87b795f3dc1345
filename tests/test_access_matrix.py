"""Who may reach what: every route of the app, tried as each kind of visitor.

The table below has one row per route (method and path, as Litestar lists them). A route added
without a row fails `test_every_route_has_a_row`; a row whose expectation is wrong fails its
own case. Ids in paths belong to affiliate A and to team "general"; the other actors try them.

Outcomes: "ok" (the route answers: a page, a redirect elsewhere, or a validation error),
"login" (sent to log in, or 401 for JSON), "403" (forbidden), "404" (not theirs: hidden).
A 5xx is never acceptable.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import httpx
import pytest
import redis.asyncio as aioredis

from app.affiliation import service as affiliation
from app.benefits.tables import BenefitEntitlement, BenefitPayment, BenefitPaymentRun
from app.documents import service as documents
from app.documents.render import RenderedDocument
from app.documents.uploads import NewAttachment
from app.identity import service as identity
from app.identity.people import NewPerson, create_unverified_person
from app.identity.tables import AccountRecovery, PasskeyCredential, Person
from app.kit import clock
from app.kit.audit import SYSTEM
from app.kit.routes import route_table
from app.kit.tables import RetentionFlag
from app.mandates import service as mandates
from app.mandates.rules import Grant, Scope
from app.messaging import service as messaging
from app.messaging.tables import (
    Appointment,
    AppointmentSlot,
    InboxMessage,
    StaffNotice,
    ThreadAttachment,
)
from app.payments import service as payments
from app.payments.tables import (
    BankMovement,
    CourtParty,
    CourtProcedure,
    DebitFile,
    DueNotice,
    LedgerEntry,
    PaymentAccount,
    RecoveryStep,
)
from app.requests import service as requests
from app.requests.tables import InstitutionOutbox, RequestAttachment
from app.rights.tables import RightFinding
from app.staff import reports
from app.staff.rules import Period as StaffPeriod
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff, staff
from tests.support.coda_builder import BuiltMovement, build_coda

pytestmark = pytest.mark.integration

ACTORS = (
    "anonymous",
    "affiliate_b",
    "unverified",  # signed up alone, claiming A's national number: sees no more than B
    "affiliate_a",
    "agent_x",
    "agent_y",
    "supervisor",
    "admin",
)
PDF = b"%PDF-1.7 access matrix"

# Profiles: the expected outcome for each actor in the order of ACTORS, the self-registered
# account excepted: it must get exactly what affiliate B gets (see `expected`).
PUBLIC = ("ok",) * 7
LOGIN = ("login",) + ("ok",) * 6
AFFILIATE = ("login", "ok", "ok", "403", "403", "403", "403")
OWN = ("login", "404", "ok", "403", "403", "403", "403")  # A's ids: B is told nothing
STAFF = ("login", "403", "403", "ok", "ok", "ok", "ok")
TEAM = ("login", "403", "403", "ok", "404", "ok", "ok")  # a request or person of team general
SUPERVISORS = ("login", "403", "403", "403", "403", "ok", "ok")
ADMINS = ("login", "403", "403", "403", "403", "403", "ok")
LOGGED_OUT = ("login",) * 7  # logging out ends on the login page, whoever asks
NOWHERE = ("404",) * 7  # the OpenAPI renderer's catch-all: an unknown name is 404 for all
# The federal login is off without its settings (tests/integration/identity/test_federal_login.py
# turns it on against a real provider): then its routes do not exist, for anybody.
FEDERAL_OFF = ("404",) * 7
FILING = ("login", "ok", "ok", "login", "login", "login", "login")  # guides file for affiliates
# A client's pages under a mandate: no actor here holds one for A (A included: a mandate is
# for someone else), so every affiliate is told nothing. tests/integration/mandates walks
# them as a mandatary with each scope, and after revocation and the last day.
NO_MANDATE = ("login", "404", "404", "403", "403", "403", "403")
OWN_ACCOUNT = ("login", "404", "ok", "404", "404", "404", "404")  # A's passkey: A only

# Agent X's own staff notice: only X opens it; no other staff member learns it exists.
OWN_NOTICE = ("login", "403", "403", "ok", "404", "404", "404")

EXPECTED: dict[str, tuple[str, ...]] = {
    "GET /": PUBLIC,
    "GET /account": LOGIN,
    "GET /account/details": AFFILIATE,
    "GET /account/contributions": AFFILIATE,
    "GET /account/contributions/notices/{notice_id:uuid}": OWN,
    "POST /account/contributions/notices/{notice_id:uuid}/pdf": OWN,
    "GET /account/contributions/notices/{notice_id:uuid}/ubl": OWN,
    # A has no running plan in this world: no payment of it for anyone (a plan's own payment
    # is tested in tests/integration/payments/test_ubl.py, 404 for another affiliate).
    "GET /account/contributions/plan/payments/{number:int}/ubl": NO_MANDATE,
    "GET /account/contributions/statement.csv": AFFILIATE,
    "GET /account/contributions/court/{procedure_id:uuid}": OWN,  # A's procedure
    "POST /account/contributions/statement/pdf": OWN,  # B has no account to state
    "POST /account/contributions/surcharge-waiver": AFFILIATE,  # nothing to waive: back
    "GET /account/companies/{company_id:uuid}": OWN,  # A directs it; B is told nothing
    "POST /account/details": AFFILIATE,
    "GET /account/details/confirm": AFFILIATE,
    "POST /account/details/confirm": AFFILIATE,
    "GET /account/passkeys": LOGIN,
    "GET /account/mandates": AFFILIATE,
    "POST /account/mandates": AFFILIATE,  # an empty form: refused next to its fields
    "POST /account/mandates/{mandate_id:uuid}/revoke": OWN,  # A gave it; B is told nothing
    "GET /mandates/invitations/{code:str}": AFFILIATE,  # A's own link says so; B may accept
    "POST /mandates/invitations/{code:str}": AFFILIATE,  # B accepts; A is refused (409)
    "POST /mandates/{mandate_id:uuid}/give-up": NO_MANDATE,  # nobody accepted it yet
    "GET /clients/{client_id:uuid}/notices/{notice_id:uuid}/ubl": NO_MANDATE,
    "GET /clients": AFFILIATE,  # one's own clients (none here)
    "GET /clients/{client_id:uuid}/account": NO_MANDATE,
    "GET /clients/{client_id:uuid}/notices": NO_MANDATE,
    "GET /clients/{client_id:uuid}/companies/{company_id:uuid}": NO_MANDATE,
    "GET /clients/{client_id:uuid}/adjust": NO_MANDATE,
    "POST /clients/{client_id:uuid}/adjust": NO_MANDATE,
    "GET /clients/{client_id:uuid}/sent": NO_MANDATE,
    "GET /clients/{client_id:uuid}/ask": NO_MANDATE,
    "POST /clients/{client_id:uuid}/ask": NO_MANDATE,
    "GET /staff/retention": SUPERVISORS,
    "GET /staff/retention/{flag_id:uuid}": SUPERVISORS,
    "POST /staff/retention/{flag_id:uuid}": SUPERVISORS,
    "GET /account/privacy": AFFILIATE,
    "POST /account/privacy/export": AFFILIATE,
    "GET /account/privacy/{right:str}": AFFILIATE,
    "POST /account/privacy/{right:str}": AFFILIATE,
    "POST /account/passkeys/{passkey_id:uuid}/rename": OWN_ACCOUNT,
    "GET /account/passkeys/{passkey_id:uuid}/revoke": OWN_ACCOUNT,
    "POST /account/passkeys/{passkey_id:uuid}/revoke": OWN_ACCOUNT,
    "GET /activate/{token:str}": PUBLIC,
    "GET /api/v1/contributions/simulation": PUBLIC,
    "GET /api/v1/contributions/simulation/reference-income": PUBLIC,
    "GET /api/v1/contributions/simulation/starter": PUBLIC,
    "GET /api/v1/contributions/regularisation": PUBLIC,
    "GET /api/v1/contributions/surcharge": PUBLIC,
    "GET /api/v1/payments/plan-preview": PUBLIC,
    "GET /api/v1/requests": AFFILIATE,
    "GET /api/v1/account": AFFILIATE,  # the session person's own account (B's is empty)
    "GET /api/v1/account/notices": AFFILIATE,
    "GET /api/v1/inbox": AFFILIATE,
    "POST /api/v1/requests": AFFILIATE,  # files the session person's own request
    "GET /api/v1/requests/{request_id:uuid}": OWN,
    "GET /api/v1/guides/{slug:str}/draft": PUBLIC,  # the visitor's own (or an empty one)
    "PUT /api/v1/guides/{slug:str}/draft/steps/{step:str}": PUBLIC,
    "POST /api/v1/guides/{slug:str}/draft/submit": FILING,  # no draft yet: 409 for affiliates
    "GET /account/contributions/plan": AFFILIATE,
    "POST /account/contributions/plan": AFFILIATE,
    "POST /account/contributions/plan/accept": AFFILIATE,  # nothing on offer: back to the page
    "POST /account/contributions/plan/decline": AFFILIATE,
    "GET /account/contributions/exemption": AFFILIATE,
    "POST /account/contributions/exemption": AFFILIATE,
    "GET /account/direct-debit": AFFILIATE,
    "POST /account/direct-debit": AFFILIATE,
    "GET /account/direct-debit/confirm": AFFILIATE,
    "POST /account/direct-debit/confirm": AFFILIATE,
    "POST /account/direct-debit/revoke": AFFILIATE,
    "GET /contact": PUBLIC,
    "GET /forms": PUBLIC,
    "GET /forms/{slug:str}": PUBLIC,  # a life event's key facts
    "GET /forms/blank/{form:str}": PUBLIC,  # a blank form: its PDF, or the page to print
    "GET /manifest.webmanifest": PUBLIC,  # the installable app: the same for everybody
    "GET /sw.js": PUBLIC,
    "GET /offline/{language:str}": PUBLIC,
    "GET /healthz": PUBLIC,
    "POST /language": PUBLIC,
    "GET /login": PUBLIC,
    "GET /login/federal": FEDERAL_OFF,
    "GET /login/federal/callback": FEDERAL_OFF,
    "GET /login/federal/refused": PUBLIC,  # the words of a refusal, for whoever came back
    "POST /logout": LOGGED_OUT,
    "POST /logout/everywhere": LOGGED_OUT,
    "GET /appointments": AFFILIATE,
    "GET /appointments/book": AFFILIATE,
    "POST /appointments/book": AFFILIATE,  # no time chosen: the form again with its message
    "GET /appointments/{appointment_id:uuid}/move": OWN,
    "POST /appointments/{appointment_id:uuid}/move": OWN,
    "POST /appointments/{appointment_id:uuid}/cancel": OWN,
    "GET /appointments/{appointment_id:uuid}/calendar.ics": OWN,
    "GET /messages": AFFILIATE,
    "POST /messages": AFFILIATE,
    "GET /messages/attachments/{attachment_id:uuid}": OWN,
    "POST /messages/read": AFFILIATE,
    "GET /inbox": AFFILIATE,
    "GET /documents": AFFILIATE,
    "GET /account/notifications": AFFILIATE,
    "POST /account/notifications": AFFILIATE,
    # Web Push on one's own devices (app/messaging/push.py): an empty subscription is refused.
    "GET /account/push": AFFILIATE,
    "POST /account/push": AFFILIATE,
    "POST /account/push/subscriptions": AFFILIATE,
    "POST /account/push/unsubscribe": AFFILIATE,
    "POST /documents/fiscal-attestation": AFFILIATE,
    "POST /documents/affiliation-certificate": AFFILIATE,
    "GET /documents/{document_id:uuid}": OWN,
    "GET /staff/documents/{document_id:uuid}": TEAM,
    "GET /inbox/{message_id:uuid}": OWN,
    "POST /inbox/{message_id:uuid}/read": OWN,
    "POST /inbox/read": AFFILIATE,
    "GET /rights/{finding_id:uuid}": OWN,
    "GET /benefits": AFFILIATE,  # the session person's own (B has none)
    "GET /benefits/{entitlement_id:uuid}": OWN,
    "GET /account/payout": AFFILIATE,
    "POST /account/payout": AFFILIATE,  # an empty form: refused next to its fields
    "GET /account/payout/confirm": AFFILIATE,  # nothing waiting: back to the form
    "POST /account/payout/confirm": AFFILIATE,
    "GET /staff/benefits/runs": STAFF,
    "POST /staff/benefits/runs/prepare": STAFF,  # nothing payable (no amount): back
    "GET /staff/benefits/runs/{run_id:uuid}": STAFF,
    "POST /staff/benefits/runs/{run_id:uuid}/approve": SUPERVISORS,  # approved: nothing more
    "GET /staff/benefits/runs/{run_id:uuid}/pain001.xml": STAFF,
    "POST /staff/benefits/figures": SUPERVISORS,  # an empty form: refused next to its fields
    "POST /rights/{finding_id:uuid}/claim": OWN,
    "POST /rights/{finding_id:uuid}/dismiss": OWN,
    "POST /passkeys/login": PUBLIC,
    "POST /passkeys/login/options": PUBLIC,
    "POST /passkeys/register": PUBLIC,
    "POST /passkeys/register/options": PUBLIC,
    "POST /passkeys/step-up": LOGIN,
    "POST /passkeys/step-up/options": LOGIN,
    "GET /readyz": PUBLIC,
    "GET /recovery": PUBLIC,
    "POST /recovery": PUBLIC,
    "GET /recovery/sent": PUBLIC,
    "GET /requests": AFFILIATE,
    "GET /requests/ask": AFFILIATE,
    "POST /requests/ask": AFFILIATE,
    "GET /requests/attachments/{attachment_id:uuid}": OWN,
    "GET /requests/identity": AFFILIATE,
    "POST /requests/identity": AFFILIATE,
    "GET /requests/{request_id:uuid}": OWN,
    "POST /requests/{request_id:uuid}/answer": OWN,
    "POST /requests/{request_id:uuid}/withdraw": OWN,
    "GET /schema": PUBLIC,
    "GET /schema/openapi.json": PUBLIC,
    "GET /schema/{path:str}": NOWHERE,
    "GET /signup": PUBLIC,
    "POST /signup": PUBLIC,
    "GET /signup/code": PUBLIC,
    "POST /signup/code": PUBLIC,
    "GET /signup/passkey": PUBLIC,
    "GET /simulator": PUBLIC,
    "GET /simulator/regularisation": PUBLIC,
    "GET /simulator/surcharge": PUBLIC,
    "GET /simulator/adjust": AFFILIATE,
    "POST /simulator/adjust": AFFILIATE,
    "GET /simulator/adjust/sent": AFFILIATE,
    "GET /staff": STAFF,
    "GET /staff/attachments/{attachment_id:uuid}": TEAM,
    "GET /staff/identity/recovery": STAFF,
    "POST /staff/identity/recovery/{recovery_id:uuid}/grant": TEAM,
    "POST /staff/identity/recovery/{recovery_id:uuid}/reject": TEAM,
    "GET /staff/identity/team": ADMINS,
    "POST /staff/identity/team": ADMINS,
    "POST /staff/identity/team/{staff_id:uuid}/role": ADMINS,
    "GET /staff/payments": STAFF,
    "POST /staff/payments/import": SUPERVISORS,
    "GET /staff/direct-debit": SUPERVISORS,
    "GET /staff/direct-debit/{file_id:uuid}/pain008.xml": SUPERVISORS,
    "POST /staff/payments/movements/{movement_id:uuid}/assign": SUPERVISORS,
    "GET /staff/people/{person_id:uuid}": TEAM,
    "GET /staff/people/{person_id:uuid}/account": TEAM,
    "GET /staff/entries/{entry_id:uuid}/reversal": SUPERVISORS,
    "POST /staff/entries/{entry_id:uuid}/reversal": SUPERVISORS,
    "GET /staff/companies": STAFF,
    "POST /staff/companies": STAFF,
    "GET /staff/companies/{company_id:uuid}": STAFF,
    "POST /staff/companies/{company_id:uuid}/years": STAFF,
    "POST /staff/companies/{company_id:uuid}/directors": STAFF,
    "POST /staff/companies/{company_id:uuid}/contacts/{step_id:uuid}": SUPERVISORS,
    "POST /staff/people/{person_id:uuid}/account/contacts/{step_id:uuid}": TEAM,
    "GET /staff/court/parties": SUPERVISORS,
    "POST /staff/court/parties": SUPERVISORS,  # an empty form: refused next to its fields
    "GET /staff/people/{person_id:uuid}/court": TEAM,
    "POST /staff/people/{person_id:uuid}/court": TEAM,  # an empty form: refused
    "POST /staff/people/{person_id:uuid}/court/{procedure_id:uuid}/steps": TEAM,
    # An undue benefit on A's bridging right (app/staff/undue.py): agents with the file decide.
    "GET /staff/people/{person_id:uuid}/benefits/{entitlement_id:uuid}/undue": TEAM,
    # An empty form: refused next to its field.
    "POST /staff/people/{person_id:uuid}/benefits/{entitlement_id:uuid}/undue": TEAM,
    "POST /staff/people/{person_id:uuid}/messages": TEAM,
    "POST /staff/people/{person_id:uuid}/read": TEAM,
    "POST /staff/people/{person_id:uuid}/rights/{finding_id:uuid}/open": TEAM,
    "GET /staff/requests/{request_id:uuid}": TEAM,
    "GET /staff/requests/{request_id:uuid}/decide": TEAM,
    "POST /staff/requests/{request_id:uuid}/decide": TEAM,
    # Not a plan request: back to the request's page (GET), or refused as such (POST).
    "GET /staff/requests/{request_id:uuid}/counter-proposal": TEAM,
    "POST /staff/requests/{request_id:uuid}/counter-proposal": TEAM,
    # Not a request INASTI decides: refused as such (forward), back to its page (decision).
    "POST /staff/requests/{request_id:uuid}/forward": TEAM,
    # A's general question: its file is no certificate for a mutualité (refused, 422).
    "POST /staff/requests/{request_id:uuid}/attachments/{attachment_id:uuid}/mutualite": TEAM,
    "GET /staff/transmissions/{transmission_id:uuid}": TEAM,  # placed for INASTI about A
    "GET /staff/requests/{request_id:uuid}/inasti-decision": TEAM,
    "POST /staff/requests/{request_id:uuid}/inasti-decision": TEAM,
    "POST /staff/requests/{request_id:uuid}/information": TEAM,
    "POST /staff/requests/{request_id:uuid}/messages": TEAM,
    "POST /staff/requests/{request_id:uuid}/reassign": SUPERVISORS,
    "POST /staff/requests/{request_id:uuid}/reminder": TEAM,
    "POST /staff/requests/{request_id:uuid}/take": TEAM,
    "GET /staff/teams": SUPERVISORS,
    "GET /staff/dashboard": SUPERVISORS,
    "GET /staff/dashboard/decisions": SUPERVISORS,
    "GET /staff/dashboard/arrears": SUPERVISORS,
    "GET /staff/dashboard/recovery": SUPERVISORS,
    "GET /staff/reports": SUPERVISORS,
    "POST /staff/reports": SUPERVISORS,
    "GET /staff/reports/{report_id:uuid}/{file_name:str}": SUPERVISORS,
    "GET /staff/mails": SUPERVISORS,
    "GET /staff/appointments": STAFF,
    "POST /staff/appointments/slots": STAFF,  # an empty form: refused next to its fields
    # Agent X's slot and the booking on it: only X acts on them (a colleague is told nothing).
    "POST /staff/appointments/slots/{slot_id:uuid}/withdraw": OWN_NOTICE,
    "POST /staff/appointments/{appointment_id:uuid}/cancel": OWN_NOTICE,
    "POST /staff/appointments/{appointment_id:uuid}/outcome": OWN_NOTICE,
    "GET /staff/appointments/{appointment_id:uuid}/calendar.ics": OWN_NOTICE,
    "GET /staff/inbox": STAFF,
    "POST /staff/inbox/read": STAFF,
    "POST /staff/inbox/{staff_notice_id:uuid}/open": OWN_NOTICE,
    "GET /staff/thread-attachments/{attachment_id:uuid}": TEAM,
    "GET /static/{file_path:path}": PUBLIC,
    "HEAD /static/{file_path:path}": PUBLIC,
    "GET /step-up": LOGIN,
    "GET /wizards": PUBLIC,
    "GET /wizards/claim": AFFILIATE,
    "POST /wizards/claim": AFFILIATE,
    "POST /wizards/claim/discard": AFFILIATE,
    "GET /wizards/{slug:str}": PUBLIC,
    "GET /wizards/{slug:str}/check": PUBLIC,
    "GET /wizards/{slug:str}/done": PUBLIC,
    "GET /wizards/{slug:str}/outcome": PUBLIC,
    "POST /wizards/{slug:str}/restart": PUBLIC,
    "GET /wizards/filed": PUBLIC,  # a random draft id: 400 without it, 404 for anyone
    "GET /wizards/{slug:str}/review": PUBLIC,  # no finished draft: back to the first question
    "POST /wizards/{slug:str}/submit": FILING,
    "GET /wizards/{slug:str}/{step_id:str}": PUBLIC,
    "POST /wizards/{slug:str}/{step_id:str}": PUBLIC,
}


# Form fields that make a request meaningful, so the access check is what answers (an empty
# form would be refused for its content first and hide who may act).
DATA: dict[str, dict[str, str]] = {
    "POST /account/passkeys/{passkey_id:uuid}/rename": {"name": "Tablette"},
    "POST /staff/requests/{request_id:uuid}/reassign": {"assignee": "{staff_id:uuid}"},
    "POST /staff/requests/{request_id:uuid}/information": {"question": "Votre bilan ?"},
    "POST /staff/requests/{request_id:uuid}/messages": {"body": "Bonjour"},
    "POST /staff/people/{person_id:uuid}/messages": {"body": "Bonjour"},
    "POST /staff/payments/movements/{movement_id:uuid}/assign": {
        "account_number": "1",
        "year": "2026",
        "quarter": "1",
    },
    "POST /staff/people/{person_id:uuid}/account/contacts/{step_id:uuid}": {
        "note": "Appelée : elle demande un plan."
    },
    "POST /staff/entries/{entry_id:uuid}/reversal": {"reason": "Frais annulés par décision"},
    "POST /account/contributions/surcharge-waiver": {"reason": "Hospitalisée en mars."},
    "POST /account/contributions/plan": {"advance": "100", "instalments": "3", "reason": "Oui"},
    "POST /account/contributions/exemption": {
        "quarters": "2026-Q4",
        "cause": "illness",
        "household_income": "1200",
        "household_size": "1",
        "dependants": "0",
        "housing_cost": "600",
        "other_debts": "0",
        "reason": "Malade.",
    },
    "POST /staff/requests/{request_id:uuid}/inasti-decision": {
        "decided_on": "2026-01-02",
        "motivation": "Refus.",
    },
    "POST /staff/requests/{request_id:uuid}/counter-proposal": {
        "advance": "100",
        "instalments": "3",
        "motivation": "Autres conditions.",
    },
    "POST /staff/companies": {
        "enterprise_number": "0812.345.702",
        "name": "Atelier Claes",
        "legal_form": "srl",
        "incorporated_on": "2019-05-02",
    },
    "POST /staff/companies/{company_id:uuid}/years": {
        "year": "2025",
        "balance_sheet_total": "412 000,00",
        "exemption_requested": "no",
    },
    "POST /staff/companies/{company_id:uuid}/directors": {
        "niss": "{niss_b}",
        "since": "2024-01-01",
    },
    "POST /staff/companies/{company_id:uuid}/contacts/{step_id:uuid}": {
        "note-{company_step}": "Appelé le gérant : il paie vendredi."
    },
    "POST /requests/{request_id:uuid}/answer": {"answer": "Voici"},
    "POST /messages": {"body": "Bonjour"},
    "POST /documents/fiscal-attestation": {"year": "2025"},
    "POST /staff/reports": {"start": "2026-01-01", "end": "2026-01-31"},
    "POST /account/notifications": {"topics": "receipts"},
    "POST /staff/retention/{flag_id:uuid}": {"decision": "keep", "motivation": "Recours."},
    "POST /account/privacy/{right:str}": {"data": "Mon prénom", "correction": "Anne-Marie"},
    "POST /wizards/{slug:str}/{step_id:str}": {"event": "birth"},
}


def expected(route: str) -> tuple[str, ...]:
    profile = EXPECTED[route]
    return (*profile[:2], profile[1], *profile[2:])


@dataclass(frozen=True)
class World:
    accounts: dict[str, tuple[str, uuid.UUID] | None]
    params: dict[str, str]


async def _world() -> World:
    person_a = await make_person("Anna", "anna@example.be")
    person_b = await make_person("Bert", "bert@example.be")
    agent_x = await make_staff(name="Xavier")  # team general: A's account manager
    agent_y = await make_staff(team="pensions", name="Yasmine")
    supervisor = await make_staff(role="supervisor", name="Sam")
    admin = await make_staff(role="admin", name="Ada")
    submitted = await requests.submit_request(
        affiliate(person_a),
        person_id=person_a,
        kind="general_question",
        answers={"subject": "S", "question": "Q"},
        idempotency_key="matrix",
        attachments=[NewAttachment("scan.pdf", PDF)],
    )
    await requests.acknowledge_request(submitted.id)  # its receipt: A's inbox message
    receipt = (
        await InboxMessage.select(InboxMessage.id)
        .where((InboxMessage.person == person_a) & (InboxMessage.kind == "receipt"))
        .first()
    )
    assert receipt is not None
    await messaging.post_staff_notice(
        agent_x, kind="answer", subject="%(reference)s: the affiliate answered",
        context={"reference": "AF-TEST"}, link="/staff/", dedupe_key="matrix-notice",
    )  # fmt: skip
    staff_notice = await StaffNotice.select(StaffNotice.id).first()
    assert staff_notice is not None
    letter = await documents.store_document(
        person_id=person_a, kind="decision_letter", source=f"request:{submitted.id}",
        reference="AF-TEST", language="fr", title="Décision",
        rendered=RenderedDocument(PDF, "0" * 64),
    )  # fmt: skip
    attachment = await RequestAttachment.select(RequestAttachment.id).first()
    await messaging.post_message(
        staff(agent_x),
        person_id=person_a,
        body="Bonjour",
        attachments=[NewAttachment("note.pdf", PDF)],
    )
    thread_file = await ThreadAttachment.select(ThreadAttachment.id).first()
    passkey_id = uuid.uuid4()
    await PasskeyCredential.insert(
        PasskeyCredential(
            id=passkey_id,
            person=person_a,
            credential_id=uuid.uuid4().bytes,
            public_key=b"\x00",
            name="Téléphone",
        )
    )
    recovery_id = uuid.uuid4()
    await AccountRecovery.insert(
        AccountRecovery(
            id=recovery_id,
            national_number="85073003328",
            email="anna@example.be",
            person=person_a,
        )
    )
    await affiliation.record_affiliation(
        SYSTEM, person_id=person_a, category="main", starts_on=date(2019, 3, 1)
    )
    await payments.issue_quarter_notice(person_a, 2026, 1)
    notice = await DueNotice.select(DueNotice.id).first()
    assert notice is not None
    fee = await LedgerEntry.select(LedgerEntry.id).where(
        LedgerEntry.kind == "management_fee"
    ).first()  # fmt: skip
    assert fee is not None
    # A bank statement with one payment nothing matched: it waits in the staff's queue.
    await payments.import_statement(SYSTEM, build_coda(
        account_iban="BE71096123456769", holder="AFFILIO", sequence=1, created=date(2026, 3, 20),
        old_balance=Decimal("0.00"), movements=[BuiltMovement(
            Decimal("917.58"), date(2026, 3, 19), communication="cotisations Anna",
            counterparty_iban="BE43068999999501", counterparty_name="ANNA")],
    ))  # fmt: skip
    movement = await BankMovement.select(BankMovement.id).first()
    assert movement is not None
    # Person A's late quarter waits for its personal contact (the recovery's task).
    account = await DueNotice.select(DueNotice.account).first()
    assert account is not None
    step_id = uuid.uuid4()
    await RecoveryStep.insert(RecoveryStep(
        id=step_id, account=account["account"], year=2026, quarter=1, kind="personal_contact",
        scheduled_on=date(2026, 6, 29),
    ))  # fmt: skip
    # A's quarter handed to a bailiff (app/payments/court.py).
    party_id, procedure_id = uuid.uuid4(), uuid.uuid4()
    await CourtParty.insert(CourtParty(id=party_id, kind="bailiff", name="Maître Dubois"))
    await CourtProcedure.insert(CourtProcedure(
        id=procedure_id, account=account["account"], kind="bailiff", party=party_id,
        quarters="2026-Q1", amount=Decimal("917.58"), last_step="handed_over",
    ))  # fmt: skip
    # Person A directs a company with a 2025 notice and a contact its recovery waits for.
    company_id = await affiliation.record_company(
        SYSTEM, enterprise_number="0123.456.749", name="Claes SRL", legal_form="srl",
        incorporated_on=date(2018, 4, 3),
    )  # fmt: skip
    await affiliation.record_directorship(
        SYSTEM, person_id=person_a, enterprise_number="0123.456.749", company_name="Claes SRL",
        since=date(2018, 4, 3),
    )  # fmt: skip
    await affiliation.record_company_year(
        SYSTEM, company_id=company_id, year=2025, balance_sheet_total=Decimal("412000.00")
    )
    assert await payments.issue_company_notice(company_id, 2025)
    company_account = await PaymentAccount.select(PaymentAccount.id).where(
        PaymentAccount.company == company_id
    ).first()  # fmt: skip
    assert company_account is not None
    company_step = uuid.uuid4()
    await RecoveryStep.insert(RecoveryStep(
        id=company_step, account=company_account["id"], year=2025, quarter=4,
        kind="personal_contact", scheduled_on=date(2026, 3, 31),
    ))  # fmt: skip
    flag_id = uuid.uuid4()
    await RetentionFlag.insert(RetentionFlag(
        id=flag_id, key=f"mail_log:{flag_id}", rule="mail_log", subject_kind="mail_month",
        subject_id="2019-01", label="2019-01 · 3", retained_until=date(2021, 12, 31),
    ))  # fmt: skip
    b_number = await Person.select(Person.national_number).where(Person.id == person_b).first()
    url = await identity.issue_activation_link("affiliate", person_b, actor=SYSTEM)
    a_number = await Person.select(Person.national_number).where(Person.id == person_a).first()
    claimant = await create_unverified_person(
        NewPerson(
            national_number=a_number["national_number"],
            first_name="Mallory",
            last_name="Claim",
            email="mallory@example.be",
            language="fr",
        ),
        actor=SYSTEM,
    )
    assert attachment is not None and thread_file is not None
    # A's mandate to an accountant, not accepted yet: its invitation link is live.
    mandate = await mandates.grant_mandate(
        affiliate(person_a),
        Grant("Fiduciaire Dupont", None, tuple(Scope), clock.today(), None),
    )
    report_id = await reports.request_report(
        staff(supervisor), StaffPeriod(date(2026, 1, 1), date(2026, 1, 31))
    )
    await reports.build_report(report_id)
    finding_id = uuid.uuid4()  # a right suggested to A (app/rights)
    await RightFinding.insert(RightFinding(
        id=finding_id, person=person_a, right="quarter_exemption_birth", occasion="2026-10-05",
        state="sent", prefill={"birth_date": "2026-10-05"},
        figures={"birth_date": "2026-10-05", "count": 2, "first": "1/2027", "last": "2/2027"},
    ))  # fmt: skip
    entitlement_id = uuid.uuid4()  # a bridging right granted to A (app/benefits)
    await BenefitEntitlement.insert(BenefitEntitlement(
        id=entitlement_id, person=person_a, kind="bridging_right", request=submitted.id,
        pillar="bankruptcy", details={"months": 12, "months_assumed": True, "family": False},
        starts_on=date(2026, 2, 2),
        ends_on=date(2026, 2, 8), status="active",
    ))  # fmt: skip
    await BenefitPayment.insert(BenefitPayment(
        id=uuid.uuid4(), entitlement=entitlement_id, number=1, kind="segment",
        period_start=date(2026, 2, 2), period_end=date(2026, 2, 8), due_on=date(2026, 2, 9),
        share=Decimal("0.25"), amount=None, figure="guides.bridging.monthly_single",
        figure_status="U",
    ))  # fmt: skip
    run_id = uuid.uuid4()  # an approved benefit payment run, with its SEPA file
    await BenefitPaymentRun.insert(BenefitPaymentRun(
        id=run_id, due_until=date(2026, 2, 9), status="approved", sepa_xml=b"<Document/>",
    ))  # fmt: skip
    transmission_id = uuid.uuid4()  # A's request's slip, placed for INASTI (transmissions.py)
    await InstitutionOutbox.insert(InstitutionOutbox(
        id=transmission_id, institution="inasti", kind="request", request=submitted.id,
        person=person_a, reference="AF-TEST", filename="AF-TEST-inasti.pdf",
        content_type="application/pdf", data=PDF, dedupe_key=f"request:{submitted.id}:inasti",
        created_by="system",
    ))  # fmt: skip
    debit_file_id = uuid.uuid4()  # a pain.008 collection file, for staff to download
    await DebitFile.insert(DebitFile(
        id=debit_file_id, message_id="AFD-ACCESS-1", collection_on=date(2026, 2, 5),
        transactions=1, total=Decimal("100.00"), xml="<Document/>",
    ))  # fmt: skip
    # Agent X's two slots in three days: A booked the first, the second is free.
    booked_slot, free_slot, appointment_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    starts = clock.now().replace(microsecond=0) + timedelta(days=3)
    for slot_id, at in ((booked_slot, starts), (free_slot, starts + timedelta(minutes=30))):
        await AppointmentSlot.insert(AppointmentSlot(id=slot_id, staff=agent_x, starts_at=at,
                                                     minutes=30, channel="office"))  # fmt: skip
    await Appointment.insert(Appointment(
        id=appointment_id, slot=booked_slot, person=person_a, status="booked",
        about_kind="thread", calendar_uid=uuid.uuid4(),
    ))  # fmt: skip
    return World(
        accounts={
            "anonymous": None,
            "affiliate_a": ("affiliate", person_a),
            "affiliate_b": ("affiliate", person_b),
            "unverified": ("affiliate", claimant),
            "agent_x": ("staff", agent_x),
            "agent_y": ("staff", agent_y),
            "supervisor": ("staff", supervisor),
            "admin": ("staff", admin),
        },
        params={
            "passkey_id:uuid": str(passkey_id),
            "notice_id:uuid": str(notice["id"]),
            "message_id:uuid": str(receipt["id"]),
            "document_id:uuid": str(letter.id),
            "staff_notice_id:uuid": str(staff_notice["id"]),
            "movement_id:uuid": str(movement["id"]),
            "step_id:uuid": str(step_id),
            "procedure_id:uuid": str(procedure_id),
            "company_id:uuid": str(company_id),
            "entry_id:uuid": str(fee["id"]),
            "company_step": str(company_step),
            "flag_id:uuid": str(flag_id),
            "finding_id:uuid": str(finding_id),
            "entitlement_id:uuid": str(entitlement_id),
            "run_id:uuid": str(run_id),
            "file_id:uuid": str(debit_file_id),
            "transmission_id:uuid": str(transmission_id),
            "slot_id:uuid": str(free_slot),
            "number:int": "0",
            "appointment_id:uuid": str(appointment_id),
            "niss_b": b_number["national_number"],
            "attachment_id:uuid": "",  # per route below: request or thread attachment
            "request_id:uuid": str(submitted.id),
            "person_id:uuid": str(person_a),
            "recovery_id:uuid": str(recovery_id),
            "staff_id:uuid": str(agent_y),
            "report_id:uuid": str(report_id),
            "mandate_id:uuid": str(mandate.id),
            "code:str": mandate.url.rsplit("/", 1)[1],
            "client_id:uuid": str(person_a),
            "file_name:str": "report.csv",
            "token:str": url.rsplit("/", 1)[1],
            "slug:str": "new_child",
            "form:str": "exemption",
            "right:str": "rectification",
            "language:str": "nl",
            "step_id:str": "event",
            "step:str": "event",
            "path:str": "openapi.yaml",
            "file_path:path": "css/app.css",
            "request_attachment": str(attachment["id"]),
            "thread_attachment": str(thread_file["id"]),
        },
    )


# The JSON API's bodies (sent as JSON with the CSRF header, as the offline sync sends them).
JSON_DATA: dict[str, dict[str, object]] = {
    "POST /api/v1/requests": {
        "kind": "general_question",
        "subject": "Cotisations",
        "question": "Quand payer ?",
        "idempotency_key": "matrix-1",
    },
    "PUT /api/v1/guides/{slug:str}/draft/steps/{step:str}": {
        "answers": {"event": "birth"},
        "idempotency_key": "matrix-1",
    },
    "POST /api/v1/guides/{slug:str}/draft/submit": {
        "kinds": ["maternity_aid"],
        "declaration": True,
    },
}


def _url(path: str, params: dict[str, str]) -> str:
    thread = "/messages/" in path or "thread-attachments" in path
    values = {
        **params,
        # A company's contact is one of the company's recovery steps, not person A's.
        **({"step_id:uuid": params["company_step"]} if "/companies/" in path else {}),
        "attachment_id:uuid": params["thread_attachment" if thread else "request_attachment"],
    }
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, path
    return path


def _fill(text: str, params: dict[str, str]) -> str:
    for name, value in params.items():
        text = text.replace("{" + name + "}", value)
    return text


async def _empty_tables() -> None:
    from piccolo.conf.apps import Finder

    from app.kit import db

    names = ", ".join(f'"{t._meta.tablename}"' for t in Finder().get_table_classes())
    await db.engine().run_ddl(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


def outcome(response: httpx.Response) -> str:
    assert response.status_code < 500, (response.status_code, response.text[:500])
    location = response.headers.get("location", "")
    if response.status_code == 401 or (response.is_redirect and location.startswith("/login")):
        return "login"
    if response.status_code in (403, 404):
        return str(response.status_code)
    return "ok"


@pytest.fixture
async def fresh_limits(redis_client: aioredis.Redis) -> AsyncIterator[aioredis.Redis]:
    """Rate-limit counters must not carry over from one route's tries to the next."""
    keys = [key async for key in redis_client.scan_iter("affilio:limit:*")]
    if keys:
        await redis_client.delete(*keys)
    yield redis_client


def test_every_route_has_a_row() -> None:
    from app.main import create_app

    listed = {f"{m} {row.path}" for row in route_table(create_app()) for m in row.methods}
    assert listed - set(EXPECTED) == set(), "new routes need a row in EXPECTED"
    assert set(EXPECTED) - listed == set(), "rows for routes that no longer exist"


@pytest.mark.parametrize("route", sorted(EXPECTED), ids=str)
async def test_route_access(
    client: httpx.AsyncClient, fresh_limits: aioredis.Redis, route: str
) -> None:
    method, path = route.split(" ", 1)
    world = await _world()
    seen: dict[str, str] = {}
    for actor in ACTORS:
        if method not in ("GET", "HEAD"):
            # A change made by one actor (a grant, a withdrawal) must not decide the next
            # actor's answer: each tries on a world of their own.
            await _empty_tables()
            world = await _world()
        url = _url(path, world.params)
        fields = {
            _fill(k, world.params): _fill(v, world.params) for k, v in DATA.get(route, {}).items()
        }
        client.cookies.clear()
        account = world.accounts[actor]
        if account is not None:
            # A fresh user verification: this test is about who may, not about step-up.
            await log_in(client, account[0], account[1], step_up_at=clock.now())
        token = await csrf_token(client)
        if method in ("GET", "HEAD"):
            response = await client.request(method, url)
        elif route in JSON_DATA:
            response = await client.request(
                method, url, json=JSON_DATA[route], headers={"x-csrftoken": token}
            )
        else:
            response = await client.request(
                method,
                url,
                data={"_csrf_token": token, **fields},
                headers={"x-csrftoken": token},
            )
        seen[actor] = outcome(response)
    got = tuple(seen[a] for a in ACTORS)
    assert got == expected(route), f"got {got}"


async def test_an_expired_step_up_is_asked_again(
    client: httpx.AsyncClient, fresh_limits: aioredis.Redis
) -> None:
    """The matrix gives every actor a fresh verification; without one, step-up routes ask."""
    world = await _world()
    kind, agent = world.accounts["agent_x"] or ("", uuid.uuid4())
    await log_in(client, kind, agent, step_up_at=clock.now() - timedelta(minutes=6))
    page = await client.get(f"/staff/requests/{world.params['request_id:uuid']}/decide")
    assert page.status_code == 303 and page.headers["location"].startswith("/step-up")
