"""Explanation lines: how a result was obtained, as codes and numbers, never sentences.

Templates translate each code (one msgid per code) and format base/rate/amount in the user's
language. `amount` values on intermediate lines (band1, band2, annual) are exact; only the
`quarterly`, `fee`, `total` and surcharge lines carry amounts rounded to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Income used
INCOME_ESTIMATE = "income.estimate"  # amount = income estimated by the member
INCOME_REFERENCE = "income.reference"  # base = N-3 income as sent by SPF Finances
INCOME_INDEXED = "income.indexed"  # base = N-3 income, rate = revaluation coefficient
INCOME_REAL = "income.real"  # regularisation: real income of year N, no indexation
INCOME_ANNUALISED = "income.annualised"  # base = income of a partial year, rate = 4/quarters
INCOME_MINIMUM_APPLIED = "income.minimum_applied"  # base = declared income, amount = minimum

# Formula
BAND1 = "band1"  # base = part of income in band 1, rate 20.50 %
BAND2 = "band2"  # base = part of income between band 1 and band 2, rate 14.16 %
CAP_BAND2 = "cap.band2"  # base = income, amount = band-2 ceiling: nothing due above it
ANNUAL = "annual"  # amount = exact annual contribution
QUARTERLY = "quarterly"  # base = annual, amount = annual / 4 rounded to the cent
FEE = "fee"  # base = quarterly net, rate = fee rate, amount = rounded fee
TOTAL = "total"  # amount = quarterly net + fee

# Category rules
SECONDARY_BELOW_THRESHOLD = "secondary.below_threshold"  # base = income, amount = threshold
STUDENT_EXEMPT = "student.exempt"  # base = income, amount = exemption threshold
STUDENT_REDUCED = "student.reduced"  # base = income − threshold, rate 20.50 %
STUDENT_FULL_REGIME = "student.full_regime"  # base = income, amount = full-regime threshold
PENSIONER_EXEMPT = "pensioner.exempt"  # base = income, amount = threshold
PENSIONER_BAND1 = "pensioner.band1"  # base = part in band 1, rate 14.70 %
PENSIONER_BAND2 = "pensioner.band2"  # base = part in band 2, rate 14.16 %
# A survivor's pension before the legal pension age, or the legal age without a pension:
# the main-activity rules apply (AR 38 art. 13 §2).
PENSIONER_MAIN_REGIME = "pensioner.main_regime"

# Starting out
STARTER_DEFAULT = "starter.default"  # amount = default starting quarterly amount (art. 13bis)
STARTER_FIRST_QUARTER_REDUCTION = "starter.first_quarter_reduction"  # base = quarterly net
#   of the first quarter, rate = None, amount = reduction (AR 38 art. 12 §1bis)

# Regularisation
REGULARISATION_PROVISIONAL = "regularisation.provisional"  # amount = provisional paid
REGULARISATION_DEFINITIVE = "regularisation.definitive"  # amount = definitive due
REGULARISATION_BALANCE_DUE = "regularisation.balance_due"  # amount = supplement to pay
REGULARISATION_REFUND = "regularisation.refund"  # amount = excess to refund
REGULARISATION_SETTLED = "regularisation.settled"  # nothing due, nothing refunded

# Surcharges (majorations)
SURCHARGE_QUARTERLY = "surcharge.quarterly"  # base = unpaid, rate 3 %
SURCHARGE_ANNUAL = "surcharge.annual"  # base = unpaid at 31/12, rate 7 %
SURCHARGE_TOTAL = "surcharge.total"
SURCHARGE_STOPPED = "surcharge.stopped"  # base = unpaid; no surcharge from this quarter end on
#   because the regularisation was communicated (AR 19/12/1967 art. 44)

# Company contribution
COMPANY_LOW = "company.low"  # base = balance-sheet total N-2 ≤ threshold
COMPANY_HIGH = "company.high"  # base = balance-sheet total N-2 > threshold
COMPANY_EXEMPT = "company.exempt"  # start-up company exempted (first three years)
COMPANY_LATE = "company.late"  # base = contribution, rate = 1 % × months late, amount = fine

ALL_CODES: frozenset[str] = frozenset(
    {
        INCOME_ESTIMATE,
        INCOME_REFERENCE,
        INCOME_INDEXED,
        INCOME_REAL,
        INCOME_ANNUALISED,
        INCOME_MINIMUM_APPLIED,
        BAND1,
        BAND2,
        CAP_BAND2,
        ANNUAL,
        QUARTERLY,
        FEE,
        TOTAL,
        SECONDARY_BELOW_THRESHOLD,
        STUDENT_EXEMPT,
        STUDENT_REDUCED,
        STUDENT_FULL_REGIME,
        PENSIONER_EXEMPT,
        PENSIONER_BAND1,
        PENSIONER_BAND2,
        PENSIONER_MAIN_REGIME,
        STARTER_DEFAULT,
        STARTER_FIRST_QUARTER_REDUCTION,
        REGULARISATION_PROVISIONAL,
        REGULARISATION_DEFINITIVE,
        REGULARISATION_BALANCE_DUE,
        REGULARISATION_REFUND,
        REGULARISATION_SETTLED,
        SURCHARGE_QUARTERLY,
        SURCHARGE_ANNUAL,
        SURCHARGE_TOTAL,
        SURCHARGE_STOPPED,
        COMPANY_LOW,
        COMPANY_HIGH,
        COMPANY_EXEMPT,
        COMPANY_LATE,
    }
)


@dataclass(frozen=True, slots=True)
class Line:
    """One step of a computation. Unused fields are None."""

    code: str
    base: Decimal | None = None
    rate: Decimal | None = None
    amount: Decimal | None = None

    def __post_init__(self) -> None:
        # A code the UI cannot translate is a bug: fail where it is created.
        if self.code not in ALL_CODES:
            raise ValueError(f"unknown explanation code {self.code!r}")


Explanation = tuple[Line, ...]
