"""One's own account: logging out everywhere, the language, an affiliate's contact details."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.identity.tables import Person, StaffUser
from app.kit import audit, clock, i18n
from app.kit.db import transaction
from app.kit.errors import NotFound
from app.kit.mail import queue_mail


async def log_out_everywhere(actor: audit.Actor) -> None:
    """End every session of the account, this one included (their epoch no longer matches)."""
    table: Any = Person if actor.kind == "affiliate" else StaffUser
    async with transaction():
        await table.update({table.session_epoch: table.session_epoch + 1}).where(
            table.id == actor.id
        )
        await audit.record(actor, "identity.logged_out_everywhere", subject=(actor.kind, actor.id))


async def update_language(actor: audit.Actor, language: str) -> None:
    lang = i18n.normalise(language)
    if lang is None or actor.id is None:
        return
    table: Any = Person if actor.kind == "affiliate" else StaffUser
    async with transaction():
        await table.update({table.language: lang}).where(table.id == actor.id)


@dataclass(frozen=True, slots=True)
class ContactChange:
    """Already validated: a normalised email, an international phone ("" = none), a language."""

    email: str
    phone: str
    language: str


async def update_contact_details(actor: audit.Actor, change: ContactChange) -> list[str]:
    """An affiliate edits their email, phone and language. Returns the fields that changed.

    A new email address is audited on its own and announced to the old address (in the
    person's language), so a hijacked session cannot quietly take the account over.
    """
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    language = i18n.normalise(change.language) or i18n.DEFAULT_LANGUAGE
    async with transaction():
        row = (
            await Person.select(Person.email, Person.phone, Person.language, Person.first_name)
            .where(Person.id == actor.id)
            .first()
        )
        if row is None:
            raise NotFound()
        new = {"email": change.email, "phone": change.phone or None, "language": language}
        changed = [field for field, value in new.items() if (row[field] or None) != value]
        if not changed:
            return []
        await Person.update(
            {
                Person.email: new["email"],
                Person.phone: new["phone"],
                Person.language: new["language"],
                Person.updated_at: clock.now(),
            }
        ).where(Person.id == actor.id)
        await audit.record(
            actor,
            "person.contact_changed",
            subject=("affiliate", actor.id),
            details={"fields": changed},
        )
        if "email" in changed:
            await audit.record(
                actor,
                "person.email_changed",
                subject=("affiliate", actor.id),
                details={"from": row["email"], "to": new["email"]},
            )
            if row["email"]:
                await queue_mail(
                    to=row["email"],
                    template="email_changed",
                    language=language,
                    context={"name": row["first_name"], "email": new["email"]},
                )
    return changed
