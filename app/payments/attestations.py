"""The yearly fiscal attestation: what the affiliate paid the fund in a calendar year, for the
tax return (social contributions are deducted as professional costs in the year they are
paid). Asked from "My documents" for a past year, made by a worker as a PDF."""

from __future__ import annotations

import uuid
from datetime import date

from app.documents import service as documents
from app.documents.service import StoredDocument
from app.identity import queries as identity
from app.kit import audit, clock, i18n, outbox
from app.kit.db import fetch, transaction
from app.kit.errors import FormInvalid, NotFound
from app.kit.i18n import N_
from app.kit.i18n import gettext as _
from app.messaging.service import Notice, post_notice
from app.payments import queries

FISCAL_KIND = "fiscal_attestation"
JOB = "payments.fiscal_attestation"


def fiscal_source(year: int) -> str:
    return f"fiscal:{year}"


async def fiscal_years(person_id: uuid.UUID, today: date) -> list[int]:
    """The complete calendar years of the person's account, newest first."""
    account_id = await queries.account_of_person(person_id)
    if account_id is None:
        return []
    rows = await fetch(
        "SELECT min(extract(year FROM booked_on))::int AS first FROM ledger_entry "
        "WHERE account = {}",
        account_id,
    )  # fmt: skip
    first = rows[0]["first"] if rows and rows[0]["first"] is not None else today.year
    return list(range(today.year - 1, first - 1, -1))


async def request_fiscal_attestation(actor: audit.Actor, year: int) -> None:
    """The affiliate asks for one past year's attestation; a worker makes it."""
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    if year not in await fiscal_years(actor.id, clock.today()):
        raise FormInvalid({"year": str(_("Choose a year of your account that has ended"))})
    async with transaction():
        await outbox.enqueue(JOB, person_id=str(actor.id), year=year)
        await audit.record(actor, "documents.fiscal_attestation_asked",
                           subject=("person", actor.id), details={"year": year})  # fmt: skip


async def make_fiscal_attestation(person_id: uuid.UUID, year: int) -> StoredDocument | None:
    person = await identity.person_contact(person_id)
    if person is None:
        return None
    paid = await queries.fiscal_year(person_id, year)
    language = i18n.normalise(person.language) or i18n.DEFAULT_LANGUAGE
    with i18n.language(language):
        title = str(_("Fiscal attestation %(year)s", year=year))
    reference = f"FA-{year}-{person_id.hex[:8].upper()}"
    async with transaction():
        stored = await documents.make_document(
            person_id=person_id, kind=FISCAL_KIND, source=fiscal_source(year),
            reference=reference, language=language, title=title, template="fiscal_attestation",
            context={"person": person, "paid": paid, "issued_on": clock.today()},
        )  # fmt: skip
        if stored.new:
            await post_notice(person_id, Notice(
                kind="document",
                subject=N_("Your fiscal attestation %(year)s is ready"),
                body=N_("The attestation of the contributions you paid in %(year)s, for your tax "
                        "return, is in your documents."),
                context={"year": str(year)},
                link="/documents",
            ), dedupe_key=f"document:{stored.id}")  # fmt: skip
    return stored
