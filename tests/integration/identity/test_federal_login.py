"""The federal login against a real OpenID Connect provider started on loopback
(tests/support/oidc_provider.py): a login opens the file holding the verified national number,
proves and links a self-registered account, or opens a new one; a replayed callback, a forged
signature, another client's token and a spent nonce log nobody in."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from app.identity import federal, service
from app.identity.people import NewPerson, create_unverified_person
from app.identity.tables import Person
from app.kit.audit import SYSTEM
from app.kit.settings import get_settings
from tests.support.actors import log_in
from tests.support.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    OTHER_ID,
    OTHER_REDIRECT,
    OTHER_SECRET,
    Provider,
    running_provider,
    sign_in_at_provider,
)

pytestmark = pytest.mark.integration
ANNA = "85073003328"  # the provider's account "anna" (check digits 97 - 850730033 mod 97 = 28)
BERT = "90010112395"
CHLOE = "79021545688"


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        yield running


@pytest.fixture
def federal_on(provider: Provider, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("FEDERAL_OIDC_ISSUER", provider.issuer)
    monkeypatch.setenv("FEDERAL_OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("FEDERAL_OIDC_CLIENT_SECRET", CLIENT_SECRET)
    get_settings.cache_clear()
    federal._discovered.clear()
    yield
    monkeypatch.delenv("FEDERAL_OIDC_ISSUER")
    get_settings.cache_clear()


async def known_file(number: str, first_name: str = "Anna") -> uuid.UUID:
    return await service.create_person(
        NewPerson(national_number=number, first_name=first_name, last_name="Janssens",
                  email=f"{first_name.lower()}@example.be"),
        actor=SYSTEM,
    )  # fmt: skip


async def logged_in_person(client: httpx.AsyncClient) -> str | None:
    """Whose account page the session opens (None: sent to the login page)."""
    page = await client.get("/account/details")
    if page.status_code != 200:
        return None
    return page.text


async def federal_login(client: httpx.AsyncClient, account: str) -> httpx.Response:
    going = await client.get("/login/federal", params={"next": "/account/details"})
    assert going.status_code == 303
    callback = await sign_in_at_provider(going.headers["location"], account)
    return await client.get(callback.removeprefix("http://localhost:8000"))


async def test_the_login_page_offers_it_only_when_configured(client: httpx.AsyncClient) -> None:
    page = await client.get("/login")
    assert "/login/federal" not in page.text
    assert (await client.get("/login/federal")).status_code == 404


async def test_a_login_opens_the_file_holding_the_number(
    federal_on: None, client: httpx.AsyncClient
) -> None:
    file_id = await known_file(ANNA)
    assert "Se connecter avec eID ou itsme" in (await client.get("/login")).text

    back = await federal_login(client, "anna")

    assert back.status_code == 303
    assert back.headers["location"] == "/account/details"
    details = await logged_in_person(client)
    assert details is not None and "anna@example.be" in details
    assert await Person.count().where(Person.national_number == ANNA) == 1
    row = await Person.select(Person.id).where(Person.national_number == ANNA).first()
    assert row is not None and row["id"] == file_id


async def test_a_self_registered_account_is_linked_to_its_file_without_staff(
    federal_on: None, client: httpx.AsyncClient
) -> None:
    file_id = await known_file(BERT, "Bert")
    claimant = await create_unverified_person(
        NewPerson(national_number=BERT, first_name="Bert", last_name="Claes",
                  email="bert.new@example.be"),
        actor=SYSTEM,
    )  # fmt: skip
    await log_in(client, "affiliate", claimant)  # the self-registered account, signed in

    back = await federal_login(client, "bert")

    assert back.status_code == 303
    row = await Person.select(Person.merged_into).where(Person.id == claimant).first()
    assert row is not None and row["merged_into"] == file_id
    details = await logged_in_person(client)
    assert details is not None and "bert@example.be" in details  # the file's own address


async def test_signed_in_with_another_number_is_refused(
    federal_on: None, client: httpx.AsyncClient
) -> None:
    claimant = await create_unverified_person(
        NewPerson(national_number=BERT, first_name="Bert", last_name="Claes"), actor=SYSTEM
    )
    await log_in(client, "affiliate", claimant)

    refused = await federal_login(client, "anna")  # Anna's eID, in Bert's account

    assert refused.status_code == 403
    row = await Person.select(Person.identity_verified).where(Person.id == claimant).first()
    assert row is not None and row["identity_verified"] is False


async def test_an_anonymous_login_never_links_an_account_that_only_claimed_the_number(
    federal_on: None, client: httpx.AsyncClient
) -> None:
    file_id = await known_file(BERT, "Bert")
    claimant = await create_unverified_person(
        NewPerson(national_number=BERT, first_name="X", last_name="Y", email="x@example.be"),
        actor=SYSTEM,
    )  # anybody may type Bert's number when signing up

    back = await federal_login(client, "bert")

    assert back.status_code == 303
    row = await Person.select(Person.merged_into).where(Person.id == claimant).first()
    assert row is not None and row["merged_into"] is None
    details = await logged_in_person(client)
    assert details is not None and "bert@example.be" in details
    assert file_id


async def test_nobody_known_gets_a_new_account_with_the_verified_number(
    federal_on: None, client: httpx.AsyncClient
) -> None:
    back = await federal_login(client, "chloe")

    assert back.status_code == 303
    row = await Person.select().where(Person.national_number == CHLOE).first()
    assert row is not None
    assert (row["identity_verified"], row["first_name"], row["last_name"]) == (
        True, "Chloé", "Dubois",
    )  # fmt: skip


async def test_a_replayed_callback_logs_nobody_in(
    federal_on: None, client: httpx.AsyncClient
) -> None:
    await known_file(ANNA)
    going = await client.get("/login/federal")
    callback = (await sign_in_at_provider(going.headers["location"], "anna")).removeprefix(
        "http://localhost:8000"
    )
    assert (await client.get(callback)).status_code == 303
    client.cookies.clear()  # another browser holding the same link

    again = await client.get(callback)

    assert again.status_code == 403
    assert "déjà été utilisé" in again.text
    assert await logged_in_person(client) is None


async def test_a_state_of_another_login_is_refused(
    federal_on: None, client: httpx.AsyncClient
) -> None:
    await known_file(ANNA)
    going = await client.get("/login/federal")
    callback = await sign_in_at_provider(going.headers["location"], "anna")
    forged = callback.replace("state=", "state=x").removeprefix("http://localhost:8000")

    refused = await client.get(forged)

    assert refused.status_code == 403
    assert await logged_in_person(client) is None


async def test_an_account_without_a_national_number_is_refused(
    federal_on: None, client: httpx.AsyncClient
) -> None:
    refused = await federal_login(client, "nonumber")

    assert refused.status_code == 403
    assert "aucun numéro de registre national valable" in refused.text


async def _id_token(provider: Provider, client_id: str, secret: str, redirect: str,
                    nonce: str) -> str:  # fmt: skip
    """An ID token the provider really signed, for `client_id`, as its token endpoint gives it."""
    from urllib.parse import urlencode

    from authlib.oauth2.rfc7636 import create_s256_code_challenge

    verifier = "v" * 64
    query = urlencode({"response_type": "code", "client_id": client_id, "redirect_uri": redirect,
                       "scope": "openid profile egovNRN", "state": "s", "nonce": nonce,
                       "code_challenge": create_s256_code_challenge(verifier),
                       "code_challenge_method": "S256"})  # fmt: skip
    back = await sign_in_at_provider(f"{provider.issuer}/auth?{query}", "anna", stop_at=redirect)
    code = parse_qs(urlsplit(back).query)["code"][0]
    async with httpx.AsyncClient() as http:
        tokens = await http.post(f"{provider.issuer}/token", auth=(client_id, secret), data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect,
            "code_verifier": verifier,
        })  # fmt: skip
    assert tokens.status_code == 200, tokens.text
    return str(tokens.json()["id_token"])


async def test_the_id_token_checks(
    federal_on: None, client: httpx.AsyncClient, provider: Provider
) -> None:
    settings = get_settings()
    redis = client.app.state.redis  # type: ignore[attr-defined]
    mine = await _id_token(provider, CLIENT_ID, CLIENT_SECRET,
                           "http://localhost:8000/login/federal/callback", "nonce-1")  # fmt: skip

    # A forged signature: the same header and claims, signed by a key the provider never had.
    published = KeySet.import_key_set(httpx.get(f"{provider.issuer}/jwks").json())
    header_and_claims = jwt.decode(mine, published).claims
    forger = RSAKey.generate_key(2048)
    forged = jwt.encode({"alg": "RS256", "kid": "forged"}, header_and_claims, forger)
    with pytest.raises(federal.FederalLoginRefused) as refused:
        await federal.check_id_token(settings, forged, "nonce-1", redis)
    assert refused.value.code == "token"
    tampered = mine[:-4] + ("AAAA" if not mine.endswith("AAAA") else "BBBB")
    with pytest.raises(federal.FederalLoginRefused):
        await federal.check_id_token(settings, tampered, "nonce-1", redis)

    # Another nonce than this login's.
    with pytest.raises(federal.FederalLoginRefused):
        await federal.check_id_token(settings, mine, "nonce-2", redis)

    # The genuine token once; presented again, its nonce is spent.
    claims = await federal.check_id_token(settings, mine, "nonce-1", redis)
    assert claims["sub"] == "anna" and claims["aud"] == CLIENT_ID
    with pytest.raises(federal.FederalLoginRefused):
        await federal.check_id_token(settings, mine, "nonce-1", redis)

    # A token the provider signed for another service: the wrong audience.
    theirs = await _id_token(provider, OTHER_ID, OTHER_SECRET, OTHER_REDIRECT, "nonce-3")
    with pytest.raises(federal.FederalLoginRefused) as wrong_audience:
        await federal.check_id_token(settings, theirs, "nonce-3", redis)
    assert wrong_audience.value.code == "token"
