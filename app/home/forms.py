"""Forms and brochures (/forms): the fund's forms, and the key facts of each life event.

Both are data: the forms in `forms.toml`, the facts in `key_facts.toml`, their sentences in
`forms_texts.py` (gettext). A fact names no figure itself: each value is a reference into the
data files that hold the law's and the fund's figures, with their sources and status
(the contribution parameters of the year, the guides' tables, the payments policies), so a
new year file or a changed policy changes the page, and nothing is typed twice.

Pure apart from reading its own two files once: `today` is passed in, and nothing here
touches the database or Redis, so the public pages stay as cheap as a template.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.contributions.rules.parameters import YearParameters, available_years, load_year
from app.kit import i18n
from app.kit.i18n import gettext as _
from app.payments.rules.exemptions import load_exemption_rules
from app.payments.rules.plans import load_policy
from app.payments.rules.recovery import StepKind, load_schedule
from app.requests.kinds import KINDS, AnswerType, RequestKind, choice_label
from app.wizards.catalogue import WIZARDS
from app.wizards.rules.common import dated, params_for

FORMS_FILE = Path(__file__).with_name("forms.toml")
FACTS_FILE = Path(__file__).with_name("key_facts.toml")
REFERENCE_KINDS = ("param", "series", "from", "plans", "exemptions", "recovery")
# Fields of the payments policies that are percentages written as whole numbers.
PERCENT_FIELDS = frozenset({"advance_percent", "advance_percent_after_broken"})


class FormsDataError(ValueError):
    """forms.toml or key_facts.toml breaks a rule; the message names the entry."""


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure a page shows, resolved for a day: its value, unit, where it comes from and
    whether the data confirms it. `year` is the year file it was read from (an earlier one
    when the current year's value is not known yet)."""

    reference: str
    value: Decimal | int | date | None
    unit: str  # "EUR", "ratio", "date", or a count ("quarters", "days", "weeks", "age"...)
    status: str  # C, S, D, U (payments files: C when confirmed, U otherwise)
    source: str
    year: int | None = None

    @property
    def confirmed(self) -> bool:
        return self.status != "U" and self.value is not None


@dataclass(frozen=True, slots=True)
class Fact:
    code: str
    values: Mapping[str, Figure]

    @property
    def unconfirmed(self) -> bool:
        return any(not f.confirmed for f in self.values.values())


@dataclass(frozen=True, slots=True)
class FactSpec:
    code: str
    values: Mapping[str, str]  # placeholder -> reference


@dataclass(frozen=True, slots=True)
class FormSpec:
    slug: str
    kind: RequestKind | None
    omit: tuple[str, ...]
    events: tuple[str, ...]
    portal: str
    documents: tuple[str, ...]
    deadline: FactSpec | None


# ------------------------------------------------------------------------ loading, checked


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle, parse_float=Decimal)


def _references(where: str, raw: object) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise FormsDataError(f"{where}: values must be a table of references")
    found: dict[str, str] = {}
    for name, ref in raw.items():
        if not isinstance(ref, str) or ref.split(":", 1)[0] not in REFERENCE_KINDS:
            raise FormsDataError(f"{where}: {name} = {ref!r} is not a reference")
        found[str(name)] = ref
    return found


def parse_forms(data: Mapping[str, Any]) -> tuple[FormSpec, ...]:
    keys = {"slug", "kind", "omit", "events", "portal", "documents", "deadline",
            "deadline_values"}  # fmt: skip
    forms: list[FormSpec] = []
    for number, raw in enumerate(data.get("form", []), start=1):
        where = f"form {number} ({raw.get('slug', '?')})"
        if set(raw) != keys:
            raise FormsDataError(f"{where}: keys must be exactly {sorted(keys)}")
        kind = RequestKind(raw["kind"]) if raw["kind"] else None
        fields = {f.name for f in KINDS[kind].fields} if kind else set()
        if unknown := set(raw["omit"]) - fields:
            raise FormsDataError(f"{where}: omits fields its kind has not: {sorted(unknown)}")
        if unknown := set(raw["events"]) - set(WIZARDS):
            raise FormsDataError(f"{where}: unknown life events {sorted(unknown)}")
        if not str(raw["portal"]).startswith("/"):
            raise FormsDataError(f"{where}: portal must be a path of the portal")
        values = _references(where, raw["deadline_values"])
        forms.append(
            FormSpec(
                slug=str(raw["slug"]),
                kind=kind,
                omit=tuple(raw["omit"]),
                events=tuple(raw["events"]),
                portal=str(raw["portal"]),
                documents=tuple(raw["documents"]),
                deadline=FactSpec(str(raw["deadline"]), values) if raw["deadline"] else None,
            )
        )
    if len({f.slug for f in forms}) != len(forms):
        raise FormsDataError("two forms have the same slug")
    return tuple(forms)


def parse_facts(data: Mapping[str, Any]) -> dict[str, tuple[FactSpec, ...]]:
    if unknown := set(data) - set(WIZARDS):
        raise FormsDataError(f"facts for unknown life events {sorted(unknown)}")
    if missing := set(WIZARDS) - set(data):
        raise FormsDataError(f"no key facts for {sorted(missing)}")
    facts: dict[str, tuple[FactSpec, ...]] = {}
    for event in WIZARDS:  # the guides' order
        specs = []
        for raw in data[event]:
            if set(raw) != {"code", "values"}:
                raise FormsDataError(f"{event}: a fact has exactly a code and values")
            specs.append(FactSpec(str(raw["code"]), _references(f"{event}.{raw['code']}",
                                                                raw["values"])))  # fmt: skip
        facts[event] = tuple(specs)
    return facts


