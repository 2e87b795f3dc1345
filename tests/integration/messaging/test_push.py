"""Web Push delivered and decrypted (issue 20, item 3): a push service started by the test on
loopback takes what the worker sends, checks the VAPID signature (RFC 8292) against the
fund's public key, and decrypts the message (RFC 8291, aes128gcm) with the device's private
key and auth secret, as a browser would. A service that answers 410 loses the device; one that
answers 503 makes the job retry; a kind the device did not choose sends nothing."""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import http_ece
import httpx
import pytest
from aiohttp import web
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from app.kit.db import transaction
from app.kit.tables import OutboxJob
from app.messaging import push
from app.messaging import service as messaging
from app.messaging.service import Notice
from app.messaging.tables import PushSubscription
from tests.support.actors import csrf_token, log_in, make_person

pytestmark = pytest.mark.integration


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class PushService:
    """A push service on loopback that answers `status` and keeps what it received."""

    status: int = 201
    received: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
async def service() -> AsyncIterator[PushService]:
    state = PushService()

    async def receive(request: web.Request) -> web.Response:
        state.received.append({"path": request.path, "headers": dict(request.headers),
                               "body": await request.read()})  # fmt: skip
        return web.Response(status=state.status)

    app = web.Application()
    app.router.add_post("/push/{device}", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    state.url = f"http://127.0.0.1:{port}"
    yield state
    await runner.cleanup()


@dataclass
class Device:
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )


def new_device() -> Device:
    return Device(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))


def check_vapid(authorization: str, audience: str) -> dict[str, Any]:
    """RFC 8292: `vapid t=<JWT ES256>, k=<public key>`; the key is the fund's, the signature
    holds, the audience is the push service's origin."""
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert fields["k"] == push.public_key()
    header, claims, signature = fields["t"].split(".")
    raw = unb64url(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(fields["k"]))
    public.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"),
                                       int.from_bytes(raw[32:], "big")),
                  f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # fmt: skip
    decoded: dict[str, Any] = json.loads(unb64url(claims))
    assert decoded["aud"] == audience and decoded["exp"] > 0 and decoded["sub"]
    return decoded


async def subscribed(client: httpx.AsyncClient, service: PushService, device: Device,
                     kinds: list[str]) -> object:  # fmt: skip
    person = await make_person("Camille", "camille@example.be", last_name="Dubois",
                               language="nl")  # fmt: skip
    await log_in(client, "affiliate", person)
    answer = await client.post(
        "/account/push/subscriptions",
        json={"endpoint": f"{service.url}/push/device-1",
              "keys": {"p256dh": device.p256dh, "auth": b64url(device.auth)}, "kinds": kinds},
        headers={"x-csrftoken": await csrf_token(client)},
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    return person


async def run_push_jobs() -> list[str]:
    results = []
    for job in await OutboxJob.select().where(OutboxJob.name == push.SEND_JOB):
        payload = job["payload"] if isinstance(job["payload"], dict) else json.loads(job["payload"])
        results.append(await push.send(uuid.UUID(payload["subscription_id"]), payload["kind"]))
    return results


DECISION = Notice(kind="decision", subject="A decision has been taken on your request",
                  body="Read it in your file.", link="/requests/x")  # fmt: skip


async def test_a_decision_rings_the_device_and_only_says_something_waits(
    client: httpx.AsyncClient, service: PushService
) -> None:
    device = new_device()
    person = await subscribed(client, service, device, ["decision", "notice_due"])
    async with transaction():  # as every caller posts it: in its business transaction
        await messaging.post_notice(person, DECISION, dedupe_key="push-1")  # type: ignore[arg-type]
    assert await run_push_jobs() == ["sent"]
    [got] = service.received
    assert got["path"] == "/push/device-1"
    assert got["headers"]["Content-Encoding"] == "aes128gcm"
    assert int({k.lower(): v for k, v in got["headers"].items()}["ttl"]) == 86400
    check_vapid(got["headers"]["Authorization"], service.url)
    plain = http_ece.decrypt(got["body"], private_key=device.private_key,
                             auth_secret=device.auth, version="aes128gcm")  # fmt: skip
    message = json.loads(plain)
    # In the person's language (Dutch), naming nothing of the request.
    assert message == {"title": "Affilio",
                       "body": "Er wacht iets nieuws op u in uw online dossier.",
                       "url": "/inbox"}  # fmt: skip
    assert (await PushSubscription.select(PushSubscription.last_sent_at).first() or {}).get(
        "last_sent_at") is not None  # fmt: skip


async def test_a_kind_not_chosen_sends_nothing(
    client: httpx.AsyncClient, service: PushService
) -> None:
    person = await subscribed(client, service, new_device(), ["notice_due"])
    async with transaction():  # as every caller posts it: in its business transaction
        await messaging.post_notice(person, DECISION, dedupe_key="push-2")  # type: ignore[arg-type]
    assert await run_push_jobs() == []
    assert service.received == []


async def test_a_gone_device_is_removed_and_a_busy_service_retried(
    client: httpx.AsyncClient, service: PushService
) -> None:
    person = await subscribed(client, service, new_device(), [])  # none named: all four
    service.status = 503
    async with transaction():  # as every caller posts it: in its business transaction
        await messaging.post_notice(person, DECISION, dedupe_key="push-3")  # type: ignore[arg-type]
    with pytest.raises(push.PushRetry):
        await run_push_jobs()
    assert await PushSubscription.count() == 1
    service.status = 410
    assert await run_push_jobs() == ["gone"]
    assert await PushSubscription.count() == 0
    assert len(service.received) == 2


async def test_a_bad_subscription_is_refused_and_kinds_are_a_form(
    client: httpx.AsyncClient, service: PushService
) -> None:
    await subscribed(client, service, new_device(), ["decision"])
    token = await csrf_token(client)
    refused = await client.post("/account/push/subscriptions",
                                json={"endpoint": "ftp://x", "keys": {}},
                                headers={"x-csrftoken": token})  # fmt: skip
    assert refused.status_code == 422 and set(refused.json()["errors"]) == {"endpoint", "keys"}
    saved = await client.post(
        "/account/push", data={"_csrf_token": token, "kinds": ["instalment_due", "bogus"]}
    )
    assert saved.status_code == 303
    [row] = await PushSubscription.select(PushSubscription.kinds)
    kinds = row["kinds"] if isinstance(row["kinds"], list) else json.loads(row["kinds"])
    assert kinds == ["instalment_due"]
    page = await client.get("/account/push")
    assert 'data-vapid-key="' + push.public_key() + '"' in page.text
    gone = await client.post("/account/push/unsubscribe",
                             json={"endpoint": f"{service.url}/push/device-1"},
                             headers={"x-csrftoken": token})  # fmt: skip
    assert gone.json() == {"removed": True} and await PushSubscription.count() == 0
