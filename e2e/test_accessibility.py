"""axe-core over every page of the portal on a phone: no serious or critical violation (WCAG 2.1
AA, issue 16 item 7).

The pages come from the app's own routes: `test_every_html_get_route_is_walked` fails when a GET
route is neither walked below (WALKED: which walk opens it) nor excluded with a reason (EXCLUDED:
downloads, JSON, probes, redirects). Each walk opens its routes with real objects (the seeded
demo affiliate and what e2e/a11y_world.py adds) and checks that the page shown is that route's,
as HTML, before axe reads it; a walk that leaves out one of its routes fails.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from app.kit.routes import route_table
from e2e.a11y_world import age_step_up, demo_world, signup_code
from e2e.auth import (
    TIMEOUT_MS,
    add_virtual_authenticator,
    create_affiliate,
    invite_staff,
    log_in_with_passkey,
    log_out,
    passkey_ids,
    register_passkey_on_page,
    step_up,
)

AXE = Axe()
OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}


def serious_violations(page: Page) -> list[str]:
    results = AXE.run(page, options=OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# GET routes that are not pages, or not pages of their own: what they answer instead.
EXCLUDED: dict[str, str] = {
    "/account/contributions/statement.csv": "a CSV download",
    "/staff/benefits/runs/{run_id:uuid}/pain001.xml": "an XML download (the SEPA file)",
    "/staff/transmissions/{transmission_id:uuid}": "a file download (the document placed "
    "for INASTI or a mutualité)",
    "/account/payout/confirm": "shown only after a step-up with a change waiting; without "
    "one it sends back to /account/payout (walked), the markup of /account/details/confirm",
    "/account/direct-debit/confirm": "a redirect to /account/direct-debit unless a mandate typed "
    "waits for its step-up (the sign form's POST leads there)",
    "/staff/direct-debit/{file_id:uuid}/pain008.xml": "an XML download (the pain.008 file)",
    "/login/federal": "a redirect to the federal login's provider (off without its settings)",
    "/login/federal/callback": "the provider's redirect back; a refusal renders the markup of "
    "/login/federal/refused (walked)",
    "/documents/{document_id:uuid}": "a PDF download (the affiliate's letter)",
    "/staff/documents/{document_id:uuid}": "a PDF download (the same letter, for staff)",
    "/forms/blank/{form:str}": "the blank form's PDF (until the worker made it, its print copy)",
    "/messages/attachments/{attachment_id:uuid}": "an uploaded file, as sent",
    "/requests/attachments/{attachment_id:uuid}": "an uploaded file, as sent",
    "/staff/attachments/{attachment_id:uuid}": "an uploaded file, as sent",
    "/staff/thread-attachments/{attachment_id:uuid}": "an uploaded file, as sent",
    "/healthz": "a probe for the load balancer (JSON)",
    "/readyz": "a probe for the load balancer (JSON)",
    "/manifest.webmanifest": "the installable app's manifest (JSON)",
    "/sw.js": "the service worker (JavaScript)",
    "/schema/openapi.json": "the OpenAPI document (JSON)",
    "/schema/{path:str}": "Litestar's other API renderers: 404 for every name",
    "/static/{file_path:path}": "stylesheets, scripts, icons",
    "/wizards/filed": "redirect only: to the filed guide's outcome (walked)",
    "/staff/reports/{report_id:uuid}/{file_name:str}": "a report's CSV or JSON download",
    "/account/contributions/notices/{notice_id:uuid}/ubl": "a UBL 2.1 XML file, not a page",
    "/account/contributions/plan/payments/{number:int}/ubl": "a UBL 2.1 XML file, not a page",
    "/clients/{client_id:uuid}/notices/{notice_id:uuid}/ubl": "a UBL 2.1 XML file, not a page",
    "/appointments/{appointment_id:uuid}/calendar.ics": "an iCalendar file, not a page",
    "/staff/appointments/{appointment_id:uuid}/calendar.ics": "an iCalendar file, not a page",
    "/account/contributions/court/{procedure_id:uuid}": (
        "one court procedure: the section payments/_court.html of /account/contributions, "
        "on its own page; the demo has none (walked at 390x844 by e2e/test_benefits_court.py)"
    ),
}
EXCLUDED_PREFIXES = ("/api/",)  # the JSON API (issue 16): no HTML at all

# Which walk opens each page. "anonymous" also signs a newcomer up (the unverified account's
# identity page); "affiliate" is the seeded demo affiliate, who also does a guide logged out
# and files it after logging in; "staff" is an administrator (every staff page is theirs).
WALKED: dict[str, str] = {
    "/": "anonymous",
    "/activate/{token:str}": "anonymous",
    "/contact": "anonymous",
    "/forms": "anonymous",
    "/forms/{slug:str}": "anonymous",
    "/login": "anonymous",
    "/login/federal/refused": "anonymous",
    "/offline/{language:str}": "anonymous",
    "/recovery": "anonymous",
    "/recovery/sent": "anonymous",
    "/schema": "anonymous",
    "/signup": "anonymous",
    "/signup/code": "anonymous",
    "/signup/passkey": "anonymous",
    "/requests/identity": "anonymous",  # the newcomer, once their passkey is made
    "/simulator": "anonymous",
    "/simulator/regularisation": "anonymous",
    "/simulator/surcharge": "anonymous",
    "/wizards": "anonymous",
    "/wizards/{slug:str}": "anonymous",
    "/wizards/{slug:str}/{step_id:str}": "affiliate",
    "/wizards/{slug:str}/check": "affiliate",
    "/wizards/{slug:str}/outcome": "affiliate",
    "/wizards/claim": "affiliate",
    "/wizards/{slug:str}/review": "affiliate",
    "/wizards/{slug:str}/done": "affiliate",
    "/account": "affiliate",
    "/account/details": "affiliate",
    "/account/details/confirm": "affiliate",
    "/account/contributions": "affiliate",
    "/account/contributions/exemption": "affiliate",
    "/account/direct-debit": "affiliate",
    "/account/contributions/notices/{notice_id:uuid}": "affiliate",
    "/account/contributions/plan": "affiliate",
    "/account/companies/{company_id:uuid}": "affiliate",
    "/account/notifications": "affiliate",
    "/account/push": "affiliate",
    "/account/passkeys": "affiliate",
    "/account/passkeys/{passkey_id:uuid}/revoke": "affiliate",
    "/account/privacy": "affiliate",
    "/account/privacy/{right:str}": "affiliate",
    "/account/mandates": "affiliate",
    "/mandates/invitations/{code:str}": "affiliate",
    "/clients": "affiliate",
    "/clients/{client_id:uuid}/account": "affiliate",
    "/clients/{client_id:uuid}/notices": "affiliate",
    "/clients/{client_id:uuid}/companies/{company_id:uuid}": "affiliate",
    "/clients/{client_id:uuid}/adjust": "affiliate",
    "/clients/{client_id:uuid}/sent": "affiliate",
    "/clients/{client_id:uuid}/ask": "affiliate",
    "/documents": "affiliate",
    "/inbox": "affiliate",
    "/inbox/{message_id:uuid}": "affiliate",
    "/messages": "affiliate",
    "/appointments": "affiliate",
    "/appointments/book": "affiliate",
    "/appointments/{appointment_id:uuid}/move": "affiliate",
    "/requests": "affiliate",
    "/requests/ask": "affiliate",
    "/requests/{request_id:uuid}": "affiliate",
    "/rights/{finding_id:uuid}": "affiliate",
    "/benefits": "affiliate",
    "/benefits/{entitlement_id:uuid}": "affiliate",
    "/account/payout": "affiliate",
    "/simulator/adjust": "affiliate",
    "/simulator/adjust/sent": "affiliate",
    "/step-up": "affiliate",
    "/staff": "staff",
    "/staff/companies": "staff",
    "/staff/companies/{company_id:uuid}": "staff",
    "/staff/entries/{entry_id:uuid}/reversal": "staff",
    "/staff/identity/recovery": "staff",
    "/staff/identity/team": "staff",
    "/staff/inbox": "staff",
    "/staff/appointments": "staff",
    "/staff/mails": "staff",
    "/staff/payments": "staff",
    "/staff/benefits/runs": "staff",
    "/staff/benefits/runs/{run_id:uuid}": "staff",
    "/staff/direct-debit": "staff",
    "/staff/people/{person_id:uuid}": "staff",
    "/staff/people/{person_id:uuid}/account": "staff",
    "/staff/people/{person_id:uuid}/court": "staff",
    "/staff/people/{person_id:uuid}/benefits/{entitlement_id:uuid}/undue": "staff",
    "/staff/court/parties": "staff",
    "/staff/requests/{request_id:uuid}": "staff",
    "/staff/requests/{request_id:uuid}/decide": "staff",
    "/staff/requests/{request_id:uuid}/counter-proposal": "staff",
    "/staff/requests/{request_id:uuid}/inasti-decision": "staff",
    "/staff/teams": "staff",
    "/staff/retention": "staff",
    "/staff/retention/{flag_id:uuid}": "staff",
    "/staff/dashboard": "staff",
    "/staff/dashboard/decisions": "staff",
    "/staff/dashboard/arrears": "staff",
    "/staff/dashboard/recovery": "staff",
    "/staff/reports": "staff",
}

UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def route_pattern(route: str) -> re.Pattern[str]:
    """The addresses a route answers ("/staff" is also "/staff/")."""
    pattern = re.escape(route.rstrip("/"))
    pattern = re.sub(r"\\\{[a-z_]+:uuid\\\}", UUID, pattern)
    pattern = re.sub(r"\\\{[a-z_]+:str\\\}", "[^/]+", pattern)
    return re.compile(pattern + "/?")


def test_every_html_get_route_is_walked() -> None:
    from app.main import create_app

    routes = {r.path for r in route_table(create_app()) if "GET" in r.methods}
    pages = {r for r in routes if not r.startswith(EXCLUDED_PREFIXES)} - set(EXCLUDED)
    assert pages - set(WALKED) == set(), "a new page: walk it below, or exclude it with a reason"
    assert set(WALKED) - routes == set(), "walked routes that no longer exist"
    assert set(EXCLUDED) - routes == set(), "excluded routes that no longer exist"
    assert set(WALKED) & set(EXCLUDED) == set()


class Walk:
    """Opens pages as one kind of visitor, checks each is its route's HTML page, runs axe."""

    def __init__(self, page: Page, base_url: str, name: str) -> None:
        self.page, self.base_url, self.name = page, base_url, name
        self.found: dict[str, list[str]] = {}

    def open(self, route: str, path: str, status: int = 200) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None, path
        if route != "/step-up" and urlsplit(self.page.url).path == "/step-up":
            self.here("/step-up")  # a decision or a passkey's removal asks to confirm first
            step_up(self.page)
        else:
            assert response.status == status, (path, response.status)
        self.here(route)

    def here(self, route: str) -> None:
        """Audit the page shown, which must be `route`'s (a redirect elsewhere fails)."""
        self.page.wait_for_load_state()
        shown = urlsplit(self.page.url).path
        assert route in WALKED, route
        assert route_pattern(route).fullmatch(shown), (route, self.page.url)
        assert self.page.evaluate("document.contentType") == "text/html", route
        self.found.setdefault(route, []).extend(serious_violations(self.page))

    def extra(self, name: str, path: str | None = None, status: int = 200) -> None:
        """A page that is no GET route's: the 404 page, a form sent back with its errors."""
        if path is not None:
            response = self.page.goto(self.base_url + path)
            assert response is not None and response.status == status, path
        self.page.wait_for_load_state()
        self.found[name] = serious_violations(self.page)

    def finish(self) -> None:
        mine = {route for route, walk in WALKED.items() if walk == self.name}
        routes = {name for name in self.found if name.startswith("/")}
        assert mine - routes == set(), "routes this walk should have opened"
        assert {k: v for k, v in self.found.items() if v} == {}