@lru_cache(maxsize=1)
def load_forms() -> tuple[FormSpec, ...]:
    return parse_forms(_read(FORMS_FILE))


@lru_cache(maxsize=1)
def load_key_facts() -> dict[str, tuple[FactSpec, ...]]:
    return parse_facts(_read(FACTS_FILE))


def form(slug: str) -> FormSpec | None:
    return next((f for f in load_forms() if f.slug == slug), None)


def forms_for(event: str) -> tuple[FormSpec, ...]:
    return tuple(f for f in load_forms() if event in f.events)


# ------------------------------------------------------------------ resolving references


def _year_figure(reference: str, params: YearParameters, name: str) -> Figure:
    leaf = params.leaf(name)
    if leaf.value is not None:
        return Figure(reference, leaf.value, leaf.unit, leaf.status, leaf.source, params.year)
    # Not known for the year (status U, no value): the latest earlier year's value, flagged.
    for year in sorted((y for y in available_years() if y < params.year), reverse=True):
        earlier = load_year(year).leaf(name)
        if earlier.value is not None:
            return Figure(reference, earlier.value, earlier.unit, "U",
                          f"{leaf.source} — {year}: {earlier.source}", year)  # fmt: skip
    return Figure(reference, None, leaf.unit, "U", leaf.source, params.year)


def _policy_figure(reference: str, policy: Any, name: str) -> Figure:
    if not hasattr(policy, name) or name in ("source", "confirmed"):
        raise FormsDataError(f"{reference}: no such field")
    value = getattr(policy, name)
    unit = "EUR" if isinstance(value, Decimal) else "count"
    if name in PERCENT_FIELDS:
        value, unit = Decimal(value) / 100, "ratio"
    return Figure(reference, value, unit, "C" if policy.confirmed else "U", policy.source)


def resolve(reference: str, today: date) -> Figure:
    """The figure a reference names, as it holds on `today` (see key_facts.toml)."""
    kind, _, name = reference.partition(":")
    params = params_for(today)
    if kind == "param":
        return _year_figure(reference, params, name)
    if kind == "from":
        leaf = params.leaf(name)
        if leaf.effective_from is None:
            raise FormsDataError(f"{reference}: the leaf has no effective_from")
        return Figure(reference, leaf.effective_from, "date", leaf.status, leaf.source,
                      params.year)  # fmt: skip
    if kind == "series":
        value, figures = dated(params, name, today)
        status = "U" if any(f.status == "U" for f in figures) else figures[-1].status
        source = " — ".join(dict.fromkeys(f.source for f in figures))
        return Figure(reference, value, figures[-1].unit, status, source, figures[-1].year)
    if kind == "plans":
        return _policy_figure(reference, load_policy(), name)
    if kind == "exemptions":
        return _policy_figure(reference, load_exemption_rules(), name)
    if kind == "recovery":
        schedule = load_schedule()
        step = schedule.step(StepKind(name))
        return Figure(reference, step.offset, "days", "C" if schedule.confirmed else "U",
                      schedule.source)  # fmt: skip
    raise FormsDataError(f"{reference}: unknown reference kind")


def fact(spec: FactSpec, today: date) -> Fact:
    return Fact(spec.code, {name: resolve(ref, today) for name, ref in spec.values.items()})


def key_facts(event: str, today: date) -> tuple[Fact, ...]:
    return tuple(fact(spec, today) for spec in load_key_facts()[event])


def facts_year(today: date) -> int:
    """The year whose figures the pages show: today's, or the nearest year with a file."""
    return params_for(today).year


# ------------------------------------------------------------------ shown in a language


@dataclass(frozen=True, slots=True)
class ShownFact:
    text: str
    unconfirmed: bool
    sources: tuple[str, ...]


def format_figure(figure: Figure) -> str:
    """A figure in the reader's language: "890,42 €", "3 %", "31 mars 2026", "4"."""
    value = figure.value
    if value is None:
        return _("amount to be confirmed")
    if isinstance(value, date):
        return i18n.format_day(value)
    if figure.unit == "EUR":
        return i18n.format_money(Decimal(value))
    if figure.unit == "ratio":
        return i18n.format_rate(Decimal(value))
    return i18n.format_number(Decimal(value))


def show(fact: Fact, texts: Mapping[str, Any]) -> ShownFact:
    values = {name: format_figure(f) for name, f in fact.values.items()}
    return ShownFact(
        i18n.fill(texts[fact.code], values, {name: f.value for name, f in fact.values.items()}),
        fact.unconfirmed,
        tuple(dict.fromkeys(f.source for f in fact.values.values())),
    )


@dataclass(frozen=True, slots=True)
class PaperField:
    label: str
    long: bool  # a few lines to write on, not one
    choices: tuple[str, ...] = ()


def paper_fields(spec: FormSpec) -> tuple[PaperField, ...]:
    """The fields the paper form asks for: the same as the portal's request of that kind."""
    if spec.kind is None:
        return ()
    return tuple(
        PaperField(
            str(f.label),
            f.type == AnswerType.LONG_TEXT,
            tuple(choice_label(c) for c in f.choices) if f.type == AnswerType.CHOICE else (),
        )
        for f in KINDS[spec.kind].fields
        if f.name not in spec.omit
    )
