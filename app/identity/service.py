"""Writes about people, staff users, passkeys, links and recovery; each call is one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from redis.asyncio import Redis

from app.identity import queries, rules, throttle
from app.identity.passkeys import (
    PasskeyError,
    parse_credential_id,
    parse_user_handle,
    rp_from_base_url,
    verify_authentication,
    verify_registration,
)
from app.identity.rules import Permission, StaffRole, role_allows
from app.identity.tables import (
    AccountRecovery,
    ActivationLink,
    EmailCode,
    LinkPurpose,
    PasskeyCredential,
    Person,
    RecoveryStatus,
    StaffUser,
)
from app.kit import audit, clock, i18n, outbox
from app.kit.db import transaction
from app.kit.errors import AffilioError, Forbidden, NotFound
from app.kit.i18n import gettext as _
from app.kit.i18n import ngettext
from app.kit.mail import queue_mail
from app.kit.settings import get_settings


@dataclass(frozen=True, slots=True)
class NewPerson:
    national_number: str
    first_name: str
    last_name: str
    email: str | None = None
    phone: str | None = None
    language: str = "fr"


async def create_person(data: NewPerson, *, actor: audit.Actor) -> uuid.UUID:
    """Create an affiliate and queue their welcome message in the same transaction."""
    person_id = uuid.uuid4()
    async with transaction():
        await Person.insert(
            Person(
                id=person_id,
                national_number=data.national_number,
                first_name=data.first_name,
                last_name=data.last_name,
                email=data.email,
                phone=data.phone,
                language=data.language,
            )
        )
        await audit.record(actor, "person.created", subject=("person", person_id))
        await outbox.enqueue("messaging.send_welcome", person_id=person_id)
    return person_id


async def create_staff_user(
    *, email: str, full_name: str, role: str, team: str, language: str, actor: audit.Actor
) -> uuid.UUID:
    staff_id = uuid.uuid4()
    async with transaction():
        await StaffUser.insert(
            StaffUser(
                id=staff_id,
                email=email.lower(),
                full_name=full_name,
                role=role,
                team=team,
                language=language,
            )
        )
        await audit.record(
            actor, "staff.created", subject=("staff_user", staff_id), details={"role": role}
        )
    return staff_id


# --- Errors shown to people (messages in their language, never revealing who is known) --------


class PasskeyRefused(AffilioError):
    status_code = 400
    code = "passkey_refused"


class TooManyAttempts(AffilioError):
    status_code = 429
    code = "too_many_attempts"


class LinkInvalid(AffilioError):
    status_code = 410
    code = "link_invalid"


class CodeRefused(AffilioError):
    status_code = 400
    code = "code_refused"


class LastAdmin(AffilioError):
    status_code = 409
    code = "last_admin"


class AccountExists(AffilioError):
    status_code = 409
    code = "account_exists"


def _refused() -> PasskeyRefused:
    return PasskeyRefused(
        _(
            "This passkey was not accepted. Try again, use another passkey, or ask to "
            "recover your account."
        )
    )


def _throttled() -> TooManyAttempts:
    return TooManyAttempts(
        _("Too many failed attempts. Please wait 15 minutes before trying again.")
    )


def _expired_attempt() -> PasskeyRefused:
    return PasskeyRefused(_("This attempt has expired. Please try again."))


def _link_invalid() -> LinkInvalid:
    return LinkInvalid(
        _(
            "This link is no longer valid: it has expired or has already been used. "
            "Ask for a new one."
        )
    )


# --- One-time links ----------------------------------------------------------------------------

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


async def invite_staff(
    *,
    email: str,
    full_name: str,
    role: str,
    team: str,
    language: str,
    actor: audit.Actor,
) -> tuple[uuid.UUID, str]:
    """An admin invites a colleague: the account and its activation link, in one transaction."""
    role = StaffRole(role).value
    address = rules.normalise_email(email)
    if address is None:
        raise AffilioError(_("Enter a valid email address."), field="email")
    async with transaction():
        if await StaffUser.exists().where(StaffUser.email == address):
            raise AccountExists(_("A staff member with this email already exists."), field="email")
        staff_id = await create_staff_user(
            email=address,
            full_name=full_name.strip(),
            role=role,
            team=team.strip() or "general",
            language=language,
            actor=actor,
        )
        await audit.record(
            actor, "staff.invited", subject=("staff", staff_id), details={"role": role}
        )
        url = await issue_activation_link(
            "staff", staff_id, purpose=LinkPurpose.STAFF_INVITE, actor=actor
        )
    return staff_id, url


async def change_staff_role(staff_id: uuid.UUID, role: str, *, actor: audit.Actor) -> None:
    """Only an admin changes roles; the member's sessions end so the new role applies at once."""
    new_role = StaffRole(role).value
    async with transaction():
        await _require_admin(actor)
        row = await StaffUser.select(StaffUser.role).where(StaffUser.id == staff_id).first()
        if row is None:
            raise NotFound()
        if row["role"] == new_role:
            return
        if row["role"] == StaffRole.ADMIN.value:
            admins = await StaffUser.count().where(
                StaffUser.role == StaffRole.ADMIN.value,
                StaffUser.active.eq(True),
                StaffUser.id != staff_id,
            )
            if admins == 0:
                raise LastAdmin(
                    _(
                        "This is the last administrator: give another staff member the "
                        "administrator role first."
                    ),
                    field=f"role-{staff_id}",
                )
        await StaffUser.update(
            {StaffUser.role: new_role, StaffUser.session_epoch: StaffUser.session_epoch + 1}
        ).where(StaffUser.id == staff_id)
        await audit.record(
            actor,
            "staff.role_changed",
            subject=("staff", staff_id),
            details={"from": row["role"], "to": new_role},
        )


