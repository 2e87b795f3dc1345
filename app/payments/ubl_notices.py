"""A due notice (the person's quarter notice or a directed company's notice) as a UBL 2.1
document for bookkeeping software, scoped like the notice page (404 for anyone else's)."""

from __future__ import annotations

import uuid

from app.identity import queries as identity
from app.kit import audit
from app.kit.settings import get_settings
from app.payments import queries
from app.payments.rules import ubl
from app.payments.tables import DueNotice, PaymentAccount


async def notice_ubl(actor: audit.Actor, notice_id: uuid.UUID) -> tuple[str, bytes]:
    """(file name, UBL XML) of one notice the actor may read."""
    detail = await queries.notice_for(actor, notice_id)  # raises NotFound when not theirs
    settings = get_settings()
    n = detail.notice
    row = await DueNotice.select(DueNotice.account).where(DueNotice.id == n.id).first()
    account = (
        await PaymentAccount.select(PaymentAccount.number)
        .where(PaymentAccount.id == row["account"])
        .first()
        if row
        else None
    )
    account_ref = f"{account['number']:08d}" if account else str(n.id)
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
        supplier=ubl.Party(
            name=settings.fund_name,
            enterprise_number=settings.fund_enterprise_number,
            street=settings.fund_address,
        ),
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
