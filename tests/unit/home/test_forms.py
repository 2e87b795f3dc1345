"""Forms and key facts as data (app/home/forms.py): every reference resolves to the figure of
the data files, with its status; the data files are checked and a bad entry is named.

Expected values are literals from ../shared/domain/facts.md (its 2026 column, §2 and §8) and
from the fund's policies (app/payments/rules/*.toml), never computed by the code under test.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.home import forms, forms_texts
from app.kit import i18n
from app.wizards.catalogue import WIZARDS

DEC_2026 = date(2026, 12, 2)
D = Decimal


@pytest.mark.parametrize(
    ("reference", "value", "status"),
    [
        ("param:quarterly.minimum_main", D("890.42"), "C"),  # facts §1.2, tamtam 2026
        ("param:quarterly.maximum", D("5103.05"), "C"),
        ("param:quarterly.minimum_starter", D("459.82"), "D"),
        ("param:quarterly.minimum_helper", D("391.16"), "D"),
        ("param:thresholds.secondary", D("1922.16"), "D"),
        ("param:starter.primo_quarters", 4, "C"),  # facts §1.3: the first 4 quarters
        ("param:starter.first_quarter_reduction", D("118.52"), "U"),
        ("param:due_dates.q4", date(2026, 12, 31), "C"),
        ("param:surcharges.quarterly_rate", D("0.03"), "C"),
        ("param:benefits.maternity_service_vouchers", 105, "C"),
        ("param:benefits.birth_exempt_quarters", 2, "S"),  # from 2026: 2 quarters
        ("param:benefits.paternity_daily", D("96.60"), "U"),  # a 2023 value, unconfirmed
        ("param:benefits.bridging_reference_quarters", 16, "S"),
        # Not known for 2026 (U, no value): the 2025 value, flagged.
        ("param:benefits.caregiver_monthly_full", D("1638.26"), "U"),
        ("series:bridging.monthly_single", D("1638.26"), "U"),
        ("series:bridging.monthly_family", D("2047.18"), "U"),
        ("series:pension.legal_age", 66, "S"),  # 66 from 1 February 2025
        ("series:new_child.adoption_shared_weeks", 4, "C"),  # 4 from 1/1/2025
        ("from:guides.pension.legal_age.a67", date(2030, 2, 1), "S"),
        ("plans:max_instalments", 12, "U"),  # the fund's policy, confirmed = false
        ("plans:advance_percent", D("0.2"), "U"),
        ("plans:min_instalment", D("50.00"), "U"),
        ("exemptions:window_quarters", 4, "U"),
        ("recovery:reminder", 15, "U"),
        ("recovery:formal_notice", 75, "U"),
    ],
    ids=lambda v: v if isinstance(v, str) and ":" in v else None,
)
def test_a_reference_resolves_to_its_figure(reference: str, value: Any, status: str) -> None:
    found = forms.resolve(reference, DEC_2026)
    assert found.value == value
    assert found.status == status
    assert found.confirmed is (status != "U")
    assert found.source


def test_a_series_holds_the_value_of_its_day() -> None:
    # The legal pension age was 65 before February 2025 (guides.pension.legal_age).
    assert forms.resolve("series:pension.legal_age", date(2025, 1, 15)).value == 65


@pytest.mark.parametrize(
    ("figure", "language", "shown"),
    [
        (forms.Figure("r", D("890.42"), "EUR", "C", "s"), "fr", "890,42\u00a0€"),
        (forms.Figure("r", D("5103.05"), "EUR", "C", "s"), "fr", "5\u202f103,05\u00a0€"),
        (forms.Figure("r", D("890.42"), "EUR", "C", "s"), "nl", "€\u00a0890,42"),
        (forms.Figure("r", D("0.0305"), "ratio", "S", "s"), "fr", "3,05\u00a0%"),
        (forms.Figure("r", date(2026, 3, 31), "date", "C", "s"), "fr", "31 mars 2026"),
        (forms.Figure("r", 12, "count", "C", "s"), "en", "12"),
        (forms.Figure("r", None, "EUR", "U", "s"), "fr", "montant à confirmer"),
    ],
    ids=["fr-money", "fr-thousands", "nl-money", "fr-rate", "fr-date", "count", "unknown"],
)
def test_a_figure_in_the_readers_language(figure: forms.Figure, language: str, shown: str) -> None:
    with i18n.language(language):
        assert forms.format_figure(figure) == shown


def test_every_life_event_has_key_facts_and_each_fact_its_sentence() -> None:
    facts = forms.load_key_facts()
    assert list(facts) == list(WIZARDS)
    for event, specs in facts.items():
        assert specs, event
        for spec in specs:
            shown = forms.show(forms.fact(spec, DEC_2026), forms_texts.FACTS)
            assert "%(" not in shown.text, (event, spec.code)


def test_every_form_has_its_texts_and_a_deadline_sentence_when_it_has_one() -> None:
    for spec in forms.load_forms():
        for table in (forms_texts.TITLES, forms_texts.PURPOSES, forms_texts.WHO):
            assert spec.slug in table, spec.slug
        assert all(code in forms_texts.DOCUMENTS for code in spec.documents), spec.slug
        if spec.deadline:
            shown = forms.show(forms.fact(spec.deadline, DEC_2026), forms_texts.DEADLINES)
            assert "%(" not in shown.text, spec.slug


def test_the_forms_the_charter_names_are_there() -> None:
    slugs = {f.slug for f in forms.load_forms()}
    assert {"affiliation", "helping_spouse", "provisional_adjustment", "exemption",
            "payment_plan", "surcharge_waiver", "bridging_right", "maternity_aid",
            "cessation", "change_of_details"} <= slugs  # fmt: skip


def test_the_paper_form_asks_what_the_portal_asks() -> None:
    spec = forms.form("exemption")
    assert spec is not None
    with i18n.language("en"):
        labels = [f.label for f in forms.paper_fields(spec)]
        cause = next(f for f in forms.paper_fields(spec) if f.label == "Cause of the difficulty")
    assert labels[:2] == ["Quarters concerned", "Reason"]
    assert "Illness or accident" in cause.choices
    adjustment = forms.form("provisional_adjustment")
    assert adjustment is not None
    with i18n.language("en"):
        assert "New quarterly amount with management fees" not in [
            f.label for f in forms.paper_fields(adjustment)
        ]  # computed by the portal: omitted on paper


def _form(**changes: Any) -> dict[str, Any]:
    entry = {"slug": "x", "kind": "cessation", "omit": [], "events": ["cessation"],
             "portal": "/wizards/cessation", "documents": [], "deadline": "",
             "deadline_values": {}}  # fmt: skip
    return {"form": [{**entry, **changes}]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_form(portal="wizards/cessation"), "portal must be a path"),
        (_form(events=["retirement"]), "unknown life events ['retirement']"),
        (_form(omit=["colour"]), "omits fields its kind has not: ['colour']"),
        (_form(deadline_values={"n": "quarterly.minimum_main"}), "is not a reference"),
        (_form(kind="holiday"), "'holiday' is not a valid RequestKind"),
        ({"form": [{"slug": "x"}]}, "keys must be exactly"),
    ],
    ids=["portal", "event", "omit", "reference", "kind", "keys"],
)
def test_a_bad_form_entry_is_named(data: dict[str, Any], message: str) -> None:
    with pytest.raises((forms.FormsDataError, ValueError), match=message.replace("[", r"\[")):
        forms.parse_forms(data)


def test_key_facts_must_cover_every_life_event() -> None:
    data = {event: [] for event in WIZARDS if event != "pension"}
    with pytest.raises(forms.FormsDataError, match="no key facts for"):
        forms.parse_facts(data)


def test_an_unknown_reference_kind_is_refused() -> None:
    with pytest.raises(forms.FormsDataError):
        forms.resolve("ledger:balance", DEC_2026)
