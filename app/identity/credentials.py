"""An account's passkeys: registering, authenticating (login and step-up), renaming, revoking.

The WebAuthn ceremonies themselves are in app/identity/passkeys.py; this module stores and
checks the credentials, counts failures and audits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from redis.asyncio import Redis

from app.identity import queries, rules
from app.identity.account import end_sessions, notify_account
from app.identity.errors import PasskeyRefused, expired_attempt, link_invalid, refused, throttled
from app.identity.passkeys import (
    PasskeyError,
    parse_credential_id,
    parse_user_handle,
    rp_from_base_url,
    verify_authentication,
    verify_registration,
)
from app.identity.tables import ActivationLink, PasskeyCredential
from app.kit import audit, clock, throttle
from app.kit.db import transaction
from app.kit.errors import AffilioError, NotFound
from app.kit.i18n import gettext as _
from app.kit.settings import get_settings


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
    notify: bool = False,
    actor: audit.Actor,
) -> uuid.UUID:
    """Verify a registration and store the credential. With a link token, the link is used up
    in the same transaction (a second use finds it spent). With `notify` (a passkey added to
    an existing account), the account's address is told in the same transaction."""
    rp = rp_from_base_url(get_settings().base_url)
    if ceremony is None or rules.challenge_expired(ceremony.issued_at, clock.now()):
        await audit.record(actor, "passkey.registration_failed", details={"reason": "expired"})
        raise expired_attempt()
    try:
        credential = verify_registration(rp, credential_json, ceremony.challenge)
    except PasskeyError as exc:
        await audit.record(actor, "passkey.registration_failed", details={"reason": exc.code.value})
        raise refused() from exc
    passkey_id = uuid.uuid4()
    stored_name = (name.strip() or _("Passkey"))[:80]
    async with transaction():
        if link_token is not None:
            target = await queries.activation_link(link_token)
            if target is None or target.kind != kind or target.account_id != account_id:
                raise link_invalid()
            spent = (
                await ActivationLink.update({ActivationLink.used_at: clock.now()})
                .where(ActivationLink.id == target.link_id, ActivationLink.used_at.is_null())
                .returning(ActivationLink.id)
            )
            if not spent:
                raise link_invalid()
        if await PasskeyCredential.exists().where(
            PasskeyCredential.credential_id == credential.credential_id
        ):
            raise refused()
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
                name=stored_name,
            )
        )
        await audit.record(
            actor,
            "passkey.added",
            subject=("passkey", passkey_id),
            details={"owner": f"{kind}:{account_id}", "synced": credential.backup_eligible},
        )
        if notify:
            await notify_account(
                kind,
                account_id,
                "passkey_added",
                link_path="/account/passkeys",
                passkey=stored_name,
            )
    return passkey_id


async def _merged_handle(user_handle: bytes, owner_id: uuid.UUID) -> bool:
    """Whether the user handle names an account that was linked into `owner_id`'s file."""
    if len(user_handle) != 16:
        return False
    return await queries.merged_into(uuid.UUID(bytes=user_handle)) == owner_id


async def authenticate_passkey(
    *,
    credential_json: str,
    ceremony: Ceremony | None,
    actor: audit.Actor,
    redis: Redis,
    expected: tuple[str, uuid.UUID] | None = None,
) -> queries.Account:
    """Verify an assertion (login, or step-up when `expected` names the logged-in account).

    Every refusal looks the same to the browser and is audited with its real reason (staff
    see a cloned authenticator's counter going back, for instance). Refusals count against
    the address; against the account only once the signature proved the key was used —
    anyone can send a known credential id with a forged signature, and must not lock its
    owner out.
    """
    action = "identity.step_up" if expected else "identity.login"
    ip = actor.ip or "unknown"

    async def refuse(
        reason: str, owner: str | None = None, *, signed: bool = False
    ) -> PasskeyRefused:
        await throttle.count(redis, "login-ip", ip, rules.FAILED_LOGINS)
        if owner and signed:
            await throttle.count(redis, "login-account", owner, rules.FAILED_LOGINS)
        await audit.record(actor, f"{action}_failed", details={"reason": reason, "account": owner})
        return expired_attempt() if reason == "expired" else refused()

    if await throttle.is_blocked(redis, "login-ip", ip, rules.FAILED_LOGINS):
        await audit.record(actor, f"{action}_throttled", details={"scope": "ip"})
        raise throttled()
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
        raise throttled()
    if row["revoked_at"] is not None:
        raise await refuse("revoked_credential", owner)
    if user_handle is not None and user_handle != owner_id.bytes:
        # A passkey registered by a self-registered account keeps that account's id as its
        # user handle once the account was linked into its person's file (merge.py).
        if kind != "affiliate" or not await _merged_handle(user_handle, owner_id):
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
        raise await refuse("inactive_account", owner, signed=True)
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
            details={"from": passkey.name, "to": new_name},
        )


async def revoke_passkey(actor: audit.Actor, passkey_id: uuid.UUID) -> int:
    """Revoke one of the actor's passkeys; returns how many usable ones are left.

    The sessions the passkey opened end with it. Sessions do not record which credential
    opened them, so the account's session epoch moves on: every session of the account ends
    (a revoke is what one does after losing a device, so ending the others too is the safe
    side), and the caller renews the revoker's own session with the new epoch. The account's
    address is told, in the same transaction.
    """
    if actor.id is None:
        raise NotFound()
    async with transaction():
        passkey = await queries.passkey_for_actor(actor, passkey_id)
        await PasskeyCredential.update({PasskeyCredential.revoked_at: clock.now()}).where(
            PasskeyCredential.id == passkey_id
        )
        await end_sessions(actor.kind, actor.id)
        await audit.record(actor, "passkey.revoked", subject=("passkey", passkey_id))
        await notify_account(
            actor.kind,
            actor.id,
            "passkey_removed",
            link_path="/account/passkeys",
            passkey=passkey.name,
        )
        left = len(await queries.passkeys_for_actor(actor))
    return left
