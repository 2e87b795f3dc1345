"""A payment plan: the policy file, a proposal's breaches, its schedule, a missed instalment,
and the surcharges a waiver may cancel. Every expected value is worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.identity.rules import StaffRole
from app.payments.rules.ledger import Entry, EntryKind
from app.payments.rules.plans import (
    POLICY_FILE,
    Breach,
    BreachCode,
    MissState,
    PlanError,
    PlanLine,
    PlanPolicy,
    PolicyError,
    SurchargeWaiver,
    approver,
    belgian_holidays,
    business_day,
    check_proposal,
    load_policy,
    minimum_advance,
    missed,
    offer_last_day,
    parse_policy,
    plan_years,
    schedule,
    split,
    waivable_surcharges,
)

pytestmark = pytest.mark.unit

D = Decimal
HOLIDAYS = belgian_holidays(range(2025, 2030))


@pytest.fixture(scope="module")
def policy() -> PlanPolicy:
    return load_policy()


# --- the policy file -----------------------------------------------------------------------

SHIPPED: dict[str, Any] = {
    "source": "The fund's own policy.",
    "confirmed": False,
    "advance_percent": 20,
    "advance_percent_after_broken": 50,
    "broken_plans_threshold": 2,
    "advance_days": 15,
    "max_instalments": 12,
    "min_instalment": "50.00",
    "reminder_days": 10,
    "grace_days": 30,
    "offer_days": 30,
    "approver_within": "agent",
    "approver_outside": "supervisor",
}


def test_the_fund_policy_as_shipped(policy: PlanPolicy) -> None:
    assert (
        policy.advance_percent,
        policy.advance_percent_after_broken,
        policy.broken_plans_threshold,
        policy.advance_days,
        policy.max_instalments,
        policy.min_instalment,
        policy.reminder_days,
        policy.grace_days,
        policy.offer_days,
        policy.approver_within,
        policy.approver_outside,
    ) == (20, 50, 2, 15, 12, D("50.00"), 10, 30, 30, StaffRole.AGENT, StaffRole.SUPERVISOR)
    assert policy.confirmed is False
    assert policy.source.startswith("The fund's own policy")
    assert "no Belgian legal rule" in policy.source


def test_the_loader_refuses_a_file_with_a_missing_key(tmp_path: Path) -> None:
    path = tmp_path / "plans.toml"
    path.write_text(
        'source = "The fund\'s own policy."\nconfirmed = false\nadvance_percent = 20\n'
        "advance_percent_after_broken = 50\nbroken_plans_threshold = 2\nadvance_days = 15\n"
        'max_instalments = 12\nreminder_days = 10\ngrace_days = 30\napprover_within = "agent"\n'
        'approver_outside = "supervisor"\noffer_days = 30\n',
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as raised:
        load_policy(path)
    assert str(raised.value) == "plans.toml: missing keys ['min_instalment']"


def test_a_complete_file_loads(tmp_path: Path) -> None:
    shipped = POLICY_FILE.read_text(encoding="utf-8")
    path = tmp_path / "plans.toml"
    path.write_text(shipped.replace("\nconfirmed = false", "\nconfirmed = true"), encoding="utf-8")
    loaded = load_policy(path)
    assert (loaded.min_instalment, loaded.confirmed) == (D("50.00"), True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"plan_fee": "5.00"}, "unknown keys ['plan_fee']"),
        ({"source": " "}, "source: say where the figures come from"),
        ({"confirmed": "no"}, "confirmed must be true or false"),
        ({"max_instalments": 0}, "max_instalments must be a whole number of at least 1, got 0"),
        ({"advance_days": True}, "advance_days must be a whole number of at least 0, got True"),
        ({"advance_percent": 20.5},
         "advance_percent must be a whole number of at least 0, got 20.5"),
        ({"advance_percent_after_broken": 101},
         "advance_percent_after_broken must be at most 100, got 101"),
        ({"advance_percent_after_broken": 10},
         "advance_percent_after_broken must be at least advance_percent, got 10 < 20"),
        ({"grace_days": 10}, "grace_days must be more than reminder_days, got 10 <= 10"),
        ({"min_instalment": 50.0},
         'min_instalment must be an amount in a string, e.g. "50.00", got 50.0'),
        ({"min_instalment": "fifty"}, "min_instalment is not an amount: 'fifty'"),
        ({"min_instalment": "50.001"},
         "min_instalment must be above 0 with at most two decimals, got '50.001'"),
        ({"min_instalment": "0.00"},
         "min_instalment must be above 0 with at most two decimals, got '0.00'"),
        ({"approver_outside": "boss"},
         "approver_outside must be a staff role (agent, supervisor, admin), got 'boss'"),
    ],
)  # fmt: skip
def test_a_bad_policy_is_refused_naming_the_key(change: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyError) as raised:
        parse_policy({**SHIPPED, **change})
    assert str(raised.value) == message


# --- amounts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("debt", "broken", "expected"),
    [
        ("1234.57", 0, "246.92"),  # 1 234,57 × 20 % = 246,914, up to 246,92
        ("1234.57", 1, "246.92"),  # one broken plan: still 20 %
        ("1234.57", 2, "617.29"),  # two broken plans: 1 234,57 × 50 % = 617,285, up to 617,29
        ("1234.57", 5, "617.29"),  # more than two: 50 % too
        ("2000.00", 0, "400.00"),  # exactly 400, nothing to round
        ("0.04", 0, "0.01"),  # 0,008 rounds up, never down to 0,00
    ],
)
def test_the_minimum_advance_is_rounded_up(
    policy: PlanPolicy, debt: str, broken: int, expected: str
) -> None:
    assert minimum_advance(policy, D(debt), broken) == D(expected)


@pytest.mark.parametrize(
    ("rest", "count", "expected"),
    [
        # 1 600 / 12 = 133,333…: 133,33 × 11 = 1 466,63, 1 600 − 1 466,63 = 133,37
        ("1600.00", 12, ["133.33"] * 11 + ["133.37"]),
        # 100 / 3 = 33,333…: 33,33 × 2 = 66,66, the last 33,34
        ("100.00", 3, ["33.33", "33.33", "33.34"]),
        # 200 / 3 = 66,666… up to 66,67: 66,67 × 2 = 133,34, the last 66,66 (smaller)
        ("200.00", 3, ["66.67", "66.67", "66.66"]),
        # 100,05 / 2 = 50,025: half-up 50,03 (not the banker's 50,02), the last 50,02
        ("100.05", 2, ["50.03", "50.02"]),
        ("987.66", 1, ["987.66"]),
    ],
)
def test_the_rest_is_split_in_equal_instalments_the_last_one_exact(
    rest: str, count: int, expected: list[str]
) -> None:
    assert split(D(rest), count) == [D(a) for a in expected]


# --- a proposal ----------------------------------------------------------------------------

NOTHING_OWED = Breach(BreachCode.NOTHING_OWED)


@pytest.mark.parametrize(
    ("debt", "advance", "count", "broken", "expected"),
    [
        # Within the policy: 20 % of 2 000 = 400, 1 600 / 12 = 133,33 ≥ 50.
        ("2000.00", "400.00", 12, 0, []),
        # 20 % of 1 234,57 = 246,914 → 246,92: one cent less is too low.
        ("1234.57", "246.91", 10, 0,
         [Breach(BreachCode.ADVANCE_TOO_LOW, amount=D("246.92"), proposed=D("246.91"))]),
        # 246,92 itself; 987,65 / 10 = 98,77 ≥ 50.
        ("1234.57", "246.92", 10, 0, []),
        # One broken plan: 20 % = 200 is enough; 800 / 6 = 133,33.
        ("1000.00", "200.00", 6, 1, []),
        # Two broken plans: 50 % of 1 000 = 500.
        ("1000.00", "400.00", 6, 2,
         [Breach(BreachCode.ADVANCE_TOO_LOW, amount=D("500.00"), proposed=D("400.00"))]),
        ("1000.00", "500.00", 6, 2, []),
        # 13 instalments: the most is 12 (1 600 / 13 = 123,08, big enough).
        ("2000.00", "400.00", 13, 0, [Breach(BreachCode.TOO_MANY_INSTALMENTS, count=12)]),
        # 240 / 6 = 40,00 < 50,00 (advance 60 ≥ 20 % of 300 = 60).
        ("300.00", "60.00", 6, 0,
         [Breach(BreachCode.INSTALMENT_TOO_SMALL, amount=D("50.00"), proposed=D("40.00"))]),
        # 149,99 / 3 = 49,996… → 50,00, 50,00, and the last 149,99 − 100,00 = 49,99 < 50
        # (advance 60 ≥ 20 % of 209,99 = 41,998 → 42,00).
        ("209.99", "60.00", 3, 0,
         [Breach(BreachCode.INSTALMENT_TOO_SMALL, amount=D("50.00"), proposed=D("49.99"))]),
        # 150 / 3 = 50,00 each: the minimum itself is enough.
        ("210.00", "60.00", 3, 0, []),
        # Everything at once, paid with the advance (60 ≥ 20 % of 60 = 12): no instalment.
        ("60.00", "60.00", 0, 0, []),
        # Outside three ways: 20 > 12; 100 < 200 (20 % of 1 000); 900 / 20 = 45 < 50.
        ("1000.00", "100.00", 20, 0,
         [Breach(BreachCode.TOO_MANY_INSTALMENTS, count=12),
          Breach(BreachCode.ADVANCE_TOO_LOW, amount=D("200.00"), proposed=D("100.00")),
          Breach(BreachCode.INSTALMENT_TOO_SMALL, amount=D("50.00"), proposed=D("45.00"))]),
        # Refused outright.
        ("0.00", "0.00", 3, 0, [NOTHING_OWED]),
        ("-25.00", "0.00", 3, 0, [NOTHING_OWED]),
        ("1000.00", "-1.00", 6, 0, [Breach(BreachCode.ADVANCE_NEGATIVE, proposed=D("-1.00"))]),
        ("1000.00", "1000.01", 6, 0,
         [Breach(BreachCode.ADVANCE_EXCEEDS_DEBT, amount=D("1000.00"), proposed=D("1000.01"))]),
        ("1000.00", "500.00", 0, 0, [Breach(BreachCode.NO_INSTALMENT)]),
        ("1000.00", "1000.00", 3, 0, [Breach(BreachCode.NOTHING_TO_SPREAD)]),
        ("1000.00", "200.00", -1, 0, [Breach(BreachCode.INSTALMENTS_NEGATIVE)]),
        # 0,05 / 12 = 0,004… → 0,00: an instalment of nothing.
        ("1000.00", "999.95", 12, 0, [Breach(BreachCode.INSTALMENT_UNDER_A_CENT)]),
        # Blocking breaches first, then the policy's.
        ("1000.00", "-5.00", 13, 0,
         [Breach(BreachCode.ADVANCE_NEGATIVE, proposed=D("-5.00")),
          Breach(BreachCode.TOO_MANY_INSTALMENTS, count=12)]),
    ],
)  # fmt: skip
def test_a_proposal_against_the_policy(
    policy: PlanPolicy, debt: str, advance: str, count: int, broken: int, expected: list[Breach]
) -> None:
    assert check_proposal(policy, D(debt), D(advance), count, broken) == expected


@pytest.mark.parametrize(
    ("code", "blocking"),
    [
        (BreachCode.NOTHING_OWED, True),
        (BreachCode.ADVANCE_NEGATIVE, True),
        (BreachCode.ADVANCE_EXCEEDS_DEBT, True),
        (BreachCode.INSTALMENTS_NEGATIVE, True),
        (BreachCode.NO_INSTALMENT, True),
        (BreachCode.NOTHING_TO_SPREAD, True),
        (BreachCode.INSTALMENT_UNDER_A_CENT, True),
        (BreachCode.ADVANCE_TOO_LOW, False),
        (BreachCode.TOO_MANY_INSTALMENTS, False),
        (BreachCode.INSTALMENT_TOO_SMALL, False),
    ],
)
def test_which_breaches_refuse_a_proposal_outright(code: BreachCode, blocking: bool) -> None:
    assert Breach(code).blocking is blocking


@pytest.mark.parametrize(
    ("advance", "count", "role"),
    [
        ("400.00", 12, StaffRole.AGENT),  # within the policy
        ("400.00", 13, StaffRole.SUPERVISOR),  # too many instalments
        ("100.00", 12, StaffRole.SUPERVISOR),  # advance below 400
        ("2000.01", 12, None),  # above the debt: nobody may approve it
    ],
)
def test_who_may_approve_a_proposal(
    policy: PlanPolicy, advance: str, count: int, role: StaffRole | None
) -> None:
    breaches = check_proposal(policy, D("2000.00"), D(advance), count, 0)
    assert approver(policy, breaches) == role


@pytest.mark.parametrize(("value", "error"), [(D("1000.001"), ValueError), (1000.0, ValueError)])
def test_amounts_are_decimals_with_two_decimals(
    policy: PlanPolicy, value: Any, error: type[Exception]
) -> None:
    with pytest.raises(error):
        check_proposal(policy, value, D("200.00"), 6, 0)


# --- the schedule --------------------------------------------------------------------------


def dates(lines: tuple[PlanLine, ...]) -> list[tuple[int, date, Decimal]]:
    return [(line.number, line.due_on, line.amount) for line in lines]


def test_a_year_long_plan(policy: PlanPolicy) -> None:
    # Approved Monday 5 January 2026: the advance 15 days later, Tuesday 20 January; the
    # instalments on the last day of February 2026 to January 2027, moved off weekends:
    # 28/02 Saturday → Monday 2 March; 31/05 Sunday → Monday 1 June; 31/10 Saturday → 1/11
    # Sunday and All Saints → Monday 2 November; 31/01/2027 Sunday → Monday 1 February.
    # 1 600 / 12 = 133,33 × 11 = 1 466,63, the last 1 600 − 1 466,63 = 133,37.
    plan = schedule(policy, D("2000.00"), D("400.00"), 12, date(2026, 1, 5), HOLIDAYS)
    r, last = D("133.33"), D("133.37")
    assert dates(plan.lines) == [
        (0, date(2026, 1, 20), D("400.00")),
        (1, date(2026, 3, 2), r),
        (2, date(2026, 3, 31), r),
        (3, date(2026, 4, 30), r),
        (4, date(2026, 6, 1), r),
        (5, date(2026, 6, 30), r),
        (6, date(2026, 7, 31), r),
        (7, date(2026, 8, 31), r),
        (8, date(2026, 9, 30), r),
        (9, date(2026, 11, 2), r),
        (10, date(2026, 11, 30), r),
        (11, date(2026, 12, 31), r),
        (12, date(2027, 2, 1), last),
    ]
    assert plan.total == D("2000.00")
    assert plan.advance.amount == D("400.00")
    assert len(plan.instalments) == 12
    assert plan.lines[1].calendar_due == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("approved_on", "advance_on", "first_on"),
    [
        # 5/1/2028 + 15 = Thursday 20/1; 2028 is a leap year: Tuesday 29 February.
        (date(2028, 1, 5), date(2028, 1, 20), date(2028, 2, 29)),
        # 2027: 28 February is a Sunday → Monday 1 March.
        (date(2027, 1, 5), date(2027, 1, 20), date(2027, 3, 1)),
        # 16/1/2026 + 15 = Saturday 31 January → Monday 2 February; the instalment still
        # counts from January: 28 February (Saturday) → Monday 2 March, not 31 March.
        (date(2026, 1, 16), date(2026, 2, 2), date(2026, 3, 2)),
        # 31/7/2025 + 15 = Friday 15 August, Assumption → Monday 18 August; then 30/9 (Tue).
        (date(2025, 7, 31), date(2025, 8, 18), date(2025, 9, 30)),
        # 17/10/2027 + 15 = Monday 1 November, All Saints → Tuesday 2 November; then 31/12
        # 2027, a Friday.
        (date(2027, 10, 17), date(2027, 11, 2), date(2027, 12, 31)),
        # 10/12/2025 + 15 = Thursday 25 December → Friday 26 (no public holiday); then 31/1
        # 2026, a Saturday → Monday 2 February.
        (date(2025, 12, 10), date(2025, 12, 26), date(2026, 2, 2)),
    ],
)
def test_due_dates_at_month_ends_and_off_weekends_and_holidays(
    policy: PlanPolicy, approved_on: date, advance_on: date, first_on: date
) -> None:
    # 300 − 60 = 240 over 2: 120,00 each.
    plan = schedule(policy, D("300.00"), D("60.00"), 2, approved_on, HOLIDAYS)
    assert (plan.lines[0].due_on, plan.lines[1].due_on) == (advance_on, first_on)
    assert [line.amount for line in plan.lines] == [D("60.00"), D("120.00"), D("120.00")]


def test_the_holidays_are_the_callers(policy: PlanPolicy) -> None:
    # Without holidays, Friday 15 August 2025 is a business day like any other.
    plan = schedule(policy, D("300.00"), D("60.00"), 2, date(2025, 7, 31), frozenset())
    assert plan.advance.due_on == date(2025, 8, 15)


def test_a_plan_paid_by_its_advance_alone(policy: PlanPolicy) -> None:
    plan = schedule(policy, D("60.00"), D("60.00"), 0, date(2026, 3, 2), HOLIDAYS)
    # 2/3/2026 + 15 = Tuesday 17 March.
    assert dates(plan.lines) == [(0, date(2026, 3, 17), D("60.00"))]
    assert plan.total == D("60.00")


def test_a_plan_outside_the_policy_is_laid_out_for_the_supervisor(policy: PlanPolicy) -> None:
    # 300 − 60 = 240 over 6: 40,00 each, below the 50,00 minimum, yet possible.
    plan = schedule(policy, D("300.00"), D("60.00"), 6, date(2026, 1, 5), HOLIDAYS)
    assert [line.amount for line in plan.instalments] == [D("40.00")] * 6
    assert plan.total == D("300.00")


def test_an_impossible_plan_has_no_schedule(policy: PlanPolicy) -> None:
    with pytest.raises(PlanError) as raised:
        schedule(policy, D("1000.00"), D("1200.00"), 3, date(2026, 1, 5), HOLIDAYS)
    assert raised.value.codes == [BreachCode.ADVANCE_EXCEEDS_DEBT]
    assert str(raised.value) == "not a possible plan: advance_exceeds_debt"


def test_belgian_holidays() -> None:
    found = belgian_holidays([2026])
    for day in [
        date(2026, 1, 1),
        date(2026, 4, 6),  # Easter Monday (Easter 5 April)
        date(2026, 5, 1),
        date(2026, 5, 14),  # Ascension, Easter + 39
        date(2026, 5, 25),  # Whit Monday, Easter + 50
        date(2026, 7, 21),
        date(2026, 8, 15),
        date(2026, 11, 1),
        date(2026, 11, 11),
        date(2026, 12, 25),
    ]:
        assert day in found
    assert date(2026, 12, 26) not in found
    assert date(2026, 11, 15) not in found


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 8, 14), date(2026, 8, 14)),  # a Friday: itself
        (date(2026, 8, 15), date(2026, 8, 17)),  # Saturday and Assumption → Monday
        (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas, Friday → Monday 28
        (date(2026, 12, 31), date(2026, 12, 31)),  # a Thursday
    ],
)
def test_the_next_business_day(day: date, expected: date) -> None:
    assert business_day(day, HOLIDAYS) == expected


def test_the_years_a_plan_spans(policy: PlanPolicy) -> None:
    # 20/12/2026 + 15 = 4/1/2027; 12 months on: 31/1/2028; a move could reach 2029 at most.
    assert plan_years(policy, date(2026, 12, 20), 12) == range(2026, 2030)


# --- a missed instalment -------------------------------------------------------------------

DUE = date(2026, 3, 31)  # reminder from 31/3 + 10 = 10 April, lapse from 31/3 + 30 = 30 April


@pytest.mark.parametrize(
    ("today", "paid", "state"),
    [
        (date(2026, 3, 20), False, MissState.ON_TIME),  # not due yet
        (date(2026, 3, 31), False, MissState.ON_TIME),  # its due date
        (date(2026, 4, 9), False, MissState.ON_TIME),  # the day before the reminder
        (date(2026, 4, 10), False, MissState.REMINDER_DUE),  # the reminder's day
        (date(2026, 4, 11), False, MissState.REMINDER_DUE),  # the day after
        (date(2026, 4, 29), False, MissState.REMINDER_DUE),  # the day before the lapse
        (date(2026, 4, 30), False, MissState.LAPSED),  # the lapse's day
        (date(2026, 5, 1), False, MissState.LAPSED),  # the day after
        (date(2026, 5, 1), True, MissState.PAID),
        (date(2026, 4, 10), True, MissState.PAID),
    ],
)
def test_a_missed_instalment(policy: PlanPolicy, today: date, paid: bool, state: MissState) -> None:
    assert missed(policy, DUE, today, paid) is state


def test_the_delays_come_from_the_policy(policy: PlanPolicy) -> None:
    # With 5 and 20 days: 31/3 + 5 = 5 April, 31/3 + 20 = 20 April.
    other = replace(policy, reminder_days=5, grace_days=20)
    assert missed(other, DUE, date(2026, 4, 5), False) is MissState.REMINDER_DUE
    assert missed(other, DUE, date(2026, 4, 20), False) is MissState.LAPSED


@pytest.mark.parametrize(
    ("offered_on", "days", "last_day"),
    [
        (date(2026, 3, 2), 30, date(2026, 4, 1)),  # 2 March + 30 days
        (date(2026, 12, 15), 30, date(2027, 1, 14)),  # across the year's end
        (date(2028, 2, 1), 30, date(2028, 3, 2)),  # a leap February has 29 days
        (date(2026, 3, 2), 1, date(2026, 3, 3)),
    ],
)
def test_a_counter_proposal_may_be_accepted_until(
    policy: PlanPolicy, offered_on: date, days: int, last_day: date
) -> None:
    assert offer_last_day(replace(policy, offer_days=days), offered_on) == last_day


# --- surcharges a waiver may cancel ------------------------------------------------------

Q1_DUE, Q2_DUE = date(2026, 3, 31), date(2026, 6, 30)


def quarter(q: int, due: date, surcharge: str | None = "26.71") -> list[Entry]:
    """890,42 + 3,05 % fees 27,16 = 917,58 of principal; 3 % of 890,42 = 26,71 surcharge."""
    found = [
        Entry(EntryKind.CONTRIBUTION, D("890.42"), date(2026, 1, 15), 2026, q, due),
        Entry(EntryKind.MANAGEMENT_FEE, D("27.16"), date(2026, 1, 15), 2026, q, due),
    ]
    if surcharge:
        found.append(Entry(EntryKind.SURCHARGE, D(surcharge), due, 2026, q, due))
    return found


def credit(kind: EntryKind, amount: str, q: int | None = 1) -> Entry:
    return Entry(kind, -D(amount), date(2026, 5, 2), 2026 if q else None, q)


PAY = EntryKind.PAYMENT


@pytest.mark.parametrize(
    ("credits", "settled", "unpaid", "waivable"),
    [
        ([], "0.00", "26.71", "0.00"),  # nothing paid
        ([credit(PAY, "900.00")], "900.00", "26.71", "0.00"),  # 900 < 917,58
        ([credit(PAY, "917.57")], "917.57", "26.71", "0.00"),  # one cent short
        ([credit(PAY, "917.58")], "917.58", "26.71", "26.71"),  # the principal exactly
        # 927,58 paid: 944,29 − 927,58 = 16,71 of the surcharge still unpaid.
        ([credit(PAY, "927.58")], "927.58", "16.71", "16.71"),
        ([credit(PAY, "944.29")], "944.29", "0.00", "0.00"),  # all paid, nothing to cancel
        # The surcharge already reversed: 917,58 + 26,71 settle everything.
        ([credit(PAY, "917.58"), credit(EntryKind.REVERSAL, "26.71")], "944.29", "0.00",
         "0.00"),
        # An exemption of the principal counts as settling it.
        ([credit(EntryKind.EXEMPTION, "917.58")], "917.58", "26.71", "26.71"),
        # A payment naming no quarter settles the oldest one.
        ([credit(PAY, "917.58", None)], "917.58", "26.71", "26.71"),
    ],
)  # fmt: skip
def test_the_surcharges_a_waiver_may_cancel(
    credits: list[Entry], settled: str, unpaid: str, waivable: str
) -> None:
    assert waivable_surcharges([*quarter(1, Q1_DUE), *credits]) == [
        SurchargeWaiver(2026, 1, D("917.58"), D(settled), D("26.71"), D(unpaid), D(waivable))
    ]


def test_a_regularisation_is_principal_too() -> None:
    regularisation = Entry(EntryKind.REGULARISATION, D("100.00"), date(2026, 4, 1), 2026, 1)
    [found] = waivable_surcharges([*quarter(1, Q1_DUE), regularisation, credit(PAY, "917.58")])
    # 917,58 + 100,00 = 1 017,58 of principal: 917,58 paid is not all of it.
    assert (found.principal, found.principal_paid, found.waivable) == (
        D("1017.58"),
        False,
        D("0.00"),
    )


def test_only_quarters_with_surcharges_are_listed_each_on_its_own() -> None:
    entries = [
        *quarter(1, Q1_DUE, surcharge=None),
        *quarter(2, Q2_DUE, surcharge="26.71"),
        credit(PAY, "917.58", 1),
        credit(PAY, "917.58", 2),
    ]
    [found] = waivable_surcharges(entries)
    assert (found.year, found.quarter, found.waivable) == (2026, 2, D("26.71"))


def test_a_loose_payment_pays_the_older_surcharge_before_the_newer_principal() -> None:
    # 1 850,00 naming no quarter: Q1 takes all its 944,29 (principal and surcharge), Q2 the
    # 905,71 left, less than its 917,58 of principal: nothing of Q2 is waivable yet.
    entries = [*quarter(1, Q1_DUE), *quarter(2, Q2_DUE), credit(PAY, "1850.00", None)]
    assert [(w.quarter, w.settled, w.waivable) for w in waivable_surcharges(entries)] == [
        (1, D("944.29"), D("0.00")),
        (2, D("905.71"), D("0.00")),
    ]
