"""Reads of mandates, always scoped to the person asking: the client sees the mandates they
gave, the mandatary those they hold. `acting_for` is the one door to a client's data: it
answers the audit actor that services and queries scope to the client, or raises NotFound
(no active mandate with that scope: the same answer as an unknown person, on purpose)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.affiliation import queries as affiliation
from app.identity import queries as identity
from app.kit import audit, clock
from app.kit.errors import NotFound
from app.mandates import rules
from app.mandates.rules import Scope, State
from app.mandates.tables import Mandate


@dataclass(frozen=True, slots=True)
class MandateView:
    id: uuid.UUID
    client_id: uuid.UUID
    client_name: str
    mandatary_id: uuid.UUID | None
    mandatary_name: str  # the account's name once accepted, else the name the client gave
    mandatary_email: str | None
    scopes: tuple[Scope, ...]
    starts_on: date
    ends_on: date | None
    created_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str | None
    state: State
    company_id: uuid.UUID | None = None  # a director's mandate for their company
    company_name: str = ""

    @property
    def live(self) -> bool:
        """Still something to revoke or give up (pending, upcoming or active)."""
        return self.state in (State.PENDING, State.UPCOMING, State.ACTIVE)

    def has(self, scope: Scope) -> bool:
        return scope in self.scopes


@dataclass(frozen=True, slots=True)
class Invitation:
    id: uuid.UUID
    client_id: uuid.UUID
    client_name: str
    mandatary_name: str
    scopes: tuple[Scope, ...]
    starts_on: date
    ends_on: date | None
    company_name: str = ""


_COLUMNS = (
    Mandate.id,
    Mandate.company,
    Mandate.client,
    Mandate.mandatary,
    Mandate.mandatary_name,
    Mandate.mandatary_email,
    Mandate.scopes,
    Mandate.starts_on,
    Mandate.ends_on,
    Mandate.invitation_expires_at,
    Mandate.created_at,
    Mandate.accepted_at,
    Mandate.revoked_at,
    Mandate.revoked_by,
)


def _facts(row: dict[str, Any]) -> rules.Facts:
    return rules.Facts(
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        accepted=row["accepted_at"] is not None,
        revoked=row["revoked_at"] is not None,
        invitation_expires_at=row["invitation_expires_at"],
    )


def _scopes(values: object) -> tuple[Scope, ...]:
    given = set(values) if isinstance(values, list) else set()
    return tuple(s for s in Scope if s.value in given)  # in the order the form lists them


async def _names(ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    contacts = await identity.person_contacts(sorted(ids))
    return {pid: f"{c.first_name} {c.last_name}".strip() for pid, c in contacts.items()}


async def _views(rows: list[dict[str, Any]]) -> list[MandateView]:
    ids = {r["client"] for r in rows} | {r["mandatary"] for r in rows if r["mandatary"]}
    names = await _names(ids)
    companies = {
        company: view.name
        for company in {r["company"] for r in rows if r["company"]}
        if (view := await affiliation.company(company)) is not None
    }
    now, today = clock.now(), clock.today()
    views = []
    for row in rows:
        mandatary = row["mandatary"]
        views.append(
            MandateView(
                id=row["id"],
                client_id=row["client"],
                client_name=names.get(row["client"], ""),
                mandatary_id=mandatary,
                mandatary_name=(names.get(mandatary) if mandatary else None)
                or str(row["mandatary_name"]),
                mandatary_email=row["mandatary_email"],
                scopes=_scopes(row["scopes"]),
                starts_on=row["starts_on"],
                ends_on=row["ends_on"],
                created_at=row["created_at"],
                accepted_at=row["accepted_at"],
                revoked_at=row["revoked_at"],
                revoked_by=row["revoked_by"],
                state=rules.state(_facts(row), now, today),
                company_id=row["company"],
                company_name=companies.get(row["company"], "") if row["company"] else "",
            )
        )
    return views


def _person(actor: audit.Actor) -> uuid.UUID:
    if actor.kind != "affiliate" or actor.id is None or actor.delegate is not None:
        raise NotFound()
    return actor.id


async def mandates_given(actor: audit.Actor) -> list[MandateView]:
    """The mandates the affiliate gave, newest first (every state)."""
    rows = await (
        Mandate.select(*_COLUMNS)
        .where(Mandate.client == _person(actor))
        .order_by(Mandate.created_at, ascending=False)
    )
    return await _views(rows)


async def mandates_held(actor: audit.Actor) -> list[MandateView]:
    """The mandates the person accepted for others (their clients), newest first."""
    rows = await (
        Mandate.select(*_COLUMNS)
        .where(Mandate.mandatary == _person(actor))
        .order_by(Mandate.created_at, ascending=False)
    )
    return await _views(rows)


async def mandates_of_person(person_id: uuid.UUID) -> tuple[list[MandateView], list[MandateView]]:
    """The back office's view (its controller checks the staff member may open the file): the
    mandates the person gave, and those they hold for others, newest first, every state."""
    given = await (
        Mandate.select(*_COLUMNS)
        .where(Mandate.client == person_id)
        .order_by(Mandate.created_at, ascending=False)
    )
    held = await (
        Mandate.select(*_COLUMNS)
        .where(Mandate.mandatary == person_id)
        .order_by(Mandate.created_at, ascending=False)
    )
    return await _views(given), await _views(held)


async def mandate_given(actor: audit.Actor, mandate_id: uuid.UUID) -> MandateView:
    for view in await _views(
        await Mandate.select(*_COLUMNS).where(
            (Mandate.id == mandate_id) & (Mandate.client == _person(actor))
        )
    ):
        return view
    raise NotFound()


async def mandate_for_client(
    actor: audit.Actor, client_id: uuid.UUID, company_id: uuid.UUID | None = None
) -> MandateView:
    """The mandatary's active mandate for this client (the newest), for the client or, with
    `company_id`, for that company of theirs; or NotFound."""
    rows = await (
        Mandate.select(*_COLUMNS)
        .where((Mandate.mandatary == _person(actor)) & (Mandate.client == client_id))
        .order_by(Mandate.created_at, ascending=False)
    )
    for view in await _views(rows):
        if view.state is State.ACTIVE and view.company_id == company_id:
            return view
    raise NotFound()


async def acting_for(
    actor: audit.Actor, client_id: uuid.UUID, scope: Scope, company_id: uuid.UUID | None = None
) -> audit.Actor:
    """The actor that acts for the client under the mandatary's active mandate with `scope`.

    NotFound (404) when there is none: no mandate, not accepted, not started, ended, revoked,
    or without that scope. A missing scope is not told apart, so that a page never confirms
    a mandate it does not open. With `company_id`: the director's mandate for that company
    (the caller reads the company through the director, who must still be in office).
    """
    mandate = await mandate_for_client(actor, client_id, company_id)
    if not rules.allows(mandate.state, mandate.scopes, scope):
        raise NotFound()
    return audit.Actor(
        kind="affiliate",
        id=client_id,
        ip=actor.ip,
        user_agent=actor.user_agent,
        request_id=actor.request_id,
        delegate=actor.id,
        mandate=mandate.id,
    )


async def invitation(token: str) -> Invitation | None:
    """The pending invitation this token opens, or None (unknown, used, expired, revoked)."""
    rows = await Mandate.select(*_COLUMNS).where(Mandate.token_hash == rules.token_digest(token))
    for view in await _views(rows):
        if view.state is State.PENDING:
            return Invitation(
                id=view.id,
                client_id=view.client_id,
                client_name=view.client_name,
                mandatary_name=view.mandatary_name,
                scopes=view.scopes,
                starts_on=view.starts_on,
                ends_on=view.ends_on,
                company_name=view.company_name,
            )
    return None


async def notice_recipients(people: list[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Per person, the mandataries who receive a copy of their notices today: an accepted,
    unrevoked mandate for the person (not a company) with the "receive notices" scope, within
    its dates. Registered with messaging at wiring (messaging.service.register_notice_copies)."""
    if not people:
        return {}
    today = clock.today()
    rows = await Mandate.select(Mandate.client, Mandate.mandatary, Mandate.scopes).where(
        Mandate.client.is_in(people)
        & Mandate.mandatary.is_not_null()
        & Mandate.accepted_at.is_not_null()
        & Mandate.revoked_at.is_null()
        & Mandate.company.is_null()
        & (Mandate.starts_on <= today)
        & (Mandate.ends_on.is_null() | (Mandate.ends_on >= today))
    )
    found: dict[uuid.UUID, list[uuid.UUID]] = {}
    for row in rows:
        if Scope.RECEIVE_NOTICES.value in row["scopes"]:
            found.setdefault(row["client"], []).append(row["mandatary"])
    return found
