"""The federal login (FAS/CSAM: eID, itsme) as an OpenID Connect relying party: a second way in
beside passkeys, and the proof of identity that links an account to its known file.

Authorization code flow with PKCE (Authlib's RFC 7636 helpers), the code exchanged at the token
endpoint with the client's secret, and the ID token checked with joserfc (Authlib's JOSE
library): signature against the provider's published keys, issuer, audience, expiry and the
nonce of this very login. The state, nonce and code verifier live in the session and are taken
once; a nonce seen before is refused across sessions too (Redis), so a replayed callback or ID
token logs nobody in.

Who gets in: the verified national number (the `egovNRN` claim FAS releases) opens the file
holding it; nobody known gets a new account with that number. A signed-in self-registered
account that uses it proves its own claimed number and is linked to its known file
(merge.prove_identity) without a staff check; someone else's number is refused.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from redis.asyncio import Redis

from app.identity import merge, queries
from app.identity.errors import IdentityTaken
from app.identity.people import NewPerson, create_person
from app.identity.rules import IdentifierError, validate_niss
from app.identity.tables import Person
from app.kit import audit, clock
from app.kit.settings import Settings

SCOPES = "openid profile egovNRN"
ALGORITHMS = ("RS256", "PS256", "ES256")
PENDING_SECONDS = 600  # a login left at the provider longer than this starts again
LEEWAY_SECONDS = 60  # clocks of two servers
_DISCOVERY_TTL = 3600.0


class FederalLoginRefused(Exception):
    """Why the login did not go through, as a code the page words: state (a replayed or
    unknown callback), provider (it said no or could not be reached), token (signature,
    issuer, audience, expiry or nonce wrong), number (no valid national number), other_person
    (a signed-in affiliate proving someone else's number), merged_file (the number's file must be
    merged by staff first)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class Pending:
    """What the session keeps while the person is at the provider."""

    state: str
    nonce: str
    verifier: str
    next: str
    at: float

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state, "nonce": self.nonce, "verifier": self.verifier,
                "next": self.next, "at": self.at}  # fmt: skip

    @classmethod
    def from_dict(cls, value: Any) -> Pending | None:
        if not isinstance(value, dict):
            return None
        try:
            return cls(str(value["state"]), str(value["nonce"]), str(value["verifier"]),
                       str(value.get("next") or ""), float(value["at"]))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            return None


def enabled(settings: Settings) -> bool:
    return bool(settings.federal_issuer and settings.federal_client_id)


def redirect_uri(settings: Settings) -> str:
    return f"{settings.base_url}/login/federal/callback"


_discovered: dict[str, tuple[float, dict[str, Any]]] = {}


async def _metadata(settings: Settings) -> dict[str, Any]:
    """The provider's discovery document, kept an hour per process."""
    issuer = settings.federal_issuer or ""
    cached = _discovered.get(issuer)
    if cached and time.monotonic() - cached[0] < _DISCOVERY_TTL:
        return cached[1]
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            answer = await client.get(issuer.rstrip("/") + "/.well-known/openid-configuration")
            answer.raise_for_status()
            metadata: dict[str, Any] = answer.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise FederalLoginRefused("provider") from exc
    if metadata.get("issuer") != issuer:
        raise FederalLoginRefused("provider")  # a document for another issuer (RFC 8414 §3.3)
    _discovered[issuer] = (time.monotonic(), metadata)
    return metadata


async def start(settings: Settings, next_path: str) -> tuple[str, Pending]:
    """The provider's authorization URL, and what the session keeps until the callback."""
    metadata = await _metadata(settings)
    pending = Pending(state=generate_token(32), nonce=generate_token(32),
                      verifier=generate_token(64), next=next_path, at=time.time())  # fmt: skip
    query = urlencode({
        "response_type": "code",
        "client_id": settings.federal_client_id,
        "redirect_uri": redirect_uri(settings),
        "scope": SCOPES,
        "state": pending.state,
        "nonce": pending.nonce,
        "code_challenge": create_s256_code_challenge(pending.verifier),
        "code_challenge_method": "S256",
    })  # fmt: skip
    return f"{metadata['authorization_endpoint']}?{query}", pending


