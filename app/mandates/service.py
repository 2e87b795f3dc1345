"""Writes of mandates: grant (with its invitation), accept, revoke or give up, and the record
of every action a mandatary does for a client. One transaction each; the mails and notices
they cause are queued in it (kit.mail through the outbox, messaging.post_notice)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from app.identity import queries as identity
from app.kit import audit, clock, i18n
from app.kit.db import transaction
from app.kit.errors import Conflict, NotFound
from app.kit.i18n import N_
from app.kit.mail import queue_mail
from app.kit.settings import get_settings
from app.mandates import rules
from app.mandates.queries import _person

# Who receives a copy of a person's notices: wired into messaging by the web app and workers.
from app.mandates.queries import notice_recipients as notice_recipients
from app.mandates.rules import Grant, State
from app.mandates.tables import Mandate
from app.messaging.service import Notice, post_notice

NOTICE_KIND = "mandate"


def invitation_url(token: str) -> str:
    return f"{get_settings().base_url}/mandates/invitations/{token}"


class TooManyGrants(Conflict):
    """The affiliate gave rules.MAX_GRANTS_PER_DAY mandates in the last day."""


@dataclass(frozen=True, slots=True)
class Granted:
    id: uuid.UUID
    url: str  # the single-use invitation link, shown once to the client


def _scope_names(scopes: tuple[rules.Scope, ...] | list[str]) -> list[str]:
    return [str(rules.Scope(s).value) for s in scopes]


async def grant_mandate(actor: audit.Actor, grant: Grant) -> Granted:
    """The affiliate gives a mandate; its invitation link is returned and, when an address is
    given, mailed to the mandatary."""
    client = _person(actor)
    token = rules.new_token()
    mandate_id = uuid.uuid4()
    async with transaction():
        contact = await identity.person_contact(client)
        if contact is None:
            raise NotFound()
        # One at a time per client (a double tap counts once), then count the day's grants.
        await Mandate.raw("SELECT pg_advisory_xact_lock(hashtext({}))", f"mandate:{client}")
        recent = await Mandate.count().where(
            (Mandate.client == client) & (Mandate.created_at > clock.now() - timedelta(days=1))
        )
        if recent >= rules.MAX_GRANTS_PER_DAY:
            raise TooManyGrants("grants.too_many")
        await Mandate.insert(
            Mandate(
                id=mandate_id,
                client=client,
                company=uuid.UUID(grant.company) if grant.company else None,
                mandatary_name=grant.mandatary_name,
                mandatary_email=grant.mandatary_email,
                scopes=_scope_names(grant.scopes),
                starts_on=grant.starts_on,
                ends_on=grant.ends_on,
                token_hash=rules.token_digest(token),
                invitation_expires_at=clock.now() + rules.INVITATION_TTL,
                created_at=clock.now(),
            )
        )
        await audit.record(
            actor,
            "mandate.granted",
            subject=("person", client),
            details={
                "mandate_id": mandate_id,
                "scopes": _scope_names(grant.scopes),
                "company_id": grant.company,
            },
        )
        if grant.mandatary_email:
            await queue_mail(
                to=grant.mandatary_email,
                template="mandate_invitation",
                # The mandatary's language is unknown: the client's is the best guess.
                language=contact.language or i18n.DEFAULT_LANGUAGE,
                context={
                    "client": f"{contact.first_name} {contact.last_name}".strip(),
                    "name": grant.mandatary_name,
                    "url": invitation_url(token),
                    "days": rules.INVITATION_TTL.days,
                },
            )
    return Granted(mandate_id, invitation_url(token))


async def _locked(mandate_id: uuid.UUID) -> dict[str, Any]:
    rows = await Mandate.raw("SELECT * FROM mandate WHERE id = {} FOR UPDATE", mandate_id)
    if not rows:
        raise NotFound()
    return dict(rows[0])


def _state(row: dict[str, Any]) -> State:
    from app.mandates.queries import _facts

    return rules.state(_facts(row), clock.now(), clock.today())


async def accept_mandate(actor: audit.Actor, token: str) -> uuid.UUID:
    """The invited person accepts with their own account; the link is spent. NotFound for an
    unknown, used, expired or withdrawn link; Conflict when the client opens their own."""
    person = _person(actor)
    async with transaction():
        rows = await Mandate.raw(
            "SELECT id FROM mandate WHERE token_hash = {}", rules.token_digest(token)
        )
        if not rows:
            raise NotFound()
        row = await _locked(rows[0]["id"])
        if _state(row) is not State.PENDING:
            raise NotFound()
        if row["client"] == person:
            raise Conflict("own_mandate")
        await Mandate.update(
            {
                Mandate.mandatary: person,
                Mandate.accepted_at: clock.now(),
                Mandate.token_hash: None,
            }
        ).where(Mandate.id == row["id"])
        await audit.record(
            actor,
            "mandate.accepted",
            subject=("person", row["client"]),
            details={"mandate_id": row["id"]},
        )
        me = await identity.person_contact(person)
        await post_notice(
            row["client"],
            Notice(
                kind=NOTICE_KIND,
                subject=N_("%(name)s accepted your mandate"),
                body=N_(
                    "%(name)s accepted the mandate you gave. From the first day of the mandate "
                    "they may act for you within what you allowed. You can revoke it at any "
                    "time from your account."
                ),
                context={"name": f"{me.first_name} {me.last_name}".strip() if me else ""},
                link="/account/mandates",
            ),
            dedupe_key=f"mandate-accepted:{row['id']}",
        )
    return row["id"]


async def revoke_mandate(actor: audit.Actor, mandate_id: uuid.UUID) -> None:
    """The client revokes a mandate (or withdraws its invitation) at once. The mandatary, if
    any, is told."""
    client = _person(actor)
    async with transaction():
        row = await _locked(mandate_id)
        if row["client"] != client:
            raise NotFound()
        if _state(row) not in (State.PENDING, State.UPCOMING, State.ACTIVE):
            return  # already over: nothing to do
        await Mandate.update(
            {
                Mandate.revoked_at: clock.now(),
                Mandate.revoked_by: "client",
                Mandate.token_hash: None,
            }
        ).where(Mandate.id == mandate_id)
        await audit.record(
            actor, "mandate.revoked", subject=("person", client), details={"mandate_id": mandate_id}
        )
        if row["mandatary"]:
            me = await identity.person_contact(client)
            await post_notice(
                row["mandatary"],
                Notice(
                    kind=NOTICE_KIND,
                    subject=N_("%(name)s revoked your mandate"),
                    body=N_(
                        "%(name)s revoked the mandate they gave you. "
                        "You can no longer act for them."
                    ),
                    context={"name": f"{me.first_name} {me.last_name}".strip() if me else ""},
                    link="/clients",
                ),
                dedupe_key=f"mandate-revoked:{mandate_id}",
            )


async def give_up_mandate(actor: audit.Actor, mandate_id: uuid.UUID) -> None:
    """The mandatary gives the mandate up; the client is told."""
    person = _person(actor)
    async with transaction():
        row = await _locked(mandate_id)
        if row["mandatary"] != person:
            raise NotFound()
        if _state(row) not in (State.UPCOMING, State.ACTIVE):
            return
        await Mandate.update(
            {Mandate.revoked_at: clock.now(), Mandate.revoked_by: "mandatary"}
        ).where(Mandate.id == mandate_id)
        await audit.record(
            actor,
            "mandate.given_up",
            subject=("person", row["client"]),
            details={"mandate_id": mandate_id},
        )
        me = await identity.person_contact(person)
        await post_notice(
            row["client"],
            Notice(
                kind=NOTICE_KIND,
                subject=N_("%(name)s gave up your mandate"),
                body=N_("%(name)s no longer acts for you: they gave up the mandate you gave."),
                context={"name": f"{me.first_name} {me.last_name}".strip() if me else ""},
                link="/account/mandates",
            ),
            dedupe_key=f"mandate-given-up:{mandate_id}",
        )


# The actions a mandatary does for a client that the client is told of at once.
ACTION_NOTICES = {
    "mandate.request_filed": (
        N_("%(name)s filed a request for you"),
        N_(
            "%(name)s filed the request %(reference)s for you, under the mandate you gave. "
            "You find it in your requests."
        ),
    ),
}
# Reads are recorded and shown on "who consulted my file", without a notice each time.
READS = (
    "mandate.account_read",
    "mandate.notices_read",
    "mandate.company_account_read",
    "mandate.notice_ubl_read",
)


async def record_delegated(
    acting: audit.Actor,
    action: str,
    *,
    link: str = "/requests",
    details: dict[str, object] | None = None,
) -> None:
    """Record what a mandatary did for a client (actor: the mandatary, subject: the client)
    and, for an action that changes something, tell the client. Joins the caller's
    transaction (a filing and its record commit together)."""
    if acting.delegate is None or acting.id is None:
        raise ValueError("not acting under a mandate")
    if action not in ACTION_NOTICES and action not in READS:
        raise ValueError(f"unknown delegated action {action}")
    async with transaction():
        await audit.record(acting, action, subject=("person", acting.id), details=details)
        if action in ACTION_NOTICES:
            subject, body = ACTION_NOTICES[action]
            me = await identity.person_contact(acting.delegate)
            await post_notice(
                acting.id,
                Notice(
                    kind=NOTICE_KIND,
                    subject=subject,
                    body=body,
                    context={
                        "name": f"{me.first_name} {me.last_name}".strip() if me else "",
                        **{k: str(v) for k, v in (details or {}).items()},
                    },
                    link=link,
                ),
                dedupe_key=f"{action}:{acting.mandate}:{(details or {}).get('reference', '')}",
            )