def link_in(page: Page, base_url: str, url: str) -> None:
    """Open an activation link (on the live server) and register a passkey: logged in."""
    add_virtual_authenticator(page)
    page.goto(base_url + "/activate/" + url.rsplit("/activate/", 1)[1])
    register_passkey_on_page(page)


@pytest.fixture(scope="module")
def world(base_url: str) -> dict[str, str]:
    """The demo affiliate with requests and messages, and an administrator's invitation."""
    admin = invite_staff(role="admin", base_url=base_url)
    return {**demo_world(admin["id"]), "admin_url": admin["activation_url"]}


def test_anonymous_pages(page: Page, base_url: str) -> None:
    walk = Walk(page, base_url, "anonymous")
    for route, path in [
        ("/", "/"),
        ("/contact", "/contact"),
        ("/forms", "/forms"),
        ("/forms/{slug:str}", "/forms/new_child"),
        ("/login", "/login"),
        ("/login/federal/refused", "/login/federal/refused?why=state"),
        ("/offline/{language:str}", "/offline/fr"),
        ("/offline/{language:str}", "/offline/nl"),
        ("/recovery", "/recovery"),
        ("/recovery/sent", "/recovery/sent"),
        ("/schema", "/schema"),
        ("/signup", "/signup"),
        ("/simulator", "/simulator"),
        ("/simulator", "/simulator?income=25000&category=main&year=2026"),
        ("/simulator", "/simulator?income=-5&category=main&year=2026"),  # with field errors
        ("/simulator/regularisation", "/simulator/regularisation"),
        ("/simulator/surcharge", "/simulator/surcharge"),
        ("/wizards", "/wizards"),
        ("/wizards/{slug:str}", "/wizards/starting_out"),
        ("/wizards/{slug:str}", "/wizards/new_child"),
    ]:
        walk.open(route, path)
    walk.extra("404 page", "/does-not-exist", 404)
    newcomer = create_affiliate(base_url=base_url)
    walk.open("/activate/{token:str}", newcomer["activation_path"])

    # A newcomer signs up: the code page, the passkey page, then the identity proof.
    page.goto(base_url + "/signup")
    page.locator("button[type=submit]").filter(has_text="code").click()
    walk.extra("sign-up sent back with its errors")
    from tests.support.actors import niss

    email = f"noa.{uuid.uuid4().hex[:8]}@example.be"
    for name, value in (("niss", niss()), ("first_name", "Noa"), ("last_name", "Nieuw"),
                        ("email", email)):  # fmt: skip
        page.locator(f"#field-{name}").fill(value)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile("/signup/code$"), timeout=TIMEOUT_MS)
    walk.here("/signup/code")
    page.locator("#field-code").fill(signup_code(email))
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile("/signup/passkey$"), timeout=TIMEOUT_MS)
    walk.here("/signup/passkey")
    add_virtual_authenticator(page)
    page.locator("[data-passkey-start]").click()
    expect(page).not_to_have_url(re.compile("/signup/passkey$"), timeout=TIMEOUT_MS)
    walk.open("/requests/identity", "/requests/identity")
    walk.finish()


