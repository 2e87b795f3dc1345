"""A payment plan (plan d'apurement · afbetalingsplan), as pure functions of amounts and dates.

The policy's figures are data (`plans.toml`, the fund's own policy, not the law's); this module
checks a proposal against them, lays out its schedule, says where one missed instalment stands,
and which surcharges may be waived.

The rules:
- a proposal is a debt, an advance and a number of monthly instalments; the rest of the debt
  (debt − advance) is split into equal instalments of (debt − advance) / n rounded half-up to
  the cent, the LAST one absorbing the rounding difference so the plan's total is the debt
  to the cent (2 000,00 − 400,00 over 12: 133,33 × 11 and 133,37);
- the minimum advance is a share of the debt (`advance_percent`, `advance_percent_after_broken`
  once the affiliate has broken `broken_plans_threshold` plans or more), rounded UP to the cent;
- `check_proposal` lists what is wrong. A *blocking* breach means the proposal cannot be a plan
  at all: it is refused outright. The others only put it outside the policy: a supervisor
  (`approver_outside`) may still approve it; with no breach an agent (`approver_within`) may;
- the due dates (`schedule`): the advance falls due `advance_days` calendar days after the
  approval; instalment k falls due on the LAST CALENDAR DAY of the k-th month after the month
  of the advance's calendar due date (advance due 20 January: instalments on 28/29 February,
  31 March, ...). Every due date, the advance's included, that falls on a Saturday, a Sunday or
  a public holiday moves to the next business day; the months are counted from the calendar
  dates, before any move, so a move never shifts the following instalments;
- one instalment (`missed`): paid; on time (no action yet); a reminder is due from
  `reminder_days` after its due date (the moved one, as the affiliate was told it) while unpaid;
  the plan lapses from `grace_days` after it while still unpaid;
- surcharges (`waivable_surcharges`) may be waived for a quarter once its principal (the
  contribution, the fees, the regularisations: every charge but the surcharges) is paid in full.

Only `load_policy` reads a file (the policy shipped with the code) and `belgian_holidays` asks
the `holidays` package for the public holidays; everything else is pure and reads no clock:
dates are passed in. Amounts are Decimal with two decimals, never floats.
"""

from __future__ import annotations

import calendar
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

import holidays as public_holidays

from app.identity.rules import StaffRole
from app.payments.rules.ledger import ZERO, Entry, EntryKind, check_amount, quarter_positions

POLICY_FILE = Path(__file__).resolve().with_name("plans.toml")
CENT = Decimal("0.01")


class PolicyError(ValueError):
    """The policy file breaks a rule; the message names the key."""


@dataclass(frozen=True, slots=True)
class PlanPolicy:
    source: str
    confirmed: bool
    advance_percent: int  # the minimum advance, a share of the debt
    advance_percent_after_broken: int  # ... once `broken_plans_threshold` plans were broken
    broken_plans_threshold: int
    advance_days: int  # the advance is due this many days after the approval
    max_instalments: int
    min_instalment: Decimal
    reminder_days: int  # a missed instalment: a reminder this many days after its due date
    grace_days: int  # ... and the plan lapses this many days after it
    offer_days: int  # a counter-proposal may be accepted this many days after it is made
    approver_within: StaffRole  # who may approve a proposal within the policy
    approver_outside: StaffRole  # ... and one outside it


_INTEGERS: dict[str, int] = {  # key -> its lowest allowed value
    "advance_percent": 0,
    "advance_percent_after_broken": 0,
    "broken_plans_threshold": 1,
    "advance_days": 0,
    "max_instalments": 1,
    "reminder_days": 1,
    "grace_days": 1,
    "offer_days": 1,
}
_KEYS = frozenset({"source", "confirmed", "min_instalment", "approver_within",
                   "approver_outside", *_INTEGERS})  # fmt: skip


