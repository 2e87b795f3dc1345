"""Reads of the proactive rights: the files the rules look at, and the findings as each actor
may see them.

A person's file spans domains (affiliation, identity, requests, guides, the ledger): it is read
with SQL through `app.kit.db.fetch`, one query per source for a whole batch of people, so the
nightly evaluation reads 200 000 files in a few hundred queries, not a million.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.identity.rules import Gender, validate_niss
from app.kit import audit, clock
from app.kit.db import fetch
from app.kit.errors import NotFound
from app.payments.rules.ledger import Entry, EntryKind
from app.rights.rules import Birth, Interruption, PersonFile, Right, State, occasion_of

# The requests that declare a birth, and whether their filer is the mother.
BIRTH_KINDS = {"maternity_aid": True, "quarter_exemption_birth": True, "birth_leave": False}
GUIDES = ("new_child", "bankruptcy")


def _answers(value: Any) -> dict[str, Any]:
    """A JSONB column read with raw SQL comes back as text."""
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _identity(number: str | None, today: date) -> tuple[date | None, bool | None]:
    if not number:
        return None, None
    try:
        niss = validate_niss(number, today=today)
    except ValueError:
        return None, None
    female = None if niss.gender is None else niss.gender is Gender.FEMALE
    return niss.birth_date, female


async def person_files(person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, PersonFile]:
    """The files of these people (the system's evaluation, not an actor's read): people and
    their status, requests, filed guides and ledger, one query each."""
    ids = list(person_ids)
    if not ids:
        return {}
    today = clock.today()
    people = await fetch(
        "SELECT p.id, p.national_number, a.category, a.starts_on, a.ends_on, "
        "a.first_main_activity, a.declared_income, a.declared_income_year FROM person p "
        "LEFT JOIN affiliation a ON a.person = p.id "
        "WHERE p.id = ANY({}::uuid[]) AND p.merged_into IS NULL",
        ids,
    )
    requests = await fetch(
        "SELECT person, kind, answers FROM request WHERE person = ANY({}::uuid[])", ids
    )
    guides = await fetch(
        "SELECT person, wizard, answers FROM wizard_draft WHERE person = ANY({}::uuid[]) "
        "AND submitted_at IS NOT NULL AND wizard = ANY({}::text[])",
        ids,
        list(GUIDES),
    )
    ledger = await fetch(
        "SELECT pa.person, le.kind, le.amount, le.booked_on, le.year, le.quarter, le.due_on "
        "FROM ledger_entry le JOIN payment_account pa ON pa.id = le.account "
        "WHERE pa.person = ANY({}::uuid[]) ORDER BY le.seq",
        ids,
    )
    requested: dict[uuid.UUID, set[tuple[str, str]]] = defaultdict(set)
    births: dict[uuid.UUID, list[Birth]] = defaultdict(list)
    interruptions: dict[uuid.UUID, list[Interruption]] = defaultdict(list)
    entries: dict[uuid.UUID, list[Entry]] = defaultdict(list)
    for row in requests:
        answers = _answers(row["answers"])
        requested[row["person"]].add((row["kind"], occasion_of(row["kind"], answers)))
        day = _day(answers.get("birth_date"))
        if row["kind"] in BIRTH_KINDS and day is not None:
            births[row["person"]].append(Birth(day, BIRTH_KINDS[row["kind"]]))
    for row in guides:
        answers = _answers(row["answers"])
        if row["wizard"] == "new_child" and answers.get("event") == "birth":
            day = _day(answers.get("child_date"))
            role = answers.get("role")
            if day is not None:
                births[row["person"]].append(Birth(day, None if role is None else role == "mother"))
        elif row["wizard"] == "bankruptcy":
            day = _day(answers.get("cessation_date"))
            if day is not None and answers.get("reason"):
                interruptions[row["person"]].append(Interruption(str(answers["reason"]), day))
    for row in ledger:
        entries[row["person"]].append(
            Entry(EntryKind(row["kind"]), Decimal(row["amount"]), row["booked_on"], row["year"],
                  row["quarter"], row["due_on"])
        )  # fmt: skip
    files: dict[uuid.UUID, PersonFile] = {}
    for row in people:
        pid = row["id"]
        birth_date, female = _identity(row["national_number"], today)
        # A guide's birth and the request filed from it are one birth: the guide says who.
        by_day: dict[date, Birth] = {}
        for birth in births.get(pid, []):
            known = by_day.get(birth.day)
            if known is None or known.mother is None:
                by_day[birth.day] = birth
        files[pid] = PersonFile(
            category=row["category"],
            starts_on=row["starts_on"],
            ends_on=row["ends_on"],
            first_main_activity=bool(row["first_main_activity"]),
            declared_income=None
            if row["declared_income"] is None
            else Decimal(row["declared_income"]),
            declared_income_year=row["declared_income_year"],
            birth_date=birth_date,
            female=female,
            births=tuple(by_day.values()),
            interruptions=tuple(interruptions.get(pid, [])),
            entries=tuple(entries.get(pid, [])),
            requested=frozenset(requested.get(pid, set())),
        )
    return files


@dataclass(frozen=True, slots=True)
class FindingView:
    id: uuid.UUID
    person_id: uuid.UUID
    right: Right
    occasion: str
    state: State
    deadline: date | None
    prefill: dict[str, str]
    figures: dict[str, Any]
    detected_at: datetime
    sent_at: datetime | None
    dismissed_at: datetime | None
    claimed_at: datetime | None
    request_id: uuid.UUID | None

    @property
    def open(self) -> bool:
        return self.state in (State.DETECTED, State.SENT)


COLUMNS = (
    'id, person, "right", occasion, state, deadline, prefill, figures, detected_at, sent_at, '
    "dismissed_at, claimed_at, request_id"
)


def _view(row: dict[str, Any]) -> FindingView:
    return FindingView(
        id=row["id"],
        person_id=row["person"],
        right=Right(row["right"]),
        occasion=row["occasion"],
        state=State(row["state"]),
        deadline=row["deadline"],
        prefill=_answers(row["prefill"]),
        figures=_answers(row["figures"]),
        detected_at=row["detected_at"],
        sent_at=row["sent_at"],
        dismissed_at=row["dismissed_at"],
        claimed_at=row["claimed_at"],
        request_id=row["request_id"],
    )


def _person(actor: audit.Actor) -> uuid.UUID:
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound("finding")
    return actor.id


async def finding_for_affiliate(actor: audit.Actor, finding_id: uuid.UUID) -> FindingView:
    """One of the affiliate's own findings; NotFound for anyone else's."""
    rows = await fetch(
        f"SELECT {COLUMNS} FROM right_finding WHERE id = {{}} AND person = {{}}",
        finding_id,
        _person(actor),
    )
    if not rows:
        raise NotFound("finding")
    return _view(rows[0])


async def open_findings_for_affiliate(actor: audit.Actor) -> list[FindingView]:
    """The affiliate's suggestions still open (detected or sent), newest first."""
    rows = await fetch(
        f"SELECT {COLUMNS} FROM right_finding WHERE person = {{}} AND state = ANY({{}}::text[]) "
        "ORDER BY detected_at DESC",
        _person(actor),
        [State.DETECTED.value, State.SENT.value],
    )
    return [_view(r) for r in rows]


async def finding_of_person(person_id: uuid.UUID, finding_id: uuid.UUID) -> FindingView | None:
    """One finding of a person, for the back office (its caller checked the staff member may
    open the person's file)."""
    rows = await fetch(
        f"SELECT {COLUMNS} FROM right_finding WHERE id = {{}} AND person = {{}}",
        finding_id,
        person_id,
    )
    return _view(rows[0]) if rows else None


async def findings_of_person(person_id: uuid.UUID) -> list[FindingView]:
    """Every finding of a person, whatever its state, newest first: the back office's view
    (its controller checks the staff member may open the person's file)."""
    rows = await fetch(
        f"SELECT {COLUMNS} FROM right_finding WHERE person = {{}} ORDER BY detected_at DESC",
        person_id,
    )
    return [_view(r) for r in rows]
