"""Every kind of request the fund handles, as data: codes, answer schema, service target.

One table for all kinds (not one module each): the kinds differ only by their answer fields and
the fund's own target, so a table reads at a glance and adding a kind is adding a row.
Texts are lazy gettext strings, rendered in the reader's language (affiliate or staff).

A request filed through a life-event guide also carries the guide's own answers, under the
reserved key GUIDE_KEY: {"wizard": slug, "answers": {question name: stored text}}. They are kept
as given, not as a sentence in the filer's language, so that every reader sees them in their
own language; they stand for the kind's required free text (LONG_TEXT: the reason, the
question), which the guide's questions answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.kit.i18n import lazy_gettext as _


class RequestKind(StrEnum):
    AFFILIATION = "affiliation"
    PROVISIONAL_ADJUSTMENT = "provisional_adjustment"
    PAYMENT_PLAN = "payment_plan"
    EXEMPTION = "exemption"
    SURCHARGE_WAIVER = "surcharge_waiver"
    MATERNITY_AID = "maternity_aid"
    QUARTER_EXEMPTION_BIRTH = "quarter_exemption_birth"
    BIRTH_LEAVE = "birth_leave"
    CAREGIVER_LEAVE = "caregiver_leave"
    BRIDGING_RIGHT = "bridging_right"
    SICKNESS_ASSIMILATION = "sickness_assimilation"
    CONTINUED_INSURANCE = "continued_insurance"
    CESSATION = "cessation"
    PENSION_HELP = "pension_help"
    ACCOUNT_RECOVERY = "account_recovery"
    IDENTITY_CHECK = "identity_check"  # a self-registered account proves who it is
    # GDPR arts. 16 and 17: the person asks the fund to correct or erase data about them.
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    GENERAL_QUESTION = "general_question"


class AnswerType(StrEnum):
    TEXT = "text"  # one line, up to 500 characters
    LONG_TEXT = "long_text"  # free text, up to 5000 characters
    MONEY = "money"  # Decimal euros, stored as text ("1234.50")
    DATE = "date"  # ISO date, stored as text
    INTEGER = "integer"
    BOOLEAN = "boolean"
    CHOICE = "choice"


@dataclass(frozen=True, slots=True)
class AnswerField:
    name: str
    type: AnswerType
    label: Any  # lazy gettext
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class KindSpec:
    kind: RequestKind
    label: Any
    fields: tuple[AnswerField, ...]
    # The fund's own service target, in Belgian working days after receipt (well inside the
    # Charte's 4 months): questions quickly, benefits and waivers with more checking.
    target_working_days: int
    # Decided by INASTI, not the fund (an exemption, a sickness assimilation, continued
    # insurance): the fund checks the file, forwards it (status "forwarded", its slip placed
    # for INASTI by transmissions.py) and records INASTI's decision; it never decides it.
    external: bool = False
    # The legal time to decide, in months after receipt: the Charte's 4 (loi du 11 avril 1995,
    # art. 10) for social-security decisions; GDPR art. 12(3)'s one month for a data-protection
    # request (Regulation (EU) 2016/679, which allows two more months for a complex one).
    legal_months: int = 4


# The reserved answers key of a request filed through a guide (see the module's docstring).
GUIDE_KEY = "guide"

F, T = AnswerField, AnswerType
_NOTE = F("note", T.LONG_TEXT, _("Additional information"), required=False)

KINDS: dict[RequestKind, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            RequestKind.AFFILIATION,
            _("Affiliation"),
            (
                F("start_date", T.DATE, _("Start date of the activity")),
                F(
                    "category",
                    T.CHOICE,
                    _("Category"),
                    choices=("main", "secondary", "student", "pensioner", "helper"),
                ),
                F("enterprise_number", T.TEXT, _("Enterprise number (BCE)"), required=False),
                F(
                    "first_time",
                    T.BOOLEAN,
                    _("First main activity as a self-employed person"),
                    required=False,
                ),
                F(
                    "estimated_income",
                    T.MONEY,
                    _("Expected net taxable income"),
                    required=False,
                ),
                # AR 38 art. 12 §1bis (since 1/4/2022): on request, a lower contribution for
                # the first quarter of a main activity.
                F(
                    "first_quarter_reduction",
                    T.BOOLEAN,
                    _("I ask for the reduction of my first quarter in main activity"),
                    required=False,
                ),
                _NOTE,
            ),
            10,
        ),
        KindSpec(
            RequestKind.PROVISIONAL_ADJUSTMENT,
            _("Adjustment of provisional contributions"),
            (
                F("year", T.INTEGER, _("Year")),
                F("estimated_income", T.MONEY, _("Estimated net taxable income")),
                F(
                    "category",
                    T.CHOICE,
                    _("Contribution category"),
                    required=False,
                    choices=("main", "starter", "secondary", "student", "pensioner", "helper"),
                ),
                F(
                    "direction",
                    T.CHOICE,
                    _("Lower or raise"),
                    required=False,
                    choices=("lower", "raise"),
                ),
                F(
                    "current_quarterly",
                    T.MONEY,
                    _("Current quarterly contribution"),
                    required=False,
                ),
                F("new_quarterly", T.MONEY, _("New quarterly contribution (net)"), required=False),
                F(
                    "new_quarterly_total",
                    T.MONEY,
                    _("New quarterly amount with management fees"),
                    required=False,
                ),
                F("reason", T.LONG_TEXT, _("Justification"), required=False),
            ),
            10,
        ),
        KindSpec(
            RequestKind.PAYMENT_PLAN,
            _("Payment plan"),
            (
                F("monthly_amount", T.MONEY, _("Monthly amount you can pay")),
                F("months", T.INTEGER, _("Number of months")),
                F("reason", T.LONG_TEXT, _("Reason")),
                # Filed from the plan builder: the advance it proposes, before the months.
                F("advance", T.MONEY, _("Advance"), required=False),
            ),
            10,
        ),
        KindSpec(
            RequestKind.EXEMPTION,
            _("Exemption from contributions"),
            (
                F("quarters", T.TEXT, _("Quarters concerned")),
                F("reason", T.LONG_TEXT, _("Reason")),
                # The situation INASTI weighs ("in need or close to it"), filed from the
                # account's exemption form; a guide's request may leave them out.
                F(
                    "cause",
                    T.CHOICE,
                    _("Cause of the difficulty"),
                    required=False,
                    choices=(
                        "illness",
                        "loss_of_clients",
                        "economic_crisis",
                        "disaster",
                        "family",
                        "other_cause",
                    ),
                ),
                F(
                    "household_income",
                    T.MONEY,
                    _("Monthly net income of the household"),
                    required=False,
                ),
                F("household_size", T.INTEGER, _("People in the household"), required=False),
                F("dependants", T.INTEGER, _("Dependent children"), required=False),
                F("housing_cost", T.MONEY, _("Monthly rent or mortgage"), required=False),
                F("other_debts", T.MONEY, _("Other debts"), required=False),
            ),
            30,
            external=True,
        ),
        KindSpec(
            RequestKind.SURCHARGE_WAIVER,
            _("Surcharge waiver"),
            (
                F("quarters", T.TEXT, _("Quarters concerned")),
                F("reason", T.LONG_TEXT, _("Reason")),
            ),
            20,
        ),
        KindSpec(
            RequestKind.MATERNITY_AID,
            _("Maternity aid"),
            (F("birth_date", T.DATE, _("Date of birth")), _NOTE),
            10,
        ),
        KindSpec(
            RequestKind.QUARTER_EXEMPTION_BIRTH,
            _("Exempt quarter after a birth"),
            (F("birth_date", T.DATE, _("Date of birth")), _NOTE),
            10,
        ),
        KindSpec(
            RequestKind.BIRTH_LEAVE,
            _("Birth leave"),
            (
                F("birth_date", T.DATE, _("Date of birth")),
                F("days", T.INTEGER, _("Number of days of leave")),
                _NOTE,
            ),
            10,
        ),
        KindSpec(
            RequestKind.CAREGIVER_LEAVE,
            _("Caregiver leave"),
            (
                F("start_date", T.DATE, _("Start date")),
                F("months", T.INTEGER, _("Number of months")),
                _NOTE,
            ),
            15,
        ),
        KindSpec(
            RequestKind.BRIDGING_RIGHT,
            _("Bridging right"),
            (
                F(
                    "event",
                    T.CHOICE,
                    _("Reason"),
                    choices=(
                        "bankruptcy",
                        "forced_interruption",
                        "economic_difficulty",
                        "debt_settlement",
                    ),
                ),
                F("event_date", T.DATE, _("Date of the event")),
                _NOTE,
            ),
            20,
        ),
        KindSpec(
            RequestKind.SICKNESS_ASSIMILATION,
            _("Sickness assimilation"),
            (F("incapacity_start", T.DATE, _("Start of the incapacity for work")), _NOTE),
            20,
            external=True,  # INASTI grants the assimilation; the fund checks and transmits
        ),
        KindSpec(
            RequestKind.CONTINUED_INSURANCE,
            _("Continued insurance"),
            (F("cessation_date", T.DATE, _("Date of cessation of activity")), _NOTE),
            20,
            external=True,  # INASTI admits to continued insurance; the fund transmits
        ),
        KindSpec(
            RequestKind.CESSATION,
            _("Cessation of activity"),
            (F("cessation_date", T.DATE, _("Date of cessation of activity")), _NOTE),
            10,
        ),
        KindSpec(
            RequestKind.PENSION_HELP,
            _("Help with your pension"),
            (F("question", T.LONG_TEXT, _("Your question")),),
            10,
        ),
        KindSpec(
            RequestKind.ACCOUNT_RECOVERY,
            _("Account recovery"),
            (F("explanation", T.LONG_TEXT, _("Explanation"), required=False),),
            2,
        ),
        KindSpec(
            RequestKind.IDENTITY_CHECK,
            _("Identity check"),
            (
                F(
                    "document",
                    T.CHOICE,
                    _("Identity document"),
                    choices=("identity_card", "passport", "residence_permit"),
                ),
                _NOTE,
            ),
            5,
        ),
        KindSpec(
            RequestKind.GENERAL_QUESTION,
            _("Question"),
            (
                F("subject", T.TEXT, _("Subject")),
                F("question", T.LONG_TEXT, _("Your question")),
            ),
            5,
        ),
        KindSpec(
            RequestKind.RECTIFICATION,
            _("Correction of my data"),
            (
                F("data", T.LONG_TEXT, _("Which data is wrong")),
                F("correction", T.LONG_TEXT, _("What it should say")),
            ),
            10,
            legal_months=1,
        ),
        KindSpec(
            RequestKind.ERASURE,
            _("Erasure of my data"),
            (
                F("data", T.LONG_TEXT, _("Which data to erase")),
                F("reason", T.LONG_TEXT, _("Why")),
            ),
            10,
            legal_months=1,
        ),
    )
}


# What a choice code means, in words (the same words as the simulator and the wizards), so
# staff and affiliates never read a raw code such as "lower" or "main".
CHOICE_LABELS: dict[str, Any] = {
    "identity_card": _("Belgian identity card"),
    "passport": _("Passport"),
    "residence_permit": _("Residence permit"),
    "main": _("Main activity"),
    "starter": _("First-time starter (primo-starter)"),
    "secondary": _("Secondary activity"),
    "student": _("Student-independent"),
    "pensioner": _("Working pensioner"),
    "helper": _("Helping spouse (maxi-statut)"),
    "lower": _("Lower my provisional contributions"),
    "raise": _("Raise my provisional contributions"),
    "bankruptcy": _("Bankruptcy"),
    "forced_interruption": _("Forced interruption"),
    "economic_difficulty": _("Economic difficulties"),
    "debt_settlement": _("Collective debt settlement"),
    "illness": _("Illness or accident"),
    "loss_of_clients": _("Loss of clients or of a main client"),
    "economic_crisis": _("Economic crisis in my sector"),
    "disaster": _("Disaster (fire, flood…)"),
    "family": _("Family circumstances (separation, death…)"),
    "other_cause": _("Another cause"),
}


def spec(kind: str | RequestKind) -> KindSpec:
    return KINDS[RequestKind(kind)]


def choice_label(code: str) -> str:
    """The translated words for a choice code (the code itself if it has none yet)."""
    label = CHOICE_LABELS.get(code)
    return str(label) if label is not None else code


__all__ = [
    "CHOICE_LABELS",
    "GUIDE_KEY",
    "KINDS",
    "AnswerField",
    "AnswerType",
    "KindSpec",
    "RequestKind",
    "choice_label",
    "spec",
]
