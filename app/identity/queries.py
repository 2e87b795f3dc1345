"""Reads about accounts, passkeys, links and recovery requests, each scoped to its actor."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.identity import refusals, rules
from app.identity.tables import (
    AccountRecovery,
    ActivationLink,
    PasskeyCredential,
    Person,
    RecoveryStatus,
    StaffUser,
)
from app.identity.teams import team_name as team_name  # re-exported for the back office
from app.kit import audit, clock
from app.kit.db import fetch
from app.kit.errors import NotFound


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
            # A self-registered account linked into its person's file is gone: no login, no
            # session, no link opens it any more.
            active=row["merged_into"] is None,
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
    postcode: str | None = None


async def contact_details(actor: audit.Actor) -> ContactDetails:
    """The affiliate's own contact details (staff and strangers: not found)."""
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    row = (
        await Person.select(Person.email, Person.phone, Person.language, Person.postcode)
        .where(Person.id == actor.id)
        .first()
    )
    if row is None:
        raise NotFound()
    return ContactDetails(
        email=row["email"], phone=row["phone"], language=row["language"], postcode=row["postcode"]
    )


def _owner_column(kind: str) -> Any:
    return PasskeyCredential.person if kind == "affiliate" else PasskeyCredential.staff


@dataclass(frozen=True, slots=True)
class PasskeyView:
    """One usable passkey as its owner sees it (no key material)."""

    id: uuid.UUID
    name: str
    created_at: datetime
    last_used_at: datetime | None
    backed_up: bool


