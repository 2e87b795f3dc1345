"""Load the yearly parameter files (`app/contributions/parameters/<year>.toml` and `law.toml`).

Over 400 lines on purpose: the schema of the year files and its validation stay in one module,
so the dataclasses and the checks cannot drift apart.

The only module of `rules/` that reads files: the parameters are data shipped with the code,
read once and cached. Each leaf is `{ value, unit, source, status }`; a leaf without a source
is refused, because every figure shown to an affiliate must be traceable to where it comes
from. A leaf may omit `value` only when its status is "U" (unknown: the UI says so).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from app.contributions.rules.errors import InvalidParameterFile, UnknownParameter, UnknownYear

PARAMETERS_DIR = Path(__file__).resolve().parent.parent / "parameters"
LAW_FILE = "law.toml"
YEAR_FILE = re.compile(r"^(\d{4})\.toml$")

STATUSES = frozenset({"C", "S", "D", "U"})
LEAF_KEYS = frozenset({"value", "unit", "source", "status", "effective_from"})
# unit -> Python type of the value: money and ratios are Decimal, counts are int.
UNITS: Mapping[str, type] = MappingProxyType(
    {
        "EUR": Decimal,
        "ratio": Decimal,
        "index": Decimal,
        "date": date,
        "year": int,
        "quarters": int,
        "count": int,
        "weeks": int,
        "days": int,
        "age": int,
    }
)

Value = Decimal | int | date
V = TypeVar("V", Decimal, int, date)


@dataclass(frozen=True, slots=True)
class Leaf:
    """One dated, sourced figure. `name` is the dotted TOML path, e.g. "bands.band1_ceiling"."""

    name: str
    value: Value | None
    unit: str
    source: str
    status: str
    effective_from: date | None = None


# ---------------------------------------------------------------- parsing and validation


def _parse_leaf(name: str, raw: Mapping[str, object], origin: str) -> Leaf:
    unknown = set(raw) - LEAF_KEYS
    if unknown:
        raise InvalidParameterFile(f"{origin}: {name}: unknown keys {sorted(unknown)}")
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        raise InvalidParameterFile(f"{origin}: {name}: every value needs a non-empty 'source'")
    status = raw.get("status")
    if status not in STATUSES:
        raise InvalidParameterFile(f"{origin}: {name}: status must be one of C, S, D, U")
    unit = raw.get("unit")
    if not isinstance(unit, str) or unit not in UNITS:
        raise InvalidParameterFile(f"{origin}: {name}: unit must be one of {sorted(UNITS)}")
    effective_from = _as_day(raw.get("effective_from"))
    if raw.get("effective_from") is not None and effective_from is None:
        raise InvalidParameterFile(f"{origin}: {name}: effective_from must be a date")
    if "value" not in raw:
        # Only an unknown figure may be left without value.
        if status != "U":
            raise InvalidParameterFile(f"{origin}: {name}: no value but status {status} (U only)")
        return Leaf(name, None, str(unit), source, str(status), effective_from)
    value = _typed(raw["value"], str(unit), f"{origin}: {name}")
    return Leaf(name, value, str(unit), source, str(status), effective_from)


def _as_day(value: object) -> date | None:
    # datetime is a date subclass; a time of day has no meaning here.
    return value if isinstance(value, date) and not isinstance(value, datetime) else None


def _typed(value: object, unit: str, where: str) -> Value:
    kind = UNITS[unit]
    if kind is Decimal:
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
    elif kind is date:
        if (day := _as_day(value)) is not None:
            return day
    elif isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InvalidParameterFile(f"{where}: value {value!r} does not match unit {unit}")


def _flatten(data: Mapping[str, object], origin: str, prefix: str = "") -> dict[str, Leaf]:
    leaves: dict[str, Leaf] = {}
    for key, raw in data.items():
        name = f"{prefix}{key}"
        if not isinstance(raw, Mapping):
            raise InvalidParameterFile(
                f"{origin}: {name}: bare value; write {{ value = ..., unit = ..., source = ..."
                ", status = ... }}"
            )
        if LEAF_KEYS & set(raw):
            leaves[name] = _parse_leaf(name, raw, origin)
        else:
            leaves.update(_flatten(raw, origin, f"{name}."))
    return leaves


def parse_document(data: Mapping[str, object], origin: str) -> dict[str, Leaf]:
    """Validate a parsed TOML document and return its leaves by dotted name."""
    return _flatten(data, origin)


def _read(path: Path) -> dict[str, Leaf]:
    with path.open("rb") as f:
        # parse_float=Decimal: exact decimals, no float round trip.
        data = tomllib.load(f, parse_float=Decimal)
    return parse_document(data, path.name)


# ------------------------------------------------------------------------ typed views


class _Leaves:
    """Typed access to a leaf mapping while building the dataclasses."""

    def __init__(self, leaves: Mapping[str, Leaf], origin: str) -> None:
        self.leaves = leaves
        self.origin = origin

    def _leaf(self, name: str) -> Leaf:
        try:
            return self.leaves[name]
        except KeyError:
            raise InvalidParameterFile(f"{self.origin}: missing parameter {name!r}") from None

    def _value(self, name: str, kind: type[V]) -> V | None:
        value = self._leaf(name).value
        if value is None:
            return None
        if not isinstance(value, kind):
            raise InvalidParameterFile(f"{self.origin}: {name} must be {kind.__name__}")
        return value

    def _required(self, name: str, kind: type[V]) -> V:
        value = self._value(name, kind)
        if value is None:
            raise InvalidParameterFile(f"{self.origin}: {name} needs a value")
        return value

    def dec(self, name: str) -> Decimal:
        return self._required(name, Decimal)

    def opt_dec(self, name: str) -> Decimal | None:
        return self._value(name, Decimal)

    def num(self, name: str) -> int:
        return self._required(name, int)

    def opt_num(self, name: str) -> int | None:
        return self._value(name, int)

    def day(self, name: str) -> date:
        return self._required(name, date)


class _Lookup:
    """`status(name)` / `source(name)` / `leaf(name)` for any leaf, by dotted name."""

    leaves: Mapping[str, Leaf]

    def leaf(self, name: str) -> Leaf:
        """Leaf by dotted name; typed field names ("band1_ceiling") are accepted too."""
        leaf = self.leaves.get(name) or self.leaves.get(FIELD_NAMES.get(name, ""))
        if leaf is None:
            raise KeyError(f"no parameter named {name!r}")
        return leaf

    def status(self, name: str) -> str:
        return self.leaf(name).status

    def source(self, name: str) -> str:
        return self.leaf(name).source


@dataclass(frozen=True)
class LawParameters(_Lookup):
    """AR 38 nominal amounts (not indexed)."""

    band1_ceiling: Decimal
    band2_ceiling: Decimal
    rate_band1: Decimal
    rate_band2: Decimal
    rate_pensioner_band1: Decimal
    rate_pensioner_band2: Decimal
    minimum_main: Decimal
    minimum_starter: Decimal
    helper_base: Decimal
    helper_fraction: Decimal
    secondary_threshold: Decimal
    pensioner_threshold: Decimal
    student_fraction: Decimal
    index_denominator: Decimal
    starter_first_quarter_reduction: Decimal
    leaves: Mapping[str, Leaf] = field(compare=False, repr=False)

    @property
    def minimum_helper(self) -> Decimal:
        return self.helper_base * self.helper_fraction


@dataclass(frozen=True)
class Benefits:
    """Benefit figures shown by later pages; None = unknown for that year (status U)."""

    bridging_monthly: Decimal | None
    bridging_monthly_family: Decimal | None
    maternity_service_vouchers: int | None
    maternity_weeks: int | None
    birth_exempt_quarters: int | None
    paternity_days: int | None
    paternity_daily: Decimal | None
    paternity_half_day: Decimal | None
    caregiver_monthly_full: Decimal | None
    caregiver_monthly_partial: Decimal | None
    plci_rate: Decimal | None
    plci_ceiling: Decimal | None
    plci_ceiling_alternative: Decimal | None
    plci_social_rate: Decimal | None
    plci_social_ceiling: Decimal | None
    pension_age: int | None


@dataclass(frozen=True)
class YearParameters(_Lookup):
    """Everything the rules need for one contribution year.

    Names for `status()`/`source()`/`leaf()` are dotted TOML paths ("bands.band1_ceiling");
    law figures are prefixed "law." ("law.rates.band1"). `FIELD_NAMES` maps the typed fields
    to those names.
    """

    year: int
    index_factor: Decimal
    band1_ceiling: Decimal
    band2_ceiling: Decimal
    minimum_income_main: Decimal
    minimum_income_starter: Decimal
    minimum_income_helper: Decimal
    secondary_threshold: Decimal
    student_exemption_threshold: Decimal
    student_full_regime_threshold: Decimal
    pensioner_threshold: Decimal
    minimum_quarterly_main: Decimal
    maximum_quarterly: Decimal
    minimum_quarterly_starter: Decimal
    minimum_quarterly_helper: Decimal
    secondary_starting_quarterly: Decimal
    revaluation_coefficient: Decimal | None
    reference_year: int
    due_dates: tuple[date, date, date, date]
    quarterly_surcharge_rate: Decimal
    annual_surcharge_rate: Decimal
    management_fee_rate: Decimal
    management_fee_minimum: Decimal
    management_fee_maximum: Decimal
    company_balance_sheet_threshold: Decimal | None
    company_amount_low: Decimal | None
    company_amount_high: Decimal | None
    company_due_date: date
    starter_extra_quarters: int
    starter_quarters_concerned: int
    starter_first_quarter_reduction: Decimal
    benefits: Benefits
    law: LawParameters
    leaves: Mapping[str, Leaf] = field(compare=False, repr=False)

    def require(self, name: str) -> Value:
        """The value of a leaf, or UnknownParameter when the figure is unknown this year."""
        value = self.leaf(name).value
        if value is None:
            raise UnknownParameter(self.year, name)
        return value

    def require_amount(self, name: str) -> Decimal:
        """`require` for a figure in euros or a rate (a Decimal by the file's schema)."""
        value = self.require(name)
        if not isinstance(value, Decimal):
            raise UnknownParameter(self.year, name)
        return value


FIELD_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "index_factor": "index.factor",
        "band1_ceiling": "bands.band1_ceiling",
        "band2_ceiling": "bands.band2_ceiling",
        "minimum_income_main": "minimum_income.main",
        "minimum_income_starter": "minimum_income.starter",
        "minimum_income_helper": "minimum_income.helper",
        "secondary_threshold": "thresholds.secondary",
        "student_exemption_threshold": "thresholds.student_exemption",
        "student_full_regime_threshold": "thresholds.student_full_regime",
        "pensioner_threshold": "thresholds.pensioner",
        "minimum_quarterly_main": "quarterly.minimum_main",
        "maximum_quarterly": "quarterly.maximum",
        "minimum_quarterly_starter": "quarterly.minimum_starter",
        "minimum_quarterly_helper": "quarterly.minimum_helper",
        "secondary_starting_quarterly": "quarterly.secondary_starting",
        "revaluation_coefficient": "revaluation.coefficient",
        "reference_year": "revaluation.reference_year",
        "quarterly_surcharge_rate": "surcharges.quarterly_rate",
        "annual_surcharge_rate": "surcharges.annual_rate",
        "management_fee_rate": "fees.management_rate",
        "management_fee_minimum": "fees.legal_minimum",
        "management_fee_maximum": "fees.legal_maximum",
        "company_balance_sheet_threshold": "company.balance_sheet_threshold",
        "company_amount_low": "company.amount_low",
        "company_amount_high": "company.amount_high",
        "company_due_date": "company.due_date",
        "starter_extra_quarters": "starter.extra_quarters",
        "starter_quarters_concerned": "starter.quarters_concerned",
        "starter_first_quarter_reduction": "starter.first_quarter_reduction",
    }
)


