"""A mandate's state on a day, the scope check and the grant form's checks, as tables."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.mandates import rules
from app.mandates.rules import Scope, State

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)
TODAY = date(2027, 3, 10)
SOON = datetime(2027, 3, 20, tzinfo=UTC)  # the invitation still works
GONE = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)  # expired exactly now

pytestmark = pytest.mark.unit

STATES = [
    # starts_on, ends_on, accepted, revoked, invitation expiry, expected
    ("pending", date(2027, 3, 10), None, False, False, SOON, State.PENDING),
    ("invitation expired", date(2027, 3, 10), None, False, False, GONE, State.EXPIRED),
    ("accepted, starts later", date(2027, 4, 1), None, True, False, GONE, State.UPCOMING),
    ("accepted, starts today", date(2027, 3, 10), None, True, False, GONE, State.ACTIVE),
    ("last day today", date(2027, 1, 1), date(2027, 3, 10), True, False, GONE, State.ACTIVE),
    ("ended yesterday", date(2027, 1, 1), date(2027, 3, 9), True, False, GONE, State.EXPIRED),
    ("revoked while active", date(2027, 1, 1), None, True, True, GONE, State.REVOKED),
    ("withdrawn invitation", date(2027, 3, 10), None, False, True, SOON, State.REVOKED),
    ("pending past its end", date(2027, 3, 1), date(2027, 3, 9), False, False, SOON, State.EXPIRED),
]


@pytest.mark.parametrize(
    ("starts", "ends", "accepted", "revoked", "expiry", "expected"),
    [case[1:] for case in STATES],
    ids=[case[0] for case in STATES],
)
def test_state(
    starts: date, ends: date | None, accepted: bool, revoked: bool, expiry: datetime,
    expected: State,
) -> None:  # fmt: skip
    facts = rules.Facts(starts, ends, accepted, revoked, expiry)
    assert rules.state(facts, NOW, TODAY) is expected


ALLOWS = [
    (State.ACTIVE, ("read_account",), Scope.READ_ACCOUNT, True),
    (State.ACTIVE, ("read_account",), Scope.FILE_REQUESTS, False),
    (State.ACTIVE, ("read_account", "file_requests"), Scope.FILE_REQUESTS, True),
    (State.ACTIVE, ("receive_notices",), Scope.RECEIVE_NOTICES, True),
    (State.UPCOMING, ("read_account",), Scope.READ_ACCOUNT, False),
    (State.PENDING, ("read_account",), Scope.READ_ACCOUNT, False),
    (State.REVOKED, ("read_account",), Scope.READ_ACCOUNT, False),
    (State.EXPIRED, ("read_account",), Scope.READ_ACCOUNT, False),
]


@pytest.mark.parametrize(("state", "scopes", "needed", "expected"), ALLOWS)
def test_allows(state: State, scopes: tuple[str, ...], needed: Scope, expected: bool) -> None:
    assert rules.allows(state, scopes, needed) is expected


GOOD = {"mandatary_name": "Fiduciaire  Dupont", "mandatary_email": "", "starts_on": "2027-03-10"}
ERRORS = [
    ("no name", {"mandatary_name": " "}, ["read_account"], {"mandatary_name": "name.required"}),
    ("long name", {"mandatary_name": "x" * 201}, ["read_account"],
     {"mandatary_name": "name.too_long"}),
    ("bad e-mail", {"mandatary_email": "dupont@"}, ["read_account"],
     {"mandatary_email": "email.invalid"}),
    ("no scope", {}, [], {"scopes": "scopes.required"}),
    ("unknown scope only", {}, ["everything"], {"scopes": "scopes.required"}),
    ("no start", {"starts_on": ""}, ["read_account"], {"starts_on": "starts_on.required"}),
    ("start not a date", {"starts_on": "10/03/2027"}, ["read_account"],
     {"starts_on": "starts_on.invalid"}),
    ("start yesterday", {"starts_on": "2027-03-09"}, ["read_account"],
     {"starts_on": "starts_on.past"}),
    ("end not a date", {"ends_on": "soon"}, ["read_account"], {"ends_on": "ends_on.invalid"}),
    ("end before start", {"starts_on": "2027-04-01", "ends_on": "2027-03-31"}, ["read_account"],
     {"ends_on": "ends_on.before_start"}),
    ("end past five years", {"ends_on": "2032-03-11"}, ["read_account"],
     {"ends_on": "ends_on.too_far"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "scopes", "expected"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS]
)
def test_grant_errors(changes: dict[str, str], scopes: list[str], expected: dict[str, str]) -> None:
    assert rules.check_grant({**GOOD, **changes}, scopes, TODAY) == expected


def test_a_good_grant() -> None:
    form = {**GOOD, "mandatary_email": " compta@dupont.be ", "ends_on": "2032-03-10"}
    grant = rules.check_grant(form, ["file_requests", "read_account", "x"], TODAY)
    assert grant == rules.Grant(
        mandatary_name="Fiduciaire Dupont",
        mandatary_email="compta@dupont.be",
        scopes=(Scope.READ_ACCOUNT, Scope.FILE_REQUESTS),
        starts_on=date(2027, 3, 10),
        ends_on=date(2032, 3, 10),
    )


def test_every_error_code_has_a_message() -> None:
    codes = {code for case in ERRORS for code in case[3].values()}
    assert codes <= set(rules.ERRORS)


def test_the_last_end_of_a_leap_day_start() -> None:
    assert rules.last_end(date(2028, 2, 29)) == date(2033, 2, 28)


COMPANY = "6f1c2a9e-0000-4000-8000-000000000001"
FOR_COMPANY = [
    ("for me", "", ["read_account", "file_requests"], None, {}),
    ("for my company, read", COMPANY, ["read_account"], COMPANY, {}),
    ("for my company, filing", COMPANY, ["read_account", "file_requests"], None,
     {"scopes": "scopes.company"}),
    ("for a company I do not direct", "6f1c2a9e-0000-4000-8000-000000000002", ["read_account"],
     None, {"for": "for.invalid"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("whom", "scopes", "company", "errors"),
    [c[1:] for c in FOR_COMPANY],
    ids=[c[0] for c in FOR_COMPANY],
)
def test_for_whom(
    whom: str, scopes: list[str], company: str | None, errors: dict[str, str]
) -> None:
    checked = rules.check_grant({**GOOD, "for": whom}, scopes, TODAY, [COMPANY])
    if errors:
        assert checked == errors
    else:
        assert isinstance(checked, rules.Grant) and checked.company == company
