"""What the identity pages share: ceremony state in the session, the language cookie, and the
answer to a successful log-in."""

from __future__ import annotations

import base64
import json
import secrets
from datetime import datetime
from typing import Any

from litestar import Response
from litestar.datastructures import Cookie

from app.identity import queries, service
from app.identity.guards import log_in
from app.kit import clock, i18n
from app.kit.http import AnyRequest
from app.kit.middleware import LANGUAGE_COOKIE
from app.kit.settings import get_settings

ONE_YEAR = 365 * 24 * 3600
CEREMONIES = "ceremonies"
MAX_CEREMONIES = 4  # a few tabs or an autofill + a button at once


# --- Ceremony state in the session ---------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def start_ceremony(request: AnyRequest, purpose: str, challenge: bytes, **extra: Any) -> str:
    """Keep the challenge server-side (as text: session values go through JSON)."""
    ceremonies = dict(request.session.get(CEREMONIES) or {})
    if len(ceremonies) >= MAX_CEREMONIES:
        oldest = sorted(ceremonies.items(), key=lambda item: item[1].get("at", ""))
        for key, _value in oldest[: len(ceremonies) - MAX_CEREMONIES + 1]:
            ceremonies.pop(key)
    ceremony_id = secrets.token_urlsafe(12)
    ceremonies[ceremony_id] = {
        "purpose": purpose,
        "challenge": _b64(challenge),
        "at": clock.now().isoformat(),
        **extra,
    }
    request.session[CEREMONIES] = ceremonies
    return ceremony_id


def take_ceremony(
    request: AnyRequest, purpose: str, ceremony_id: Any
) -> tuple[service.Ceremony | None, dict[str, Any]]:
    """Single use: the challenge leaves the session whatever the outcome."""
    ceremonies = dict(request.session.get(CEREMONIES) or {})
    entry = ceremonies.pop(str(ceremony_id), None) if ceremony_id else None
    request.session[CEREMONIES] = ceremonies
    if not isinstance(entry, dict) or entry.get("purpose") != purpose:
        return None, {}
    ceremony = service.Ceremony(
        challenge=base64.urlsafe_b64decode(entry["challenge"]),
        issued_at=datetime.fromisoformat(entry["at"]),
    )
    return ceremony, entry


def credential_json(data: dict[str, Any]) -> str:
    credential = data.get("credential")
    return json.dumps(credential) if isinstance(credential, dict) else ""


def options_response(ceremony_id: str, options_json: str) -> Response[Any]:
    return Response(content={"ceremony": ceremony_id, "publicKey": json.loads(options_json)})


# --- Who is logged in, in which language -------------------------------------------------------


def language_cookie(language: str) -> Cookie:
    return Cookie(
        key=LANGUAGE_COOKIE,
        value=language,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="lax",
        secure=get_settings().https,
    )


async def logged_in_response(
    request: AnyRequest, account: queries.Account, target: str
) -> Response[Any]:
    await log_in(request, account)
    language = i18n.normalise(account.language) or i18n.DEFAULT_LANGUAGE
    return Response(content={"redirect": target}, cookies=[language_cookie(language)])
