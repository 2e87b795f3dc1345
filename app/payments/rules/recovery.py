"""The recovery schedule of an unpaid quarter, as a pure function of dates.

The steps and their delays are data (`recovery.toml`, the fund's own policy); this module
says, for one quarter, which steps should have happened by a given day and are not done yet
(the staff's and the jobs' to-do), what happens next and when (what the affiliate is told),
and whether court recovery is allowed.

The rules:
- nothing at all once the quarter is settled;
- a step is due from its date on: its delay after the due date, or after an earlier step
  (court recovery counts from the formal notice, from the day it was actually sent when
  `done_on` says so);
- court recovery is allowed only from its date on and once every earlier step is done, the
  personal contact with the account manager included: without a recorded contact, never.

`done` holds the kinds of the steps already taken ("reminder", …); the personal contact counts
as done when `contact_recorded` is true (or "personal_contact" is in `done`).

Only `load_schedule` reads a file (the schedule shipped with the code); everything else is
pure and reads no clock: `today` is passed in.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEDULE_FILE = Path(__file__).resolve().with_name("recovery.toml")


class StepKind(StrEnum):
    REMINDER = "reminder"  # rappel
    STATEMENT = "statement"  # relevé de compte
    FORMAL_NOTICE = "formal_notice"  # mise en demeure
    PERSONAL_CONTACT = "personal_contact"  # the account manager's contact, recorded
    COURT = "court"  # recouvrement judiciaire


ORDER = tuple(StepKind)  # the order the charter promises, court recovery last


class ScheduleError(ValueError):
    """The schedule file breaks a rule; the message says which."""


@dataclass(frozen=True, slots=True)
class ScheduledStep:
    """One step of the schedule: `days` after the due date, or after the step `after`.
    `offset`: its days after the due date when every step keeps to the schedule."""

    kind: StepKind
    days: int
    after: StepKind | None
    offset: int


@dataclass(frozen=True, slots=True)
class Schedule:
    steps: tuple[ScheduledStep, ...]
    source: str
    confirmed: bool

    def step(self, kind: StepKind) -> ScheduledStep:
        return next(s for s in self.steps if s.kind is kind)


@dataclass(frozen=True, slots=True)
class Step:
    """A step for one quarter: its kind and the date from which it is due (or allowed)."""

    kind: StepKind
    on: date


@lru_cache(maxsize=8)
def load_schedule(path: Path = SCHEDULE_FILE) -> Schedule:
    """The schedule file, read and checked once per process (every "My account" with a late
    quarter and every account the daily job visits ask for it)."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    try:
        return parse_schedule(data)
    except ScheduleError as error:
        raise ScheduleError(f"{path.name}: {error}") from None


def parse_schedule(data: Mapping[str, Any]) -> Schedule:
    """The schedule from its TOML data, checked (ScheduleError)."""
    unknown = set(data) - {"source", "confirmed", "steps"}
    if unknown:
        raise ScheduleError(f"unknown keys {sorted(unknown)}")
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ScheduleError("a source is required: where the delays come from")
    confirmed = data.get("confirmed")
    if not isinstance(confirmed, bool):
        raise ScheduleError("confirmed must be true or false")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise ScheduleError("no [[steps]]")
    steps: list[ScheduledStep] = []
    for number, raw in enumerate(raw_steps, start=1):
        steps.append(_parse_step(number, raw, steps))
    kinds = tuple(s.kind for s in steps)
    if kinds != ORDER:
        raise ScheduleError(
            f"the steps must be {', '.join(ORDER)}, each once and in this order; "
            f"got {', '.join(kinds)}"
        )
    return Schedule(steps=tuple(steps), source=source.strip(), confirmed=confirmed)


