"""The payout rules: IBAN checks, masking, amounts in cents, and which payments a run takes."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from app.benefits.rules.payouts import (
    Due,
    IbanProblem,
    SkipReason,
    check_iban,
    masked,
    payable_amount,
    printed,
    select_run,
)
from app.benefits.runs import execution_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("BE62 5100 0754 7061", ("BE62510007547061", None)),
        ("be71096123456769", ("BE71096123456769", None)),
        ("BE62510007547062", (None, IbanProblem.INVALID)),  # check digits
        ("BE6251000754706", (None, IbanProblem.INVALID)),  # one digit short
        ("NL91ABNA0417164300", (None, IbanProblem.NOT_BELGIAN)),
        ("   ", (None, IbanProblem.EMPTY)),
    ],
)
def test_check_iban(raw: str, expected: tuple[str | None, IbanProblem | None]) -> None:
    assert check_iban(raw) == expected


def test_an_iban_shows_its_last_four_digits_only() -> None:
    assert masked("BE62510007547061") == "BE.. .... .... 7061"
    assert masked(None) == ""
    assert printed("BE62510007547061") == "BE62 5100 0754 7061"


@pytest.mark.parametrize(
    ("share", "figure", "expected"),
    [
        (Decimal("0.25"), Decimal("1638.26"), Decimal("409.57")),  # 409.565 half up
        (Decimal("1"), Decimal("1638.26"), Decimal("1638.26")),
        (Decimal("0.75"), Decimal("2047.18"), Decimal("1535.39")),  # 1535.385 half up
    ],
)
def test_payable_amount(share: Decimal, figure: Decimal, expected: Decimal) -> None:
    assert payable_amount(share, figure) == expected


A, B = uuid.UUID(int=1), uuid.UUID(int=2)
P1, P2, P3, P4 = (uuid.UUID(int=10 + i) for i in range(4))


def test_a_run_takes_what_is_due_with_an_amount_and_an_account() -> None:
    due = [
        Due(P1, A, date(2026, 12, 1), Decimal("409.57")),
        Due(P2, A, date(2026, 12, 3), None),  # not yet confirmed
        Due(P3, B, date(2026, 12, 2), Decimal("100.00")),  # B gave no account
        Due(P4, A, date(2026, 12, 4), Decimal("409.57")),  # due after the run's day
    ]
    selection = select_run(due, {A: "BE62510007547061"}, date(2026, 12, 3))
    assert [d.payment for d in selection.taken] == [P1]
    assert [(d.payment, r) for d, r in selection.skipped] == [
        (P3, SkipReason.NO_ACCOUNT), (P2, SkipReason.NO_AMOUNT)]  # fmt: skip
    assert selection.total == Decimal("409.57")


def test_nothing_due_takes_nothing() -> None:
    selection = select_run([], {}, date(2026, 12, 3))
    assert (selection.taken, selection.skipped, selection.total) == ((), (), Decimal(0))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 3), date(2026, 12, 4)),  # Thursday: Friday
        (date(2026, 12, 4), date(2026, 12, 7)),  # Friday: Monday
        (date(2026, 12, 5), date(2026, 12, 7)),  # Saturday: Monday
    ],
)
def test_execution_date(today: date, expected: date) -> None:
    assert execution_date(today) == expected
