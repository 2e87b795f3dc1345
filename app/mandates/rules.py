"""Pure mandate rules: the scopes, a mandate's state on a day, and the grant form's checks.

A mandate lets another person (an accountant, a relative) act for the affiliate within its
scopes and dates. Its state is computed, never stored: it follows from the facts kept on the
row (accepted, revoked, dates) and the day asked about.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from app.kit.i18n import lazy_gettext as _


class Scope(StrEnum):
    READ_ACCOUNT = "read_account"  # the contribution account, what is due, the requests
    FILE_REQUESTS = "file_requests"  # file requests (an adjustment) for the client
    RECEIVE_NOTICES = "receive_notices"  # read the client's inbox notices


SCOPE_LABELS = {
    Scope.READ_ACCOUNT: _("Read my contribution account and my requests"),
    Scope.FILE_REQUESTS: _("File requests for me"),
    Scope.RECEIVE_NOTICES: _("Receive my notices"),
}


# What a mandate for a company allows: its account, read (the company files no request here).
COMPANY_SCOPES = frozenset({Scope.READ_ACCOUNT})
SELF = "self"  # the grant form's "for whom": the affiliate, or one of their companies' ids

# The same scopes as the mandatary reads them (their clients', the invitation).
HELD_SCOPE_LABELS = {
    Scope.READ_ACCOUNT: _("Read their contribution account and their requests"),
    Scope.FILE_REQUESTS: _("File requests for them"),
    Scope.RECEIVE_NOTICES: _("Read their notices"),
}


class State(StrEnum):
    PENDING = "pending"  # invitation sent, not accepted yet
    UPCOMING = "upcoming"  # accepted, its start date not reached
    ACTIVE = "active"
    REVOKED = "revoked"  # by either side, or an invitation withdrawn
    EXPIRED = "expired"  # its end date passed, or the invitation was never accepted in time


STATE_LABELS = {
    State.PENDING: _("Waiting for acceptance"),
    State.UPCOMING: _("Accepted, not started yet"),
    State.ACTIVE: _("Active"),
    State.REVOKED: _("Revoked"),
    State.EXPIRED: _("Ended"),
}


def labels() -> dict[str, dict[str, str]]:
    """What the mandate templates name, in the reader's language (pages of both sides)."""
    return {
        "scope_labels": {s.value: str(v) for s, v in SCOPE_LABELS.items()},
        "held_scope_labels": {s.value: str(v) for s, v in HELD_SCOPE_LABELS.items()},
        "state_labels": {s.value: str(v) for s, v in STATE_LABELS.items()},
    }


# An invitation link works for 14 days, once.
INVITATION_TTL = timedelta(days=14)
# A mandate is bounded: at most five years from its start (an end date is optional within it).
MAX_YEARS = 5
# Each grant may send an e-mail to an address the affiliate types: a few a day, not a mailer.
MAX_GRANTS_PER_DAY = 10
MAX_NAME = 200
MAX_EMAIL = 254
TOKEN_BYTES = 32
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class Facts:
    """What a mandate row says, as far as its state is concerned."""

    starts_on: date
    ends_on: date | None
    accepted: bool
    revoked: bool
    invitation_expires_at: datetime


def state(facts: Facts, now: datetime, today: date) -> State:
    """The mandate's state at `now` (the invitation's expiry) and on `today` (its dates)."""
    if facts.revoked:
        return State.REVOKED
    if facts.ends_on is not None and today > facts.ends_on:
        return State.EXPIRED
    if not facts.accepted:
        return State.EXPIRED if now >= facts.invitation_expires_at else State.PENDING
    if today < facts.starts_on:
        return State.UPCOMING
    return State.ACTIVE


def allows(state_now: State, scopes: Iterable[str], needed: Scope) -> bool:
    """May the mandatary act with `needed` now? Only an active mandate that has the scope."""
    return state_now is State.ACTIVE and needed.value in set(scopes)


def last_end(starts_on: date) -> date:
    """The latest end date a mandate starting that day may have."""
    try:
        return starts_on.replace(year=starts_on.year + MAX_YEARS)
    except ValueError:  # 29 February
        return starts_on.replace(year=starts_on.year + MAX_YEARS, day=28)


@dataclass(frozen=True, slots=True)
class Grant:
    """The grant form, checked: who, what, from when to when."""

    mandatary_name: str
    mandatary_email: str | None
    scopes: tuple[Scope, ...]
    starts_on: date
    ends_on: date | None
    company: str | None = None  # the id of the company it is for (as the form sent it)


ERRORS = {
    "for.invalid": _("Choose yourself or one of the companies you direct"),
    "scopes.company": _("A mandate for a company allows reading its account only"),
    "grants.too_many": _("You gave ten mandates today: give the next one tomorrow"),
    "name.required": _("Enter the name of the person or office you give the mandate to"),
    "name.too_long": _("Enter a name of at most 200 characters"),
    "email.invalid": _("Enter an e-mail address like name@example.be, or leave it empty"),
    "scopes.required": _("Choose at least one thing the mandatary may do"),
    "starts_on.required": _("Enter the first day of the mandate"),
    "starts_on.invalid": _("Enter the first day as a date, for example 2027-01-15"),
    "starts_on.past": _("The mandate cannot start before today"),
    "ends_on.invalid": _("Enter the last day as a date, for example 2027-12-31, or leave it empty"),
    "ends_on.before_start": _("The last day cannot be before the first day"),
    "ends_on.too_far": _("A mandate lasts at most five years: choose an earlier last day"),
}


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def check_grant(
    form: Mapping[str, str],
    scopes: Collection[str],
    today: date,
    companies: Collection[str] = (),
) -> Grant | dict[str, str]:
    """The grant, or the error code of each wrong field (messages: ERRORS). `companies`: the
    ids of the companies the affiliate directs today, for whom they may give one too."""
    errors: dict[str, str] = {}
    whom = form.get("for", "").strip() or SELF
    company = None if whom == SELF else whom
    if company is not None and company not in set(companies):
        errors["for"] = "for.invalid"
    name = " ".join(form.get("mandatary_name", "").split())
    if not name:
        errors["mandatary_name"] = "name.required"
    elif len(name) > MAX_NAME:
        errors["mandatary_name"] = "name.too_long"
    email = form.get("mandatary_email", "").strip()
    if email and (len(email) > MAX_EMAIL or not _EMAIL.match(email)):
        errors["mandatary_email"] = "email.invalid"
    known = [s for s in Scope if s.value in set(scopes)]
    if not known:
        errors["scopes"] = "scopes.required"
    elif company is not None and not set(known) <= COMPANY_SCOPES:
        errors["scopes"] = "scopes.company"
    start_text = form.get("starts_on", "").strip()
    starts_on = _day(start_text) if start_text else None
    if not start_text:
        errors["starts_on"] = "starts_on.required"
    elif starts_on is None:
        errors["starts_on"] = "starts_on.invalid"
    elif starts_on < today:
        errors["starts_on"] = "starts_on.past"
    end_text = form.get("ends_on", "").strip()
    ends_on = _day(end_text) if end_text else None
    if end_text and ends_on is None:
        errors["ends_on"] = "ends_on.invalid"
    elif ends_on is not None and starts_on is not None and "starts_on" not in errors:
        if ends_on < starts_on:
            errors["ends_on"] = "ends_on.before_start"
        elif ends_on > last_end(starts_on):
            errors["ends_on"] = "ends_on.too_far"
    if errors or starts_on is None:
        return errors
    return Grant(name, email or None, tuple(known), starts_on, ends_on, company)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """SHA-256 of an invitation token (hex): only the digest is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
