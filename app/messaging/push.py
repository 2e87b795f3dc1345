"""Web Push for the installed app (issue 20, item 3): devices subscribe per kind of notice,
a notice of such a kind queues one push per device (in the notice's transaction, through the
outbox), and a worker sends it with VAPID (RFC 8292) and the message encrypted for the device
(RFC 8291, aes128gcm) by pywebpush. A device the push service calls gone (404, 410) is
removed; a busy or failing service (429, 5xx, no answer) makes the job raise, and the outbox
runner retries it with backoff.

The payload says only that something waits, in the person's language, and opens the inbox.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid02
from py_vapid.utils import b64urlencode
from pywebpush import WebPusher

from app.identity import queries as identity
from app.kit import audit, clock, i18n, outbox
from app.kit.db import execute, fetch, transaction
from app.kit.errors import FormInvalid, NotFound
from app.kit.i18n import gettext as _
from app.kit.settings import Env, get_settings
from app.messaging.rules.push import (
    ALL_KINDS,
    KEY_MAX,
    OPEN_URL,
    chosen_kinds,
    outcome,
    push_kind,
    valid_endpoint,
)

SEND_JOB = "messaging.send_push"
TTL_SECONDS = 24 * 3600  # a phone off for a day still hears of it
log = logging.getLogger("affilio.push")


class PushUnavailable(RuntimeError):
    """No VAPID key in production: push is off, the page says so."""


@cache
def _vapid() -> Vapid02:
    settings = get_settings()
    key = settings.vapid_private_key
    if key:
        text = key.strip()
        if text.startswith("-----BEGIN"):
            return Vapid02.from_pem(text.encode())
        return Vapid02.from_string(text)
    if settings.env is Env.PRODUCTION:
        raise PushUnavailable("VAPID_PRIVATE_KEY is not set")
    # Development and tests: one key pair kept under the data folder, made on first use.
    path: Path = settings.data_dir / "vapid-private.pem"
    if not path.exists():
        fresh = Vapid02()
        fresh.generate_keys()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(fresh.private_pem())
        path.chmod(0o600)
    return Vapid02.from_pem(path.read_bytes())


def available() -> bool:
    try:
        _vapid()
    except PushUnavailable:
        return False
    return True


def public_key() -> str:
    """The application server key a browser subscribes with (uncompressed P-256, base64url)."""
    raw = _vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return str(b64urlencode(raw))


# --- the person's devices --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Devices:
    count: int
    kinds: list[str]  # what the person's devices want (the union), for the form


def _person(actor: audit.Actor) -> uuid.UUID:
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    return actor.id


def _kinds(value: Any) -> list[str]:
    listed = json.loads(value) if isinstance(value, str) else (value or [])
    return chosen_kinds(listed)


async def devices(actor: audit.Actor) -> Devices:
    rows = await fetch("SELECT kinds FROM push_subscription WHERE person = {}", _person(actor))
    union = {k for r in rows for k in _kinds(r["kinds"])}
    return Devices(len(rows), chosen_kinds(union))


async def subscribe(actor: audit.Actor, endpoint: str, p256dh: str, auth: str,
                    kinds: Sequence[str]) -> None:  # fmt: skip
    """This device's subscription, for the kinds chosen (all four when none is named). An
    endpoint already known moves to this person: a browser's subscription is one device."""
    person = _person(actor)
    allow_loopback = get_settings().env is not Env.PRODUCTION
    errors: dict[str, str] = {}
    if not valid_endpoint(endpoint, allow_loopback=allow_loopback):
        errors["endpoint"] = _("This browser gave no valid push address")
    if not (0 < len(p256dh) <= KEY_MAX and 0 < len(auth) <= KEY_MAX):
        errors["keys"] = _("This browser gave no valid push keys")
    if errors:
        raise FormInvalid(errors)
    wanted = chosen_kinds(kinds) or [k.value for k in ALL_KINDS]
    async with transaction():
        await execute(
            "INSERT INTO push_subscription (id, person, endpoint, p256dh, auth, kinds, "
            "created_at) VALUES ({}, {}, {}, {}, {}, {}::jsonb, {}) ON CONFLICT (endpoint) DO "
            "UPDATE SET person = EXCLUDED.person, p256dh = EXCLUDED.p256dh, "
            "auth = EXCLUDED.auth, kinds = EXCLUDED.kinds",
            uuid.uuid4(), person, endpoint, p256dh, auth, json.dumps(wanted), clock.now(),
        )  # fmt: skip
        await audit.record(actor, "messaging.push_subscribed", subject=("person", person),
                           details={"kinds": wanted})  # fmt: skip


