"""Hostile input on every form: each field of every form a person or staff member can reach
gets empty, oversized, exotic-unicode, markup, NUL and wrong-type values. No answer may be a
server error, no page may echo markup unescaped, and what is stored and shown elsewhere (the
request page, the staff file, the e-mails) shows it as text.

Forms are found on the pages themselves (an HTML parser reads each <form>), so a form or a
field added later is fuzzed without touching this test. Every wizard step is posted directly
with the catalogue's field names, reachable in order or not."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from app.affiliation import service as affiliation
from app.identity.people import NewPerson, create_unverified_person
from app.kit import clock
from app.kit.audit import SYSTEM
from app.kit.tables import MailMessage
from app.mandates import service as mandates
from app.mandates.rules import Grant, Scope
from app.payments import service as payments
from app.requests import service
from app.requests.tables import Request
from app.wizards.catalogue import WIZARDS
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff, staff
from tests.support.jobs import run_pending_jobs

MARKUP = "<script>alert('x')</script>\"'><img src=x onerror=alert(1)>"
HOSTILE = {
    "empty": "",
    "oversized": "A" * 100_000,
    "unicode": "Zoë Ñandú 漢字 🙂 \u202egnp.exe \u200b\ufeff",
    "markup": MARKUP,
    "nul": "a\x00b",
    "wrong type": "-1e309",
    "impossible date": "2026-02-30",
    "path": "../../../etc/passwd",
}
SKIP_ACTIONS = ("/logout", "/language", "/passkeys/")  # no fields to fuzz, or ends the session


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # name → current value (hidden kept)
    hidden: set[str] = field(default_factory=set)


class FormReader(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = a.get("action") or self.page_path
            self._form = Form(action=action.split("#")[0], method=(a.get("method") or "get"))
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select", "button"):
            name = a.get("name")
            if not name or (a.get("type") in ("file", "submit") and tag != "button"):
                return
            self._form.fields.setdefault(name, a.get("value", ""))
            if a.get("type") == "hidden":
                self._form.hidden.add(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def forms_on(page: httpx.Response) -> list[Form]:
    reader = FormReader(page.request.url.path)
    reader.feed(page.text)
    return [f for f in reader.forms if not f.action.startswith(SKIP_ACTIONS)]


def assert_safe(response: httpx.Response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}\n{response.text[:800]}"
    if "html" in response.headers.get("content-type", ""):
        assert "<script>alert('x')" not in response.text, f"{what}: markup echoed raw"
        assert "<img src=x onerror" not in response.text, f"{what}: markup echoed raw"


def hostile_posts(form: Form, token: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """One post per hostile value, every visible field at once set to it."""
    for label, value in HOSTILE.items():
        data = {name: (current if name in form.hidden else value)
                for name, current in form.fields.items()}  # fmt: skip
        data["_csrf_token"] = token
        yield label, data


async def fuzz_page(client: httpx.AsyncClient, path: str) -> int:
    page = await client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    token = await csrf_token(client)
    sent = 0
    reached: set[int] = set()
    for form in forms_on(page):
        if form.method.lower() == "post":
            # CSRF: no token, or someone else's, is refused before anything happens.
            for forged in ({}, {"_csrf_token": "0" * 64}):
                plain = {
                    name: value for name, value in form.fields.items() if name != "_csrf_token"
                }
                refused = await client.post(
                    form.action, data={**plain, **forged}, headers={"x-csrftoken": ""}
                )
                assert refused.status_code == 403, f"{form.action} without a valid CSRF token"
        for label, data in hostile_posts(form, token):
            what = f"{form.method.upper()} {form.action} ({label}) from {path}"
            if form.method.lower() == "post":
                response = await client.post(form.action, data=data)
            else:
                data.pop("_csrf_token")
                # A URL holds a few kB at most (browsers, proxies): the long value is cut.
                params = {k: v[:2000] for k, v in data.items()}
                response = await client.get(form.action, params=params)
            assert_safe(response, what)
            reached.add(response.status_code)
            sent += 1
    # The values reached the handlers (answered, refused with a message, redirected), not
    # only the CSRF guard.
    assert sent == 0 or reached - {403}, (path, reached)
    return sent


async def test_every_wizard_step_survives_hostile_answers(client: httpx.AsyncClient) -> None:
    await log_in(client, "affiliate", await make_person(email="anna@example.be"))
    token = await csrf_token(client)
    sent = 0
    for slug, wizard in WIZARDS.items():
        assert_safe(await client.get(f"/wizards/{slug}"), f"GET /wizards/{slug}")
        for step in wizard.steps:
            for label, value in HOSTILE.items():
                data = {q.name: value for q in step.questions}
                data["_csrf_token"] = token
                response = await client.post(f"/wizards/{slug}/{step.id}", data=data)
                assert_safe(response, f"{slug}/{step.id} ({label})")
                sent += 1
    assert sent >= 7 * len(HOSTILE)  # every guide, every step


async def test_every_affiliate_and_visitor_form_survives_hostile_values(
    client: httpx.AsyncClient,
) -> None:
    sent = 0
    for path in ("/signup", "/recovery", "/simulator"):
        sent += await fuzz_page(client, path)
    person = await make_person(email="anna@example.be")
    await make_staff()
    filed = await service.submit_request(
        affiliate(person), person_id=person, kind="general_question",
        answers={"subject": "S", "question": "Q"}, idempotency_key="fuzz",
    )  # fmt: skip
    await log_in(client, "affiliate", person)
    for path in ("/requests/ask", "/messages", "/account/details", "/simulator/adjust",
                 f"/requests/{filed.id}", "/inbox", "/documents",
                 "/account/notifications"):  # fmt: skip
        sent += await fuzz_page(client, path)
    # The exemption form shows its fields to an affiliate of long standing only.
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    sent += await fuzz_page(client, "/account/contributions/exemption")
    # Mandates: the grant form, and a client's adjustment filed under a mandate.
    client_id = await make_person("Camille", "camille@example.be")
    granted = await mandates.grant_mandate(
        affiliate(client_id), Grant("Anna", None, tuple(Scope), clock.today(), None)
    )
    await mandates.accept_mandate(affiliate(person), granted.url.rsplit("/", 1)[1])
    for path in ("/account/mandates", f"/clients/{client_id}/adjust"):
        sent += await fuzz_page(client, path)
    # The fiscal attestation's form shows once the account has a past year.
    with clock.frozen(datetime(2025, 10, 17, 9, 0, tzinfo=clock.BRUSSELS)):
        assert await payments.issue_quarter_notice(person, 2025, 4)
    sent += await fuzz_page(client, "/documents")
    client.cookies.clear()
    newcomer = await create_unverified_person(
        NewPerson(national_number="85073003328", first_name="Noa", last_name="Nieuw",
                  email="noa@example.be", language="fr"),
        actor=SYSTEM,
    )  # fmt: skip
    await log_in(client, "affiliate", newcomer)
    sent += await fuzz_page(client, "/requests/identity")
    assert sent >= 8 * len(HOSTILE)


async def test_every_staff_form_survives_hostile_values(client: httpx.AsyncClient) -> None:
    person = await make_person(email="anna@example.be")
    supervisor = await make_staff(role="supervisor")
    filed = await service.submit_request(
        affiliate(person), person_id=person, kind="general_question",
        answers={"subject": "S", "question": "Q"}, idempotency_key="fuzz",
    )  # fmt: skip
    await run_pending_jobs()
    await log_in(client, "staff", supervisor)
    sent = 0
    for path in (f"/staff/requests/{filed.id}",
                 f"/staff/people/{person}", "/staff", "/staff/identity/recovery"):  # fmt: skip
        sent += await fuzz_page(client, path)
    client.cookies.clear()
    await log_in(client, "staff", await make_staff(role="admin"))  # the team page is theirs
    sent += await fuzz_page(client, "/staff/identity/team")
    assert sent >= 4 * len(HOSTILE)


async def test_markup_typed_by_a_person_is_shown_as_text_everywhere(
    client: httpx.AsyncClient,
) -> None:
    person = await make_person(email="anna@example.be")
    supervisor = await make_staff(role="supervisor")
    await log_in(client, "affiliate", person)
    token = await csrf_token(client)
    asked = await client.post(
        "/requests/ask",
        data={"_csrf_token": token, "subject": MARKUP[:100], "question": MARKUP, "key": "m"},
    )
    assert asked.status_code == 303
    sent = await client.post("/messages", data={"_csrf_token": token, "body": MARKUP})
    assert sent.status_code == 303
    await run_pending_jobs()
    row = await Request.select(Request.id).first()
    escaped = "&lt;script&gt;alert("
    for path in (f"/requests/{row['id']}", "/messages"):
        page = await client.get(path)
        assert_safe(page, path)
        assert escaped in page.text, f"{path} does not show what was typed"

    client.cookies.clear()
    await log_in(client, "staff", supervisor)
    # The staff member answers with markup too: the person's pages and e-mails show text.
    staff_token = await csrf_token(client)
    for path in (f"/staff/requests/{row['id']}", f"/staff/people/{person}"):
        page = await client.get(path)
        assert_safe(page, path)
        assert escaped in page.text, f"{path} does not show what was typed"
    await service.request_information(staff(supervisor), row["id"], question=MARKUP)
    said = await client.post(
        f"/staff/people/{person}/messages", data={"_csrf_token": staff_token, "body": MARKUP}
    )
    assert said.status_code == 303
    await run_pending_jobs()
    mails = await MailMessage.select(MailMessage.html, MailMessage.body)
    assert mails, "no e-mail was sent"
    for mail in mails:
        assert "<script>alert('x')" not in (mail["html"] or ""), "raw markup in an HTML e-mail"

    client.cookies.clear()
    await log_in(client, "affiliate", person)
    for path in (f"/requests/{row['id']}", "/messages"):
        page = await client.get(path)
        assert_safe(page, path)
        assert escaped in page.text


@pytest.fixture(autouse=True)
def _unique_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fresh idempotency keys per call, as the pages issue them (a fixed one would dedupe)."""
    monkeypatch.setattr(uuid, "uuid4", uuid.uuid4)
