"""Proactive rights: from a person's file, the rights they may have and have not asked for.

PURE: the file is read by `queries`, "today" is passed in, every figure is a leaf of the year
files (app/contributions/parameters/<year>.toml) with its source. The rules return codes,
dates and numbers; the texts are in `messages`.

What the data supports, and how each right is found:
- quarter exemption after a birth: a birth declared (a new-child guide, or a maternity aid /
  birth leave / exemption request giving a birth date) by a mother in her own status (main
  activity, starter, or helping spouse under the maxi-statut); the birth year's number of exempt
  quarters (benefits.birth_exempt_quarters: 1 up to 2025, 2 from 2026); suggested until the end
  of the `rights.birth_suggestion_quarters`-th quarter after the last exempt one;
- maternity aid (105 service vouchers, benefits.maternity_service_vouchers): the same mother,
  the same window;
- surcharge waiver: quarters whose principal is paid in full while surcharges are still owed
  (payments' own `waivable_surcharges`), named as the waiver request names them;
- continued insurance after a cessation: main activity or helper, the cessation quarter and the
  3 before paid (guides.cessation.continued_paid_quarters), asked by the end of the 3rd quarter
  after the cessation's (guides.cessation.continued_request_quarters);
- bridging right after a bankruptcy or forced interruption declared in the guide, by the end of
  the 2nd quarter after it (benefits.bridging_application_quarters);
- pension information from 60 (rights.pension_information_age), and a year before the legal
  pension (guides.pension.legal_age.*, application_months_before): information, no form;
- the primo-starter's reduced minimum (AR 38 art. 12 §1bis, starter.primo_quarters): a main
  activity started less than that many quarters ago, not recorded as a first main activity,
  charged above the primo-starter's quarterly minimum (quarterly.minimum_starter) in one of
  those quarters, and no declared estimate at or above the ordinary minimum income;
- lower provisional contributions (AR 38 art. 11 §2): this year's declared estimate gives a
  quarterly contribution that the one charged for the current quarter exceeds by more than
  rights.lowering_gap_share (the fund's practice, flagged unconfirmed).

Rights the law grants without a request (EX_OFFICIO: the exempt quarters after a birth and the
maternity aid, "granted automatically by the fund") are still suggested to the affiliate, and
they are also a task for the account manager, who opens the request for them.

A right already asked (a request of its kind for the same birth, cessation, quarters or event)
is not listed; the service also marks it claimed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from app.affiliation.rules import Category, StatusRecord, contribution_category
from app.contributions.rules.categories import annual_contribution
from app.contributions.rules.eligibility import (
    add_months,
    bridging_application_deadline,
    quarter_deadline,
)
from app.contributions.rules.parameters import YearParameters
from app.contributions.rules.quarters import add_quarters, quarter_end, quarter_of
from app.payments.rules.ledger import Entry, EntryKind, quarter_positions, quarters_text
from app.payments.rules.plans import waivable_surcharges
from app.wizards.rules.common import params_for
from app.wizards.rules.pension import legal_pension


class Right(StrEnum):
    QUARTER_EXEMPTION_BIRTH = "quarter_exemption_birth"
    MATERNITY_AID = "maternity_aid"
    SURCHARGE_WAIVER = "surcharge_waiver"
    CONTINUED_INSURANCE = "continued_insurance"
    BRIDGING_RIGHT = "bridging_right"
    PENSION_INFORMATION = "pension_information"
    LEGAL_PENSION = "legal_pension"
    PRIMO_STARTER = "primo_starter"
    LOWER_PROVISIONAL = "lower_provisional"


class State(StrEnum):
    DETECTED = "detected"  # found, its message not yet posted
    SENT = "sent"  # the inbox message is posted
    DISMISSED = "dismissed"  # the affiliate said no: never suggested again
    CLAIMED = "claimed"  # the request is filed


# The request kind that claims each right, when there is one (the pension has none: it is
# examined by the Federal Pension Service, the guide explains it).
REQUEST_KIND: Mapping[Right, str | None] = {
    Right.QUARTER_EXEMPTION_BIRTH: "quarter_exemption_birth",
    Right.MATERNITY_AID: "maternity_aid",
    Right.SURCHARGE_WAIVER: "surcharge_waiver",
    Right.CONTINUED_INSURANCE: "continued_insurance",
    Right.BRIDGING_RIGHT: "bridging_right",
    Right.PENSION_INFORMATION: None,
    Right.LEGAL_PENSION: None,
    Right.PRIMO_STARTER: "provisional_adjustment",
    Right.LOWER_PROVISIONAL: "provisional_adjustment",
}
# Filed in one tap from the suggestion: every required answer of the kind is known. The
# surcharge waiver needs the affiliate's own reason, the bridging right the guide's questions:
# those lead to their form.
ONE_TAP = frozenset({Right.QUARTER_EXEMPTION_BIRTH, Right.MATERNITY_AID,
                     Right.CONTINUED_INSURANCE})  # fmt: skip
OWN_STATUS = frozenset({"main", "starter", "helper"})  # main activity, or maxi-statut helper
BRIDGING_EVENTS = frozenset({"bankruptcy", "forced_interruption"})
# Granted by the fund without a request once the birth is known (maternity aid since 1/9/2017;
# the exempt quarters after a birth): the account manager opens the request if the affiliate
# does not.
EX_OFFICIO = frozenset({Right.QUARTER_EXEMPTION_BIRTH, Right.MATERNITY_AID})


@dataclass(frozen=True, slots=True)
class Birth:
    day: date
    mother: bool | None  # what the guide said; None when the source does not say


@dataclass(frozen=True, slots=True)
class Interruption:
    event: str  # bankruptcy, forced_interruption (the bankruptcy guide's answer)
    day: date


@dataclass(frozen=True, slots=True)
class PersonFile:
    category: str | None = None  # affiliation; None when not affiliated
    starts_on: date | None = None
    ends_on: date | None = None  # cessation
    first_main_activity: bool = False  # recorded as a primo-starter
    declared_income: Decimal | None = None  # the estimate the affiliate declared, if any
    declared_income_year: int | None = None
    birth_date: date | None = None  # the person's, from the national number
    female: bool | None = None  # from the national number's counter (even: female)
    births: tuple[Birth, ...] = ()
    interruptions: tuple[Interruption, ...] = ()
    entries: tuple[Entry, ...] = ()  # the ledger
    # (request kind, occasion) of every request filed, whatever its state (see `occasion_of`).
    requested: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True, slots=True)
class Finding:
    right: Right
    occasion: str  # what it is about: a birth date, a cessation date, quarters, an age
    deadline: date | None  # the last day to ask it, when there is one
    prefill: Mapping[str, str] = field(default_factory=dict)  # the request's answers
    figures: Mapping[str, Any] = field(default_factory=dict)  # for the message and the page

    @property
    def key(self) -> tuple[str, str]:
        return (self.right.value, self.occasion)

    @property
    def kind(self) -> str | None:
        return REQUEST_KIND[self.right]


def occasion_of(kind: str, answers: Mapping[str, Any]) -> str:
    """What a filed request is about, in a finding's terms: its birth date, cessation date,
    event date, quarters (as the waiver request names them), the year of an adjustment of the
    provisional contributions, or "" (e.g. a pension question)."""
    for name in ("birth_date", "cessation_date", "event_date", "quarters"):
        value = answers.get(name)
        if isinstance(value, str) and value:
            return value
    year = answers.get("year")
    if isinstance(year, int | str) and not isinstance(year, bool) and str(year).isdigit():
        return str(int(year))
    return ""


def _asked(file: PersonFile, right: Right, occasion: str) -> bool:
    kind = REQUEST_KIND[right]
    if kind is None:  # information: a pension question filed counts as asked
        return any(k == "pension_help" for k, _ in file.requested)
    return (kind, occasion) in file.requested


def _value(p: YearParameters, name: str) -> Any:
    return p.leaf(name).value


# ------------------------------------------------------------------------------ births


def _is_mother(file: PersonFile, birth: Birth) -> bool:
    return birth.mother if birth.mother is not None else bool(file.female)


def birth_findings(file: PersonFile, today: date) -> list[Finding]:
    if file.category not in OWN_STATUS:
        return []
    found: list[Finding] = []
    for birth in sorted({b.day: b for b in file.births}.values(), key=lambda b: b.day):
        if not _is_mother(file, birth) or birth.day > today:
            continue
        p = params_for(birth.day)
        count = _value(p, "benefits.birth_exempt_quarters") or 0
        window = _value(p, "rights.birth_suggestion_quarters")
        deadline = quarter_deadline(birth.day, count + window)
        if today > deadline:
            continue
        occasion = birth.day.isoformat()
        prefill = {"birth_date": occasion}
        first = add_quarters(birth.day.year, quarter_of(birth.day), 1)
        last = add_quarters(birth.day.year, quarter_of(birth.day), count)
        if count and not _asked(file, Right.QUARTER_EXEMPTION_BIRTH, occasion):
            found.append(Finding(Right.QUARTER_EXEMPTION_BIRTH, occasion, deadline, prefill,
                                 {"count": count, "first": first, "last": last,
                                  "birth_date": birth.day}))  # fmt: skip
        vouchers = _value(p, "benefits.maternity_service_vouchers")
        if vouchers and not _asked(file, Right.MATERNITY_AID, occasion):
            found.append(Finding(Right.MATERNITY_AID, occasion, deadline, prefill,
                                 {"vouchers": vouchers, "birth_date": birth.day}))  # fmt: skip
    return found


# --------------------------------------------------------------------------- surcharges


def waiver_findings(file: PersonFile, today: date) -> list[Finding]:
    waivable = [w for w in waivable_surcharges(file.entries) if w.waivable > 0]
    if not waivable:
        return []
    occasion = quarters_text([(w.year, w.quarter) for w in waivable])
    if _asked(file, Right.SURCHARGE_WAIVER, occasion):
        return []
    total = sum((w.waivable for w in waivable), Decimal(0))
    return [Finding(Right.SURCHARGE_WAIVER, occasion, None, {"quarters": occasion},
                    {"quarters": occasion, "amount": total})]  # fmt: skip


# ---------------------------------------------------------------------------- cessation


def continued_insurance_findings(file: PersonFile, today: date) -> list[Finding]:
    stop = file.ends_on
    if stop is None or stop > today or file.category not in OWN_STATUS:
        return []
    p = params_for(stop)
    deadline = quarter_deadline(stop, _value(p, "guides.cessation.continued_request_quarters"))
    if today > deadline:
        return []
    needed = _value(p, "guides.cessation.continued_paid_quarters")
    wanted = {add_quarters(stop.year, quarter_of(stop), -n) for n in range(needed)}
    paid = {(q.year, q.quarter) for q in quarter_positions(file.entries, today)
            if q.charged > 0 and q.outstanding == 0}  # fmt: skip
    occasion = stop.isoformat()
    if not wanted <= paid or _asked(file, Right.CONTINUED_INSURANCE, occasion):
        return []
    return [Finding(Right.CONTINUED_INSURANCE, occasion, deadline, {"cessation_date": occasion},
                    {"cessation_date": stop, "years": _value(
                        p, "guides.cessation.continued_years")})]  # fmt: skip


def bridging_findings(file: PersonFile, today: date) -> list[Finding]:
    found: list[Finding] = []
    for event in file.interruptions:
        if event.event not in BRIDGING_EVENTS or event.day > today:
            continue
        deadline = bridging_application_deadline(params_for(event.day), event.day)
        occasion = event.day.isoformat()
        if today > deadline or _asked(file, Right.BRIDGING_RIGHT, occasion):
            continue
        found.append(Finding(Right.BRIDGING_RIGHT, occasion, deadline,
                             {"event": event.event, "event_date": occasion},
                             {"event": event.event, "event_date": event.day}))  # fmt: skip
    return found


# ------------------------------------------------------------------------------ pension


def _birthday(birth: date, age: int) -> date:
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:  # born on 29 February
        return date(birth.year + age, 3, 1)


def pension_findings(file: PersonFile, today: date) -> list[Finding]:
    birth = file.birth_date
    # A working pensioner already draws their pension: nothing to tell them about it.
    if birth is None or file.category is None or file.category == "pensioner":
        return []
    p = params_for(today)
    age, start, _figure = legal_pension(p, birth)
    ahead = add_months(start, -_value(p, "guides.pension.application_months_before"))
    found: list[Finding] = []
    if today >= ahead:
        if not _asked(file, Right.LEGAL_PENSION, str(age)):
            found.append(Finding(Right.LEGAL_PENSION, str(age), None, {},
                                 {"age": age, "start": start}))  # fmt: skip
        return found
    info_age = _value(p, "rights.pension_information_age")
    if today >= _birthday(birth, info_age) and not _asked(
        file, Right.PENSION_INFORMATION, str(info_age)
    ):
        found.append(Finding(Right.PENSION_INFORMATION, str(info_age), None, {},
                             {"age": info_age, "legal_age": age, "start": start}))  # fmt: skip
    return found


# ------------------------------------------------------------------ provisional contributions


def _charged(entries: Iterable[Entry]) -> dict[tuple[int, int], Decimal]:
    """The contribution charged per quarter (corrections included), from the ledger."""
    charged: dict[tuple[int, int], Decimal] = {}
    for entry in entries:
        if entry.kind is EntryKind.CONTRIBUTION and entry.year and entry.quarter:
            key = (entry.year, entry.quarter)
            charged[key] = charged.get(key, Decimal(0)) + entry.amount
    return charged


def _active(file: PersonFile, today: date) -> bool:
    return (
        file.starts_on is not None
        and file.starts_on <= today
        and (file.ends_on is None or file.ends_on >= today)
    )


def _estimate(file: PersonFile, year: int) -> Decimal | None:
    return file.declared_income if file.declared_income_year == year else None


def primo_starter_findings(file: PersonFile, today: date) -> list[Finding]:
    if file.category != Category.MAIN or file.first_main_activity or not _active(file, today):
        return []
    assert file.starts_on is not None
    p = params_for(file.starts_on)
    window = [add_quarters(file.starts_on.year, quarter_of(file.starts_on), n)
              for n in range(_value(p, "starter.primo_quarters"))]  # fmt: skip
    if (today.year, quarter_of(today)) > window[-1]:
        return []
    income = _estimate(file, today.year)
    if income is not None and income >= params_for(today).require_amount("minimum_income.main"):
        return []  # on an income above the ordinary minimum, the reduced minimum changes nothing
    charged = _charged(file.entries)
    over = [q for q in window
            if charged.get(q, Decimal(0)) > params_for(date(q[0], 1, 1)).require_amount(
                "quarterly.minimum_starter")]  # fmt: skip
    occasion = str(today.year)
    if not over or _asked(file, Right.PRIMO_STARTER, occasion):
        return []
    last = window[-1]
    deadline = quarter_end(*last)
    return [Finding(Right.PRIMO_STARTER, occasion, deadline,
                    {"year": occasion, "category": Category.STARTER.value, "direction": "lower"},
                    {"first": window[0], "last": last,
                     "minimum": p.require_amount("quarterly.minimum_starter")})]  # fmt: skip


def lowering_findings(file: PersonFile, today: date) -> list[Finding]:
    income = _estimate(file, today.year)
    if income is None or file.category is None or not _active(file, today):
        return []
    assert file.starts_on is not None
    record = StatusRecord(Category(file.category), file.starts_on, file.ends_on,
                          file.first_main_activity)  # fmt: skip
    p = params_for(today)
    expected = annual_contribution(p, contribution_category(record, today), income).quarterly
    charged = _charged(file.entries).get((today.year, quarter_of(today)), Decimal(0))
    gap = Decimal(str(_value(p, "rights.lowering_gap_share")))
    occasion = str(today.year)
    if charged <= expected * (1 + gap) or _asked(file, Right.LOWER_PROVISIONAL, occasion):
        return []
    return [Finding(Right.LOWER_PROVISIONAL, occasion, date(today.year, 12, 31),
                    {"year": occasion, "estimated_income": str(income), "direction": "lower"},
                    {"charged": charged, "expected": expected, "income": income})]  # fmt: skip


def findings(file: PersonFile, today: date) -> list[Finding]:
    """Every right the file shows the person may have and has not asked for, in a fixed order."""
    return [
        *birth_findings(file, today),
        *waiver_findings(file, today),
        *continued_insurance_findings(file, today),
        *bridging_findings(file, today),
        *pension_findings(file, today),
        *primo_starter_findings(file, today),
        *lowering_findings(file, today),
    ]


def claimed_keys(
    open_findings: Iterable[tuple[str, str]], requested: frozenset[tuple[str, str]]
) -> set[tuple[str, str]]:
    """Of the (right, occasion) findings still open, those whose request is now filed."""
    claimed: set[tuple[str, str]] = set()
    for right, occasion in open_findings:
        kind = REQUEST_KIND[Right(right)]
        if kind is None:
            if any(k == "pension_help" for k, _ in requested):
                claimed.add((right, occasion))
        elif (kind, occasion) in requested:
            claimed.add((right, occasion))
    return claimed
