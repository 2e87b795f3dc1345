"""Decimal checks for the contribution engine; rounding itself is `app.kit.money.cents`."""

from __future__ import annotations

from decimal import Decimal

from app.contributions.rules.errors import InvalidAmount, InvalidIncome

ZERO = Decimal("0.00")


def as_amount(value: object, *, field: str = "amount", income: bool = False) -> Decimal:
    """Accept Decimal or int (exact); refuse floats, non-finite and negative values."""
    error: type[InvalidAmount] = InvalidIncome if income else InvalidAmount
    # bool is an int subclass; a True income is certainly a bug.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise error(
            f"{field} must be a Decimal, got {type(value).__name__}",
            field=field,
            code=f"{field}.not_decimal",
        )
    amount = Decimal(value)
    if not amount.is_finite():
        raise error(f"{field} must be finite", field=field, code=f"{field}.not_finite")
    if amount < 0:
        raise error(f"{field} must not be negative", field=field, code=f"{field}.negative")
    return amount
