"""A due notice (the person's quarter notice or a directed company's notice) or one payment of
the person's running payment plan as a UBL 2.1 document for bookkeeping software, scoped like
the page that shows it (404 for anyone else's)."""

from __future__ import annotations

import uuid

from app.identity import queries as identity
from app.kit import audit, clock
from app.kit.errors import NotFound
from app.kit.settings import get_settings
from app.payments import queries
from app.payments.rules import ubl
from app.payments.tables import DueNotice, PaymentAccount


def _fund() -> ubl.Party:
    settings = get_settings()
    return ubl.Party(
        name=settings.fund_name,
        enterprise_number=settings.fund_enterprise_number,
        street=settings.fund_address,
    )


async def _account_reference(account_id: uuid.UUID | None, fallback: uuid.UUID) -> str:
    """The account number as the fund writes it (eight digits), which the bookkeeping
    software matches the fund's documents on."""
    account = (
        await PaymentAccount.select(PaymentAccount.number)
        .where(PaymentAccount.id == account_id)
        .first()
        if account_id
        else None
    )
    return f"{account['number']:08d}" if account else str(fallback)


async def instalment_ubl(actor: audit.Actor, number: int) -> tuple[str, bytes]:
    """(file name, UBL XML) of one payment of the affiliate's running plan: number 0 the
    advance, then each monthly instalment, with its own structured communication."""
    plan = await queries.running_plan_for(actor)  # NotFound for anyone but an affiliate
    payment = next((p for p in plan.payments if p.number == number), None) if plan else None
    if plan is None or payment is None or actor.id is None:
        raise NotFound()
    account_ref = await _account_reference(await queries.account_of_person(actor.id), plan.id)
    contact = await identity.person_contact(actor.id)
    name = f"{contact.first_name} {contact.last_name}" if contact else account_ref
    label = "advance" if number == 0 else f"instalment {number}"
    document = ubl.Notice(
        number=f"{account_ref}-PLAN-{plan.approved_on:%Y%m%d}-{number}",
        issued_on=min(plan.approved_on, clock.today()),
        due_on=payment.due_on,
        supplier=_fund(),
        customer=ubl.Party(name=name, reference=account_ref),
        iban=get_settings().fund_iban.replace(" ", ""),
        communication=payment.communication,
        lines=(
            ubl.Line(
                id="1",
                description=f"Payment plan of {plan.approved_on:%Y-%m-%d}, {label}",
                amount=payment.amount,
            ),
        ),
    )
    return f"affilio-plan-{account_ref}-{number}.xml", ubl.to_bytes(document)


async def notice_ubl(actor: audit.Actor, notice_id: uuid.UUID) -> tuple[str, bytes]:
    """(file name, UBL XML) of one notice the actor may read."""
    detail = await queries.notice_for(actor, notice_id)  # raises NotFound when not theirs
    n = detail.notice
    row = await DueNotice.select(DueNotice.account).where(DueNotice.id == n.id).first()
    account_ref = await _account_reference(row["account"] if row else None, n.id)
    if detail.company is not None:
        customer = ubl.Party(
            name=detail.company.name,
            enterprise_number=detail.company.enterprise_number.replace(".", "").replace(" ", ""),
            reference=account_ref,
        )
    else:
        contact = await identity.person_contact(actor.id) if actor.id else None
        name = f"{contact.first_name} {contact.last_name}" if contact else account_ref
        customer = ubl.Party(name=name, reference=account_ref)
    number = f"{account_ref}-{n.year}Q{n.quarter}"
    document = ubl.Notice(
        number=number,
        issued_on=n.issued_on,
        due_on=n.due_on,
        supplier=_fund(),
        customer=customer,
        iban=detail.iban_compact,
        communication=n.communication,
        lines=(
            ubl.Line(
                id="1",
                description=f"Social contributions {n.year} Q{n.quarter}",
                amount=n.amount,
            ),
        ),
    )
    return f"affilio-notice-{number}.xml", ubl.to_bytes(document)
