"""What the difficulty guide takes from a signed-in affiliate's account (wizards.known): the
prefilled amount and the account pages its outcome links to, as a table of cases."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from app.kit import i18n
from app.wizards import known


@dataclass(frozen=True)
class Facts:
    owed: Decimal
    quarters: str
    plan_open: bool = False
    exemption_open: bool = True


PLAN = {"payment_plan": {"monthly_amount": "150.00", "months": "7"}}
BOTH = {**PLAN, "exemption": {"quarters": "2/2026"}}


@pytest.fixture(autouse=True)
def english() -> object:
    with i18n.language("en"):
        yield


@pytest.mark.parametrize(
    ("owed", "value", "note"),
    [
        (Decimal("944.29"), "944,29", "Filled in from your contribution account: 944,29 € owed"),
        (Decimal("0.01"), "0,01", "0,01 € owed today for 2026-Q1, surcharges included"),
        (Decimal("0.00"), None, "Your contribution account shows nothing owed today."),
        (Decimal("-12.00"), None, "shows nothing owed today"),  # a credit is not a debt
    ],
)
def test_the_amount_owed_prefilled(owed: Decimal, value: str | None, note: str) -> None:
    found = known.owed_from_account(Facts(owed, "2026-Q1"))
    assert found.value == value
    assert note in found.note.replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("facts", "offers", "answers", "urls"),
    [
        # In debt: the builder over the guide's months; the exemption with its cause.
        (Facts(Decimal("944.29"), "2026-Q1"), BOTH, {"cause": "illness"},
         ["/account/contributions/plan?instalments=7",
          "/account/contributions/exemption?cause=illness"]),
        # A cause the exemption form does not have: nothing chosen for the person.
        (Facts(Decimal("944.29"), "2026-Q1"), BOTH, {"cause": "income_drop"},
         ["/account/contributions/plan?instalments=7", "/account/contributions/exemption"]),
        (Facts(Decimal("944.29"), "2026-Q1"), BOTH, {"cause": "economic"},
         ["/account/contributions/plan?instalments=7",
          "/account/contributions/exemption?cause=economic_crisis"]),
        # A plan already on the account: see it, not a second one.
        (Facts(Decimal("944.29"), "2026-Q1", plan_open=True), PLAN, {},
         ["/account/contributions/plan"]),
        # Nothing owed and no plan: the guide's own request stays (no builder link).
        (Facts(Decimal("0.00"), ""), PLAN, {}, []),
        # No exemption possible today: the form says why, nothing prefilled.
        (Facts(Decimal("944.29"), "2026-Q1", exemption_open=False),
         {"exemption": {"quarters": "2/2026"}}, {"cause": "illness"},
         ["/account/contributions/exemption"]),
        # Months the builder could not take are not passed on.
        (Facts(Decimal("944.29"), "2026-Q1"), {"payment_plan": {"months": "x"}}, {},
         ["/account/contributions/plan"]),
        # Offers the account has no page for: none.
        (Facts(Decimal("944.29"), "2026-Q1"), {"surcharge_waiver": {}}, {}, []),
    ],
)  # fmt: skip
def test_the_account_pages_linked(
    facts: Facts, offers: dict[str, dict[str, str]], answers: dict[str, str], urls: list[str]
) -> None:
    assert [page.url for page in known.account_pages(facts, offers, answers)] == urls


def test_the_buttons_say_what_the_page_does() -> None:
    ready = known.account_pages(Facts(Decimal("10.00"), "2026-Q1"), BOTH, {})
    closed = known.account_pages(
        Facts(Decimal("10.00"), "2026-Q1", plan_open=True, exemption_open=False), BOTH, {}
    )
    assert [p.button for p in ready] == ["Propose a payment plan", "Prepare my exemption request"]
    assert [p.button for p in closed] == ["See my payment plan", "See my exemption"]
    assert "(2026-Q1)" in ready[0].text