async def unsubscribe(actor: audit.Actor, endpoint: str) -> bool:
    person = _person(actor)
    async with transaction():
        rows = await execute("DELETE FROM push_subscription WHERE person = {} AND endpoint = {} "
                             "RETURNING id", person, endpoint)  # fmt: skip
        if rows:
            await audit.record(actor, "messaging.push_unsubscribed", subject=("person", person))
    return bool(rows)


async def set_kinds(actor: audit.Actor, kinds: Sequence[str]) -> int:
    """The kinds every device of the person's wants (the form works without script)."""
    person = _person(actor)
    wanted = chosen_kinds(kinds)
    async with transaction():
        rows = await execute("UPDATE push_subscription SET kinds = {}::jsonb WHERE person = {} "
                             "RETURNING id", json.dumps(wanted), person)  # fmt: skip
        await audit.record(actor, "messaging.push_kinds", subject=("person", person),
                           details={"kinds": wanted})  # fmt: skip
    return len(rows)


# --- queueing and sending --------------------------------------------------------------------


async def queue_for_notices(items: Sequence[tuple[uuid.UUID, str]]) -> int:
    """In the notices' transaction: one push job per device that wants the notice's kind.
    `items` are (person, notice kind) of the notices just posted."""
    wanted: dict[uuid.UUID, set[str]] = {}
    for person, notice_kind in items:
        kind = push_kind(notice_kind)
        if kind is not None:
            wanted.setdefault(person, set()).add(kind.value)
    if not wanted:
        return 0
    rows = await fetch("SELECT id, person, kinds FROM push_subscription WHERE person = ANY({})",
                       list(wanted))  # fmt: skip
    payloads = [
        {"subscription_id": str(r["id"]), "kind": kind}
        for r in rows
        for kind in sorted(wanted[r["person"]] & set(_kinds(r["kinds"])))
    ]
    if payloads:
        await outbox.enqueue_many(SEND_JOB, payloads)
    return len(payloads)


def payload(language: str) -> str:
    """What the device shows: that something waits, nothing more."""
    with i18n.language(language):
        return json.dumps({
            "title": get_settings().fund_name,
            "body": _("Something new is waiting for you in your online file."),
            "url": OPEN_URL,
        }, ensure_ascii=False)  # fmt: skip


class PushRetry(RuntimeError):
    """The push service is busy or failing: the outbox runner retries the job later."""


async def send(subscription_id: uuid.UUID, kind: str) -> str:
    """Send one push; returns what happened (sent, gone, dropped, skipped)."""
    rows = await fetch("SELECT id, person, endpoint, p256dh, auth, kinds FROM push_subscription "
                       "WHERE id = {}", subscription_id)  # fmt: skip
    if not rows or kind not in _kinds(rows[0]["kinds"]):
        return "skipped"  # turned off, or removed, since the notice
    row = rows[0]
    person = await identity.person_contact(row["person"])
    language = (i18n.normalise(person.language) if person else None) or i18n.DEFAULT_LANGUAGE
    endpoint = row["endpoint"]
    origin = urlsplit(endpoint)
    claims = {"sub": get_settings().vapid_subject or get_settings().base_url,
              "aud": f"{origin.scheme}://{origin.netloc}"}  # fmt: skip
    headers = _vapid().sign(claims)
    info = {"endpoint": endpoint, "keys": {"p256dh": row["p256dh"], "auth": row["auth"]}}
    try:
        async with aiohttp.ClientSession() as session:
            pusher = WebPusher(info, aiohttp_session=session)
            response = await pusher.send_async(data=payload(language), headers=headers,
                                               ttl=TTL_SECONDS, timeout=10)  # fmt: skip
            status = int(response.status)
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise PushRetry(f"push service unreachable: {exc!r}") from exc
    result = outcome(status)
    if result == "retry":
        raise PushRetry(f"push service answered {status}")
    async with transaction():
        if result == "gone":
            await execute("DELETE FROM push_subscription WHERE id = {}", subscription_id)
        elif result == "sent":
            await execute("UPDATE push_subscription SET last_sent_at = {} WHERE id = {}",
                          clock.now(), subscription_id)  # fmt: skip
        else:
            log.warning("push %s dropped: the service answered %s", subscription_id, status)
    return result
