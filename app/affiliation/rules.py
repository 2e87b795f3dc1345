"""Pure rules about a person's status: the social categories and what a status record must hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Category(StrEnum):
    """The affiliate's social category; the contribution engine computes per category."""

    MAIN = "main"  # activité à titre principal
    STARTER = "starter"  # primo-starter, first four quarters
    SECONDARY = "secondary"  # activité complémentaire
    STUDENT = "student"  # étudiant-indépendant
    PENSIONER = "pensioner"  # with a retirement or survivor pension
    HELPER = "helper"  # conjoint aidant, maxi-statut


# Far above any real income; keeps Decimal arithmetic inside its precision.
MAX_DECLARED_INCOME = Decimal("1000000000")


# A primo-starter's reduced contribution covers the first four quarters of the main activity
# (AR 38 du 27 juillet 1967, art. 12 §1bis).
STARTER_QUARTERS = 4


@dataclass(frozen=True, slots=True)
class StatusRecord:
    category: Category
    starts_on: date
    ends_on: date | None = None
    first_main_activity: bool = False


def _quarter_index(day: date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def contribution_category(record: StatusRecord, today: date) -> Category:
    """The category the contributions are computed in today: a first main activity is a
    primo-starter's from its first quarter through its fourth, then a main activity."""
    if record.category is Category.MAIN and record.first_main_activity:
        elapsed = _quarter_index(today) - _quarter_index(record.starts_on)
        if elapsed < STARTER_QUARTERS:
            return Category.STARTER
    return record.category


def status_errors(record: StatusRecord) -> dict[str, str]:
    """Error codes per field for a status about to be recorded (empty when it is sound)."""
    errors: dict[str, str] = {}
    if record.ends_on is not None and record.ends_on < record.starts_on:
        errors["ends_on"] = "ends_before_start"
    return errors


def income_error(income: Decimal) -> str | None:
    if not income.is_finite() or income < 0:
        return "negative"
    if income > MAX_DECLARED_INCOME:
        return "too_large"
    return None


def active_on(record: StatusRecord, day: date) -> bool:
    return record.starts_on <= day and (record.ends_on is None or day <= record.ends_on)


# --- companies ------------------------------------------------------------------------------


class LegalForm(StrEnum):
    """A company's legal form (Code des sociétés et des associations, 2019). Only the NV/SA
    matters to the contribution: it never has the start-up exemption."""

    SRL = "srl"  # société à responsabilité limitée · besloten vennootschap (BV)
    SA = "sa"  # société anonyme · naamloze vennootschap (NV)
    SC = "sc"  # société coopérative · coöperatieve vennootschap (CV)
    SNC = "snc"  # société en nom collectif · vennootschap onder firma (VOF)
    SCOMM = "scomm"  # société en commandite · commanditaire vennootschap (CommV)
    OTHER = "other"

    @property
    def public_limited(self) -> bool:
        return self is LegalForm.SA


# A balance-sheet total above this is a typing error, not a Belgian company's figure.
MAX_BALANCE_SHEET_TOTAL = Decimal("1000000000000")
FIRST_COMPANY_YEAR = 2000
LAST_COMPANY_YEAR = 2100


def company_errors(name: str, incorporated_on: date | None, today: date) -> dict[str, str]:
    """Error codes per field for a company about to be recorded (empty when it is sound)."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "company_name"
    elif len(name.strip()) > 200:
        errors["name"] = "too_long"
    if incorporated_on is not None and incorporated_on > today:
        errors["incorporated_on"] = "in_future"
    return errors


def company_year_errors(year: int, balance_sheet_total: Decimal) -> dict[str, str]:
    """Error codes for a company year: a contribution year the fund can compute, a total of
    zero or more within reason."""
    errors: dict[str, str] = {}
    if not FIRST_COMPANY_YEAR <= year <= LAST_COMPANY_YEAR:
        errors["year"] = "year"
    if not balance_sheet_total.is_finite() or balance_sheet_total < 0:
        errors["balance_sheet_total"] = "negative"
    elif balance_sheet_total > MAX_BALANCE_SHEET_TOTAL:
        errors["balance_sheet_total"] = "too_large"
    return errors