def _build_law(leaves: Mapping[str, Leaf]) -> LawParameters:
    v = _Leaves(leaves, LAW_FILE)
    for leaf in leaves.values():
        if leaf.effective_from is None:
            raise InvalidParameterFile(f"{LAW_FILE}: {leaf.name}: law values need effective_from")
    return LawParameters(
        band1_ceiling=v.dec("bands.band1_ceiling"),
        band2_ceiling=v.dec("bands.band2_ceiling"),
        rate_band1=v.dec("rates.band1"),
        rate_band2=v.dec("rates.band2"),
        rate_pensioner_band1=v.dec("rates.pensioner_band1"),
        rate_pensioner_band2=v.dec("rates.pensioner_band2"),
        minimum_main=v.dec("minimum_income.main"),
        minimum_starter=v.dec("minimum_income.starter"),
        helper_base=v.dec("minimum_income.helper_base"),
        helper_fraction=v.dec("minimum_income.helper_fraction"),
        secondary_threshold=v.dec("thresholds.secondary"),
        pensioner_threshold=v.dec("thresholds.pensioner"),
        student_fraction=v.dec("thresholds.student_fraction"),
        index_denominator=v.dec("index.denominator"),
        starter_first_quarter_reduction=v.dec("starter.first_quarter_reduction"),
        leaves=MappingProxyType(dict(leaves)),
    )


