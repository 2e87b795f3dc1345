"""Passkey ceremonies over HTTP, as a browser runs them, with a software authenticator.

`tests.support.actors.log_in` writes a session directly (fast, for tests about other things);
this module logs in the real way, for the identity tests and journeys that need a passkey.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from httpx import AsyncClient, Response

from app.identity import service
from app.identity.service import LinkPurpose
from app.kit.audit import SYSTEM
from tests.support.actors import csrf_token, make_person
from tests.support.soft_authenticator import SoftAuthenticator, b64url_decode

ORIGIN = "http://localhost:8000"
RP_ID = "localhost"


async def new_affiliate(email: str | None = None, language: str = "fr") -> uuid.UUID:
    """A known affiliate with a unique e-mail address (no passkey yet)."""
    return await make_person(
        "Camille",
        email or f"camille.{uuid.uuid4().hex[:8]}@example.be",
        language,
        last_name="Test",
    )


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


async def post_json(client: AsyncClient, url: str, body: dict[str, Any]) -> Response:
    return await client.post(
        url,
        content=json.dumps(body),
        headers={
            "content-type": "application/json",
            "accept": "application/json",
            "x-csrftoken": await csrf_token(client),
        },
    )


async def post_form(client: AsyncClient, url: str, data: dict[str, str]) -> Response:
    return await client.post(url, data={**data, "_csrf_token": await csrf_token(client)})


def authenticator() -> SoftAuthenticator:
    return SoftAuthenticator(origin=ORIGIN, rp_id=RP_ID)


async def register(
    client: AsyncClient, key: SoftAuthenticator, token: str | None = None
) -> Response:
    """The registration ceremony as the browser runs it (options, create, verify)."""
    options = await post_json(client, "/passkeys/register/options", {"token": token})
    assert options.status_code in (200, 201), options.text
    body = options.json()
    credential = json.loads(key.create_from_options(json.dumps(body["publicKey"])))
    return await post_json(
        client, "/passkeys/register", {"ceremony": body["ceremony"], "credential": credential}
    )


async def login_options(
    client: AsyncClient, path: str = "/passkeys/login/options"
) -> dict[str, Any]:
    response = await post_json(client, path, {})
    assert response.status_code in (200, 201), response.text
    options: dict[str, Any] = response.json()
    return options


async def log_in(client: AsyncClient, key: SoftAuthenticator, **overrides: Any) -> Response:
    """The login ceremony with `key` (overrides break it: origin, rp_id, uv, sign_count…)."""
    options = await login_options(client)
    credential = json.loads(key.get(b64url_decode(options["publicKey"]["challenge"]), **overrides))
    return await post_json(
        client, "/passkeys/login", {"ceremony": options["ceremony"], "credential": credential}
    )


async def activated_affiliate(client: AsyncClient) -> tuple[uuid.UUID, SoftAuthenticator]:
    """An affiliate with one passkey, logged in on `client`."""
    person_id = await new_affiliate()
    url = await service.issue_activation_link("affiliate", person_id, actor=SYSTEM)
    key = authenticator()
    response = await register(client, key, token_of(url))
    assert response.status_code in (200, 201), response.text
    return person_id, key


async def activated_staff(
    client: AsyncClient, role: str = "agent"
) -> tuple[uuid.UUID, SoftAuthenticator]:
    staff_id = await service.create_staff_user(
        email=f"staff.{uuid.uuid4().hex[:8]}@affilio.example",
        full_name="Sam Staff",
        role=role,
        team="general",
        language="fr",
        actor=SYSTEM,
    )
    url = await service.issue_activation_link(
        "staff", staff_id, purpose=LinkPurpose.STAFF_INVITE, actor=SYSTEM
    )
    key = authenticator()
    response = await register(client, key, token_of(url))
    assert response.status_code in (200, 201), response.text
    return staff_id, key


def code_from_mail_payload(payload: dict[str, Any]) -> str:
    match = re.fullmatch(r"\d{6}", str(payload["context"]["code"]))
    assert match
    return match.group(0)
