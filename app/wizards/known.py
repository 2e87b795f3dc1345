"""What the fund already knows of a signed-in affiliate, for a guide to start from.

The payment-difficulty guide asks a visitor how much they owe; an affiliate's account knows
it. The account lives in the payments domain, of the same rank as this one, so it is read
through a reader registered at wiring (app.main), as requests read guide answers.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol
from urllib.parse import urlencode

from app.kit import i18n
from app.kit.i18n import gettext as _


class AccountFacts(Protocol):
    """The account as the guide needs it (payments.queries.DifficultyFacts)."""

    @property
    def owed(self) -> Decimal: ...
    @property
    def quarters(self) -> str: ...
    @property
    def plan_open(self) -> bool: ...
    @property
    def exemption_open(self) -> bool: ...


AccountReader = Callable[[uuid.UUID, date], Awaitable[AccountFacts | None]]
_READERS: list[AccountReader] = []


def register_account_reader(reader: AccountReader) -> None:
    _READERS.clear()  # one reader; a second registration (tests build the app again) replaces
    _READERS.append(reader)


async def account_facts(person_id: uuid.UUID | None, today: date) -> AccountFacts | None:
    """None for a visitor, for an affiliate whose account is not opened, or unwired."""
    if person_id is None or not _READERS:
        return None
    return await _READERS[0](person_id, today)


@dataclass(frozen=True)
class Prefill:
    """An answer taken from the account, and the sentence shown with its field."""

    value: str | None  # the field's value as a person types it, None: nothing to prefill
    note: str


def owed_from_account(facts: AccountFacts) -> Prefill:
    """The amount owed today, contributions and surcharges, as the account books it."""
    if facts.owed <= 0:
        return Prefill(None, _("Your contribution account shows nothing owed today."))
    return Prefill(
        f"{facts.owed:.2f}".replace(".", ","),  # a decimal comma, as the builder writes it
        _(
            "Filled in from your contribution account: %(amount)s owed today for %(quarters)s, "
            "surcharges included. Change it if you owe something else.",
            amount=i18n.format_money(facts.owed),
            quarters=facts.quarters,
        ),
    )


PREFILLS: Mapping[str, Callable[[AccountFacts], Prefill]] = {"amount_owed": owed_from_account}

# Guide causes -> the exemption form's causes (payments.schemas.EXEMPTION_CAUSES).
_EXEMPTION_CAUSE = {"illness": "illness", "economic": "economic_crisis"}


@dataclass(frozen=True)
class AccountPage:
    """A request the account makes on its own page (built from the ledger), not from the
    guide's generic filing: the guide links there, prefilled from its answers."""

    kind: str
    url: str
    title: str
    text: str
    button: str


# The offers the account makes on its own pages (account_pages): only an outcome offering one
# of them reads the account.
ACCOUNT_KINDS = frozenset({"payment_plan", "exemption"})


def account_pages(
    facts: AccountFacts, offers: Mapping[str, Mapping[str, str]], answers: Mapping[str, str]
) -> list[AccountPage]:
    """The pages the outcome points to instead of the offers they replace (`offers`: the
    outcome's offers by kind, with their prefilled answers)."""
    pages: list[AccountPage] = []
    if "payment_plan" in offers:
        if facts.plan_open:
            pages.append(AccountPage(
                "payment_plan", "/account/contributions/plan", _("Your payment plan"),
                _("A payment plan is already proposed or running on your account: see where "
                  "it stands."),
                _("See my payment plan"),
            ))  # fmt: skip
        elif facts.owed > 0:
            months = offers["payment_plan"].get("months", "")
            query = urlencode({"instalments": months}) if months.isdigit() else ""
            pages.append(AccountPage(
                "payment_plan", "/account/contributions/plan" + (f"?{query}" if query else ""),
                _("Build your plan from your real balance"),
                _("Your contribution account knows what you owe, quarter by quarter "
                  "(%(quarters)s): propose an advance and monthly instalments there and see the "
                  "schedule at once.", quarters=facts.quarters),
                _("Propose a payment plan"),
            ))  # fmt: skip
    if "exemption" in offers:
        cause = _EXEMPTION_CAUSE.get(answers.get("cause", ""))
        query = f"?{urlencode({'cause': cause})}" if cause and facts.exemption_open else ""
        text = (
            _("Choose the quarters still open to a request, describe your situation and add "
              "your documents: we check the file and forward it to INASTI.")
            if facts.exemption_open
            else _("Your account shows the exemption request already open, or why none can be "
                   "made today.")
        )  # fmt: skip
        pages.append(AccountPage(
            "exemption", "/account/contributions/exemption" + query,
            _("Ask INASTI for an exemption"), text, _("Prepare my exemption request")
            if facts.exemption_open else _("See my exemption"),
        ))  # fmt: skip
    return pages