def _build_year(year: int, leaves: Mapping[str, Leaf], law: LawParameters) -> YearParameters:
    origin = f"{year}.toml"
    v = _Leaves(leaves, origin)
    due_dates = (
        v.day("due_dates.q1"),
        v.day("due_dates.q2"),
        v.day("due_dates.q3"),
        v.day("due_dates.q4"),
    )
    if any(d.year != year for d in due_dates):
        raise InvalidParameterFile(f"{origin}: due dates must fall in {year}")
    benefits = Benefits(
        bridging_monthly=v.opt_dec("benefits.bridging_monthly"),
        bridging_monthly_family=v.opt_dec("benefits.bridging_monthly_family"),
        maternity_service_vouchers=v.opt_num("benefits.maternity_service_vouchers"),
        maternity_weeks=v.opt_num("benefits.maternity_weeks"),
        birth_exempt_quarters=v.opt_num("benefits.birth_exempt_quarters"),
        paternity_days=v.opt_num("benefits.paternity_days"),
        paternity_daily=v.opt_dec("benefits.paternity_daily"),
        paternity_half_day=v.opt_dec("benefits.paternity_half_day"),
        caregiver_monthly_full=v.opt_dec("benefits.caregiver_monthly_full"),
        caregiver_monthly_partial=v.opt_dec("benefits.caregiver_monthly_partial"),
        plci_rate=v.opt_dec("benefits.plci_rate"),
        plci_ceiling=v.opt_dec("benefits.plci_ceiling"),
        plci_ceiling_alternative=v.opt_dec("benefits.plci_ceiling_alternative"),
        plci_social_rate=v.opt_dec("benefits.plci_social_rate"),
        plci_social_ceiling=v.opt_dec("benefits.plci_social_ceiling"),
        pension_age=v.opt_num("benefits.pension_age"),
    )
    all_leaves = dict(leaves)
    all_leaves.update({f"law.{name}": leaf for name, leaf in law.leaves.items()})
    f = FIELD_NAMES
    return YearParameters(
        year=year,
        index_factor=v.dec(f["index_factor"]),
        band1_ceiling=v.dec(f["band1_ceiling"]),
        band2_ceiling=v.dec(f["band2_ceiling"]),
        minimum_income_main=v.dec(f["minimum_income_main"]),
        minimum_income_starter=v.dec(f["minimum_income_starter"]),
        minimum_income_helper=v.dec(f["minimum_income_helper"]),
        secondary_threshold=v.dec(f["secondary_threshold"]),
        student_exemption_threshold=v.dec(f["student_exemption_threshold"]),
        student_full_regime_threshold=v.dec(f["student_full_regime_threshold"]),
        pensioner_threshold=v.dec(f["pensioner_threshold"]),
        minimum_quarterly_main=v.dec(f["minimum_quarterly_main"]),
        maximum_quarterly=v.dec(f["maximum_quarterly"]),
        minimum_quarterly_starter=v.dec(f["minimum_quarterly_starter"]),
        minimum_quarterly_helper=v.dec(f["minimum_quarterly_helper"]),
        secondary_starting_quarterly=v.dec(f["secondary_starting_quarterly"]),
        revaluation_coefficient=v.opt_dec(f["revaluation_coefficient"]),
        reference_year=v.num(f["reference_year"]),
        due_dates=due_dates,
        quarterly_surcharge_rate=v.dec(f["quarterly_surcharge_rate"]),
        annual_surcharge_rate=v.dec(f["annual_surcharge_rate"]),
        management_fee_rate=v.dec(f["management_fee_rate"]),
        management_fee_minimum=v.dec(f["management_fee_minimum"]),
        management_fee_maximum=v.dec(f["management_fee_maximum"]),
        company_balance_sheet_threshold=v.opt_dec(f["company_balance_sheet_threshold"]),
        company_amount_low=v.opt_dec(f["company_amount_low"]),
        company_amount_high=v.opt_dec(f["company_amount_high"]),
        company_due_date=v.day(f["company_due_date"]),
        starter_extra_quarters=v.num(f["starter_extra_quarters"]),
        starter_quarters_concerned=v.num(f["starter_quarters_concerned"]),
        starter_first_quarter_reduction=v.dec(f["starter_first_quarter_reduction"]),
        benefits=benefits,
        law=law,
        leaves=MappingProxyType(all_leaves),
    )


# ----------------------------------------------------------------------------- API


@lru_cache(maxsize=1)
def available_years() -> tuple[int, ...]:
    """Years with a `<YYYY>.toml` file, ascending. Adding a year = adding a file."""
    years = (YEAR_FILE.match(p.name) for p in PARAMETERS_DIR.iterdir())
    return tuple(sorted(int(m.group(1)) for m in years if m))


@lru_cache(maxsize=1)
def load_law() -> LawParameters:
    return _build_law(_read(PARAMETERS_DIR / LAW_FILE))


@lru_cache(maxsize=64)
def load_year(year: int) -> YearParameters:
    """Parameters of a contribution year; UnknownYear when there is no file for it."""
    if isinstance(year, bool) or not isinstance(year, int) or year not in available_years():
        raise UnknownYear(year)
    return _build_year(year, _read(PARAMETERS_DIR / f"{year}.toml"), load_law())


def resolve_name(name: str) -> str:
    """Dotted leaf name for a YearParameters field name (or the name itself)."""
    return FIELD_NAMES.get(name, name)
