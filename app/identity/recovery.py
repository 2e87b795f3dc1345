"""Account recovery: an affiliate who lost every passkey asks; staff grant or reject."""

from __future__ import annotations

import uuid

from redis.asyncio import Redis

from app.identity import rules
from app.identity.links import issue_activation_link
from app.identity.tables import (
    AccountRecovery,
    LinkPurpose,
    PasskeyCredential,
    Person,
    RecoveryStatus,
)
from app.kit import audit, clock, throttle
from app.kit.db import transaction
from app.kit.errors import Forbidden, NotFound
from app.kit.mail import queue_mail


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
