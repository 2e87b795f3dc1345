"""The payments JSON API's bodies (OpenAPI at /schema): money as decimal strings; and the
plan terms' form, read the same by the builder and the staff counter-proposal."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import msgspec

from app.kit import forms
from app.kit.i18n import gettext as _
from app.payments.rules.ledger import QuarterStatus

MAX_INSTALMENTS_ASKED = 120  # a bound on the form: far above any policy, below any abuse


class PlanLineOut(msgspec.Struct, kw_only=True):
    number: int  # 0: the advance, then 1 to n
    due_on: str  # YYYY-MM-DD, moved to a working day
    amount: str  # euros, two decimals


class PlanBreachOut(msgspec.Struct, kw_only=True):
    code: str
    blocking: bool  # true: no plan is possible as proposed; false: a supervisor decides
    message: str  # in the request's language


class PlanPolicyOut(msgspec.Struct, kw_only=True):
    max_instalments: int
    min_instalment: str
    source: str
    confirmed: bool


class PlanPreviewOut(msgspec.Struct, kw_only=True):
    """A payment-plan proposal checked against the fund's policy, with its schedule as if
    approved today (none when a blocking breach makes it impossible)."""

    debt: str  # what the plan covers: every open quarter of the account
    quarters: list[str]  # "2026-Q3"
    minimum_advance: str
    approver: str | None  # agent, supervisor, or null: not possible as proposed
    breaches: list[PlanBreachOut]
    lines: list[PlanLineOut]
    total: str | None
    policy: PlanPolicyOut


def parse_plan_terms(
    form: Any, fields: tuple[str, ...] = ("reason",)
) -> tuple[dict[str, str], dict[str, str], Decimal | None, int | None]:
    """(typed, errors, advance, instalments) of the builder's form or query: an advance in
    euros (0 to 1 000 000 000), a whole number of instalments (0 to 120); `fields`: the
    other texts kept as typed. The builder's and the staff counter-proposal's."""
    typed = {name: str(form.get(name) or "") for name in ("advance", "instalments", *fields)}
    errors: dict[str, str] = {}
    advance: Decimal | None = None
    count: int | None = None
    try:
        advance = forms.money(typed["advance"])
    except forms.FieldError as exc:
        errors["advance"] = exc.message or _("Enter the advance in euros, for example 400,00")
    try:
        count = forms.integer(typed["instalments"], minimum=0,
                              maximum=MAX_INSTALMENTS_ASKED)  # fmt: skip
    except forms.FieldError:
        errors["instalments"] = _("Enter a number of monthly instalments between 0 and 120")
    return typed, errors, advance, count


# The exemption request's situation (rules/exemptions.py): bounds far above any household.
MAX_HOUSEHOLD = 20
MAX_REASON = 5000
EXEMPTION_CAUSES = ("illness", "loss_of_clients", "economic_crisis", "disaster", "family",
                    "other_cause")  # fmt: skip
_EXEMPTION_MESSAGES: dict[str, Any] = {
    "quarters": _("Choose at least one quarter"),
    "cause": _("Choose the cause of your difficulty"),
    "household_income": _("Enter your household's monthly net income in euros, for example "
                          "1 850,00"),
    "household_size": _("Enter the number of people in your household, from 1 to 20"),
    "dependants": _("Enter the number of dependent children, from 0 to 20"),
    "housing_cost": _("Enter your monthly rent or mortgage in euros (0 if none)"),
    "other_debts": _("Enter your other debts in euros (0 if none)"),
    "reason": _("Explain your situation"),
    "reason_long": _("Keep it under 5 000 characters"),
}  # fmt: skip


def parse_exemption(
    form: Any,
) -> tuple[dict[str, Any], dict[str, str], dict[str, Any] | None]:
    """(typed, errors, situation) of the exemption form: what was typed is kept (the quarters
    ticked as a list); the situation as request answers (money as decimal strings)."""
    names = ("cause", "household_income", "household_size", "dependants", "housing_cost",
             "other_debts", "reason", "key")  # fmt: skip
    typed: dict[str, Any] = {name: str(form.get(name) or "") for name in names}
    ticked = form.getall("quarters") if hasattr(form, "getall") and "quarters" in form else []
    typed["quarters"] = [str(q)[:16] for q in ticked][:40]
    errors: dict[str, str] = {}
    situation: dict[str, Any] = {}

    def say(code: str) -> str:
        return str(_EXEMPTION_MESSAGES[code])

    if not typed["quarters"]:
        errors["quarters"] = say("quarters")
    if typed["cause"] not in EXEMPTION_CAUSES:
        errors["cause"] = say("cause")
    else:
        situation["cause"] = typed["cause"]
    for name in ("household_income", "housing_cost", "other_debts"):
        try:
            amount = forms.money(typed[name], maximum=Decimal("100000000"))
        except forms.FieldError as exc:
            wrong = exc.message if exc.code != "required" else None
            errors[name] = wrong or say(name)
        else:
            situation[name] = str(amount)
    for name, lowest in (("household_size", 1), ("dependants", 0)):
        try:
            situation[name] = forms.integer(typed[name], minimum=lowest, maximum=MAX_HOUSEHOLD)
        except forms.FieldError:
            errors[name] = say(name)
    reason = typed["reason"].strip()
    if not reason:
        errors["reason"] = say("reason")
    elif len(reason) > MAX_REASON:
        errors["reason"] = say("reason_long")
    return typed, errors, (None if errors else {**situation, "reason": reason})


# --------------------------------------------------------------------------- the JSON API (/api/v1)
# Money is a decimal string with two decimals (kit.money.to_json), never a number.
MoneyText = Annotated[
    str, msgspec.Meta(pattern=r"^-?\d+\.\d{2}$", description="Euros, e.g. 917.58")
]


class AccountQuarterOut(msgspec.Struct, frozen=True, kw_only=True):
    year: int
    quarter: Annotated[int, msgspec.Meta(ge=1, le=4)]
    due_on: date
    charged: MoneyText
    settled: MoneyText
    outstanding: MoneyText
    status: QuarterStatus


class AccountOut(msgspec.Struct, frozen=True, kw_only=True):
    balance: Annotated[MoneyText, msgspec.Meta(description="Owed (positive) or in credit")]
    next_due: AccountQuarterOut | None
    quarters: list[AccountQuarterOut]


class NoticeOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    year: int
    quarter: Annotated[int, msgspec.Meta(ge=1, le=4)]
    amount: MoneyText
    due_on: date
    issued_on: date
    communication: Annotated[str, msgspec.Meta(description="Structured: +++123/4567/89012+++")]
    url: str  # the notice's page (with its QR code)
