"""Writes about people and staff users; each call is one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.identity.tables import Person, StaffUser
from app.kit import audit, outbox
from app.kit.db import transaction


@dataclass(frozen=True, slots=True)
class NewPerson:
    national_number: str
    first_name: str
    last_name: str
    email: str | None = None
    phone: str | None = None
    language: str = "fr"


async def create_person(data: NewPerson, *, actor: audit.Actor) -> uuid.UUID:
    """Create an affiliate and queue their welcome message in the same transaction."""
    person_id = uuid.uuid4()
    async with transaction():
        await Person.insert(
            Person(
                id=person_id,
                national_number=data.national_number,
                first_name=data.first_name,
                last_name=data.last_name,
                email=data.email,
                phone=data.phone,
                language=data.language,
            )
        )
        await audit.record(actor, "person.created", subject=("person", person_id))
        await outbox.enqueue("messaging.send_welcome", person_id=person_id)
    return person_id


async def create_staff_user(
    *, email: str, full_name: str, role: str, team: str, language: str, actor: audit.Actor
) -> uuid.UUID:
    staff_id = uuid.uuid4()
    async with transaction():
        await StaffUser.insert(
            StaffUser(
                id=staff_id,
                email=email.lower(),
                full_name=full_name,
                role=role,
                team=team,
                language=language,
            )
        )
        await audit.record(
            actor, "staff.created", subject=("staff_user", staff_id), details={"role": role}
        )
    return staff_id
