"""Log people in during browser tests: accounts made in the database, passkeys in Chromium's
virtual authenticator.

    from e2e.auth import activate_affiliate, activate_staff, log_out, log_in_with_passkey

    def test_my_page(page, base_url):
        person = activate_affiliate(page, base_url)          # ends logged in, on /account/passkeys
        page.goto(base_url + "/requests")

The live server runs in a subprocess on the same database (e2e/conftest.py sets DATABASE_URL in
this process too), so accounts are created here through app.identity.service.
A virtual authenticator belongs to one page: a new page needs `add_virtual_authenticator` again
(pass `credentials=` from `export_credentials` to carry passkeys over).
"""

from __future__ import annotations

import asyncio
import uuid
import weakref
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from playwright.sync_api import CDPSession, Page, expect

T = TypeVar("T")
TIMEOUT_MS = 10_000
# Keyed by the page itself, weakly: an id() is reused once a closed page is collected, and a
# new page would then get the old page's dead session.
_cdp_sessions: weakref.WeakKeyDictionary[Page, CDPSession] = weakref.WeakKeyDictionary()


# --- Database side (short-lived pool per call: sync tests, async services) ---------------------


def _run(factory: Callable[[], Awaitable[T]]) -> T:
    async def main() -> T:
        from app.kit import db

        started = await db.start_pool(max_size=2)
        try:
            return await factory()
        finally:
            if started:
                await db.close_pool()

    # Sync Playwright keeps an event loop running in this thread: use a thread of our own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


def _path(url: str) -> str:
    return "/activate/" + url.rsplit("/activate/", 1)[1]


def create_affiliate(**fields: Any) -> dict[str, Any]:
    """A known affiliate with a fresh activation link (nothing registered yet).

    Fields: first_name, last_name, email, phone, language, national_number, base_url.
    Returns {"id", "national_number", "first_name", "last_name", "email", "language",
    "activation_path", "activation_url"}.
    """
    from app.identity import service
    from app.kit.audit import SYSTEM
    from tests.support.actors import niss

    base_url = fields.pop("base_url", None)
    suffix = uuid.uuid4().hex[:8]
    data = {
        "national_number": niss(),
        "first_name": "Camille",
        "last_name": f"Test-{suffix}",
        "email": f"camille.{suffix}@example.be",
        "phone": None,
        "language": "fr",
        **fields,
    }

    async def create() -> tuple[uuid.UUID, str]:
        person_id = await service.create_person(service.NewPerson(**data), actor=SYSTEM)
        url = await service.issue_activation_link("affiliate", person_id, actor=SYSTEM)
        return person_id, url

    person_id, url = _run(create)
    path = _path(url)
    return {
        "id": person_id,
        **data,
        "activation_path": path,
        "activation_url": (base_url.rstrip("/") + path) if base_url else url,
    }


def record_status(person_id: uuid.UUID, category: str = "main", since: str = "2020-01-01") -> None:
    """The person's status at the fund, as staff record it when they grant an affiliation."""
    from datetime import date

    from app.affiliation import service
    from app.kit.audit import SYSTEM

    async def record() -> None:
        await service.record_affiliation(
            SYSTEM, person_id=person_id, category=category, starts_on=date.fromisoformat(since)
        )

    _run(record)


def assign_account_manager(person_id: uuid.UUID, staff_id: uuid.UUID) -> None:
    """The colleague who follows this person's file: their requests are routed to them."""
    from app.affiliation import service
    from app.kit.audit import SYSTEM

    async def assign() -> None:
        await service.assign_account_manager(SYSTEM, person_id=person_id, staff_id=staff_id)

    _run(assign)


def grant_request(reference: str) -> None:
    """A staff member takes the request and grants it (the worker may not have acknowledged it
    yet: acknowledging again changes nothing)."""
    from app.requests import service
    from app.requests.tables import Request
    from tests.support.actors import make_staff, staff

    async def grant() -> None:
        row = await Request.select(Request.id).where(Request.reference == reference).first()
        assert row is not None, reference
        await service.acknowledge_request(row["id"])
        agent = staff(await make_staff(role="supervisor"))
        await service.take_request(agent, row["id"])
        await service.decide_request(agent, row["id"], decision="grant", motivation="Justifié.")

    _run(grant)


def invite_staff(role: str = "agent", team: str = "general", **fields: Any) -> dict[str, Any]:
    """A staff member with an invitation link. Fields: full_name, email, language, base_url."""
    from app.identity import service
    from app.identity.tables import LinkPurpose
    from app.kit.audit import SYSTEM

    base_url = fields.pop("base_url", None)
    suffix = uuid.uuid4().hex[:8]
    data = {
        "full_name": f"Sam Staff-{suffix}",
        "email": f"staff.{suffix}@affilio.example",
        "language": "fr",
        **fields,
    }

    async def create() -> tuple[uuid.UUID, str]:
        staff_id = await service.create_staff_user(role=role, team=team, actor=SYSTEM, **data)
        url = await service.issue_activation_link(
            "staff", staff_id, purpose=LinkPurpose.STAFF_INVITE, actor=SYSTEM
        )
        return staff_id, url

    staff_id, url = _run(create)
    path = _path(url)
    return {
        "id": staff_id,
        "role": role,
        "team": team,
        **data,
        "activation_path": path,
        "activation_url": (base_url.rstrip("/") + path) if base_url else url,
    }