@lru_cache(maxsize=8)
def load_policy(path: Path = POLICY_FILE) -> PlanPolicy:
    """The policy file, read and checked once per process."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    try:
        return parse_policy(data)
    except PolicyError as error:
        raise PolicyError(f"{path.name}: {error}") from None


def parse_policy(data: Mapping[str, Any]) -> PlanPolicy:
    """The policy from its TOML data, checked (PolicyError naming the key)."""
    unknown = set(data) - _KEYS
    if unknown:
        raise PolicyError(f"unknown keys {sorted(unknown)}")
    missing = _KEYS - set(data)
    if missing:
        raise PolicyError(f"missing keys {sorted(missing)}")
    source = data["source"]
    if not isinstance(source, str) or not source.strip():
        raise PolicyError("source: say where the figures come from")
    if not isinstance(data["confirmed"], bool):
        raise PolicyError("confirmed must be true or false")
    numbers: dict[str, int] = {}
    for key, lowest in _INTEGERS.items():
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < lowest:
            raise PolicyError(f"{key} must be a whole number of at least {lowest}, got {value!r}")
        numbers[key] = value
    for key in ("advance_percent", "advance_percent_after_broken"):
        if numbers[key] > 100:
            raise PolicyError(f"{key} must be at most 100, got {numbers[key]}")
    if numbers["advance_percent_after_broken"] < numbers["advance_percent"]:
        raise PolicyError(
            "advance_percent_after_broken must be at least advance_percent, got "
            f"{numbers['advance_percent_after_broken']} < {numbers['advance_percent']}"
        )
    if numbers["grace_days"] <= numbers["reminder_days"]:
        raise PolicyError(
            "grace_days must be more than reminder_days, got "
            f"{numbers['grace_days']} <= {numbers['reminder_days']}"
        )
    min_instalment = _amount("min_instalment", data["min_instalment"])
    roles = {key: _role(key, data[key]) for key in ("approver_within", "approver_outside")}
    return PlanPolicy(
        source=source.strip(),
        confirmed=data["confirmed"],
        min_instalment=min_instalment,
        approver_within=roles["approver_within"],
        approver_outside=roles["approver_outside"],
        **numbers,
    )


def _amount(key: str, raw: object) -> Decimal:
    if not isinstance(raw, str):
        raise PolicyError(f'{key} must be an amount in a string, e.g. "50.00", got {raw!r}')
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise PolicyError(f"{key} is not an amount: {raw!r}") from None
    if not value.is_finite() or value <= 0 or value != value.quantize(CENT):
        raise PolicyError(f"{key} must be above 0 with at most two decimals, got {raw!r}")
    return value.quantize(CENT)


def _role(key: str, raw: object) -> StaffRole:
    try:
        return StaffRole(str(raw))
    except ValueError:
        known = ", ".join(StaffRole)
        raise PolicyError(f"{key} must be a staff role ({known}), got {raw!r}") from None


# --- a proposal ----------------------------------------------------------------------------


class BreachCode(StrEnum):
    # Blocking: the proposal cannot be a plan; refused outright.
    NOTHING_OWED = "nothing_owed"  # the debt is 0 or less
    ADVANCE_NEGATIVE = "advance_negative"
    ADVANCE_EXCEEDS_DEBT = "advance_exceeds_debt"  # amount: the debt, the most it can be
    INSTALMENTS_NEGATIVE = "instalments_negative"
    NO_INSTALMENT = "no_instalment"  # something remains after the advance, no instalment
    NOTHING_TO_SPREAD = "nothing_to_spread"  # instalments, but the advance pays everything
    INSTALMENT_UNDER_A_CENT = "instalment_under_a_cent"  # so many that one would be 0,00
    # Outside the policy: a supervisor decides.
    ADVANCE_TOO_LOW = "advance_too_low"  # amount: the minimum advance
    TOO_MANY_INSTALMENTS = "too_many_instalments"  # count: the most instalments
    INSTALMENT_TOO_SMALL = "instalment_too_small"  # amount: the minimum instalment


BLOCKING = frozenset({BreachCode.NOTHING_OWED, BreachCode.ADVANCE_NEGATIVE,
                      BreachCode.ADVANCE_EXCEEDS_DEBT, BreachCode.INSTALMENTS_NEGATIVE,
                      BreachCode.NO_INSTALMENT, BreachCode.NOTHING_TO_SPREAD,
                      BreachCode.INSTALMENT_UNDER_A_CENT})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Breach:
    """What is wrong with a proposal, with the figure its message needs: `amount` the euro
    limit (the minimum advance, the minimum instalment, the debt an advance may not exceed),
    `count` the most instalments, `proposed` the proposal's own figure it breaks the limit
    with (the advance, the smallest instalment)."""

    code: BreachCode
    amount: Decimal | None = None
    count: int | None = None
    proposed: Decimal | None = None

    @property
    def blocking(self) -> bool:
        """True: no plan is possible, refused outright; False: outside the policy only."""
        return self.code in BLOCKING


def minimum_advance(policy: PlanPolicy, debt: Decimal, broken_plans: int) -> Decimal:
    """The policy's share of the debt, rounded up to the cent (20 % of 1 234,57 = 246,92)."""
    percent = (
        policy.advance_percent_after_broken
        if broken_plans >= policy.broken_plans_threshold
        else policy.advance_percent
    )
    share = check_amount(debt) * percent / 100
    return max(share, ZERO).quantize(CENT, rounding=ROUND_CEILING)


def split(rest: Decimal, instalments: int) -> list[Decimal]:
    """`rest` in `instalments` equal amounts rounded half-up to the cent, the last one taking
    the rounding difference: the amounts add up to `rest` exactly."""
    regular, last = _regular_and_last(rest, instalments)
    return [regular] * (instalments - 1) + [last]


