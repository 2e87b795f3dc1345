"""One's own account: logging out everywhere, the language, an affiliate's contact details,
the notices that tell an account what changed on it, and proving a self-registered identity."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from asyncpg.exceptions import UniqueViolationError

from app.identity import queries
from app.identity.errors import IdentityTaken
from app.identity.tables import Person, StaffUser
from app.kit import audit, clock, i18n
from app.kit.db import transaction
from app.kit.errors import NotFound
from app.kit.i18n import gettext as _
from app.kit.mail import queue_mail
from app.kit.settings import get_settings


async def end_sessions(kind: str, account_id: uuid.UUID) -> None:
    """Every session of the account ends: the guards compare its epoch with the account's.

    Inside the caller's transaction. A session to keep must be renewed with the new epoch.
    """
    table: Any = Person if kind == "affiliate" else StaffUser
    await table.update({table.session_epoch: table.session_epoch + 1}).where(table.id == account_id)


async def notify_account(
    kind: str, account_id: uuid.UUID, template: str, *, link_path: str, **context: Any
) -> None:
    """Mail the account's own address that something changed on it, in the caller's
    transaction: the notice leaves only if the change commits.

    The notice says what happened and when, and links to the account page; it never carries
    a secret (a hijacked session must not be able to use it). No address, no notice.
    """
    account = await queries.account(kind, account_id)
    if account is None or not account.email:
        return
    language = i18n.normalise(account.language) or i18n.DEFAULT_LANGUAGE
    base = get_settings().base_url.rstrip("/")
    await queue_mail(
        to=account.email,
        template=template,
        language=language,
        context={
            "name": account.display_name,
            "when": i18n.format_moment(clock.now(), language),
            **context,
            "link": base + link_path,
        },
    )


async def log_out_everywhere(actor: audit.Actor) -> None:
    """End every session of the account, this one included (their epoch no longer matches)."""
    if actor.id is None:
        return
    async with transaction():
        await end_sessions(actor.kind, actor.id)
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
    """Already validated: a normalised email, an international phone ("" = none), a language,
    a postcode's 4 digits ("" = none)."""

    email: str
    phone: str
    language: str
    postcode: str = ""


async def update_contact_details(actor: audit.Actor, change: ContactChange) -> list[str]:
    """An affiliate edits their email, phone, postcode and language. Returns the fields that
    changed.

    A new email address is audited on its own and announced to the old address (in the
    person's language), so a hijacked session cannot quietly take the account over.
    """
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    language = i18n.normalise(change.language) or i18n.DEFAULT_LANGUAGE
    async with transaction():
        row = (
            await Person.select(
                Person.email, Person.phone, Person.postcode, Person.language, Person.first_name
            )
            .where(Person.id == actor.id)
            .first()
        )
        if row is None:
            raise NotFound()
        new = {
            "email": change.email,
            "phone": change.phone or None,
            "postcode": change.postcode or None,
            "language": language,
        }
        changed = [field for field, value in new.items() if (row[field] or None) != value]
        if not changed:
            return []
        await Person.update(
            {
                Person.email: new["email"],
                Person.phone: new["phone"],
                Person.postcode: new["postcode"],
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


def _identity_taken() -> IdentityTaken:
    return IdentityTaken(
        _(
            "Another file already holds this national number. The two files must be merged "
            "by the fund before this identity can be confirmed."
        )
    )


async def verify_identity(actor: audit.Actor, person_id: uuid.UUID) -> None:
    """The identity of a self-registered account is proven: it gets its claimed national number.

    Called once the proof is in: a staff decision (documents checked) or, later, an eID/itsme
    login. The caller checks that the actor may decide this; this function only applies it.
    Already verified: nothing to do. When another person already holds the claimed number,
    `IdentityTaken` is raised and nothing changes: the two files are never linked silently.
    Callers go through `merge.prove_identity`, which links the account into that file instead.
    """
    try:
        async with transaction():
            row = (
                await Person.select(Person.identity_verified, Person.claimed_national_number)
                .where(Person.id == person_id)
                .lock_rows()
                .first()
            )
            if row is None or not (row["identity_verified"] or row["claimed_national_number"]):
                raise NotFound()
            if row["identity_verified"]:
                return
            claimed = row["claimed_national_number"]
            if await Person.exists().where(Person.national_number == claimed):
                raise _identity_taken()
            await Person.update(
                {
                    Person.national_number: claimed,
                    Person.identity_verified: True,
                    Person.updated_at: clock.now(),
                }
            ).where(Person.id == person_id)
            await audit.record(actor, "identity.verified", subject=("affiliate", person_id))
    except UniqueViolationError:
        # Another account was given the same number at the same moment: same answer.
        raise _identity_taken() from None