async def _require_admin(actor: audit.Actor) -> None:
    if actor.kind != "staff" or actor.id is None:
        raise Forbidden()
    row = (
        await StaffUser.select(StaffUser.role, StaffUser.active)
        .where(StaffUser.id == actor.id)
        .first()
    )
    if row is None or not row["active"] or not role_allows(row["role"], Permission.MANAGE_ROLES):
        raise Forbidden()


# --- Newcomers: email code, then passkey --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Signup:
    national_number: str
    first_name: str
    last_name: str
    email: str
    language: str


async def start_signup(data: Signup, *, actor: audit.Actor, redis: Redis) -> uuid.UUID | None:
    """Mail a 6-digit code to the address. None when rate-limited (the caller says "wait")."""
    ip = actor.ip or "unknown"
    per_email = await throttle.allow(redis, "otp-email", data.email, rules.OTP_SENDS_PER_EMAIL)
    per_ip = await throttle.allow(redis, "otp-ip", ip, rules.OTP_SENDS_PER_IP)
    if not (per_email and per_ip):
        await audit.record(actor, "identity.signup_throttled", details={"ip": ip})
        return None
    code = rules.new_otp()
    secret = get_settings().secret_key
    code_id = uuid.uuid4()
    async with transaction():
        # A new code replaces every earlier one for this address.
        await EmailCode.update({EmailCode.used_at: clock.now()}).where(
            EmailCode.email == data.email, EmailCode.used_at.is_null()
        )
        await EmailCode.insert(
            EmailCode(
                id=code_id,
                email=data.email,
                code_hash=rules.otp_digest(code, email=data.email, secret=secret),
                national_number=data.national_number,
                first_name=data.first_name,
                last_name=data.last_name,
                language=data.language,
            )
        )
        await audit.record(actor, "identity.signup_code_sent", subject=("email_code", code_id))
        await queue_mail(
            to=data.email,
            template="signup_code",
            language=data.language,
            context={"name": data.first_name, "code": code, "minutes": 10},
        )
    return code_id


