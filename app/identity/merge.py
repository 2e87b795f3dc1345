"""Proving a self-registered identity: the account gets its claimed number, or, when a known
file already holds that number, the account is linked into that file.

A known file is a person the fund created (affiliated by staff, say) who never activated their
account or lost it. Once the claimant's identity is proven (staff checked the document, or
later an eID/itsme login), the claimant's account U is linked into the file P: U's passkeys
now open P, P keeps its own e-mail address (or takes U's when it has none), U's sessions end
and U stays behind as an inactive shell (`Person.merged_into`). What other domains hold for U
(requests, messages, guide drafts) follows through the `identity.accounts_merged` job; the
staff decision also moves requests and messages at once, in its own transaction.
"""

from __future__ import annotations

import uuid

from app.identity import rules
from app.identity.account import end_sessions, notify_account, verify_identity
from app.identity.tables import ActivationLink, PasskeyCredential, Person
from app.kit import audit, clock, outbox
from app.kit.db import transaction
from app.kit.errors import NotFound

MERGED_JOB = "identity.accounts_merged"


async def link_verified_claimant(actor: audit.Actor, claimant_id: uuid.UUID) -> uuid.UUID:
    """Link the self-registered account `claimant_id` into the known file holding the number
    it claimed; returns the file's id. One transaction (the caller's, when there is one).

    The caller has proven the claimant's identity and checked that the actor may decide it.
    Linking twice returns the same file and changes nothing. NotFound when the account is
    not a self-registered claimant or no file holds its claimed number (verify it instead).
    """
    async with transaction():
        claimant = (
            await Person.select(
                Person.id,
                Person.identity_verified,
                Person.claimed_national_number,
                Person.email,
                Person.language,
                Person.merged_into,
            )
            .where(Person.id == claimant_id)
            .lock_rows()
            .first()
        )
        if claimant is None:
            raise NotFound()
        if claimant["merged_into"] is not None:
            return uuid.UUID(str(claimant["merged_into"]))
        claimed = claimant["claimed_national_number"]
        if claimant["identity_verified"] or not claimed:
            raise NotFound()
        file = (
            await Person.select(Person.id, Person.email, Person.language)
            .where(Person.national_number == claimed, Person.merged_into.is_null())
            .lock_rows()
            .first()
        )
        if file is None or file["id"] == claimant_id:
            raise NotFound()
        file_id: uuid.UUID = file["id"]
        contact = rules.merged_contact(
            file["email"], file["language"], claimant["email"], claimant["language"]
        )
        now = clock.now()
        moved = (
            await PasskeyCredential.update({PasskeyCredential.person: file_id})
            .where(PasskeyCredential.person == claimant_id)
            .returning(PasskeyCredential.id)
        )
        # A link still waiting to be used must not open the shell any more.
        await ActivationLink.update({ActivationLink.used_at: now}).where(
            ActivationLink.person == claimant_id, ActivationLink.used_at.is_null()
        )
        await Person.update(
            {Person.email: contact.email, Person.language: contact.language, Person.updated_at: now}
        ).where(Person.id == file_id)
        await Person.update(
            {
                Person.merged_into: file_id,
                Person.claimed_national_number: None,
                Person.email: None,
                Person.phone: None,
                Person.updated_at: now,
            }
        ).where(Person.id == claimant_id)
        await end_sessions("affiliate", claimant_id)
        await audit.record(
            actor,
            "identity.merged",
            subject=("affiliate", file_id),
            details={
                "claimant": str(claimant_id),
                "file": str(file_id),
                "passkeys": len(moved),
                "email": contact.outcome.value,
            },
        )
        await outbox.enqueue(MERGED_JOB, claimant_id=claimant_id, file_id=file_id)
        await notify_account("affiliate", file_id, "account_linked", link_path="/requests")
    return file_id


async def prove_identity(actor: audit.Actor, person_id: uuid.UUID) -> uuid.UUID:
    """The identity of a self-registered account is proven (a staff decision on its document,
    or later an eID/itsme login): the one entry point for both.

    A number nobody holds is given to the account (verify_identity); a number held by a known
    file links the account into that file (link_verified_claimant). Returns the person who
    now holds the identity: `person_id` itself, or the file it was linked into.
    """
    async with transaction():
        row = (
            await Person.select(Person.claimed_national_number, Person.merged_into)
            .where(Person.id == person_id)
            .first()
        )
        if row is None:
            raise NotFound()
        if row["merged_into"] is not None:
            return uuid.UUID(str(row["merged_into"]))
        claimed = row["claimed_national_number"]
        held = claimed and await Person.exists().where(
            Person.national_number == claimed, Person.id != person_id
        )
        if held:
            return await link_verified_claimant(actor, person_id)
        # IdentityTaken if a file was given the number at this very moment: try again.
        await verify_identity(actor, person_id)
        return person_id
