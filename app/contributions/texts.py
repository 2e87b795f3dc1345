"""Words for the contributions pages and API: explanation lines, field errors, parameter names.

The rules return codes and numbers; this module turns them into sentences in the current
language (app.kit.i18n), with Belgian number formatting. One msgid per explanation code.
Over 400 lines on purpose: it is a table of texts, one entry per code, read top to bottom.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from types import MappingProxyType

from babel import Locale
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
)

from app.contributions.rules import explanation as ex
from app.contributions.rules.explanation import Line
from app.contributions.rules.parameters import YearParameters, available_years
from app.kit import i18n
from app.kit.i18n import gettext as _
from app.kit.i18n import lazy_gettext

CENT = Decimal("0.01")


@dataclass(frozen=True)
class _MoneyShape:
    """How a language writes euros, read once from Babel (Babel itself is slow per call)."""

    prefix: str
    suffix: str
    group: str
    decimal: str


@lru_cache(maxsize=len(i18n.LANGUAGES))
def _locale(lang: str) -> Locale:
    return i18n.babel_locale(lang)


@lru_cache(maxsize=len(i18n.LANGUAGES))
def _money_shape(lang: str) -> _MoneyShape:
    locale = _locale(lang)
    sample = format_currency(Decimal("1234567.89"), "EUR", locale=locale)
    return _MoneyShape(
        prefix=sample[: sample.index("1")],
        suffix=sample[sample.rindex("9") + 1 :],
        group=get_group_symbol(locale),
        decimal=get_decimal_symbol(locale),
    )


def money(value: Decimal | None) -> str:
    """Euros to the cent, half-up first (Babel would round half-even), as Babel writes them."""
    if value is None:
        return ""
    amount = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if amount < 0:
        return i18n.format_money(amount)
    shape = _money_shape(i18n.current_language())
    units, cents = f"{amount:.2f}".split(".")
    grouped = f"{int(units):,}".replace(",", shape.group)
    return f"{shape.prefix}{grouped}{shape.decimal}{cents}{shape.suffix}"


@lru_cache(maxsize=512)
def _rate(value: Decimal, lang: str) -> str:
    # The locale's own percent pattern ("20,5 %" in French), with up to four decimals.
    locale = _locale(lang)
    pattern = locale.percent_formats[None].pattern.replace("#,##0", "#,##0.####", 1)
    return format_percent(value, format=pattern, locale=locale)


def rate(value: Decimal | None) -> str:
    """A ratio as a percentage: 0.2050 -> '20,5 %'."""
    if value is None:
        return ""
    return _rate(value, i18n.current_language())


@lru_cache(maxsize=256)
def _coefficient(value: Decimal, lang: str) -> str:
    return format_decimal(value, format="#,##0.##########", locale=_locale(lang))


def coefficient(value: Decimal | None) -> str:
    """A revaluation coefficient with all its decimals: 1,07236269."""
    if value is None:
        return ""
    return _coefficient(value, i18n.current_language())


def _band1(line: Line, p: YearParameters) -> str:
    return _(
        "%(rate)s on the first bracket up to %(ceiling)s: %(base)s × %(rate)s = %(amount)s",
        rate=rate(line.rate), ceiling=money(p.band1_ceiling), base=money(line.base),
        amount=money(line.amount),
    )  # fmt: skip


def _band2(line: Line, p: YearParameters) -> str:
    return _(
        "%(rate)s on the second bracket from %(low)s to %(high)s: %(base)s × %(rate)s = "
        "%(amount)s",
        rate=rate(line.rate), low=money(p.band1_ceiling), high=money(p.band2_ceiling),
        base=money(line.base), amount=money(line.amount),
    )  # fmt: skip


def _pensioner_band1(line: Line, p: YearParameters) -> str:
    return _(
        "Working pensioner: %(rate)s on the first bracket up to %(ceiling)s: %(base)s × "
        "%(rate)s = %(amount)s",
        rate=rate(line.rate), ceiling=money(p.band1_ceiling), base=money(line.base),
        amount=money(line.amount),
    )  # fmt: skip


def _pensioner_band2(line: Line, p: YearParameters) -> str:
    return _(
        "Working pensioner: %(rate)s on the second bracket from %(low)s to %(high)s: %(base)s "
        "× %(rate)s = %(amount)s",
        rate=rate(line.rate), low=money(p.band1_ceiling), high=money(p.band2_ceiling),
        base=money(line.base), amount=money(line.amount),
    )  # fmt: skip


def _simple(message: str) -> Callable[[Line, YearParameters], str]:
    """A sentence using only base, rate and amount of the line."""

    def render(line: Line, p: YearParameters) -> str:
        value = line.amount if line.amount is not None else line.base
        return _(
            message,
            base=money(line.base),
            rate=rate(line.rate),
            amount=money(value),
        )

    return render


def _quarterly(line: Line, p: YearParameters) -> str:
    quarterly = line.amount if line.amount is not None else Decimal(0)
    return _(
        "Quarterly contribution: the total above ÷ 4, rounded to the cent = %(amount)s; for "
        "the year: 4 × %(amount)s = %(annual)s",
        amount=money(quarterly),
        annual=money(quarterly * 4),
    )


def _indexed(line: Line, p: YearParameters) -> str:
    return _(
        "Revalued with the coefficient %(coefficient)s: %(base)s × %(coefficient)s = %(amount)s",
        coefficient=coefficient(line.rate), base=money(line.base), amount=money(line.amount),
    )  # fmt: skip


# N_ marks a literal msgid for Babel (a keyword of scripts/i18n.py); _simple() translates it
# at render time.
def N_(message: str) -> str:
    return message


_RENDERERS: Mapping[str, Callable[[Line, YearParameters], str]] = MappingProxyType(
    {
        ex.INCOME_ESTIMATE: _simple(N_("Estimated income of the year: %(amount)s")),
        ex.INCOME_REFERENCE: _simple(
            N_("Reference income (your income of three years earlier): %(base)s")
        ),
        ex.INCOME_INDEXED: _indexed,
        ex.INCOME_REAL: _simple(N_("Real income of the year, without revaluation: %(amount)s")),
        ex.INCOME_ANNUALISED: _simple(
            N_("Income of a partial year %(base)s brought to a full year: %(amount)s")
        ),
        ex.INCOME_MINIMUM_APPLIED: _simple(
            N_(
                "Your income %(base)s is below the legal minimum: the contribution is computed "
                "on %(amount)s"
            )
        ),
        ex.BAND1: _band1,
        ex.BAND2: _band2,
        ex.CAP_BAND2: _simple(N_("No contribution is due on the income above %(amount)s")),
        # One yearly figure (issue 12): the quarter is rounded to the cent, the year is four
        # quarters; the exact sum of the brackets is not shown as a second yearly total.
        ex.ANNUAL: lambda line, p: _(
            "The contribution is paid in four quarters; each quarter is rounded to the cent, "
            "and the year is four times the quarter."
        ),
        ex.QUARTERLY: _quarterly,
        ex.FEE: _simple(N_("Management fee of the fund: %(rate)s of %(base)s = %(amount)s")),
        ex.TOTAL: _simple(N_("Total to pay per quarter, management fee included: %(amount)s")),
        ex.SECONDARY_BELOW_THRESHOLD: _simple(
            N_(
                "Secondary activity: your income %(base)s is below %(amount)s, so no "
                "contribution is due"
            )
        ),
        ex.STUDENT_EXEMPT: _simple(
            N_(
                "Student-independent: your income %(base)s is below %(amount)s, so no "
                "contribution is due"
            )
        ),
        ex.STUDENT_REDUCED: _simple(
            N_(
                "Student-independent: %(rate)s on the part of your income above the exemption "
                "threshold, %(base)s = %(amount)s"
            )
        ),
        ex.STUDENT_FULL_REGIME: _simple(
            N_(
                "Student-independent: your income %(base)s reaches %(amount)s, so the rules of "
                "the main activity apply"
            )
        ),
        ex.PENSIONER_EXEMPT: _simple(
            N_(
                "Working pensioner: your income %(base)s is below %(amount)s, so no "
                "contribution is due"
            )
        ),
        ex.PENSIONER_MAIN_REGIME: _simple(
            N_(
                "A survivor's pension before the legal pension age, or the legal pension age "
                "reached without taking the pension: the rules of the main activity apply"
            )
        ),
        ex.STARTER_DEFAULT: _simple(
            N_(
                "You start and give no estimate of your income: the starting amount of your "
                "situation applies, %(amount)s per quarter"
            )
        ),
        ex.STARTER_FIRST_QUARTER_REDUCTION: _simple(
            N_(
                "Reduction of your first quarter in main activity, on request: %(amount)s less "
                "than %(base)s"
            )
        ),
        ex.PENSIONER_BAND1: _pensioner_band1,
        ex.PENSIONER_BAND2: _pensioner_band2,
        ex.REGULARISATION_PROVISIONAL: _simple(N_("Provisional contributions: %(amount)s")),
        ex.REGULARISATION_DEFINITIVE: _simple(N_("Final contribution: %(amount)s")),
        ex.REGULARISATION_BALANCE_DUE: _simple(N_("Supplement to pay: %(amount)s")),
        ex.REGULARISATION_REFUND: _simple(N_("Amount refunded to you: %(amount)s")),
        ex.REGULARISATION_SETTLED: _simple(N_("Nothing to pay and nothing to refund")),
        ex.SURCHARGE_QUARTERLY: _simple(
            N_("Quarterly surcharge: %(rate)s of %(base)s unpaid = %(amount)s")
        ),
        ex.SURCHARGE_ANNUAL: _simple(
            N_("Annual surcharge: %(rate)s of %(base)s unpaid on 31 December = %(amount)s")
        ),
        ex.SURCHARGE_TOTAL: _simple(N_("Total surcharges: %(amount)s")),
        ex.SURCHARGE_STOPPED: _simple(
            N_(
                "The quarterly surcharges stop at the quarter before the one in which the "
                "regularisation was communicated"
            )
        ),
        ex.COMPANY_LOW: _simple(
            N_(
                "Balance-sheet total %(base)s up to the threshold: annual company contribution "
                "of %(amount)s"
            )
        ),
        ex.COMPANY_HIGH: _simple(
            N_(
                "Balance-sheet total %(base)s above the threshold: annual company contribution "
                "of %(amount)s"
            )
        ),
        ex.COMPANY_EXEMPT: _simple(
            N_("Start-up company in its first three years: it can ask to be exempted")
        ),
        ex.COMPANY_LATE: _simple(N_("Paid late: %(rate)s of %(base)s = %(amount)s")),
    }
)


def line_text(line: Line, params: YearParameters) -> str:
    """One explanation line as a sentence in the current language."""
    return _RENDERERS[line.code](line, params)


def covered_codes() -> frozenset[str]:
    return frozenset(_RENDERERS)


# ------------------------------------------------------------------ categories and fields

CATEGORY_LABELS = MappingProxyType(
    {
        "main": lazy_gettext("Main activity"),
        "starter": lazy_gettext("First-time starter (primo-starter)"),
        "secondary": lazy_gettext("Secondary activity"),
        "student": lazy_gettext("Student-independent"),
        "pensioner": lazy_gettext("Working pensioner"),
        "helper": lazy_gettext("Helping spouse (maxi-statut)"),
    }
)

CATEGORY_HINTS = MappingProxyType(
    {
        "main": lazy_gettext("Self-employment is your main occupation."),
        "starter": lazy_gettext(
            "You start a main activity after 5 years without it: a lower minimum applies "
            "during your first 4 quarters."
        ),
        "secondary": lazy_gettext(
            "You are self-employed next to a job as an employee of at least half-time."
        ),
        "student": lazy_gettext("You are a student aged 18 to 25 and self-employed."),
        "pensioner": lazy_gettext(
            "You draw a retirement pension, or a survivor's pension after the legal pension "
            "age, and keep working. A survivor's pension before that age, or the legal age "
            "without taking the pension: choose main activity."
        ),
        "helper": lazy_gettext("You help your spouse or legal partner in their business."),
    }
)

PENSION_LABELS = MappingProxyType(
    {
        "retirement": lazy_gettext("A retirement pension (at any age)"),
        "survivor_after_age": lazy_gettext(
            "A survivor's pension, and I have reached the legal pension age"
        ),
        "survivor_before_age": lazy_gettext(
            "A survivor's pension, and I am below the legal pension age"
        ),
        "none_after_age": lazy_gettext(
            "No pension: I have reached the legal pension age without taking it"
        ),
    }
)

NOT_STARTING = lazy_gettext("I am not starting this year")


def quarter_label(quarter: int) -> str:
    return _("I start in quarter %(number)s", number=str(quarter))


DIRECTION_LABELS = MappingProxyType(
    {
        "lower": lazy_gettext("Lower my provisional contributions"),
        "raise": lazy_gettext("Raise my provisional contributions"),
    }
)

# Error codes (rules' ContributionError.code or our own) -> message shown next to the field.
_ERRORS: Mapping[str, Callable[[Mapping[str, str]], str]] = MappingProxyType(
    {
        "income.required": lambda v: _("Enter your income or your reference income."),
        "income.both": lambda v: _("Give either your income or your reference income, not both."),
        "income.negative": lambda v: _("Enter an income of zero or more."),
        "income.not_a_number": lambda v: _(
            "Enter the income as an amount in euros, for example 25 000 or 25000,50."
        ),
        "income.too_many_decimals": lambda v: _("Enter the income with at most two decimals."),
        "reference_income.negative": lambda v: _("Enter a reference income of zero or more."),
        "reference_income.not_a_number": lambda v: _(
            "Enter the reference income as an amount in euros, for example 25 000."
        ),
        "reference_income.too_many_decimals": lambda v: _(
            "Enter the reference income with at most two decimals."
        ),
        "reference_income.coefficient_unknown": lambda v: _(
            "The revaluation coefficient for %(year)s is not known yet: give your estimated "
            "income instead.",
            year=v.get("year", ""),
        ),
        "category.required": lambda v: _("Choose your situation."),
        "category.unknown": lambda v: _(
            "Choose one of the situations in the list (%(choices)s).",
            choices=v.get("choices", ""),
        ),
        "year.unknown": lambda v: _(
            "There are no contribution figures for this year. Available years: %(years)s.",
            years=v.get("years", ""),
        ),
        "year.not_a_number": lambda v: _(
            "Enter the year as four digits. Available years: %(years)s.",
            years=v.get("years", ""),
        ),
        "parameter.unknown": lambda v: _(
            "A figure needed for %(year)s is not known yet: choose another year.",
            year=v.get("year", ""),
        ),
        "current_quarterly.required": lambda v: _(
            "Enter the quarterly amount on your last payment notice."
        ),
        "current_quarterly.invalid": lambda v: _(
            "Enter the current quarterly amount in euros, for example 871,71."
        ),
        "direction.required": lambda v: _("Choose whether you want to lower or raise them."),
        "direction.same": lambda v: _(
            "Your estimate gives the same quarterly amount as now: there is nothing to adjust."
        ),
        "direction.mismatch_lower": lambda v: _(
            "Your estimate gives %(new)s per quarter, more than your current %(current)s: "
            "choose to raise your contributions.",
            new=v.get("new", ""),
            current=v.get("current", ""),
        ),
        "direction.mismatch_raise": lambda v: _(
            "Your estimate gives %(new)s per quarter, less than your current %(current)s: "
            "choose to lower your contributions.",
            new=v.get("new", ""),
            current=v.get("current", ""),
        ),
        "justification.required": lambda v: _(
            "Explain why your income will be lower and which evidence you have: the law "
            "requires a motivated request."
        ),
        "justification.too_long": lambda v: _("Keep the explanation under 5000 characters."),
        "attachment.invalid": lambda v: _("Attach a PDF, JPEG, PNG or HEIC file of at most 10 MB."),
        "start_quarter.invalid": lambda v: _("Choose the quarter you start in: 1, 2, 3 or 4."),
        "pension.invalid": lambda v: _("Choose which pension you draw from the list."),
        "real_income.required": lambda v: _(
            "Enter your definitive income of the year, as on your tax assessment."
        ),
        "real_income.invalid": lambda v: _(
            "Enter the definitive income as an amount in euros, for example 32 000."
        ),
        "provisional.required": lambda v: _(
            "Enter the provisional contribution you paid per quarter, without the management fee."
        ),
        "provisional.invalid": lambda v: _(
            "Enter the provisional contribution per quarter in euros, for example 871,71."
        ),
        "revision_date.invalid": lambda v: _("Enter the date as day, month and year."),
        "amount.required": lambda v: _("Enter the contribution you paid late, in euros."),
        "amount.invalid": lambda v: _("Enter the contribution in euros, for example 871,71."),
        "due_date.required": lambda v: _("Enter the date the contribution was due."),
        "due_date.invalid": lambda v: _("Enter the due date as day, month and year."),
        "due_date.unknown_year": lambda v: _(
            "There are no figures for the year of this due date. Available years: %(years)s.",
            years=v.get("years", ""),
        ),
        "paid_on.invalid": lambda v: _("Enter the payment date as day, month and year."),
        "paid_on.future": lambda v: _(
            "The payment date cannot be in the future: leave it empty if you have not paid yet."
        ),
        "communicated_on.invalid": lambda v: _("Enter the date as day, month and year."),
        "year.past": lambda v: _(
            "Provisional contributions can only be adjusted for this year or a later one."
        ),
    }
)


def known_years() -> tuple[int, ...]:
    return available_years()


def error_codes() -> frozenset[str]:
    return frozenset(_ERRORS)


def error_message(code: str, **values: str) -> str:
    render = _ERRORS.get(code)
    if render is None:
        return _("This value cannot be used.")
    return render(values)


# ------------------------------------------------------------------ flagged parameters

PARAMETER_LABELS = MappingProxyType(
    {
        "revaluation.coefficient": lazy_gettext(
            "revaluation coefficient of the income of three years earlier"
        ),
        "bands.band1_ceiling": lazy_gettext("ceiling of the first bracket"),
        "bands.band2_ceiling": lazy_gettext("ceiling of the second bracket"),
        "minimum_income.main": lazy_gettext("minimum income of the main activity"),
        "minimum_income.starter": lazy_gettext("minimum income of first-time starters"),
        "minimum_income.helper": lazy_gettext("minimum income of helping spouses (maxi-statut)"),
        "thresholds.secondary": lazy_gettext("threshold of the secondary activity"),
        "thresholds.student_exemption": lazy_gettext("exemption threshold of student-independents"),
        "thresholds.student_full_regime": lazy_gettext(
            "full-regime threshold of student-independents"
        ),
        "thresholds.pensioner": lazy_gettext("threshold of working pensioners"),
        "fees.management_rate": lazy_gettext("management fee rate of the fund"),
        "fees.legal_minimum": lazy_gettext("legal minimum of the management fee"),
        "fees.legal_maximum": lazy_gettext("legal maximum of the management fee"),
        "law.rates.band1": lazy_gettext("rate of the first bracket"),
        "law.rates.band2": lazy_gettext("rate of the second bracket"),
        "law.rates.pensioner_band1": lazy_gettext(
            "rate of the first bracket for working pensioners"
        ),
        "law.rates.pensioner_band2": lazy_gettext(
            "rate of the second bracket for working pensioners"
        ),
        "starter.first_quarter_reduction": lazy_gettext(
            "reduction of the first quarter in main activity (whether the funds apply it on "
            "top of the first-time starter minimum)"
        ),
        "quarterly.pensioner_starting": lazy_gettext("starting amount of working pensioners"),
        "quarterly.secondary_starting": lazy_gettext("starting amount of a secondary activity"),
        "quarterly.minimum_starter": lazy_gettext(
            "minimum quarterly amount of first-time starters"
        ),
        "quarterly.minimum_helper": lazy_gettext(
            "minimum quarterly amount of helping spouses (maxi-statut)"
        ),
    }
)

STATUS_LABELS = MappingProxyType(
    {
        "U": lazy_gettext("unconfirmed"),
        "D": lazy_gettext("derived from the law and the index factor, may differ by one cent"),
    }
)


def parameter_label(name: str) -> str:
    label = PARAMETER_LABELS.get(name)
    return str(label) if label is not None else name


def status_label(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


# ------------------------------------------------- what a person reads about an unsure figure
# The year files keep a technical note per figure ("derived 405.60 × factor; corroborated by…")
# for staff and developers; a person reads a sentence by the figure's status and the public
# source it comes from (a web page, else the law), never the note itself.

STATUS_SENTENCES = MappingProxyType(
    {
        "D": lazy_gettext(
            "Calculated from the law and this year's index; the official figure may differ by "
            "a cent."
        ),
        "S": lazy_gettext("From one public source, not yet confirmed by INASTI."),
        "U": lazy_gettext("Not yet confirmed by INASTI: the official figure may differ."),
    }
)

_URL = re.compile(r"https?://[^\s;,()'\"]+")
_DOMAIN = re.compile(
    r"(?<![\w.@/-])((?:[a-z0-9-]+\.)+(?:be|brussels|eu|com|org|net|tech|pro))(?![\w-])",
    re.IGNORECASE,
)
_AR38 = re.compile(
    r"AR n° 38 du 27 juillet 1967(?:, (art\. \d+(?: ?§ ?\d+(?:bis|ter)?)?(?: ?(?:\d° ?)?)?))?"
)
_GENERAL_REGULATION = re.compile(
    r"AR du 19 décembre 1967 portant règlement général(?:, (art\. \d+))?"
)
_AR38_NAME = lazy_gettext("Royal Decree no. 38 of 27 July 1967")
_GENERAL_REGULATION_NAME = lazy_gettext("Royal Decree of 19 December 1967 (general regulation)")


@dataclass(frozen=True)
class PublicSource:
    """What a person may follow to check a figure: a label and, for a web page, its address."""

    label: str
    url: str | None = None


def _law(note: str) -> PublicSource | None:
    for pattern, name in ((_AR38, _AR38_NAME), (_GENERAL_REGULATION, _GENERAL_REGULATION_NAME)):
        found = pattern.search(note)
        if found:
            article = (found.group(1) or "").strip()
            article = article.replace(" ", "\u00a0")  # "art. 12 §2" on one line
            return PublicSource(f"{name}, {article}" if article else str(name))
    return None


def _page(note: str) -> PublicSource | None:
    url = _URL.search(note)
    if url:
        address = url.group(0).rstrip(".")
        return PublicSource(address.split("://", 1)[1].rstrip("/"), address)
    domain = _DOMAIN.search(note)
    if domain:
        host = domain.group(1).lower()
        return PublicSource(host, f"https://{host}")
    return None


def public_source(note: str, status: str) -> PublicSource | None:
    """The public source named in a year file's note: a derived figure comes from the law
    (its page is named only when no law is), any other from the first web page named."""
    first, second = (_law, _page) if status == "D" else (_page, _law)
    return first(note) or second(note)


def status_sentence(status: str) -> str:
    sentence = STATUS_SENTENCES.get(status)
    return str(sentence) if sentence is not None else ""