async def verify_signup_code(code_id: uuid.UUID, code: str, *, actor: audit.Actor) -> uuid.UUID:
    """Check the code (5 tries, 10 minutes); returns the person who may now register a passkey.

    Creates the person record. A national number that already has a passkey is refused: that
    person logs in, or asks for recovery.
    """
    secret = get_settings().secret_key
    # A wrong code is counted in its own transaction: the refusal must not roll the count back.
    async with transaction():
        row = await EmailCode.select().where(EmailCode.id == code_id).first()
        if row is None or row["used_at"] is not None:
            raise CodeRefused(_("This code is no longer valid. Ask for a new code."), field="code")
        if rules.otp_expired(row["created_at"], clock.now()):
            raise CodeRefused(_("This code has expired. Ask for a new code."), field="code")
        if rules.otp_attempts_left(row["attempts"]) == 0:
            raise CodeRefused(_("Too many wrong codes. Ask for a new code."), field="code")
        right = rules.otp_matches(code, row["code_hash"], email=row["email"], secret=secret)
        if not right:
            attempts = row["attempts"] + 1
            await EmailCode.update({EmailCode.attempts: attempts}).where(EmailCode.id == code_id)
            await audit.record(
                actor, "identity.signup_code_failed", subject=("email_code", code_id)
            )
    if not right:
        left = rules.otp_attempts_left(attempts)
        if left == 0:
            message = _("Too many wrong codes. Ask for a new code.")
        else:
            message = ngettext(
                "This code is not right. You have %(num)d try left.",
                "This code is not right. You have %(num)d tries left.",
                left,
            )
        raise CodeRefused(message, field="code")
    async with transaction():
        spent = (
            await EmailCode.update({EmailCode.used_at: clock.now()})
            .where(EmailCode.id == code_id, EmailCode.used_at.is_null())
            .returning(EmailCode.id)
        )
        if not spent:
            raise CodeRefused(_("This code is no longer valid. Ask for a new code."), field="code")
        person = (
            await Person.select(Person.id, Person.email)
            .where(Person.national_number == row["national_number"])
            .first()
        )
        if person is not None:
            has_passkey = await PasskeyCredential.exists().where(
                PasskeyCredential.person == person["id"], PasskeyCredential.revoked_at.is_null()
            )
            if has_passkey or (person["email"] or "").lower() != row["email"]:
                raise AccountExists(
                    _(
                        "An account already exists for this national number. Log in with "
                        "your passkey, or ask to recover your account."
                    )
                )
            person_id = person["id"]
        else:
            person_id = await create_person(
                NewPerson(
                    national_number=row["national_number"],
                    first_name=row["first_name"],
                    last_name=row["last_name"],
                    email=row["email"],
                    language=row["language"],
                ),
                actor=actor,
            )
        await audit.record(actor, "identity.email_verified", subject=("affiliate", person_id))
    return person_id


# --- Passkeys ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ceremony:
    """A challenge issued to this browser (kept server-side in its session)."""

    challenge: bytes
    issued_at: datetime


async def register_passkey(
    kind: str,
    account_id: uuid.UUID,
    *,
    credential_json: str,
    ceremony: Ceremony | None,
    name: str,
    link_token: str | None = None,
    actor: audit.Actor,
) -> uuid.UUID:
    """Verify a registration and store the credential. With a link token, the link is used up
    in the same transaction (a second use finds it spent)."""
    rp = rp_from_base_url(get_settings().base_url)
    if ceremony is None or rules.challenge_expired(ceremony.issued_at, clock.now()):
        await audit.record(actor, "passkey.registration_failed", details={"reason": "expired"})
        raise _expired_attempt()
    try:
        credential = verify_registration(rp, credential_json, ceremony.challenge)
    except PasskeyError as exc:
        await audit.record(actor, "passkey.registration_failed", details={"reason": exc.code.value})
        raise _refused() from exc
    passkey_id = uuid.uuid4()
    async with transaction():
        if link_token is not None:
            target = await queries.activation_link(link_token)
            if target is None or target.kind != kind or target.account_id != account_id:
                raise _link_invalid()
            spent = (
                await ActivationLink.update({ActivationLink.used_at: clock.now()})
                .where(ActivationLink.id == target.link_id, ActivationLink.used_at.is_null())
                .returning(ActivationLink.id)
            )
            if not spent:
                raise _link_invalid()
        if await PasskeyCredential.exists().where(
            PasskeyCredential.credential_id == credential.credential_id
        ):
            raise _refused()
        await PasskeyCredential.insert(
            PasskeyCredential(
                id=passkey_id,
                person=account_id if kind == "affiliate" else None,
                staff=account_id if kind == "staff" else None,
                credential_id=credential.credential_id,
                public_key=credential.public_key,
                sign_count=credential.sign_count,
                backup_eligible=credential.backup_eligible,
                backed_up=credential.backed_up,
                transports=",".join(credential.transports)[:200],
                aaguid=credential.aaguid,
                name=(name.strip() or _("Passkey"))[:80],
            )
        )
        await audit.record(
            actor,
            "passkey.added",
            subject=("passkey", passkey_id),
            details={"owner": f"{kind}:{account_id}", "synced": credential.backup_eligible},
        )
    return passkey_id


