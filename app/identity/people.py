"""Creating an affiliate: a person known to the fund, or a newcomer who signed up alone."""

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
    postcode: str | None = None  # 4 digits, already validated (rules.normalise_postcode)


async def create_person(data: NewPerson, *, actor: audit.Actor) -> uuid.UUID:
    """Create an affiliate the fund knows (verified identity) and queue their welcome message
    in the same transaction."""
    return await _insert_person(data, verified=True, actor=actor)


async def create_unverified_person(data: NewPerson, *, actor: audit.Actor) -> uuid.UUID:
    """A newcomer who signed up alone: the typed national number is only *claimed*.

    The account holds no national number (so it matches no file of the fund) until its identity
    is proven (identity.account.verify_identity). Never links to a known person.
    """
    return await _insert_person(data, verified=False, actor=actor)


async def _insert_person(data: NewPerson, *, verified: bool, actor: audit.Actor) -> uuid.UUID:
    person_id = uuid.uuid4()
    async with transaction():
        await Person.insert(
            Person(
                id=person_id,
                national_number=data.national_number if verified else None,
                claimed_national_number=None if verified else data.national_number,
                identity_verified=verified,
                first_name=data.first_name,
                last_name=data.last_name,
                email=data.email,
                phone=data.phone,
                postcode=data.postcode,
                language=data.language,
            )
        )
        await audit.record(actor, "person.created", subject=("person", person_id))
        await outbox.enqueue("messaging.send_welcome", person_id=person_id)
    return person_id
