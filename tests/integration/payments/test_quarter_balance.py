"""ledger_quarter_balance, kept by a trigger on every ledger insert, always equals the sum of
each account's entries per quarter (the back office's arrears figures read it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.kit.db import fetch
from app.payments import service as payments
from app.payments.rules.ledger import EntryKind
from tests.support.actors import make_person

pytestmark = pytest.mark.integration


async def test_the_balance_follows_every_entry() -> None:
    account = (await payments.ensure_account(await make_person())).id
    other = (await payments.ensure_account(await make_person("Bert", "bert@example.be"))).id
    for n, (acc, kind, amount, quarter, due) in enumerate((
        (account, EntryKind.CONTRIBUTION, "800.00", 1, date(2026, 3, 31)),
        (account, EntryKind.MANAGEMENT_FEE, "24.40", 1, date(2026, 3, 31)),
        (account, EntryKind.PAYMENT, "-300.00", 1, None),
        (account, EntryKind.SURCHARGE, "24.72", 1, date(2026, 4, 30)),
        (account, EntryKind.REVERSAL, "-24.72", 1, None),
        (account, EntryKind.CONTRIBUTION, "800.00", 2, date(2026, 6, 30)),
        (other, EntryKind.CONTRIBUTION, "200.00", 1, date(2026, 3, 31)),
        (other, EntryKind.PAYMENT, "-200.00", 1, None),
        (other, EntryKind.PAYMENT, "-50.00", None, None),  # names no quarter: not kept
    )):  # fmt: skip
        await payments.book(acc, payments.NewEntry(
            kind=kind, amount=Decimal(amount), booked_on=date(2026, 4, 1),
            year=2026 if quarter else None, quarter=quarter, due_on=due,
            idempotency_key=f"balance:{n}", reason="test",
        ))  # fmt: skip
    kept = await fetch(
        "SELECT account, year, quarter, outstanding, due_on FROM ledger_quarter_balance "
        "ORDER BY outstanding DESC"
    )
    summed = await fetch(
        "SELECT account, year, quarter, sum(amount) AS outstanding, min(due_on) AS due_on "
        "FROM ledger_entry WHERE year IS NOT NULL AND quarter IS NOT NULL "
        "GROUP BY account, year, quarter ORDER BY outstanding DESC"
    )
    assert kept == summed
    assert [(r["quarter"], r["outstanding"], r["due_on"]) for r in kept] == [
        (2, Decimal("800.00"), date(2026, 6, 30)),
        (1, Decimal("524.40"), date(2026, 3, 31)),
        (1, Decimal("0.00"), date(2026, 3, 31)),
    ]
