"""Management fees (frais de gestion): a percentage the fund adds to the net contribution."""

from __future__ import annotations

from decimal import Decimal

from app.contributions.rules.errors import InvalidFeeRate
from app.contributions.rules.parameters import YearParameters
from app.kit.money import cents


def checked_fee_rate(params: YearParameters, rate: Decimal | None) -> Decimal:
    """The fund's own rate by default; any other rate must be within the legal range."""
    if rate is None:
        return params.management_fee_rate
    if isinstance(rate, bool) or not isinstance(rate, Decimal) or not rate.is_finite():
        raise InvalidFeeRate(rate)
    if not params.management_fee_minimum <= rate <= params.management_fee_maximum:
        raise InvalidFeeRate(rate)
    return rate


def management_fee(quarterly: Decimal, rate: Decimal) -> Decimal:
    # Applied on the rounded quarterly amount, rounded again: this reproduces the funds' published
    # amounts with fees to the cent (xerius.be: 871.71 net + 3.05 % = 898.30 in 2025).
    return cents(quarterly * rate)