def _parse_step(number: int, raw: object, earlier: list[ScheduledStep]) -> ScheduledStep:
    if not isinstance(raw, dict):
        raise ScheduleError(f"step {number} is not a table")
    unknown = set(raw) - {"kind", "days", "after"}
    if unknown:
        raise ScheduleError(f"step {number}: unknown keys {sorted(unknown)}")
    try:
        kind = StepKind(str(raw.get("kind")))
    except ValueError:
        raise ScheduleError(
            f"step {number}: unknown kind {raw.get('kind')!r} (known: {', '.join(StepKind)})"
        ) from None
    days = raw.get("days")
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        raise ScheduleError(f"step {number} ({kind}): days must be a whole number above 0")
    after: StepKind | None = None
    anchor = 0
    if "after" in raw:
        previous = {s.kind: s for s in earlier}
        try:
            after = StepKind(raw["after"])
            anchor = previous[after].offset
        except (ValueError, KeyError):
            raise ScheduleError(
                f"step {number} ({kind}): after must name an earlier step, got {raw['after']!r}"
            ) from None
    offset = anchor + days
    if earlier and offset <= earlier[-1].offset:
        raise ScheduleError(
            f"step {number} ({kind}) falls on day {offset} after the due date, not after "
            f"{earlier[-1].kind} (day {earlier[-1].offset})"
        )
    return ScheduledStep(kind=kind, days=days, after=after, offset=offset)


def step_date(
    schedule: Schedule,
    kind: StepKind,
    due_date: date,
    done_on: Mapping[str, date] | None = None,
) -> date:
    """The date from which the step is due: its delay after the due date, or after the
    earlier step it follows (that step's actual date when `done_on` holds it)."""
    step = schedule.step(StepKind(kind))
    if step.after is None:
        return due_date + timedelta(days=step.days)
    known = (done_on or {}).get(step.after)
    anchor = known if known is not None else step_date(schedule, step.after, due_date, done_on)
    return anchor + timedelta(days=step.days)


def steps_due(
    schedule: Schedule,
    due_date: date,
    today: date,
    done: Collection[str],
    contact_recorded: bool,
    settled: bool,
    *,
    done_on: Mapping[str, date] | None = None,
) -> list[Step]:
    """The steps that should have happened by `today` and are not done, in schedule order.
    Court recovery is listed only once it is allowed (`court_allowed`)."""
    if settled:
        return []
    taken = _taken(done, contact_recorded, done_on)
    due: list[Step] = []
    for step in schedule.steps:
        if step.kind in taken:
            continue
        on = step_date(schedule, step.kind, due_date, done_on)
        if on > today:
            continue
        if step.kind is StepKind.COURT and not _earlier_all_taken(schedule, taken):
            continue
        due.append(Step(step.kind, on))
    return due


def next_step(
    schedule: Schedule,
    due_date: date,
    today: date,
    done: Collection[str],
    contact_recorded: bool,
    settled: bool,
    *,
    done_on: Mapping[str, date] | None = None,
) -> Step | None:
    """What happens next, and from when: the first step of the schedule not done yet, dated
    from its scheduled day, or from `today` when that day has passed and the fund has not
    taken the step yet (never a date in the past). None once settled, or when every step,
    court recovery included, is done.
    """
    if settled:
        return None
    taken = _taken(done, contact_recorded, done_on)
    for step in schedule.steps:
        if step.kind not in taken:
            return Step(step.kind, max(today, step_date(schedule, step.kind, due_date, done_on)))
    return None


def court_allowed(
    schedule: Schedule,
    due_date: date,
    today: date,
    done: Collection[str],
    contact_recorded: bool,
    settled: bool,
    *,
    done_on: Mapping[str, date] | None = None,
) -> bool:
    """Whether the fund may start court recovery today: not settled, every earlier step done
    (the personal contact recorded), and its delay after the formal notice run out."""
    if settled:
        return False
    taken = _taken(done, contact_recorded, done_on)
    if not _earlier_all_taken(schedule, taken):
        return False
    return today >= step_date(schedule, StepKind.COURT, due_date, done_on)


def _taken(
    done: Collection[str], contact_recorded: bool, done_on: Mapping[str, date] | None
) -> set[StepKind]:
    taken: set[StepKind] = set()
    for value in [*done, *(done_on or {})]:
        try:
            taken.add(StepKind(value))
        except ValueError:
            raise ValueError(
                f"unknown recovery step {value!r} (known: {', '.join(StepKind)})"
            ) from None
    if contact_recorded:
        taken.add(StepKind.PERSONAL_CONTACT)
    return taken


def _earlier_all_taken(schedule: Schedule, taken: set[StepKind]) -> bool:
    return all(s.kind in taken for s in schedule.steps if s.kind is not StepKind.COURT)
