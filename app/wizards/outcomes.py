"""The outcome page's content: rule results (codes + values) turned into sentences.

Amounts are formatted in the person's language; a figure with status U (unconfirmed) or D
(derived) gets a visible tag with its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.kit import i18n
from app.kit.i18n import gettext as _
from app.kit.i18n import lazy_gettext
from app.wizards.model import Wizard
from app.wizards.rules import Figure, Item, OutcomeResult, Rate
from app.wizards.rules.common import NOW

FLAGGED = ("U", "D")

KIND_LABELS: dict[str, Any] = {
    "affiliation": lazy_gettext("Affiliation with the fund"),
    "provisional_adjustment": lazy_gettext("Lower my provisional contributions"),
    "payment_plan": lazy_gettext("Payment plan"),
    "exemption": lazy_gettext("Exemption from contributions"),
    "surcharge_waiver": lazy_gettext("Waiver of surcharges"),
    "maternity_aid": lazy_gettext("Maternity aid (service vouchers)"),
    "quarter_exemption_birth": lazy_gettext("Exempt quarter after the birth"),
    "birth_leave": lazy_gettext("Birth leave"),
    "caregiver_leave": lazy_gettext("Caregiver leave"),
    "bridging_right": lazy_gettext("Bridging right"),
    "sickness_assimilation": lazy_gettext("Assimilation for sickness"),
    "continued_insurance": lazy_gettext("Continued insurance"),
    "cessation": lazy_gettext("Cessation of activity"),
    "pension_help": lazy_gettext("Help with my pension"),
}


@dataclass(frozen=True)
class Tag:
    label: str
    status: str
    source: str


@dataclass(frozen=True)
class Shown:
    title: str | None
    text: str
    tags: tuple[Tag, ...] = ()
    deadline: date | None = None
    now: bool = False  # a dated action whose date has passed: what to do now

    @property
    def labels(self) -> tuple[Tag, ...]:
        return labels(self.tags)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(tag.source for tag in self.tags))


@dataclass(frozen=True)
class ShownOffer:
    kind: str
    label: str
    recommended: bool


@dataclass
class ShownOutcome:
    year: int
    rights: list[Shown] = field(default_factory=list)
    actions: list[Shown] = field(default_factory=list)
    referrals: list[Shown] = field(default_factory=list)
    offers: list[ShownOffer] = field(default_factory=list)


def format_value(value: Any) -> str:
    if value is None:
        return _("amount to be confirmed")
    if isinstance(value, Rate):
        return i18n.format_rate(Decimal(value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        return i18n.format_money(value)
    if isinstance(value, date):
        return i18n.format_day(value)
    return str(value)


def tags(figures: tuple[Figure, ...]) -> tuple[Tag, ...]:
    """One tag per flagged figure (U or D), the same figure once."""
    seen: dict[str, Tag] = {}
    for fig in figures:
        if fig.status in FLAGGED and fig.name not in seen:
            label = _("unconfirmed") if fig.status == "U" else _("derived")
            seen[fig.name] = Tag(label, fig.status, fig.source)
    return tuple(seen.values())


def labels(found: tuple[Tag, ...]) -> tuple[Tag, ...]:
    """The tags to show: one per status ("unconfirmed", "derived"), unconfirmed first."""
    by_status: dict[str, Tag] = {}
    for tag in sorted(found, key=lambda t: FLAGGED.index(t.status)):
        by_status.setdefault(tag.status, tag)
    return tuple(by_status.values())


def show_item(wizard: Wizard, item: Item) -> Shown:
    text = wizard.outcome.texts[item.code]
    title = None
    if isinstance(text, tuple):
        title, text = str(text[0]), text[1]
    values = {name: format_value(v) for name, v in item.values.items()}
    body = i18n.fill(text, values, item.values)
    deadline = item.values.get("deadline")
    if item.code.endswith(NOW):  # the date has passed: "Now", the date is in the sentence
        return Shown(title, body, tags(item.figures), None, now=True)
    return Shown(title, body, tags(item.figures), deadline if isinstance(deadline, date) else None)


def present(wizard: Wizard, result: OutcomeResult) -> ShownOutcome:
    return ShownOutcome(
        year=result.year,
        rights=[show_item(wizard, item) for item in result.rights],
        actions=[show_item(wizard, item) for item in result.actions],
        referrals=[show_item(wizard, item) for item in result.referrals],
        offers=[
            ShownOffer(offer.kind, str(KIND_LABELS.get(offer.kind, offer.kind)), offer.recommended)
            for offer in result.offers
        ],
    )
