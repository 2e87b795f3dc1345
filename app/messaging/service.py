"""Writes to the affiliate's inbox. Each message has a dedupe key, so a re-run job adds nothing."""

from __future__ import annotations

import uuid

from app.identity.tables import Person
from app.kit import i18n
from app.kit.i18n import gettext as _
from app.messaging.tables import InboxMessage


async def deliver_welcome(person_id: uuid.UUID) -> bool:
    """The welcome message of a new affiliate, in their language. Returns False if already there."""
    person = (
        await Person.select(Person.id, Person.first_name, Person.language)
        .where(Person.id == person_id)
        .first()
    )
    if person is None:
        return False  # the person was removed before the job ran: nothing to welcome
    key = f"welcome:{person_id}"
    with i18n.language(person["language"]):
        subject = _("Welcome to your social insurance fund")
        body = _(
            "Hello %(name)s, your online file is ready. Here you can follow your contributions, "
            "ask your questions and file your requests. A contact person who knows your file "
            "will answer you.",
            name=person["first_name"],
        )
    inserted = await InboxMessage.raw(
        "INSERT INTO inbox_message (id, person, kind, subject, body, dedupe_key, created_at) "
        "VALUES ({}, {}, 'welcome', {}, {}, {}, now()) ON CONFLICT (dedupe_key) DO NOTHING "
        "RETURNING id",
        uuid.uuid4(),
        person_id,
        subject,
        body,
        key,
    )
    return bool(inserted)
