"""The JSON contract of the simulator API (a stable contract: other tools rely on it).

Money and ratios are decimal strings (two decimals for money), never floats.
"""

from __future__ import annotations

from datetime import date

import msgspec


class ExplanationLineOut(msgspec.Struct, kw_only=True):
    """One rule applied, in the request's language; base/rate/amount are exact decimals."""

    code: str
    text: str
    base: str | None
    rate: str | None
    amount: str | None


class QuarterOut(msgspec.Struct, kw_only=True):
    quarter: int
    due_date: date
    amount: str  # quarterly total, management fee included


class StarterQuarterOut(msgspec.Struct, kw_only=True):
    """A quarter of a starter's first year; extended: paid one quarter later (catch-up)."""

    year: int
    quarter: int
    due_date: date
    extended: bool
    amount: str  # total, management fee included


class UnconfirmedOut(msgspec.Struct, kw_only=True):
    """A parameter the result depends on whose value is unconfirmed (U) or derived (D)."""

    name: str
    status: str
    label: str
    source: str


class SimulationOut(msgspec.Struct, kw_only=True):
    year: int
    category: str
    income_basis: str
    annual_contribution: str
    quarterly_contribution: str  # net, before management fees
    management_fee_rate: str
    quarterly_management_fee: str
    quarterly_total: str
    quarters: list[QuarterOut]
    explanation: list[ExplanationLineOut]
    unconfirmed: list[UnconfirmedOut]
    # Only with start_quarter: the first year's quarters and their due dates.
    starter_calendar: list[StarterQuarterOut] | None = None
    first_quarter_reduction: str | None = None  # net reduction of the first quarter


class RegularisedQuarterOut(msgspec.Struct, kw_only=True):
    quarter: int
    provisional: str
    definitive: str
    difference: str  # positive: due; negative: refunded


class RegularisationOut(msgspec.Struct, kw_only=True):
    """The regularisation of a year: definitive contributions on the real income (net)."""

    year: int
    category: str
    real_income: str
    income_basis: str
    quarters: list[RegularisedQuarterOut]
    total_provisional: str
    total_definitive: str
    balance_due: str
    refund: str
    supplement_due_date: date | None
    explanation: list[ExplanationLineOut]


class SurchargeLineOut(msgspec.Struct, kw_only=True):
    code: str
    on: date
    base: str
    rate: str
    amount: str


class SurchargeOut(msgspec.Struct, kw_only=True):
    amount: str
    due_date: date
    settled_on: date
    paid: bool
    lines: list[SurchargeLineOut]
    stopped_on: date | None
    total: str
    explanation: list[ExplanationLineOut]