async def passkeys_for_actor(actor: audit.Actor) -> list[PasskeyView]:
    """The actor's usable passkeys, oldest first."""
    if actor.id is None:
        return []
    rows = (
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
    return [PasskeyView(**row) for row in rows]


async def passkey_for_actor(actor: audit.Actor, passkey_id: uuid.UUID) -> PasskeyView:
    """One of the actor's own passkeys; anyone else's is simply not found (404, no hint)."""
    for passkey in await passkeys_for_actor(actor):
        if passkey.id == passkey_id:
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


def _require_staff(actor: audit.Actor) -> None:
    if actor.kind != "staff":
        raise NotFound()


@dataclass(frozen=True, slots=True)
class PendingRecovery:
    """A recovery request waiting for a staff check; the person fields are None when the
    national number and e-mail matched no account."""

    id: uuid.UUID
    national_number: str
    email: str
    created_at: datetime
    person_id: uuid.UUID | None
    first_name: str | None
    last_name: str | None
    phone: str | None


async def pending_recoveries(actor: audit.Actor) -> list[PendingRecovery]:
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
    return [PendingRecovery(**row) for row in rows]


async def staff_members(actor: audit.Actor) -> list[StaffMember]:
    """Every staff member, active or not, by name (for the team page)."""
    _require_staff(actor)
    rows = await StaffUser.select(*_STAFF_COLUMNS).order_by(StaffUser.full_name)
    return [StaffMember(**row) for row in rows]


# --------------------------------------------------------------- reads for the other domains
# Other domains never import identity's tables: they ask here, and get frozen values back.


@dataclass(frozen=True, slots=True)
class PersonContact:
    """How to reach a person: for notices and e-mails sent on the system's behalf."""

    id: uuid.UUID
    first_name: str
    last_name: str
    email: str | None
    language: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """What staff see of a person beside a request or on their file (callers audit the read).

    A self-registered person whose identity is not verified yet has no national number: only
    the one they claimed at sign-up, which staff must not take for proven.
    """

    id: uuid.UUID
    first_name: str
    last_name: str
    national_number: str | None
    email: str | None
    phone: str | None
    language: str
    identity_verified: bool
    claimed_national_number: str | None
    # The claimed number already belongs to a known file: granting the identity check links
    # this account into that file (identity.link_verified_claimant).
    claim_held_by_file: bool = False
    postcode: str | None = None


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: uuid.UUID
    full_name: str
    email: str
    role: str
    team: str
    language: str
    active: bool

    def allows(self, permission: rules.Permission) -> bool:
        return self.active and rules.role_allows(rules.StaffRole(self.role), permission)

    @property
    def team_name(self) -> str:
        return team_name(self.team)


_STAFF_COLUMNS = (
    StaffUser.id,
    StaffUser.full_name,
    StaffUser.email,
    StaffUser.role,
    StaffUser.team,
    StaffUser.language,
    StaffUser.active,
)


async def person_contact(person_id: uuid.UUID) -> PersonContact | None:
    row = (
        await Person.select(
            Person.id, Person.first_name, Person.last_name, Person.email, Person.language
        )
        .where(Person.id == person_id)
        .first()
    )
    return PersonContact(**row) if row else None


async def person_contacts(person_ids: list[uuid.UUID]) -> dict[uuid.UUID, PersonContact]:
    """`person_contact` of many people in one query (the notice job); the people gone are
    left out."""
    rows = await Person.select(
        Person.id, Person.first_name, Person.last_name, Person.email, Person.language
    ).where(Person.id.is_in(person_ids) if person_ids else Person.id.is_null())
    return {row["id"]: PersonContact(**row) for row in rows}


async def person_exists(person_id: uuid.UUID) -> bool:
    return bool(await Person.exists().where(Person.id == person_id))


# One round trip: the person and whether the number they claim is another known file's. Most
# signed-in pages ask for it, so it is not two queries.
_SUMMARY_SQL = """
SELECT p.id, p.first_name, p.last_name, p.national_number, p.email, p.phone, p.language,
       p.identity_verified, p.claimed_national_number, p.postcode,
       (NOT p.identity_verified AND COALESCE(p.claimed_national_number, '') <> ''
        AND EXISTS (SELECT 1 FROM person o
                    WHERE o.national_number = p.claimed_national_number AND o.id <> p.id)
       ) AS claim_held_by_file
FROM person p WHERE p.id = {}
"""


async def person_summary(person_id: uuid.UUID) -> PersonSummary | None:
    rows = await fetch(_SUMMARY_SQL, person_id)
    return PersonSummary(**rows[0]) if rows else None


async def claim_held_by_file(person_id: uuid.UUID) -> bool:
    """Whether the national number this unverified account claims is held by a known file."""
    row = (
        await Person.select(Person.identity_verified, Person.claimed_national_number)
        .where(Person.id == person_id)
        .first()
    )
    if row is None or row["identity_verified"] or not row["claimed_national_number"]:
        return False
    return bool(
        await Person.exists().where(
            Person.national_number == row["claimed_national_number"], Person.id != person_id
        )
    )


async def merged_into(person_id: uuid.UUID) -> uuid.UUID | None:
    """The file a self-registered account was linked into, if it was."""
    row = await Person.select(Person.merged_into).where(Person.id == person_id).first()
    return uuid.UUID(str(row["merged_into"])) if row and row["merged_into"] else None


async def staff_member(staff_id: uuid.UUID) -> StaffMember | None:
    row = await StaffUser.select(*_STAFF_COLUMNS).where(StaffUser.id == staff_id).first()
    return StaffMember(**row) if row else None


async def active_staff(
    *, roles: tuple[str, ...] | None = None, team: str | None = None
) -> list[StaffMember]:
    """Active staff, optionally of some roles and one team, in a stable order (creation)."""
    query = StaffUser.select(*_STAFF_COLUMNS).where(StaffUser.active == True)  # noqa: E712
    if roles is not None:
        query = query.where(StaffUser.role.is_in(list(roles)))
    if team is not None:
        query = query.where(StaffUser.team == team)
    rows = await query.order_by(StaffUser.created_at).order_by(StaffUser.id)
    return [StaffMember(**row) for row in rows]


async def person_id_by_national_number(national_number: str) -> uuid.UUID | None:
    """For the seed and staff look-ups: the person holding a national number, if any."""
    row = await Person.select(Person.id).where(Person.national_number == national_number).first()
    return row["id"] if row else None


async def staff_id_by_email(email: str) -> uuid.UUID | None:
    row = await StaffUser.select(StaffUser.id).where(StaffUser.email == email).first()
    return row["id"] if row else None


@dataclass(frozen=True, slots=True)
class SignInRefusal:
    """A refused passkey sign-in or confirmation of one person, for the staff page."""

    at: datetime
    reason: str  # the code in the audit trail (refusals.REASONS)
    label: str  # the code in staff words, current language
    confirmation: bool  # a step-up (confirming it is them again), not a login


async def sign_in_refusals(person_id: uuid.UUID, *, limit: int = 10) -> list[SignInRefusal]:
    """The person's latest refused passkey attempts with their real reason, newest first.

    Only attempts tied to the person's account: a refusal before any known passkey was found
    (unknown credential, expired ceremony) cannot be told apart from a stranger's.
    """
    rows = await fetch(
        "SELECT at, action, details->>'reason' AS reason FROM audit_event "
        "WHERE action IN ('identity.login_failed', 'identity.step_up_failed') "
        "AND details->>'account' = {} ORDER BY at DESC LIMIT {}",
        f"affiliate:{person_id}",
        limit,
    )
    return [
        SignInRefusal(
            at=row["at"],
            reason=row["reason"] or "",
            label=refusals.reason_label(row["reason"] or ""),
            confirmation=row["action"] == "identity.step_up_failed",
        )
        for row in rows
    ]