def test_affiliate_pages(page: Page, base_url: str, world: dict[str, str]) -> None:
    walk = Walk(page, base_url, "affiliate")
    link_in(page, base_url, world["activation_url"])
    # A guide done logged out, with an error fixed, then filed after logging in.
    log_out(page)
    page.goto(base_url + "/wizards/new_child")
    page.locator("main a.button").first.click()
    expect(page).to_have_url(re.compile("/wizards/new_child/event$"))
    page.locator("main form button[type=submit]").click()  # nothing chosen
    expect(page.locator(".error-summary")).to_be_visible()
    walk.here("/wizards/{slug:str}/{step_id:str}")
    for label, then in (("Une naissance", "role"), ("Je suis la mère", "date")):
        page.get_by_role("radio", name=label).check()
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(re.compile(f"/{then}$"))
    page.locator("main form input:visible").first.fill(date.today().isoformat())
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile("/child$"))
    walk.here("/wizards/{slug:str}/{step_id:str}")
    for legend in ("arrivée multiple", "handicap ou une maladie grave"):
        page.get_by_role("group", name=re.compile(legend)).get_by_role("radio", name="Non").check()
    page.locator("main form button[type=submit]").click()
    for label, then in (("Activité à titre principal", "paid"), ("Oui", "check")):
        expect(page).not_to_have_url(re.compile("/child$"))
        page.get_by_role("radio", name=label).check()
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(re.compile(f"/{then}$"))
    walk.here("/wizards/{slug:str}/check")
    page.get_by_role("link", name="Voir mes droits").click()
    expect(page).to_have_url(re.compile("/outcome"))
    walk.here("/wizards/{slug:str}/outcome")
    page.get_by_label("Aide à la maternité (titres-services)").check()
    page.get_by_role("button", name="Se connecter pour continuer").click()
    review = "/wizards/new_child/review%3Fkind%3Dmaternity_aid"
    log_in_with_passkey(page, base_url, next_path=review)
    expect(page).to_have_url(re.compile(r"/wizards/claim\?"))
    walk.here("/wizards/claim")
    page.get_by_role("button", name="Continuer avec ces réponses").click()
    expect(page).to_have_url(re.compile(r"/wizards/new_child/review"))
    walk.here("/wizards/{slug:str}/review")
    page.get_by_role("button", name="Confirmer et introduire").click()  # not confirmed yet
    expect(page.locator(".error-summary")).to_be_visible()
    walk.extra("review sent back: the declaration not ticked")
    page.get_by_label("Je confirme que ces réponses sont exactes").check()
    page.get_by_role("button", name="Confirmer et introduire").click()
    expect(page).to_have_url(re.compile(r"/wizards/new_child/done\?"))
    walk.here("/wizards/{slug:str}/done")
    page.get_by_role("link", name=re.compile("résultat|droits", re.I)).first.click()
    walk.here("/wizards/{slug:str}/outcome")  # the filed outcome, read-only

    passkey = passkey_ids("affiliate", uuid.UUID(world["person_id:uuid"]))[0]
    for route, path in [
        ("/account", "/account"),
        ("/account/details", "/account/details"),
        ("/account/contributions", "/account/contributions"),
        ("/account/contributions/exemption", "/account/contributions/exemption"),
        ("/account/direct-debit", "/account/direct-debit"),
        ("/account/contributions/notices/{notice_id:uuid}",
         f"/account/contributions/notices/{world['notice_id:uuid']}"),
        ("/account/contributions/plan", "/account/contributions/plan"),
        ("/account/companies/{company_id:uuid}",
         f"/account/companies/{world['company_id:uuid']}"),
        ("/account/notifications", "/account/notifications"),
        ("/account/push", "/account/push"),
        ("/account/passkeys", "/account/passkeys"),
        ("/account/passkeys/{passkey_id:uuid}/revoke", f"/account/passkeys/{passkey}/revoke"),
        ("/account/privacy", "/account/privacy"),
        ("/account/privacy/{right:str}", "/account/privacy/rectification"),
        ("/account/privacy/{right:str}", "/account/privacy/erasure"),
        ("/documents", "/documents"),
        ("/inbox", "/inbox"),
        ("/inbox/{message_id:uuid}", f"/inbox/{world['message_id:uuid']}"),
        ("/messages", "/messages"),
        ("/appointments", "/appointments"),
        ("/appointments/book", "/appointments/book"),
        ("/appointments/book", f"/appointments/book?about_request={world['request_id:uuid']}"),
        ("/appointments/{appointment_id:uuid}/move",
         f"/appointments/{world['appointment_id:uuid']}/move"),
        ("/requests", "/requests"),
        ("/requests/ask", "/requests/ask"),
        ("/requests/{request_id:uuid}", f"/requests/{world['request_id:uuid']}"),
        ("/requests/{request_id:uuid}", f"/requests/{world['plan_request']}"),
        ("/requests/{request_id:uuid}", f"/requests/{world['exemption_request']}"),
        ("/rights/{finding_id:uuid}", f"/rights/{world['finding_id:uuid']}"),
        ("/benefits", "/benefits"),
        ("/benefits/{entitlement_id:uuid}", f"/benefits/{world['entitlement_id:uuid']}"),
        ("/account/payout", "/account/payout"),
        ("/step-up", "/step-up?next=/account"),
        ("/account/mandates", "/account/mandates"),
        ("/mandates/invitations/{code:str}", f"/mandates/invitations/{world['code:str']}"),
        ("/clients", "/clients"),
        ("/clients/{client_id:uuid}/account", f"/clients/{world['client_id:uuid']}/account"),
        ("/clients/{client_id:uuid}/notices", f"/clients/{world['client_id:uuid']}/notices"),
        ("/clients/{client_id:uuid}/companies/{company_id:uuid}",
         f"/clients/{world['client_id:uuid']}/companies/{world['client_company']}"),
        ("/clients/{client_id:uuid}/adjust", f"/clients/{world['client_id:uuid']}/adjust"),
        ("/clients/{client_id:uuid}/sent",
         f"/clients/{world['client_id:uuid']}/sent?reference=AF-2026-000001"),
        ("/clients/{client_id:uuid}/ask", f"/clients/{world['client_id:uuid']}/ask"),
    ]:  # fmt: skip
        walk.open(route, path)
    page.goto(base_url + "/requests/ask")
    page.locator("main form button[type=submit]").first.click()  # nothing typed
    expect(page.locator(".error-summary")).to_be_visible()
    walk.extra("question sent back with its errors")

    # A new email address, an hour after the last passkey check: confirmed on a page of its own.
    [session] = [c["value"] for c in page.context.cookies() if c["name"] == "affilio_session"]
    age_step_up(session)
    page.goto(base_url + "/account/details")
    page.locator("#field-email").fill(f"camille.{uuid.uuid4().hex[:6]}@example.be")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile("/step-up"))
    step_up(page)
    expect(page).to_have_url(re.compile("/account/details/confirm"))
    walk.here("/account/details/confirm")

    # An adjustment of the provisional contributions, filed.
    walk.open("/simulator/adjust", "/simulator/adjust")
    page.locator("#field-income").fill("20000")  # less than declared: the fund knows the rest
    expect(page.locator("#adjust-preview")).to_contain_text("une diminution")
    walk.here("/simulator/adjust")  # with its live preview
    page.get_by_label(re.compile("(Diminuer|Réduire) mes cotisations provisoires")).check()
    page.get_by_label("Pourquoi votre revenu sera-t-il différent").fill("J'ai perdu un client.")
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page).to_have_url(re.compile("/simulator/adjust/sent"))
    walk.here("/simulator/adjust/sent")
    walk.finish()


