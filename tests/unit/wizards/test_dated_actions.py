"""Advice dated against today (issue 12): an action whose date has passed says what to do now.

Tables of literal dates: the same answers on a day before the action's date and on a day after
it. The pension case is the one a person saw: "apply from 1 June 2026" shown on 1 December 2026.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.kit import i18n
from app.wizards import rules
from app.wizards.catalogue import WIZARDS
from app.wizards.outcomes import present
from app.wizards.rules import OutcomeResult
from app.wizards.rules.common import NOW, Item, against_today

D = Decimal


def action(result: OutcomeResult, code: str) -> Item:
    found = [a for a in result.actions if a.code in (code, code + NOW)]
    assert len(found) == 1, [a.code for a in result.actions]
    return found[0]


# (guide, answers, action code, a day before its date, a day after it)
CASES: list[tuple[str, dict[str, Any], str, date, date]] = [
    # Early pension at 63 (42 years) on 1/6/2027: requested at the earliest 12 months before.
    ("pension", {"birth_date": date(1964, 5, 10), "career_years": 42, "plan": "stop",
                 "partner_died": False},
     "apply_early_or_deferred", date(2026, 5, 1), date(2026, 12, 1)),
    ("starting_out", {"status": "own_name", "activity": "main", "start_date": date(2026, 2, 1),
                      "expected_income": D("30000"), "enterprise_number": None},
     "affiliate_before_start", date(2026, 1, 15), date(2026, 2, 2)),
    ("starting_out", {"status": "own_name", "activity": "main", "start_date": date(2026, 2, 1),
                      "expected_income": D("30000"), "enterprise_number": None},
     "get_enterprise_number", date(2026, 1, 15), date(2026, 3, 16)),
    ("new_child", {"event": "birth", "role": "mother", "child_date": date(2026, 5, 10),
                   "multiple": False, "disability": False, "activity": "main",
                   "contributions_paid": True},
     "declare_birth_mutualite", date(2026, 4, 1), date(2026, 5, 11)),
    # 14/7/2026 + 7 days is 21/7, a public holiday: the deadline is 22/7/2026.
    ("illness", {"who": "self", "since": date(2026, 7, 14), "stopped": True,
                 "self_employed_90_days": True, "previous_quarter_paid": True},
     "declare_incapacity", date(2026, 7, 22), date(2026, 7, 23)),
    ("cessation", {"end_date": date(2026, 5, 15), "reason": "economic",
                   "continue_insurance": True},
     "pay_last_quarter", date(2026, 6, 30), date(2026, 7, 1)),
    ("cessation", {"end_date": date(2026, 5, 15), "reason": "economic",
                   "continue_insurance": True},
     "tell_fund_cessation", date(2026, 5, 15), date(2026, 5, 16)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("slug", "answers", "code", "before", "after"),
    CASES,
    ids=[f"{c[0]}-{c[2]}" for c in CASES],
)
def test_a_past_date_says_what_to_do_now(
    slug: str, answers: dict[str, Any], code: str, before: date, after: date
) -> None:
    rule = WIZARDS[slug].outcome.rules
    on_time = action(rule(answers, before), code)
    assert on_time.code == code
    assert on_time.values["deadline"] >= before
    late = action(rule(answers, after), code)
    assert late.code == code + NOW
    assert late.values["deadline"] < after


def test_the_pension_seen_on_1_december_2026() -> None:
    answers = {"birth_date": date(1964, 5, 10), "career_years": 42, "plan": "stop",
               "partner_died": False}  # fmt: skip
    wizard = WIZARDS["pension"]
    with i18n.language("fr"):
        shown = present(wizard, rules.pension(answers, date(2026, 12, 1)))
        early = [a for a in shown.actions if a.now]
        assert len(early) == 1
        assert "vous pouvez la demander dès maintenant" in early[0].text
        assert early[0].deadline is None  # "Now" instead of a past date
        before = present(wizard, rules.pension(answers, date(2026, 5, 1)))
        assert not any(a.now for a in before.actions)
        assert date(2026, 6, 1) in [a.deadline for a in before.actions]


@pytest.mark.parametrize(
    ("deadline", "today", "late"),
    [(date(2026, 6, 1), date(2026, 5, 31), False), (date(2026, 6, 1), date(2026, 6, 1), False),
     (date(2026, 6, 1), date(2026, 6, 2), True)],
    ids=["day-before", "the-day-itself", "day-after"],
)  # fmt: skip
def test_against_today(deadline: date, today: date, late: bool) -> None:
    items = against_today([Item("act", {"deadline": deadline}), Item("undated")], today)
    assert [i.code for i in items] == ["act_now" if late else "act", "undated"]


def test_every_dated_action_has_its_now_sentence() -> None:
    """Each action text with a date has its `_now` text, and no `_now` text is orphaned."""
    for wizard in WIZARDS.values():
        texts = wizard.outcome.texts
        for code in texts:
            if code.endswith(NOW):
                assert code.removesuffix(NOW) in texts, (wizard.slug, code)
        for code, text in texts.items():
            body = str(text[1] if isinstance(text, tuple) else text)
            if "%(deadline)s" in body and not code.endswith(NOW) and code + NOW not in texts:
                assert code in RIGHTS_WITH_DATES, (wizard.slug, code)


# Dated rights (not actions): what they state stays true; against_today leaves them alone.
RIGHTS_WITH_DATES = {"starter_extra_quarter", "company_contribution", "birth_leave", "exemption"}
