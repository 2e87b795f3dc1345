"""Demo data for `make run`: one affiliate and one staff member, created once (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass

from app.identity import service
from app.identity.tables import LinkPurpose, Person, StaffUser
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


async def seed_demo() -> DemoAccounts:
    created = False
    if not await Person.exists().where(Person.national_number == DEMO_PERSON.national_number):
        await service.create_person(DEMO_PERSON, actor=SYSTEM)
        created = True
    if not await StaffUser.exists().where(StaffUser.email == DEMO_STAFF_EMAIL):
        await service.create_staff_user(
            email=DEMO_STAFF_EMAIL,
            full_name="Sarah Janssens",
            role="admin",
            team="general",
            language="fr",
            actor=SYSTEM,
        )
        created = True
    person_id = (
        await Person.select(Person.id)
        .where(Person.national_number == DEMO_PERSON.national_number)
        .first()
    )
    staff_id = (
        await StaffUser.select(StaffUser.id).where(StaffUser.email == DEMO_STAFF_EMAIL).first()
    )
    person_url = await service.issue_activation_link(
        "affiliate", person_id["id"], actor=SYSTEM, send_mail=False
    )
    staff_url = await service.issue_activation_link(
        "staff",
        staff_id["id"],
        purpose=LinkPurpose.STAFF_INVITE,
        actor=SYSTEM,
        send_mail=False,
    )
    return DemoAccounts(
        DEMO_PERSON.national_number, DEMO_STAFF_EMAIL, created, person_url, staff_url
    )
