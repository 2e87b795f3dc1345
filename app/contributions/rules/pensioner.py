"""Who pays as a working pensioner (AR 38 art. 13).

The pensioner rates (14.70 % on the first bracket, nothing under the threshold) apply to a
person who draws a retirement pension, at any age, or a survivor's pension once the legal
pension age is reached. A survivor's pension before that age pays as a main activity, and so
does a person who reaches the legal pension age without taking the pension (since
1 October 2025 that regime builds pension rights). Sources: AR 38 art. 13 §2; xerius.be
(principal – pension de survie); vlaio.be — single source (S), see the year files.
"""

from __future__ import annotations

from enum import StrEnum

from app.affiliation.rules import Category


class Pension(StrEnum):
    """Which pension the working person draws."""

    RETIREMENT = "retirement"  # pension de retraite / rustpensioen
    SURVIVOR = "survivor"  # pension de survie / overlevingspensioen
    NONE = "none"  # no pension (legal age reached or not)


def pensioner_regime(pension: Pension | str, *, legal_age_reached: bool) -> Category | None:
    """The category whose rules apply, or None when the person is not concerned by art. 13
    (no pension, legal age not reached: their own category applies)."""
    kind = Pension(pension)
    if kind is Pension.RETIREMENT:
        return Category.PENSIONER
    if kind is Pension.SURVIVOR:
        return Category.PENSIONER if legal_age_reached else Category.MAIN
    return Category.MAIN if legal_age_reached else None
