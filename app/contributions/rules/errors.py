"""Typed errors of the contributions rules.

Each user-facing error names the input `field` it concerns and a stable `code` that the UI
translates; messages are for logs and developers only, never shown as such.
"""

from __future__ import annotations


class ContributionError(Exception):
    """Base class: an input the rules cannot compute with."""

    field: str = "year"
    code: str = "contribution.error"


class UnknownYear(ContributionError):
    """No parameter file for this year (adding a year = adding `<year>.toml`)."""

    field = "year"
    code = "year.unknown"

    def __init__(self, year: int) -> None:
        super().__init__(f"no contribution parameters for year {year}")
        self.year = year


class UnknownParameter(UnknownYear):
    """The year exists but this figure is unknown there (status U without a value).

    A subclass of UnknownYear because, for the caller, the year cannot be computed yet.
    """

    code = "parameter.unknown"

    def __init__(self, year: int, name: str) -> None:
        super().__init__(year)
        self.args = (f"parameter {name!r} has no confirmed value for year {year}",)
        self.name = name


class UnknownCoefficient(ContributionError):
    """The revaluation coefficient for N-3 income is not known for this year."""

    field = "reference_income"
    code = "reference_income.coefficient_unknown"

    def __init__(self, year: int) -> None:
        super().__init__(f"revaluation coefficient unknown for year {year}")
        self.year = year


class InvalidAmount(ContributionError):
    """An amount that cannot be used (negative, not finite, not a Decimal, missing)."""

    field = "amount"
    code = "amount.invalid"

    def __init__(self, detail: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(detail)
        if field is not None:
            self.field = field
        if code is not None:
            self.code = code


class InvalidIncome(InvalidAmount):
    """Income input is negative, missing, ambiguous or not an exact decimal."""

    field = "income"
    code = "income.negative"


class UnknownCategory(ContributionError):
    field = "category"
    code = "category.unknown"

    def __init__(self, category: object) -> None:
        super().__init__(f"unknown contribution category {category!r}")
        self.category = category


class InvalidFeeRate(ContributionError):
    """Management fee rate outside the legal range of the year."""

    field = "fee_rate"
    code = "fee_rate.out_of_range"

    def __init__(self, rate: object) -> None:
        super().__init__(f"management fee rate {rate!r} outside the legal range")
        self.rate = rate


class InvalidQuarter(ContributionError):
    field = "quarter"
    code = "quarter.invalid"

    def __init__(self, quarter: object) -> None:
        super().__init__(f"invalid quarter {quarter!r}")
        self.quarter = quarter


class InvalidParameterFile(Exception):
    """A parameter file breaks the schema (e.g. a value without source).

    Not a ContributionError: this is a deployment bug, never a user input problem.
    """