def passkey_ids(kind: str, account_id: uuid.UUID) -> list[uuid.UUID]:
    """Ids of an account's passkeys (to try them as someone else)."""
    from app.identity.tables import PasskeyCredential

    owner = PasskeyCredential.person if kind == "affiliate" else PasskeyCredential.staff

    async def read() -> list[uuid.UUID]:
        rows = await PasskeyCredential.select(PasskeyCredential.id).where(owner == account_id)
        return [r["id"] for r in rows]

    return _run(read)


# --- Browser side ---------------------------------------------------------------------------


def _cdp(page: Page) -> CDPSession:
    session = _cdp_sessions.get(page)
    if session is None:
        session = page.context.new_cdp_session(page)
        session.send("WebAuthn.enable")
        _cdp_sessions[page] = session
    return session


def add_virtual_authenticator(
    page: Page, credentials: list[dict[str, Any]] | None = None, *, autofill: bool = False
) -> str:
    """A platform authenticator with user verification on this page; returns its id.

    Without one, navigator.credentials.create() hangs until its timeout instead of failing.
    The virtual authenticator answers passkey autofill (conditional mediation) at once, which
    would log in as soon as /login opens; unless `autofill`, the page is told autofill is not
    available, so logins happen when the test clicks.
    """
    if not autofill and page not in _cdp_sessions:
        page.add_init_script(
            "if (window.PublicKeyCredential) {"
            " PublicKeyCredential.isConditionalMediationAvailable ="
            " function () { return Promise.resolve(false); }; }"
        )
    cdp = _cdp(page)
    result = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    authenticator_id = str(result["authenticatorId"])
    for credential in credentials or []:
        cdp.send(
            "WebAuthn.addCredential",
            {"authenticatorId": authenticator_id, "credential": credential},
        )
    return authenticator_id


def export_credentials(page: Page, authenticator_id: str) -> list[dict[str, Any]]:
    """The passkeys held by a virtual authenticator (private keys included), to move them."""
    result = _cdp(page).send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    return list(result["credentials"])


def remove_virtual_authenticator(page: Page, authenticator_id: str) -> None:
    _cdp(page).send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator_id})


def _ceremony_button(page: Page, mode: str) -> Any:
    return page.locator(f'[data-passkey="{mode}"] [data-passkey-start]')


def register_passkey_on_page(page: Page) -> None:
    """Click the page's "create/add a passkey" button and wait for the passkey list."""
    _ceremony_button(page, "register").click()
    page.wait_for_url("**/account/passkeys?done=*", timeout=TIMEOUT_MS)


def activate_affiliate(page: Page, base_url: str, **fields: Any) -> dict[str, Any]:
    """Create an affiliate, open their link, register a passkey: ends logged in.

    The returned dict adds "authenticator_id" (the page's virtual authenticator).
    """
    person = create_affiliate(base_url=base_url, **fields)
    person["authenticator_id"] = add_virtual_authenticator(page)
    page.goto(person["activation_url"])
    register_passkey_on_page(page)
    return person


def activate_staff(page: Page, base_url: str, role: str = "agent", **fields: Any) -> dict[str, Any]:
    """Invite a staff member, open the link, register a passkey: ends logged in as them."""
    staff = invite_staff(role=role, base_url=base_url, **fields)
    staff["authenticator_id"] = add_virtual_authenticator(page)
    page.goto(staff["activation_url"])
    register_passkey_on_page(page)
    return staff


def log_out(page: Page) -> None:
    # On a phone the button is under "Menu"; on a wide screen it is in the row.
    menu = page.locator("nav.site-nav .nav-more summary")
    if menu.is_visible():
        menu.click()
    page.locator("form.nav-logout button[type=submit]:visible").click()
    page.wait_for_url("**/login?bye=1", timeout=TIMEOUT_MS)


def log_in_with_passkey(page: Page, base_url: str, next_path: str | None = None) -> None:
    """Log in with the passkey on the page's virtual authenticator (the button, not autofill)."""
    target = base_url + "/login" + (f"?next={next_path}" if next_path else "")
    page.goto(target)
    _ceremony_button(page, "login").click()
    expect(page).not_to_have_url(target, timeout=TIMEOUT_MS)


def step_up(page: Page) -> None:
    """On a /step-up page: confirm with the passkey, then follow the redirect."""
    start = page.url
    _ceremony_button(page, "step-up").click()
    expect(page).not_to_have_url(start, timeout=TIMEOUT_MS)