def _regular_and_last(rest: Decimal, instalments: int) -> tuple[Decimal, Decimal]:
    if instalments < 1:
        raise ValueError(f"at least one instalment, got {instalments}")
    regular = (check_amount(rest) / instalments).quantize(CENT, rounding=ROUND_HALF_UP)
    return regular, rest - regular * (instalments - 1)


def check_proposal(
    policy: PlanPolicy, debt: Decimal, advance: Decimal, instalments: int, broken_plans: int
) -> list[Breach]:
    """What is wrong with a proposal, blocking breaches first; [] when within the policy.

    `debt` is what the plan covers, `advance` the first payment, `instalments` the number of
    monthly payments after it, `broken_plans` how many plans the affiliate broke before.
    """
    debt, advance = check_amount(debt), check_amount(advance)
    if isinstance(instalments, bool) or not isinstance(instalments, int):
        raise TypeError(f"instalments is a whole number, got {instalments!r}")
    if debt <= 0:
        return [Breach(BreachCode.NOTHING_OWED)]
    blocking: list[Breach] = []
    outside: list[Breach] = []
    advance_ok = True
    if advance < 0:
        blocking.append(Breach(BreachCode.ADVANCE_NEGATIVE, proposed=advance))
        advance_ok = False
    elif advance > debt:
        blocking.append(Breach(BreachCode.ADVANCE_EXCEEDS_DEBT, amount=debt, proposed=advance))
        advance_ok = False
    if instalments < 0:
        blocking.append(Breach(BreachCode.INSTALMENTS_NEGATIVE))
    elif instalments > policy.max_instalments:
        outside.append(Breach(BreachCode.TOO_MANY_INSTALMENTS, count=policy.max_instalments))
    if advance_ok:
        least = minimum_advance(policy, debt, broken_plans)
        if advance < least:
            outside.append(Breach(BreachCode.ADVANCE_TOO_LOW, amount=least, proposed=advance))
        rest = debt - advance
        if instalments == 0 and rest > 0:
            blocking.append(Breach(BreachCode.NO_INSTALMENT))
        elif instalments > 0 and rest == 0:
            blocking.append(Breach(BreachCode.NOTHING_TO_SPREAD))
        elif instalments > 0:
            smallest = min(_regular_and_last(rest, instalments))
            if smallest < CENT:
                blocking.append(Breach(BreachCode.INSTALMENT_UNDER_A_CENT))
            elif smallest < policy.min_instalment:
                outside.append(Breach(BreachCode.INSTALMENT_TOO_SMALL,
                                      amount=policy.min_instalment, proposed=smallest))  # fmt: skip
    return blocking + outside


def approver(policy: PlanPolicy, breaches: Iterable[Breach]) -> StaffRole | None:
    """Who may approve a proposal with these breaches: None when it is refused outright (a
    blocking breach), the supervisor when it is outside the policy, else an agent."""
    found = list(breaches)
    if any(b.blocking for b in found):
        return None
    return policy.approver_outside if found else policy.approver_within


# --- the schedule --------------------------------------------------------------------------


class PlanError(ValueError):
    """A schedule asked for a proposal that cannot be a plan; `codes` says why."""

    def __init__(self, codes: list[BreachCode]) -> None:
        super().__init__(f"not a possible plan: {', '.join(codes)}")
        self.codes = codes


@dataclass(frozen=True, slots=True)
class PlanLine:
    """One payment: number 0 is the advance, 1 to n the instalments. `due_on` is the day it
    is due (moved to a business day), `calendar_due` the calendar date it was moved from."""

    number: int
    due_on: date
    amount: Decimal
    calendar_due: date


@dataclass(frozen=True, slots=True)
class PlanSchedule:
    lines: tuple[PlanLine, ...]
    total: Decimal  # = the debt

    @property
    def advance(self) -> PlanLine:
        return self.lines[0]

    @property
    def instalments(self) -> tuple[PlanLine, ...]:
        return self.lines[1:]


def belgian_holidays(years: Iterable[int]) -> frozenset[date]:
    """Belgium's national public holidays of these years (New Year, Easter Monday, 1 May,
    Ascension, Whit Monday, 21 July, 15 August, 1 November, 11 November, Christmas; the
    `holidays` package also lists Easter and Whit Sunday, Sundays anyway)."""
    return frozenset(public_holidays.country_holidays("BE", years=sorted(set(years))).keys())


def plan_years(policy: PlanPolicy, approved_on: date, instalments: int) -> range:
    """The years a plan's due dates can fall in, a move past a year end included: the years
    to pass to `belgian_holidays` for its `schedule`."""
    advance_on = approved_on + timedelta(days=policy.advance_days)
    last = _month_end(advance_on, max(instalments, 0))
    return range(approved_on.year, last.year + 2)


