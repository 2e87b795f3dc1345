"""Newcomers sign up with an email code; the verified person then registers a passkey.

A self-registered account proves its e-mail address, not who it is: the national number typed
at sign-up is only claimed (people.create_unverified_person) until the identity is verified
(account.verify_identity). So sign-up never links to a known person, and answers alike whether
the number is known or not.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from redis.asyncio import Redis

from app.identity import rules
from app.identity.errors import CodeRefused
from app.identity.people import NewPerson, create_unverified_person
from app.identity.tables import EmailCode
from app.kit import audit, clock, throttle
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
            # Never the typed name: it may be anyone's, and this mail goes to the typed address.
            context={"code": code, "minutes": 10},
        )
    return code_id


async def verify_signup_code(code_id: uuid.UUID, code: str, *, actor: audit.Actor) -> uuid.UUID:
    """Check the code (5 tries, 10 minutes); returns the person who may now register a passkey.

    Always creates a new, unverified person claiming the typed national number, whether or not
    the fund knows that number: the answer must not tell, and a stranger's file stays theirs.
    """
    secret = get_settings().secret_key
    too_many = _("Too many wrong codes. Ask for a new code.")
    # A wrong code is counted in its own transaction: the refusal must not roll the count back.
    async with transaction():
        row = await EmailCode.select().where(EmailCode.id == code_id).first()
        if row is None or row["used_at"] is not None:
            raise CodeRefused(_("This code is no longer valid. Ask for a new code."), field="code")
        if rules.otp_expired(row["created_at"], clock.now()):
            raise CodeRefused(_("This code has expired. Ask for a new code."), field="code")
        if rules.otp_attempts_left(row["attempts"]) == 0:
            raise CodeRefused(too_many, field="code")
        right = rules.otp_matches(code, row["code_hash"], email=row["email"], secret=secret)
        if not right:
            # Counted in the database, not read-then-written: parallel guesses cannot get past
            # the limit nor overwrite each other's count.
            counted = (
                await EmailCode.update({EmailCode.attempts: EmailCode.attempts + 1})
                .where(EmailCode.id == code_id, EmailCode.attempts < rules.OTP_MAX_ATTEMPTS)
                .returning(EmailCode.attempts)
            )
            if counted:
                await audit.record(
                    actor, "identity.signup_code_failed", subject=("email_code", code_id)
                )
    if not right:
        left = rules.otp_attempts_left(counted[0]["attempts"]) if counted else 0
        if left == 0:
            raise CodeRefused(too_many, field="code")
        message = ngettext(
            "This code is not right. You have %(num)d try left.",
            "This code is not right. You have %(num)d tries left.",
            left,
        )
        raise CodeRefused(message, field="code")
    async with transaction():
        # Spent once, and only while the wrong guesses made meanwhile have not burnt it.
        spent = (
            await EmailCode.update({EmailCode.used_at: clock.now()})
            .where(
                EmailCode.id == code_id,
                EmailCode.used_at.is_null(),
                EmailCode.attempts < rules.OTP_MAX_ATTEMPTS,
            )
            .returning(EmailCode.id)
        )
        if not spent:
            raise CodeRefused(_("This code is no longer valid. Ask for a new code."), field="code")
        person_id = await create_unverified_person(
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