async def check_id_token(settings: Settings, raw: str, nonce: str, redis: Redis) -> dict[str, Any]:
    """The ID token's claims once signature, issuer, audience, times and nonce hold; the nonce
    is then spent for good. FederalLoginRefused("token") otherwise."""
    metadata = await _metadata(settings)
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            answer = await client.get(metadata["jwks_uri"])
            answer.raise_for_status()
            keys = KeySet.import_key_set(answer.json())
    except (httpx.HTTPError, ValueError, KeyError, JoseError) as exc:
        raise FederalLoginRefused("provider") from exc
    try:
        token = jwt.decode(raw, keys, algorithms=list(ALGORITHMS))
        jwt.JWTClaimsRegistry(
            now=int(clock.now().timestamp()),
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": settings.federal_issuer or ""},
            aud={"essential": True, "value": settings.federal_client_id or ""},
            nonce={"essential": True, "value": nonce},
            sub={"essential": True},
            exp={"essential": True},
        ).validate(token.claims)
    except (JoseError, ValueError) as exc:
        raise FederalLoginRefused("token") from exc
    claims = dict(token.claims)
    azp = claims.get("azp")
    if azp is not None and azp != settings.federal_client_id:
        raise FederalLoginRefused("token")  # OIDC Core 3.1.3.7 point 5
    if not await redis.set(f"federal-nonce:{nonce}", "1", nx=True, ex=2 * PENDING_SECONDS):
        raise FederalLoginRefused("token")  # this ID token was presented before
    return claims


async def finish(settings: Settings, pending: Pending | None, state: str, code: str,
                 redis: Redis) -> dict[str, Any]:  # fmt: skip
    """The callback: the state must be the session's (taken already by the caller), the code is
    exchanged, the ID token checked. Returns its claims."""
    if (
        pending is None
        or not state
        or state != pending.state
        or time.time() - pending.at > PENDING_SECONDS
    ):
        raise FederalLoginRefused("state")
    if not code:
        raise FederalLoginRefused("provider")
    metadata = await _metadata(settings)
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            answer = await client.post(
                metadata["token_endpoint"],
                data={"grant_type": "authorization_code", "code": code,
                      "redirect_uri": redirect_uri(settings), "code_verifier": pending.verifier},
                auth=(settings.federal_client_id or "", settings.federal_client_secret or ""),
            )  # fmt: skip
        tokens = answer.json() if answer.status_code == 200 else {}
    except (httpx.HTTPError, ValueError) as exc:
        raise FederalLoginRefused("provider") from exc
    raw = tokens.get("id_token") if isinstance(tokens, dict) else None
    access = tokens.get("access_token") if isinstance(tokens, dict) else None
    if not isinstance(raw, str) or not isinstance(access, str):
        raise FederalLoginRefused("provider")
    claims = await check_id_token(settings, raw, pending.nonce, redis)
    # The national number and the names come from the UserInfo endpoint (the scopes' claims
    # are not in the ID token); its subject must be the ID token's (OIDC Core 5.3.2).
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            answer = await client.get(metadata["userinfo_endpoint"],
                                      headers={"Authorization": f"Bearer {access}"})  # fmt: skip
            answer.raise_for_status()
            info = answer.json()
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        raise FederalLoginRefused("provider") from exc
    if not isinstance(info, dict) or info.get("sub") != claims["sub"]:
        raise FederalLoginRefused("token")
    return {**info, **claims}


def national_number(claims: dict[str, Any], claim: str) -> str:
    """The verified national number of the claims, compact; FederalLoginRefused("number")."""
    value = claims.get(claim)
    try:
        return validate_niss(str(value or ""), today=clock.today()).number
    except IdentifierError as exc:
        raise FederalLoginRefused("number") from exc


async def account_for(actor: audit.Actor, claims: dict[str, Any], number: str,
                      signed_in: uuid.UUID | None, language: str) -> queries.Account:  # fmt: skip
    """The account this federal login opens (see the module's docstring). `actor` is the
    request's (its address and browser go in the trail)."""
    if signed_in is not None:
        me = await Person.select(Person.national_number, Person.claimed_national_number).where(
            Person.id == signed_in
        ).first()  # fmt: skip
        if me is None:
            raise FederalLoginRefused("state")
        if number not in (me["national_number"], me["claimed_national_number"]):
            raise FederalLoginRefused("other_person")
        person_id = await _prove(actor, signed_in)
    else:
        person_id = await _known(number) or await create_person(
            NewPerson(national_number=number, first_name=str(claims.get("given_name") or ""),
                      last_name=str(claims.get("family_name") or ""), language=language),
            actor=actor,
        )  # fmt: skip
    await audit.record(actor, "identity.federal_login", subject=("person", person_id))
    account = await queries.account("affiliate", person_id)
    if account is None or not account.active:
        raise FederalLoginRefused("state")
    return account


async def _known(number: str) -> uuid.UUID | None:
    """The file holding the number. A self-registered account that merely claimed it is not
    linked here: anybody may type a number, so only that account itself, signed in, proves it."""
    held = await Person.select(Person.id).where(
        Person.national_number == number, Person.merged_into.is_null()
    ).first()  # fmt: skip
    return uuid.UUID(str(held["id"])) if held else None


async def _prove(actor: audit.Actor, person_id: uuid.UUID) -> uuid.UUID:
    try:
        return await merge.prove_identity(actor, person_id)
    except IdentityTaken as exc:
        raise FederalLoginRefused("merged_file") from exc