async def authenticate_passkey(
    *,
    credential_json: str,
    ceremony: Ceremony | None,
    actor: audit.Actor,
    redis: Redis,
    expected: tuple[str, uuid.UUID] | None = None,
) -> queries.Account:
    """Verify an assertion (login, or step-up when `expected` names the logged-in account).

    Every refusal looks the same to the browser, is counted per IP and per account, and is
    audited with its real reason.
    """
    action = "identity.step_up" if expected else "identity.login"
    ip = actor.ip or "unknown"

    async def refuse(reason: str, owner: str | None = None) -> PasskeyRefused:
        await throttle.count(redis, "login-ip", ip, rules.FAILED_LOGINS)
        if owner:
            await throttle.count(redis, "login-account", owner, rules.FAILED_LOGINS)
        await audit.record(actor, f"{action}_failed", details={"reason": reason, "account": owner})
        return _expired_attempt() if reason == "expired" else _refused()

    if await throttle.is_blocked(redis, "login-ip", ip, rules.FAILED_LOGINS):
        await audit.record(actor, f"{action}_throttled", details={"scope": "ip"})
        raise _throttled()
    if ceremony is None or rules.challenge_expired(ceremony.issued_at, clock.now()):
        raise await refuse("expired")
    try:
        credential_id = parse_credential_id(credential_json)
        user_handle = parse_user_handle(credential_json)
    except PasskeyError as exc:
        raise await refuse(exc.code.value) from exc
    row = (
        await PasskeyCredential.select()
        .where(PasskeyCredential.credential_id == credential_id)
        .first()
    )
    if row is None:
        raise await refuse("unknown_credential")
    kind = "affiliate" if row["person"] is not None else "staff"
    owner_id: uuid.UUID = row["person"] or row["staff"]
    owner = f"{kind}:{owner_id}"
    if await throttle.is_blocked(redis, "login-account", owner, rules.FAILED_LOGINS):
        await audit.record(actor, f"{action}_throttled", details={"scope": "account"})
        raise _throttled()
    if row["revoked_at"] is not None:
        raise await refuse("revoked_credential", owner)
    if user_handle is not None and user_handle != owner_id.bytes:
        raise await refuse("user_handle_mismatch", owner)
    if expected is not None and (kind, owner_id) != expected:
        raise await refuse("other_account", owner)
    rp = rp_from_base_url(get_settings().base_url)
    try:
        result = verify_authentication(
            rp, credential_json, ceremony.challenge, bytes(row["public_key"]), row["sign_count"]
        )
    except PasskeyError as exc:
        raise await refuse(exc.code.value, owner) from exc
    found = await queries.account(kind, owner_id)
    if found is None or not found.active:
        raise await refuse("inactive_account", owner)
    async with transaction():
        # Only move forward: two racing assertions must not lower the stored counter.
        updated = (
            await PasskeyCredential.update(
                {
                    PasskeyCredential.sign_count: result.new_sign_count,
                    PasskeyCredential.backed_up: result.backed_up,
                    PasskeyCredential.last_used_at: clock.now(),
                }
            )
            .where(
                PasskeyCredential.id == row["id"],
                PasskeyCredential.revoked_at.is_null(),
                (PasskeyCredential.sign_count < result.new_sign_count)
                | (PasskeyCredential.sign_count == 0),
            )
            .returning(PasskeyCredential.id)
        )
        if updated:
            logged = audit.Actor(
                kind=kind, id=owner_id, ip=actor.ip, user_agent=actor.user_agent,
                request_id=actor.request_id,
            )  # fmt: skip
            await audit.record(logged, action, subject=("passkey", row["id"]))
    if not updated:
        raise await refuse("replayed", owner)
    await throttle.reset(redis, "login-account", owner)
    return found