def test_staff_pages(page: Page, base_url: str, world: dict[str, str]) -> None:
    walk = Walk(page, base_url, "staff")
    link_in(page, base_url, world["admin_url"])
    person, company = world["person_id:uuid"], world["company_id:uuid"]
    for route, path in [
        ("/staff", "/staff/"),
        ("/staff", "/staff/?status=all"),
        ("/staff/companies", "/staff/companies"),
        ("/staff/companies/{company_id:uuid}", f"/staff/companies/{company}"),
        ("/staff/entries/{entry_id:uuid}/reversal",
         f"/staff/entries/{world['entry_id:uuid']}/reversal"),
        ("/staff/identity/recovery", "/staff/identity/recovery"),
        ("/staff/identity/team", "/staff/identity/team"),
        ("/staff/inbox", "/staff/inbox"),
        ("/staff/appointments", f"/staff/appointments?day={world['appointment_day']}"),
        ("/staff/mails", "/staff/mails"),
        ("/staff/payments", "/staff/payments"),
        ("/staff/benefits/runs", "/staff/benefits/runs"),
        ("/staff/benefits/runs/{run_id:uuid}", f"/staff/benefits/runs/{world['run_id:uuid']}"),
        ("/staff/direct-debit", "/staff/direct-debit"),
        ("/staff/people/{person_id:uuid}", f"/staff/people/{person}"),
        ("/staff/people/{person_id:uuid}/account", f"/staff/people/{person}/account"),
        ("/staff/people/{person_id:uuid}/court", f"/staff/people/{person}/court"),
        ("/staff/people/{person_id:uuid}/benefits/{entitlement_id:uuid}/undue",
         f"/staff/people/{person}/benefits/{world['entitlement_id:uuid']}/undue"),
        ("/staff/court/parties", "/staff/court/parties"),
        ("/staff/requests/{request_id:uuid}", f"/staff/requests/{world['request_id:uuid']}"),
        ("/staff/requests/{request_id:uuid}", f"/staff/requests/{world['plan_request']}"),
        ("/staff/requests/{request_id:uuid}", f"/staff/requests/{world['exemption_request']}"),
        ("/staff/requests/{request_id:uuid}/decide",
         f"/staff/requests/{world['request_id:uuid']}/decide"),
        ("/staff/requests/{request_id:uuid}/counter-proposal",
         f"/staff/requests/{world['plan_request']}/counter-proposal"),
        ("/staff/requests/{request_id:uuid}/inasti-decision",
         f"/staff/requests/{world['exemption_request']}/inasti-decision"),
        ("/staff/teams", "/staff/teams"),
        ("/staff/retention", "/staff/retention"),
        ("/staff/dashboard", "/staff/dashboard"),
        ("/staff/dashboard/decisions", "/staff/dashboard/decisions?late=1"),
        ("/staff/dashboard/arrears", "/staff/dashboard/arrears"),
        ("/staff/dashboard/recovery", "/staff/dashboard/recovery"),
        ("/staff/reports", "/staff/reports"),
        ("/staff/retention/{flag_id:uuid}", f"/staff/retention/{world['flag_id:uuid']}"),
        ("/account", "/account"),
        ("/account/passkeys", "/account/passkeys"),
    ]:  # fmt: skip
        walk.open(route, path)
    walk.finish()


