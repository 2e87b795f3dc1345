"""Reads about accounts, passkeys, links and recovery requests, each scoped to its actor."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from app.identity import rules
from app.identity.tables import (
    AccountRecovery,
    ActivationLink,
    PasskeyCredential,
    Person,
    RecoveryStatus,
    StaffUser,
)
from app.kit import clock
from app.kit.errors import NotFound


class HasIdentity(Protocol):
    """Anything naming who acts: a SessionActor or an audit Actor."""

    @property
    def kind(self) -> str: ...

    @property
    def id(self) -> uuid.UUID | None: ...


@dataclass(frozen=True, slots=True)
class Account:
    kind: str  # affiliate | staff
    id: uuid.UUID
    display_name: str
    language: str
    email: str | None
    role: str | None
    team: str | None
    epoch: int
    active: bool


async def account(kind: str, account_id: uuid.UUID) -> Account | None:
    """The account a session or a credential points at (None if gone)."""
    if kind == "affiliate":
        row = await Person.select().where(Person.id == account_id).first()
        if row is None:
            return None
        return Account(
            kind="affiliate",
            id=row["id"],
            display_name=f"{row['first_name']} {row['last_name']}",
            language=row["language"],
            email=row["email"],
            role=None,
            team=None,
            epoch=row["session_epoch"],
            active=True,
        )
    if kind == "staff":
        row = await StaffUser.select().where(StaffUser.id == account_id).first()
        if row is None:
            return None
        return Account(
            kind="staff",
            id=row["id"],
            display_name=row["full_name"],
            language=row["language"],
            email=row["email"],
            role=row["role"],
            team=row["team"],
            epoch=row["session_epoch"],
            active=row["active"],
        )
    return None


@dataclass(frozen=True, slots=True)
class ContactDetails:
    email: str | None
    phone: str | None
    language: str


async def contact_details(actor: HasIdentity) -> ContactDetails:
    """The affiliate's own contact details (staff and strangers: not found)."""
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    row = (
        await Person.select(Person.email, Person.phone, Person.language)
        .where(Person.id == actor.id)
        .first()
    )
    if row is None:
        raise NotFound()
    return ContactDetails(email=row["email"], phone=row["phone"], language=row["language"])


def _owner_column(kind: str) -> Any:
    return PasskeyCredential.person if kind == "affiliate" else PasskeyCredential.staff


async def passkeys_for_actor(actor: HasIdentity) -> list[dict[str, Any]]:
    """The actor's usable passkeys, oldest first."""
    if actor.id is None:
        return []
    return list(
        await PasskeyCredential.select(
            PasskeyCredential.id,
            PasskeyCredential.name,
            PasskeyCredential.created_at,
            PasskeyCredential.last_used_at,
            PasskeyCredential.backed_up,
        )
        .where(_owner_column(actor.kind) == actor.id)
        .where(PasskeyCredential.revoked_at.is_null())
        .order_by(PasskeyCredential.created_at)
    )


async def passkey_for_actor(actor: HasIdentity, passkey_id: uuid.UUID) -> dict[str, Any]:
    """One of the actor's own passkeys; anyone else's is simply not found (404, no hint)."""
    for passkey in await passkeys_for_actor(actor):
        if passkey["id"] == passkey_id:
            return passkey
    raise NotFound()


async def credential_ids(kind: str, account_id: uuid.UUID) -> list[bytes]:
    """Every credential id of one account, to stop the same authenticator registering twice."""
    rows = await PasskeyCredential.select(PasskeyCredential.credential_id).where(
        _owner_column(kind) == account_id
    )
    return [bytes(r["credential_id"]) for r in rows]


@dataclass(frozen=True, slots=True)
class LinkTarget:
    link_id: uuid.UUID
    purpose: str
    kind: str
    account_id: uuid.UUID
    display_name: str
    email: str | None


async def activation_link(token: str, *, now: datetime | None = None) -> LinkTarget | None:
    """The account a still-valid link opens, or None (unknown, used or expired: all alike)."""
    if not token or len(token) > 200:
        return None
    row = (
        await ActivationLink.select()
        .where(ActivationLink.token_hash == rules.token_digest(token))
        .first()
    )
    if row is None or row["used_at"] is not None:
        return None
    if rules.activation_link_expired(row["created_at"], now or clock.now()):
        return None
    kind = "affiliate" if row["person"] is not None else "staff"
    target = await account(kind, row["person"] or row["staff"])
    if target is None or not target.active:
        return None
    return LinkTarget(
        link_id=row["id"],
        purpose=row["purpose"],
        kind=kind,
        account_id=target.id,
        display_name=target.display_name,
        email=target.email,
    )


def _require_staff(actor: HasIdentity) -> None:
    if actor.kind != "staff":
        raise NotFound()


async def pending_recoveries(actor: HasIdentity) -> list[dict[str, Any]]:
    """Recovery requests waiting for a staff check, oldest first, with the matched account."""
    _require_staff(actor)
    rows = await (
        AccountRecovery.select(
            AccountRecovery.id,
            AccountRecovery.national_number,
            AccountRecovery.email,
            AccountRecovery.created_at,
            AccountRecovery.person.id.as_alias("person_id"),
            AccountRecovery.person.first_name.as_alias("first_name"),
            AccountRecovery.person.last_name.as_alias("last_name"),
            AccountRecovery.person.phone.as_alias("phone"),
        )
        .where(AccountRecovery.status == RecoveryStatus.PENDING.value)
        .order_by(AccountRecovery.created_at)
    )
    return list(rows)


async def staff_members(actor: HasIdentity) -> list[dict[str, Any]]:
    _require_staff(actor)
    return list(
        await StaffUser.select(
            StaffUser.id,
            StaffUser.full_name,
            StaffUser.email,
            StaffUser.role,
            StaffUser.team,
            StaffUser.active,
        ).order_by(StaffUser.full_name)
    )
