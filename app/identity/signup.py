"""Newcomers sign up with an email code; the verified person then registers a passkey."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from redis.asyncio import Redis

from app.identity import rules, throttle
from app.identity.errors import AccountExists, CodeRefused
from app.identity.people import NewPerson, create_person
from app.identity.tables import EmailCode, PasskeyCredential, Person
from app.kit import audit, clock
from app.kit.db import transaction
from app.kit.i18n import gettext as _
from app.kit.i18n import ngettext
from app.kit.mail import queue_mail
from app.kit.settings import get_settings


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
