"""The main journeys leave no national number, e-mail address or one-time token in the logs:
the access log, the error log and the workers' logs (security review, "no personal data in
logs")."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest

from app.identity import service as identity
from app.kit import middleware, problems
from app.kit.audit import SYSTEM
from app.kit.tables import OutboxJob
from tests.support.actors import csrf_token, log_in, make_person, make_staff
from tests.support.jobs import run_pending_jobs
from tests.support.passkey_client import authenticator, post_form, register

pytestmark = pytest.mark.integration


class Recorder:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def _keep(self, event: str, **fields: Any) -> None:
        self.lines.append(json.dumps({"event": event, **fields}, default=str))

    info = warning = error = _keep


async def test_signup_activation_request_and_staff_journeys_log_nothing_personal(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder()
    monkeypatch.setattr(middleware, "log", recorder)
    monkeypatch.setattr(problems, "log", recorder)
    caplog.set_level(logging.DEBUG)
    email = "noa.secret@example.be"
    # A valid NISS for 15/02/1990: 900215 123 and its check number (97 − body mod 97).
    body = "900215123"
    niss = body + f"{97 - int(body) % 97:02d}"

    # A newcomer signs up, proves the address, registers a passkey.
    signup = await post_form(
        client, "/signup", {"niss": niss, "first_name": "Noa", "last_name": "N", "email": email}
    )
    assert signup.status_code == 303
    [job] = await OutboxJob.select().where(OutboxJob.name == "mail.send")
    payload = job["payload"] if isinstance(job["payload"], dict) else json.loads(job["payload"])
    code = payload["context"]["code"]
    assert (await post_form(client, "/signup/code", {"code": code})).status_code == 303
    assert (await register(client, authenticator())).status_code in (200, 201)
    await run_pending_jobs()

    # A known affiliate opens an activation link; an affiliate files a question.
    known = await make_person(email="lotte.secret@example.be")
    url = await identity.issue_activation_link("affiliate", known, actor=SYSTEM)
    token = url.rsplit("/", 1)[1]
    assert (await client.get(f"/activate/{token}")).status_code == 200
    client.cookies.clear()
    await log_in(client, "affiliate", known)
    asked = await client.post(
        "/requests/ask",
        data={"_csrf_token": await csrf_token(client), "subject": "S", "question": "Q"},
    )
    assert asked.status_code == 303
    await run_pending_jobs()

    # Staff open the person's file (the page shows the NISS and the e-mail address).
    client.cookies.clear()
    await log_in(client, "staff", await make_staff(role="supervisor"))
    assert (await client.get(f"/staff/people/{known}")).status_code == 200
    await run_pending_jobs()

    known_niss = (await identity_row(known))["national_number"]
    # The app's own loggers (the test's HTTP client logs every URL it calls: not ours).
    ours = [r.getMessage() for r in caplog.records if r.name.startswith(("affilio", "arq"))]
    logged = "\n".join(recorder.lines + ours)
    assert recorder.lines, "the access log was not captured"
    for secret in (niss, email, code, token, known_niss, "lotte.secret@example.be"):
        assert secret not in logged, secret


async def identity_row(person_id: Any) -> dict[str, Any]:
    from app.identity.tables import Person

    row = await Person.select().where(Person.id == person_id).first()
    assert row is not None
    return row
