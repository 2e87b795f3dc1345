"""The account's letters as PDFs, made by workers in the reader's language: the recovery steps'
reminder, account statement and formal notice (the charter: "rappels, relevés de compte et
mises en demeure" before any court recovery), an account statement the affiliate asks for, and
an approved payment plan with its schedule.

Each letter is dated by the fact it records (the step's day, the plan's approval) and reads the
account as it stood that day, so making it again gives the same text; a recovery letter is
joined to the inbox message of its step, which then offers it for download.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from app.documents import service as documents
from app.documents.service import StoredDocument
from app.identity import queries as identity
from app.kit import audit, clock, i18n, outbox
from app.kit.db import transaction
from app.kit.errors import NotFound
from app.kit.i18n import N_
from app.kit.i18n import gettext as _
from app.messaging.service import Notice, attach_document, post_notice
from app.payments import queries
from app.payments.rules import ledger
from app.payments.rules import plans as plan_rules
from app.payments.rules.recovery import StepKind

REMINDER_KIND = "reminder"
FORMAL_NOTICE_KIND = "formal_notice"
STATEMENT_KIND = "account_statement"
PLAN_KIND = "payment_plan"
RECOVERY_JOB = "payments.recovery_letter"
STATEMENT_JOB = "payments.account_statement"
PLAN_JOB = "payments.plan_letter"

_STEP_KINDS = {StepKind.REMINDER: REMINDER_KIND, StepKind.FORMAL_NOTICE: FORMAL_NOTICE_KIND}


def _language(person: identity.PersonContact) -> str:
    return i18n.normalise(person.language) or i18n.DEFAULT_LANGUAGE


def _short(uid: uuid.UUID) -> str:
    return uid.hex[:8].upper()


async def queue_recovery_letter(person_id: uuid.UUID, step_id: uuid.UUID, dedupe_key: str) -> None:
    """In the step's transaction: its letter for this recipient, by a worker."""
    await outbox.enqueue(RECOVERY_JOB, person_id=str(person_id), step_id=str(step_id),
                         dedupe_key=dedupe_key)  # fmt: skip


async def queue_plan_letter(plan_id: uuid.UUID) -> None:
    """In the approval's transaction: the plan's letter, by a worker."""
    await outbox.enqueue(PLAN_JOB, plan_id=str(plan_id))


async def make_recovery_letter(person_id: uuid.UUID, step_id: uuid.UUID,
                               dedupe_key: str) -> StoredDocument | None:  # fmt: skip
    """The letter of a recovery step for one recipient (the affiliate, or each director of a
    company), joined to the inbox message `dedupe_key` that announced the step."""
    step = await queries.step_facts(step_id)
    person = await identity.person_contact(person_id)
    if step is None or person is None:
        return None
    if step.kind is StepKind.STATEMENT:
        stored = await _statement(person, step.account_id, step.done_on, step.company)
    elif step.kind in _STEP_KINDS:
        stored = await _quarter_letter(person, step)
    else:
        return None
    async with transaction():
        await attach_document(dedupe_key, stored.id)
    return stored


async def _quarter_letter(person: identity.PersonContact,
                          step: queries.StepFacts) -> StoredDocument:  # fmt: skip
    account = await queries.account_on(step.account_id, step.done_on)
    position = account.position(step.year, step.quarter)
    communication = account.communications.get((step.year, step.quarter), "")
    outstanding = position.outstanding if position else ledger.ZERO
    language = _language(person)
    formal = step.kind is StepKind.FORMAL_NOTICE
    with i18n.language(language):
        if step.company is not None:
            title = (_("Formal notice: company contribution %(year)s", year=step.year) if formal
                     else _("Reminder: company contribution %(year)s", year=step.year))  # fmt: skip
        else:
            title = (_("Formal notice: quarter %(quarter)s %(year)s", quarter=step.quarter,
                       year=step.year) if formal
                     else _("Reminder: quarter %(quarter)s %(year)s", quarter=step.quarter,
                            year=step.year))  # fmt: skip
    lines = [h for h in account.history if (h.year, h.quarter) == (step.year, step.quarter)]
    source = f"recovery:{step.id}" + (f":{person.id}" if step.company else "")
    return await documents.make_document(
        person_id=person.id, kind=_STEP_KINDS[step.kind], source=source,
        reference=communication or f"RS-{_short(step.id)}", language=language, title=str(title),
        template="recovery_letter",
        context={"person": person, "step": step, "position": position, "lines": lines,
                 "formal": formal, "issued_on": step.done_on,
                 "transfer": queries.transfer(outstanding, communication)
                 if outstanding > 0 and communication else None},
    )  # fmt: skip