def business_day(day: date, holidays: Collection[date]) -> date:
    """`day` itself when it is a business day, else the next one (not a Saturday, a Sunday
    or one of `holidays`)."""
    while day.weekday() >= 5 or day in holidays:
        day += timedelta(days=1)
    return day


def _month_end(start: date, months: int) -> date:
    """The last day of the month `months` after the month of `start`."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def schedule(
    policy: PlanPolicy,
    debt: Decimal,
    advance: Decimal,
    instalments: int,
    approved_on: date,
    holidays: Collection[date],
    *,
    broken_plans: int = 0,
) -> PlanSchedule:
    """The plan's payments: the advance, then the instalments (see the module's rules).

    A proposal outside the policy is laid out all the same (a supervisor may approve it);
    one with a blocking breach raises PlanError. `holidays`: the public holidays of the
    plan's years at least (`belgian_holidays(plan_years(...))`).
    """
    blocking = [
        b.code
        for b in check_proposal(policy, debt, advance, instalments, broken_plans)
        if b.blocking
    ]
    if blocking:
        raise PlanError(blocking)
    advance_on = approved_on + timedelta(days=policy.advance_days)
    lines = [PlanLine(0, business_day(advance_on, holidays), advance, advance_on)]
    amounts = split(debt - advance, instalments) if instalments else []
    for number, amount in enumerate(amounts, start=1):
        on = _month_end(advance_on, number)
        lines.append(PlanLine(number, business_day(on, holidays), amount, on))
    # The last instalment absorbs the rounding: the total is the debt to the cent.
    return PlanSchedule(tuple(lines), sum((line.amount for line in lines), ZERO))


# --- a missed instalment -------------------------------------------------------------------


class MissState(StrEnum):
    PAID = "paid"
    ON_TIME = "on_time"  # unpaid, but no action yet: before `reminder_days` after its due date
    REMINDER_DUE = "reminder_due"  # from `reminder_days` after its due date, still unpaid
    LAPSED = "lapsed"  # from `grace_days` after its due date, still unpaid: the plan lapses


def reminder_date(policy: PlanPolicy, due_on: date) -> date:
    return due_on + timedelta(days=policy.reminder_days)


def lapse_date(policy: PlanPolicy, due_on: date) -> date:
    return due_on + timedelta(days=policy.grace_days)


def offer_last_day(policy: PlanPolicy, offered_on: date) -> date:
    """The last day the affiliate may accept the fund's counter-proposal made on `offered_on`."""
    return offered_on + timedelta(days=policy.offer_days)


def missed(policy: PlanPolicy, due_on: date, today: date, paid: bool) -> MissState:
    """Where one payment of a plan (advance or instalment) due on `due_on` stands `today`;
    `paid`: paid in full."""
    if paid:
        return MissState.PAID
    if today >= lapse_date(policy, due_on):
        return MissState.LAPSED
    if today >= reminder_date(policy, due_on):
        return MissState.REMINDER_DUE
    return MissState.ON_TIME


# --- surcharges a waiver may cancel ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SurchargeWaiver:
    """One quarter with surcharges: its principal (every charge but the surcharges), what
    settles the quarter (payments, exemptions, reversals, loose payments oldest quarter
    first, as `quarter_positions` allocates them), its surcharges, what of them is still
    unpaid, and what a waiver may cancel."""

    year: int
    quarter: int
    principal: Decimal
    settled: Decimal
    surcharges: Decimal
    unpaid_surcharges: Decimal
    waivable: Decimal

    @property
    def principal_paid(self) -> bool:
        return self.settled >= self.principal


def waivable_surcharges(entries: Iterable[Entry]) -> list[SurchargeWaiver]:
    """Each quarter with surcharges, oldest first, and what a waiver may cancel of them:
    the surcharges still unpaid once the quarter's principal is paid in full, 0 while it is
    not. What settles a quarter pays its principal first; a surcharge already paid, or
    already cancelled by a reversal, is not waivable again (it is no longer owed)."""
    listed = list(entries)
    surcharges: dict[tuple[int, int], Decimal] = {}
    for entry in listed:
        if entry.kind is EntryKind.SURCHARGE and entry.amount > 0 and entry.year and entry.quarter:
            key = (entry.year, entry.quarter)
            surcharges[key] = surcharges.get(key, ZERO) + entry.amount
    found: list[SurchargeWaiver] = []
    # The statuses are not used: any day gives the same charged and settled amounts.
    for position in quarter_positions(listed, date.min):
        added = surcharges.get((position.year, position.quarter), ZERO)
        if added <= 0:
            continue
        principal = position.charged - added
        unpaid = min(added, position.outstanding)
        paid_in_full = position.settled >= principal
        found.append(
            SurchargeWaiver(position.year, position.quarter, principal, position.settled,
                            added, unpaid, unpaid if paid_in_full else ZERO)
        )  # fmt: skip
    return found
