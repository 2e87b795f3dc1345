"""The payments JSON API's bodies (OpenAPI at /schema): money as decimal strings."""

from __future__ import annotations

import msgspec


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
