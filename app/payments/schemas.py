"""The payments JSON API's bodies (OpenAPI at /schema): money as decimal strings; and the
plan terms' form, read the same by the builder and the staff counter-proposal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from app.kit import forms
from app.kit.i18n import gettext as _

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
