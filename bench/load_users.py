"""The simulated people of bench/load.py: affiliates, staff and the bare endpoint's visitors.

Imported by bench/load.py only once the database is ready, because importing locust patches
the standard library for gevent. Each user holds one passkey (a software authenticator whose
private key the bench made) and logs in with it the way the browser does: login options, an
assertion signed by the key, verification. Every user comes from its own address through
X-Forwarded-For (the servers trust loopback as their reverse proxy), as real people do: the
per-address limits on anonymous ceremonies then apply to each person, not to the whole bench.
"""

from __future__ import annotations

import json
import random
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, task

from tests.support.soft_authenticator import SoftAuthenticator

CSRF_COOKIE = "affilio_csrf"
UUID = r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
REQUEST_LINK = re.compile(r"/requests/" + UUID)
STAFF_LINK = re.compile(r"/staff/requests/" + UUID)
FORM_KEY = re.compile(r'name="key" value="([^"]+)"')
SIMULATOR_YEAR = 2025
STEP_UP_AFTER = 240  # seconds; identity asks for a new verification after 5 minutes


@dataclass
class Account:
    kind: str  # affiliate or staff
    id: uuid.UUID
    key: SoftAuthenticator
    address: str  # the person's own address, sent as X-Forwarded-For


@dataclass
class Plan:
    """What load.py hands to the users: accounts to take, a guide, and where to record."""

    affiliates: list[Account] = field(default_factory=list)
    staff: list[Account] = field(default_factory=list)
    guide: str = ""  # /wizards/<slug>/<first step>
    wait: tuple[float, float] = (1.0, 3.0)
    # What the affiliates filed: stored idempotency key (person:key) -> request id, or None
    # while the POST has no answer.
    submitted: dict[str, uuid.UUID | None] = field(default_factory=dict)
    decided: list[uuid.UUID] = field(default_factory=list)
    started: int = 0  # users past their login (successful or not)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, kind: str) -> Account:
        with self.lock:
            pool = self.affiliates if kind == "affiliate" else self.staff
            if not pool:
                raise RuntimeError(f"more {kind} users than prepared accounts")
            return pool.pop()


PLAN = Plan()


def think(_user: Any) -> float:
    low, high = PLAN.wait
    return random.uniform(low, high)


class Person(FastHttpUser):
    """Logs in with its passkey on start; every request carries its own address."""

    abstract = True
    kind = "affiliate"
    wait_time = think
    network_timeout = 30.0
    connection_timeout = 10.0
    verified_at = 0.0

    def on_start(self) -> None:
        self.account = PLAN.take(self.kind)
        self.headers = {"x-forwarded-for": self.account.address}
        try:
            self.get("/login", name="login page")
            self.ceremony("/passkeys/login", "login")
        finally:
            with PLAN.lock:
                PLAN.started += 1

    def ceremony(self, path: str, label: str) -> bool:
        """Options, an assertion signed by the account's key, verification."""
        options = self.post_json(f"{path}/options", {}, name=f"{label}: options")
        if options is None:
            return False
        assertion = self.account.key.get_from_options(json.dumps(options["publicKey"]))
        verified = self.post_json(
            path,
            {"ceremony": options["ceremony"], "credential": json.loads(assertion)},
            name=f"{label}: verify",
        )
        if verified is not None:
            self.verified_at = time.monotonic()
        return verified is not None

    def csrf(self) -> str:
        for cookie in self.client.cookiejar:
            if cookie.name == CSRF_COOKIE and cookie.value:
                return cookie.value
        raise RuntimeError("no CSRF cookie: the login page sets one")

    def get(self, path: str, *, name: str) -> str | None:
        with self.client.get(
            path, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as r:  # a redirect (to /login, to /step-up) is a failure here, not a page
            if r.status_code != 200:
                r.failure(f"{r.status_code}")
                return None
            return r.text

    def post_json(self, path: str, body: dict[str, Any], *, name: str) -> Any:
        headers = {**self.headers, "x-csrftoken": self.csrf(), "accept": "application/json"}
        with self.client.post(
            path, json=body, headers=headers, name=name, catch_response=True
        ) as r:
            if r.status_code not in (200, 201):
                r.failure(f"{r.status_code} {r.text[:200]}")
                return None
            return r.json()

    def post_form(
        self, path: str, fields: dict[str, str], *, name: str, multipart: bool = False
    ) -> str | None:
        """A form as the browser posts it; the redirect's target, or None on failure."""
        fields = {"_csrf_token": self.csrf(), **fields}
        if multipart:  # the ask form has a file input: the browser sends multipart
            boundary = "----affilio" + secrets.token_hex(12)
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                for k, v in fields.items()
            ]
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
                'filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n'
            )
            payload = "".join(parts) + f"--{boundary}--\r\n"
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            payload = urlencode(fields)
            content_type = "application/x-www-form-urlencoded"
        headers = {**self.headers, "content-type": content_type}
        with self.client.post(
            path, data=payload, headers=headers, name=name, allow_redirects=False,
            catch_response=True,
        ) as r:  # fmt: skip
            location = r.headers.get("location") if r.headers else None
            if r.status_code != 303 or not location:
                r.failure(f"{r.status_code} {r.text[:200]}")
                return None
            return str(location)


