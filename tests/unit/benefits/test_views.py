"""The next payment an entitlement's page shows: the first scheduled one due from today, else
the oldest one still scheduled (back pay not yet made), never a paid or cancelled one."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from app.benefits.queries import EntitlementView, PaymentView


def payment(number: int, due: date, status: str = "scheduled") -> PaymentView:
    return PaymentView(number, "month", due, due, due, Decimal(1), None, "U", status, None)


def view(*payments: PaymentView) -> EntitlementView:
    return EntitlementView(
        uuid.uuid4(), uuid.uuid4(), "bridging_right", uuid.uuid4(), "bankruptcy", {},
        date(2025, 3, 12), date(2026, 3, 7), "active", datetime(2025, 6, 2), payments,
    )  # fmt: skip


def test_the_first_payment_due_from_today() -> None:
    e = view(payment(1, date(2025, 6, 2), "paid"), payment(2, date(2025, 7, 1)),
             payment(3, date(2025, 8, 1)))  # fmt: skip
    assert e.next_payment(date(2025, 7, 2)) == payment(3, date(2025, 8, 1))
    assert e.next_payment(date(2025, 7, 1)) == payment(2, date(2025, 7, 1))


def test_back_pay_still_scheduled_comes_first_when_nothing_is_ahead() -> None:
    e = view(payment(1, date(2025, 6, 2)), payment(2, date(2025, 7, 1), "cancelled"))
    assert e.next_payment(date(2025, 9, 1)) == payment(1, date(2025, 6, 2))


def test_nothing_left() -> None:
    assert view(payment(1, date(2025, 6, 2), "paid")).next_payment(date(2025, 6, 1)) is None
    assert view().unconfirmed == 0
