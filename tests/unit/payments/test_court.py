"""The court procedure's rules: which step may follow which, the dates a step may carry, its
costs and amount, and what the affiliate should expect next."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.payments.rules.court import (
    CourtStep,
    Previous,
    ProcedureKind,
    StepRefused,
    allowed_next,
    check_money,
    check_step,
    expected_next,
    is_open,
)

B = ProcedureKind.BAILIFF
L = ProcedureKind.LAWYER
K = ProcedureKind.BANKRUPTCY
S = CourtStep
D = Decimal
TODAY = date(2026, 9, 1)
CONTACT = date(2026, 7, 2)


@pytest.mark.parametrize(
    ("kind", "last", "allowed"),
    [
        (B, None, ("handed_over",)),
        (B, S.HANDED_OVER, ("summons", "closed")),
        (L, S.SUMMONS, ("judgment", "closed")),
        (B, S.JUDGMENT, ("payment_received", "closed")),
        (B, S.PAYMENT_RECEIVED, ("payment_received", "closed")),
        (B, S.CLOSED, ()),
        (K, None, ("curator_recorded",)),
        (K, S.CURATOR_RECORDED, ("claim_filed", "closed")),
        (K, S.CLAIM_FILED, ("dividend_received", "closed")),
        (K, S.DIVIDEND_RECEIVED, ("dividend_received", "closed")),
        (K, S.CLOSED, ()),
        (K, S.SUMMONS, ()),  # an ordinary step in a bankruptcy: nothing follows it
    ],
)
def test_allowed_next(
    kind: ProcedureKind, last: CourtStep | None, allowed: tuple[str, ...]
) -> None:
    assert tuple(s.value for s in allowed_next(kind, last)) == allowed


@pytest.mark.parametrize(
    ("kind", "previous", "step", "on", "contact", "refused"),
    [
        (B, Previous(None, None), S.HANDED_OVER, date(2026, 7, 2), CONTACT, None),
        (B, Previous(None, None), S.HANDED_OVER, date(2026, 8, 1), None, "no_contact"),
        (B, Previous(None, None), S.HANDED_OVER, date(2026, 7, 1), CONTACT, "before_contact"),
        (B, Previous(None, None), S.SUMMONS, date(2026, 8, 1), CONTACT, "not_allowed"),
        (B, Previous(None, None), S.HANDED_OVER, date(2026, 9, 2), CONTACT, "in_future"),
        (
            B,
            Previous(S.HANDED_OVER, date(2026, 8, 1)),
            S.SUMMONS,
            date(2026, 7, 31),
            CONTACT,
            "before_previous",
        ),
        (B, Previous(S.HANDED_OVER, date(2026, 8, 1)), S.SUMMONS, date(2026, 8, 1), CONTACT, None),
        (
            L,
            Previous(S.HANDED_OVER, date(2026, 8, 1)),
            S.JUDGMENT,
            date(2026, 8, 5),
            CONTACT,
            "not_allowed",
        ),
        (
            B,
            Previous(S.CLOSED, date(2026, 8, 1)),
            S.PAYMENT_RECEIVED,
            date(2026, 8, 5),
            CONTACT,
            "not_allowed",
        ),
        (K, Previous(None, None), S.HANDED_OVER, date(2026, 8, 1), CONTACT, "not_allowed"),
        (
            K,
            Previous(S.CURATOR_RECORDED, date(2026, 8, 1)),
            S.CLAIM_FILED,
            date(2026, 9, 1),
            CONTACT,
            None,
        ),
    ],
)
def test_check_step(
    kind: ProcedureKind, previous: Previous, step: CourtStep, on: date, contact: date | None,
    refused: str | None,
) -> None:  # fmt: skip
    got = check_step(kind, previous, step, on, contact_on=contact, today=TODAY)
    assert (got.value if isinstance(got, StepRefused) else got) == refused


@pytest.mark.parametrize(
    ("step", "costs", "amount", "wrong"),
    [
        (S.SUMMONS, D("0.00"), None, None),
        (S.SUMMONS, D("182.47"), None, None),
        (S.SUMMONS, D("100000.00"), None, None),
        (S.SUMMONS, D("100000.01"), None, "costs"),
        (S.SUMMONS, D("-1.00"), None, "costs"),
        (S.SUMMONS, D("10.005"), None, "costs"),
        (S.SUMMONS, D("10.00"), D("5.00"), "amount"),  # a summons carries no amount
        (S.PAYMENT_RECEIVED, D("0.00"), D("250.00"), None),
        (S.PAYMENT_RECEIVED, D("0.00"), None, "amount"),
        (S.CLAIM_FILED, D("0.00"), D("0.00"), "amount"),
        (S.DIVIDEND_RECEIVED, D("0.00"), D("10000000.01"), "amount"),
    ],
)
def test_check_money(step: CourtStep, costs: Decimal, amount: Decimal | None,
                     wrong: str | None) -> None:  # fmt: skip
    assert check_money(step, costs, amount) == wrong


@pytest.mark.parametrize(
    ("kind", "last", "coming", "open_"),
    [
        (B, S.HANDED_OVER, "summons", True),
        (B, S.SUMMONS, "judgment", True),
        (B, S.JUDGMENT, "payment_received", True),
        (B, S.PAYMENT_RECEIVED, "payment_received", True),
        (B, S.CLOSED, None, False),
        (K, S.CURATOR_RECORDED, "claim_filed", True),
        (K, S.CLAIM_FILED, "dividend_received", True),
        (K, S.CLOSED, None, False),
    ],
)
def test_expected_next(kind: ProcedureKind, last: CourtStep, coming: str | None,
                       open_: bool) -> None:  # fmt: skip
    got = expected_next(kind, last)
    assert (got.value if got else None) == coming
    assert is_open(last) is open_