async def _statement(person: identity.PersonContact, account_id: uuid.UUID, day: date,
                     company: Any = None) -> StoredDocument:  # fmt: skip
    """The account statement at the end of `day`: every entry with the running balance, and
    what is still to pay, quarter by quarter, with each quarter's communication."""
    account = await queries.account_on(account_id, day)
    language = _language(person)
    with i18n.language(language):
        title = str(_("Account statement on %(date)s", date=i18n.format_day(day, language)))
    source = f"statement:{account_id}:{day.isoformat()}" + (f":{person.id}" if company else "")
    return await documents.make_document(
        person_id=person.id, kind=STATEMENT_KIND, source=source,
        reference=f"AS-{day:%Y%m%d}-{_short(account_id)}", language=language, title=title,
        template="account_statement",
        context={"person": person, "account": account, "company": company, "issued_on": day},
    )  # fmt: skip


async def request_statement(actor: audit.Actor) -> None:
    """The affiliate asks for today's statement of their own account; a worker makes it."""
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    if await queries.account_of_person(actor.id) is None:
        raise NotFound()
    async with transaction():
        await outbox.enqueue(STATEMENT_JOB, person_id=str(actor.id),
                             day=clock.today().isoformat())  # fmt: skip
        await audit.record(actor, "documents.statement_asked", subject=("person", actor.id))


async def make_statement(person_id: uuid.UUID, day: date) -> StoredDocument | None:
    """The statement of the person's own account on `day` (the day they asked)."""
    person = await identity.person_contact(person_id)
    account_id = await queries.account_of_person(person_id)
    if person is None or account_id is None:
        return None
    return await _statement(person, account_id, day)


async def make_plan_letter(plan_id: uuid.UUID) -> StoredDocument | None:
    """The approved plan: what it covers, each payment with its date, amount and structured
    communication (a QR code for the first), and what a missed payment leads to."""
    plan = await queries.approved_plan(plan_id)
    if plan is None:
        return None
    person = await identity.person_contact(plan.person_id)
    if person is None:
        return None
    policy = plan_rules.load_policy()
    language = _language(person)
    with i18n.language(language):
        title = str(_("Your payment plan"))
    first = plan.lines[0] if plan.lines else None
    async with transaction():
        stored = await documents.make_document(
            person_id=person.id, kind=PLAN_KIND, source=f"plan:{plan.id}",
            reference=f"PP-{plan.approved_on:%Y%m%d}-{_short(plan.id)}", language=language,
            title=title, template="payment_plan",
            context={"person": person, "plan": plan, "issued_on": plan.approved_on,
                     "reminder_days": policy.reminder_days, "grace_days": policy.grace_days,
                     "transfer": queries.transfer(first.amount, first.communication)
                     if first else None},
        )  # fmt: skip
        if stored.new and stored.version == 1:
            await post_notice(person.id, Notice(
                kind="document",
                subject=N_("Your payment plan is in your documents"),
                body=N_("The schedule of your approved payment plan, with the date, the amount "
                        "and the structured communication of each payment, is in your "
                        "documents."),
                link="/account/contributions/plan",
            ), dedupe_key=f"document:{stored.id}")  # fmt: skip
            await attach_document(f"document:{stored.id}", stored.id)
    return stored