def test_the_check_catches_a_real_violation(page: Page) -> None:
    """Guard against a check that cannot fail: an unlabeled field and an image without alt."""
    page.set_content(
        '<html lang="fr"><body><main><h1>x</h1><img src="data:,">'
        '<input type="text"></main></body></html>'
    )
    found = " ".join(serious_violations(page))
    assert "image-alt" in found and "label" in found


def test_every_status_tag_reads_in_aa_contrast(page: Page, base_url: str) -> None:
    """Each request state's tag, in the site's own stylesheet, passes axe's colour-contrast rule."""
    from app.kit import i18n
    from app.kit.templating import build_environment

    with i18n.language("fr"):
        module = build_environment().get_template("components/status_tag.html").module
        examples = str(module.examples())  # type: ignore[attr-defined]
    page.goto(base_url + "/")
    page.evaluate("html => { document.querySelector('main').innerHTML = html }", examples)
    assert page.locator("main .tag").count() == 10
    backgrounds = page.eval_on_selector_all(
        "main .tag", "tags => tags.map(t => getComputedStyle(t).backgroundColor)"
    )
    # Colour carries the state family: refused, granted and information asked differ.
    assert len(set(backgrounds)) >= 6
    results = AXE.run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})
    assert [v["id"] for v in results.response["violations"]] == []
