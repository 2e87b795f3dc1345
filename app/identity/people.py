"""Creating an affiliate (a person known to the fund)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.identity.tables import Person
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
