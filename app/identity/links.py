"""One-time links: activation, staff invitations and granted recoveries; purging spent ones."""

from __future__ import annotations

import uuid
from datetime import timedelta

from app.identity import queries, rules
from app.identity.tables import ActivationLink, EmailCode, LinkPurpose
from app.kit import audit, clock
from app.kit.db import transaction
from app.kit.errors import NotFound
from app.kit.mail import queue_mail
from app.kit.settings import get_settings

LINK_MAILS = {
    LinkPurpose.ACTIVATION: "activation",
    LinkPurpose.STAFF_INVITE: "staff_invite",
    LinkPurpose.RECOVERY: "recovery_granted",
}


def link_url(token: str) -> str:
    return f"{get_settings().base_url}/activate/{token}"


async def issue_activation_link(
    kind: str,
    account_id: uuid.UUID,
    *,
    purpose: LinkPurpose = LinkPurpose.ACTIVATION,
    actor: audit.Actor,
    send_mail: bool = True,
) -> str:
    """A fresh one-time link (earlier unused ones die); mailed to the account. Returns the URL."""
    token = rules.new_link_token()
    async with transaction():
        target = await queries.account(kind, account_id)
        if target is None:
            raise NotFound()
        owner = ActivationLink.person if kind == "affiliate" else ActivationLink.staff
        # One live link per account: an older mail that leaks opens nothing.
        await ActivationLink.update({ActivationLink.used_at: clock.now()}).where(
            owner == account_id, ActivationLink.used_at.is_null()
        )
        await ActivationLink.insert(
            ActivationLink(
                token_hash=rules.token_digest(token),
                purpose=purpose.value,
                person=account_id if kind == "affiliate" else None,
                staff=account_id if kind == "staff" else None,
            )
        )
        await audit.record(
            actor,
            "identity.link_issued",
            subject=(kind, account_id),
            details={"purpose": purpose.value},
        )
        if send_mail and target.email:
            await queue_mail(
                to=target.email,
                template=LINK_MAILS[purpose],
                language=target.language,
                context={"name": target.display_name, "url": link_url(token), "hours": 72},
            )
    return link_url(token)


async def note_refused_link(*, actor: audit.Actor) -> None:
    """An unknown, used or expired link was opened: audited (the token itself is not kept)."""
    await audit.record(actor, "identity.link_refused")


async def purge_expired_tokens() -> None:
    """Drop spent links and codes older than a month: they are worthless and only take space."""
    limit = clock.now() - timedelta(days=30)
    async with transaction():
        await ActivationLink.delete().where(ActivationLink.created_at < limit)
        await EmailCode.delete().where(EmailCode.created_at < limit)
