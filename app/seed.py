"""Demo data for `make run`: one affiliate with their status, one staff member, created once
(idempotent)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.affiliation import queries as affiliation_queries
from app.affiliation import service as affiliation
from app.affiliation.rules import Category
from app.identity import queries, service
from app.identity.service import LinkPurpose
from app.kit.audit import SYSTEM


@dataclass(frozen=True, slots=True)
class DemoAccounts:
    person_national_number: str
    staff_email: str
    created: bool
    # Fresh one-time links (each run kills the previous ones): register a passkey in a browser.
    person_activation_url: str = ""
    staff_activation_url: str = ""


DEMO_PERSON = service.NewPerson(
    national_number="85073003328",  # a valid NISS (checksum included) for a fictitious person
    first_name="Camille",
    last_name="Dubois",
    email="camille.dubois@example.be",
    phone="+32 470 12 34 56",
    language="fr",
)
DEMO_STAFF_EMAIL = "agent.demo@affilio.example"
# Camille is self-employed in main activity since 2019 (the demo's status at the fund).
DEMO_STATUS_START = date(2019, 3, 1)


async def seed_demo() -> DemoAccounts:
    created = False
    person_id = await queries.person_id_by_national_number(DEMO_PERSON.national_number)
    if person_id is None:
        person_id = await service.create_person(DEMO_PERSON, actor=SYSTEM)
        created = True
    if await affiliation_queries.affiliation_of(person_id) is None:
        await affiliation.record_affiliation(
            SYSTEM, person_id=person_id, category=Category.MAIN, starts_on=DEMO_STATUS_START
        )
        created = True
    staff_id = await queries.staff_id_by_email(DEMO_STAFF_EMAIL)
    if staff_id is None:
        staff_id = await service.create_staff_user(
            email=DEMO_STAFF_EMAIL,
            full_name="Sarah Janssens",
            role="admin",
            team="general",
            language="fr",
            actor=SYSTEM,
        )
        created = True
    person_url = await service.issue_activation_link(
        "affiliate", person_id, actor=SYSTEM, send_mail=False
    )
    staff_url = await service.issue_activation_link(
        "staff", staff_id, purpose=LinkPurpose.STAFF_INVITE, actor=SYSTEM, send_mail=False
    )
    return DemoAccounts(
        DEMO_PERSON.national_number, DEMO_STAFF_EMAIL, created, person_url, staff_url
    )