async def rename_passkey(actor: audit.Actor, passkey_id: uuid.UUID, name: str) -> None:
    new_name = name.strip()[:80]
    if not new_name:
        raise AffilioError(_("Enter a name for this passkey."), field="name")
    async with transaction():
        passkey = await queries.passkey_for_actor(actor, passkey_id)
        await PasskeyCredential.update({PasskeyCredential.name: new_name}).where(
            PasskeyCredential.id == passkey_id
        )
        await audit.record(
            actor,
            "passkey.renamed",
            subject=("passkey", passkey_id),
            details={"from": passkey["name"], "to": new_name},
        )


async def revoke_passkey(actor: audit.Actor, passkey_id: uuid.UUID) -> int:
    """Revoke one of the actor's passkeys; returns how many usable ones are left."""
    async with transaction():
        await queries.passkey_for_actor(actor, passkey_id)
        await PasskeyCredential.update({PasskeyCredential.revoked_at: clock.now()}).where(
            PasskeyCredential.id == passkey_id
        )
        await audit.record(actor, "passkey.revoked", subject=("passkey", passkey_id))
        left = len(await queries.passkeys_for_actor(actor))
    return left


# --- Sessions ---------------------------------------------------------------------------------


async def log_out_everywhere(actor: audit.Actor) -> None:
    """End every session of the account, this one included (their epoch no longer matches)."""
    table: Any = Person if actor.kind == "affiliate" else StaffUser
    async with transaction():
        await table.update({table.session_epoch: table.session_epoch + 1}).where(
            table.id == actor.id
        )
        await audit.record(actor, "identity.logged_out_everywhere", subject=(actor.kind, actor.id))


async def update_language(actor: audit.Actor, language: str) -> None:
    lang = i18n.normalise(language)
    if lang is None or actor.id is None:
        return
    table: Any = Person if actor.kind == "affiliate" else StaffUser
    async with transaction():
        await table.update({table.language: lang}).where(table.id == actor.id)


@dataclass(frozen=True, slots=True)
class ContactChange:
    """Already validated: a normalised email, an international phone ("" = none), a language."""

    email: str
    phone: str
    language: str


async def update_contact_details(actor: audit.Actor, change: ContactChange) -> list[str]:
    """An affiliate edits their email, phone and language. Returns the fields that changed.

    A new email address is audited on its own and announced to the old address (in the
    person's language), so a hijacked session cannot quietly take the account over.
    """
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    language = i18n.normalise(change.language) or i18n.DEFAULT_LANGUAGE
    async with transaction():
        row = (
            await Person.select(Person.email, Person.phone, Person.language, Person.first_name)
            .where(Person.id == actor.id)
            .first()
        )
        if row is None:
            raise NotFound()
        new = {"email": change.email, "phone": change.phone or None, "language": language}
        changed = [field for field, value in new.items() if (row[field] or None) != value]
        if not changed:
            return []
        await Person.update(
            {
                Person.email: new["email"],
                Person.phone: new["phone"],
                Person.language: new["language"],
                Person.updated_at: clock.now(),
            }
        ).where(Person.id == actor.id)
        await audit.record(
            actor,
            "person.contact_changed",
            subject=("affiliate", actor.id),
            details={"fields": changed},
        )
        if "email" in changed:
            await audit.record(
                actor,
                "person.email_changed",
                subject=("affiliate", actor.id),
                details={"from": row["email"], "to": new["email"]},
            )
            if row["email"]:
                await queue_mail(
                    to=row["email"],
                    template="email_changed",
                    language=language,
                    context={"name": row["first_name"], "email": new["email"]},
                )
    return changed