class Affiliate(Person):
    """Home, the simulator (page and API), a guide, a request filed and read, my requests."""

    kind = "affiliate"
    filed: uuid.UUID | None = None

    @task(4)
    def home(self) -> None:
        self.get("/", name="home")

    @task(3)
    def simulator_page(self) -> None:
        income = random.randrange(15_000, 90_000, 500)
        self.get(
            f"/simulator/?year={SIMULATOR_YEAR}&category=main&income={income}",
            name="simulator page",
        )

    @task(3)
    def simulator_api(self) -> None:
        income = random.randrange(15_000, 90_000, 500)
        query = f"year={SIMULATOR_YEAR}&category=main&income={income}"
        self.get(f"/api/v1/contributions/simulation?{query}", name="simulator API")

    @task(2)
    def guide(self) -> None:
        if self.get("/wizards", name="guides") is not None:
            self.get(PLAN.guide, name="guide: first step")

    @task(2)
    def my_requests(self) -> None:
        self.get("/requests", name="my requests")

    @task(1)
    def file_a_request(self) -> None:
        """Once per person (a fund's affiliate files a question now and then, not every
        minute): the form, the POST with its CSRF token and idempotency key, the page after."""
        if self.filed is not None:
            return
        form = self.get("/requests/ask", name="ask form")
        found = FORM_KEY.search(form or "")
        if found is None:
            return
        key = found.group(1)  # the form's own idempotency key, unique per form shown
        stored = f"{self.account.id}:{key}"  # as requests.affiliate_actions stores it
        with PLAN.lock:
            PLAN.submitted[stored] = None
        location = self.post_form(
            "/requests/ask",
            {"key": key, "subject": "Question about my contributions",
             "question": "Can I pay my provisional contributions monthly? " + key},
            name="submit request", multipart=True,
        )  # fmt: skip
        filed = REQUEST_LINK.search(location or "")
        if filed is None:
            return
        self.filed = uuid.UUID(filed.group(1))
        with PLAN.lock:
            PLAN.submitted[stored] = self.filed
        self.get(location or "", name="request page (just filed)")

    @task(2)
    def read_my_request(self) -> None:
        if self.filed is not None:
            self.get(f"/requests/{self.filed}", name="request page")


class Staff(Person):
    """The back office: the queue, then one of their own new requests taken and decided."""

    kind = "staff"
    fixed_count = 0  # set by load.py

    @task(3)
    def queue(self) -> None:
        self.get("/staff/", name="staff queue")

    @task(2)
    def handle_one(self) -> None:
        page = self.get("/staff/?assignee=me&status=received", name="staff queue (mine, new)")
        ids = STAFF_LINK.findall(page or "")
        if not ids:
            return
        request_id = random.choice(ids)
        path = f"/staff/requests/{request_id}"
        if self.get(path, name="staff request") is None:
            return
        if time.monotonic() - self.verified_at > STEP_UP_AFTER:  # a decision needs a fresh one
            if not self.ceremony("/passkeys/step-up", "step-up"):
                return
        if self.post_form(f"{path}/take", {}, name="staff take") is None:
            return
        if self.get(f"{path}/decide", name="staff decide form") is None:
            return
        decided = self.post_form(
            f"{path}/decide",
            {"decision": "grant",
             "motivation": "Monthly payments are possible: the plan is in your online file."},
            name="staff decide",
        )  # fmt: skip
        if decided is not None:
            with PLAN.lock:
                PLAN.decided.append(uuid.UUID(request_id))


class BareVisitor(FastHttpUser):
    """The baseline: the bare endpoint, same think time."""

    wait_time = think
    network_timeout = 30.0
    connection_timeout = 10.0

    @task
    def bare(self) -> None:
        with self.client.get("/", name="bare endpoint", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")
