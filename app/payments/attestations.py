"""The yearly fiscal attestation: what the affiliate paid the fund in a calendar year, for the
tax return (social contributions are deducted as professional costs in the year they are
paid). Asked from "My documents" for a past year, made by a worker as a PDF."""

from __future__ import annotations

import uuid
from datetime import date

from app.affiliation import queries as affiliation
from app.contributions.queries import CATEGORY_LABELS
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
from app.payments.rules import ledger
from app.payments.rules.ledger import QuarterStatus

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


async def queue_fiscal_attestations(today: date, *, limit: int) -> int:
    """The yearly run (January): last year's attestation for everyone who paid the fund
    something that year and has none yet, nor one on its way. Returns how many were queued;
    a run stops at `limit` people and the next run goes on where it stopped."""
    year = today.year - 1
    async with transaction():
        rows = await fetch(
            "SELECT DISTINCT a.person FROM ledger_entry e JOIN payment_account a "
            "ON a.id = e.account WHERE a.person IS NOT NULL "
            "AND e.kind IN ('payment', 'plan_instalment') AND e.booked_on BETWEEN {} AND {} "
            "AND NOT EXISTS (SELECT 1 FROM document d WHERE d.person = a.person "
            "AND d.kind = {} AND d.source = {}) "
            "AND NOT EXISTS (SELECT 1 FROM outbox_job j WHERE j.name = {} "
            "AND j.status IN ('pending', 'enqueued') AND j.payload->>'person_id' = a.person::text "
            "AND j.payload->>'year' = {}) ORDER BY a.person LIMIT {}",
            date(year, 1, 1), date(year, 12, 31), FISCAL_KIND, fiscal_source(year), JOB,
            str(year), limit,
        )  # fmt: skip
        await outbox.enqueue_many(JOB, [{"person_id": str(r["person"]), "year": year}
                                        for r in rows])  # fmt: skip
    return len(rows)


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


CERTIFICATE_KIND = "affiliation_certificate"
CERTIFICATE_JOB = "payments.affiliation_certificate"


def certificate_source(day: date) -> str:
    return f"affiliation:{day.isoformat()}"  # one a day: the same day's data, the same file


async def may_have_certificate(person_id: uuid.UUID) -> bool:
    """Only a known file has an affiliation to certify (a self-registered account has none)."""
    return await affiliation.affiliation_of(person_id) is not None


async def request_affiliation_certificate(actor: audit.Actor) -> None:
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    if not await may_have_certificate(actor.id):
        raise FormInvalid({"certificate": str(_("No affiliation with the fund is recorded "
                                                 "for you yet"))})  # fmt: skip
    async with transaction():
        await outbox.enqueue(CERTIFICATE_JOB, person_id=str(actor.id))
        await audit.record(actor, "documents.certificate_asked", subject=("person", actor.id))


async def make_affiliation_certificate(person_id: uuid.UUID) -> StoredDocument | None:
    """The affiliation, and whether the contributions are in order today (no quarter late)."""
    person = await identity.person_summary(person_id)
    view = await affiliation.affiliation_of(person_id)
    if person is None or view is None:
        return None
    today = clock.today()
    account_id = await queries.account_of_person(person_id)
    late = [p for p in (await queries.positions_of(account_id) if account_id else [])
            if p.status is QuarterStatus.LATE]  # fmt: skip
    language = i18n.normalise(person.language) or i18n.DEFAULT_LANGUAGE
    with i18n.language(language):
        title = str(_("Affiliation certificate"))
        category = str(CATEGORY_LABELS[view.category.value])
    return await documents.make_document(
        person_id=person_id, kind=CERTIFICATE_KIND, source=certificate_source(today),
        reference=f"AC-{today:%Y%m%d}-{person_id.hex[:8].upper()}", language=language,
        title=title, template="affiliation_certificate",
        context={"person": person, "affiliation": view, "category": category,
                 "issued_on": today, "late": ledger.quarters_text(
                     [(p.year, p.quarter) for p in late])},
    )  # fmt: skip


NOTICE_KIND = "due_notice"
NOTICE_JOB = "payments.notice_pdf"


async def request_notice_pdf(actor: audit.Actor, notice_id: uuid.UUID) -> None:
    """A due notice of the affiliate's (or of a company they direct) as a PDF, by a worker."""
    await queries.notice_for(actor, notice_id)  # 404 for anyone else's
    async with transaction():
        await outbox.enqueue(NOTICE_JOB, person_id=str(actor.id), notice_id=str(notice_id))
        await audit.record(actor, "documents.notice_asked", subject=("due_notice", notice_id))


async def make_notice_pdf(person_id: uuid.UUID, notice_id: uuid.UUID) -> StoredDocument | None:
    """The notice with its transfer details and EPC QR code for what is still due today."""
    person = await identity.person_contact(person_id)
    if person is None:
        return None
    detail = await queries.notice_for(audit.Actor("affiliate", person_id), notice_id)
    n = detail.notice
    language = i18n.normalise(person.language) or i18n.DEFAULT_LANGUAGE
    with i18n.language(language):
        if detail.company is not None:
            title = str(_("Company contribution %(year)s", year=n.year))
        else:
            title = str(_("Notice for quarter %(quarter)s %(year)s", quarter=n.quarter,
                          year=n.year))  # fmt: skip
        category = str(CATEGORY_LABELS[detail.category]) if detail.company is None else ""
    return await documents.make_document(
        person_id=person_id, kind=NOTICE_KIND, source=f"notice:{notice_id}",
        reference=n.communication, language=language, title=title, template="due_notice",
        context={"person": person, "detail": detail, "category": category,
                 "issued_on": n.issued_on},
    )  # fmt: skip