# --- Recovery ---------------------------------------------------------------------------------


async def request_recovery(
    national_number: str, email: str, *, actor: audit.Actor, redis: Redis
) -> None:
    """Record the request; known or not, the requester sees the same answer."""
    ip = actor.ip or "unknown"
    if not await throttle.allow(redis, "recovery-ip", ip, rules.RECOVERY_REQUESTS_PER_IP):
        await audit.record(actor, "recovery.throttled")
        return
    async with transaction():
        person = (
            await Person.select(Person.id, Person.email, Person.language, Person.first_name)
            .where(Person.national_number == national_number)
            .first()
        )
        matched = person is not None and (person["email"] or "").lower() == email
        recovery_id = uuid.uuid4()
        await AccountRecovery.insert(
            AccountRecovery(
                id=recovery_id,
                national_number=national_number,
                email=email,
                person=person["id"] if person is not None and matched else None,
                ip=ip[:64],
            )
        )
        await audit.record(
            actor,
            "recovery.requested",
            subject=("account_recovery", recovery_id),
            details={"matched": matched},
        )
        if person is not None and matched:
            await queue_mail(
                to=person["email"],
                template="recovery_requested",
                language=person["language"],
                context={"name": person["first_name"]},
            )


async def grant_recovery(recovery_id: uuid.UUID, *, actor: audit.Actor) -> str:
    """Staff checked the identity: old passkeys and sessions end, a new link goes out."""
    if actor.kind != "staff":
        raise Forbidden()
    async with transaction():
        row = (
            await AccountRecovery.select()
            .where(
                AccountRecovery.id == recovery_id,
                AccountRecovery.status == RecoveryStatus.PENDING.value,
            )
            .first()
        )
        if row is None or row["person"] is None:
            raise NotFound()
        person_id = row["person"]
        revoked = (
            await PasskeyCredential.update({PasskeyCredential.revoked_at: clock.now()})
            .where(PasskeyCredential.person == person_id, PasskeyCredential.revoked_at.is_null())
            .returning(PasskeyCredential.id)
        )
        await Person.update({Person.session_epoch: Person.session_epoch + 1}).where(
            Person.id == person_id
        )
        await AccountRecovery.update(
            {
                AccountRecovery.status: RecoveryStatus.GRANTED.value,
                AccountRecovery.decided_at: clock.now(),
                AccountRecovery.decided_by: actor.id,
            }
        ).where(AccountRecovery.id == recovery_id)
        await audit.record(
            actor,
            "recovery.granted",
            subject=("affiliate", person_id),
            details={"recovery": str(recovery_id), "revoked_passkeys": len(revoked)},
        )
        url = await issue_activation_link(
            "affiliate", person_id, purpose=LinkPurpose.RECOVERY, actor=actor
        )
    return url


async def reject_recovery(recovery_id: uuid.UUID, *, actor: audit.Actor) -> None:
    if actor.kind != "staff":
        raise Forbidden()
    async with transaction():
        updated = (
            await AccountRecovery.update(
                {
                    AccountRecovery.status: RecoveryStatus.REJECTED.value,
                    AccountRecovery.decided_at: clock.now(),
                    AccountRecovery.decided_by: actor.id,
                }
            )
            .where(
                AccountRecovery.id == recovery_id,
                AccountRecovery.status == RecoveryStatus.PENDING.value,
            )
            .returning(AccountRecovery.id)
        )
        if not updated:
            raise NotFound()
        await audit.record(actor, "recovery.rejected", subject=("account_recovery", recovery_id))


# --- Housekeeping -----------------------------------------------------------------------------


async def purge_expired_tokens() -> None:
    """Drop spent links and codes older than a month: they are worthless and only take space."""
    limit = clock.now() - timedelta(days=30)
    async with transaction():
        await ActivationLink.delete().where(ActivationLink.created_at < limit)
        await EmailCode.delete().where(EmailCode.created_at < limit)
