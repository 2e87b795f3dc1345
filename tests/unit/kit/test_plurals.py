"""Texts whose wording follows a number, through the real catalogues (issue 16, item 7).

French takes the singular for 0 and 1 (plural=(n > 1)); Dutch and English for 1 only. The
expected sentences are written out here, as a reader sees them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from jinja2 import Environment

from app.home import forms_texts
from app.kit import i18n, units
from app.kit.templating import build_environment
from app.wizards.catalogue import WIZARDS

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def env() -> Environment:
    return build_environment()


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("fr", 0, "Utilisez 0 caractère au maximum"),
        ("fr", 1, "Utilisez 1 caractère au maximum"),
        ("fr", 2, "Utilisez 2 caractères au maximum"),
        ("nl", 0, "Gebruik maximaal 0 tekens"),
        ("nl", 1, "Gebruik maximaal 1 teken"),
        ("nl", 2, "Gebruik maximaal 2 tekens"),
        ("en", 0, "Use 0 characters or fewer"),
        ("en", 1, "Use 1 character or fewer"),
        ("en", 2, "Use 2 characters or fewer"),
    ],
)
def test_ngettext_in_python(lang: str, n: int, expected: str) -> None:
    with i18n.language(lang):
        text = i18n.ngettext("Use %(num)s character or fewer", "Use %(num)s characters or fewer", n)
    assert text == expected


MAILS_FAILED = (
    '{{ ngettext("%(num)s e-mail could not be sent. Check the address with the person, or the '
    'mail server.", "%(num)s e-mails could not be sent. Check the address with the person, or '
    'the mail server.", n) }}'
)


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("fr", 0, "0 e-mail n'a pas pu être envoyé."),
        ("fr", 1, "1 e-mail n'a pas pu être envoyé."),
        ("fr", 2, "2 e-mails n'ont pas pu être envoyés."),
        ("nl", 0, "0 e-mails konden niet worden verstuurd."),
        ("nl", 1, "1 e-mail kon niet worden verstuurd."),
        ("nl", 2, "2 e-mails konden niet worden verstuurd."),
        ("en", 0, "0 e-mails could not be sent."),
        ("en", 1, "1 e-mail could not be sent."),
        ("en", 2, "2 e-mails could not be sent."),
    ],
)
def test_ngettext_in_a_template(env: Environment, lang: str, n: int, expected: str) -> None:
    """The text of templates/staff/mails.html, which said "e-mail(s)"."""
    with i18n.language(lang):
        shown = env.from_string(MAILS_FAILED).render(n=n)
    assert shown.startswith(expected + " ")


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("fr", 0, "Dans un délai de 0 trimestre suivant le trimestre de la naissance."),
        ("fr", 1, "Dans un délai de 1 trimestre suivant le trimestre de la naissance."),
        ("fr", 2, "Dans les 2 trimestres qui suivent le trimestre de la naissance."),
        ("nl", 0, "Binnen 0 kwartalen na het kwartaal van de geboorte."),
        ("nl", 1, "Binnen 1 kwartaal na het kwartaal van de geboorte."),
        ("nl", 2, "Binnen 2 kwartalen na het kwartaal van de geboorte."),
        ("en", 0, "Within 0 quarters after the quarter of the birth."),
        ("en", 1, "Within 1 quarter after the quarter of the birth."),
        ("en", 2, "Within 2 quarters after the quarter of the birth."),
    ],
)
def test_a_plural_text_of_a_table(lang: str, n: int, expected: str) -> None:
    """A legal figure from the year files (1 quarter in 2026) picks the form."""
    with i18n.language(lang):
        text = i18n.fill(
            forms_texts.DEADLINES["birth_leave"], {"quarters": str(n)}, {"quarters": n}
        )
    assert text == expected


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("fr", 0, f"Congé d'adoption{NBSP}: 0 semaine par parent et 4 semaines à partager, "
                  "payé par votre mutualité."),
        ("fr", 1, f"Congé d'adoption{NBSP}: 1 semaine par parent et 4 semaines à partager, "
                  "payé par votre mutualité."),
        ("fr", 2, f"Congé d'adoption{NBSP}: 2 semaines par parent et 4 semaines à partager, "
                  "payé par votre mutualité."),
        ("nl", 0, "Adoptieverlof: 0 weken per ouder en 4 weken te verdelen, betaald door uw "
                  "ziekenfonds."),
        ("nl", 1, "Adoptieverlof: 1 week per ouder en 4 weken te verdelen, betaald door uw "
                  "ziekenfonds."),
        ("nl", 2, "Adoptieverlof: 2 weken per ouder en 4 weken te verdelen, betaald door uw "
                  "ziekenfonds."),
        ("en", 0, "Adoption leave: 0 weeks per parent plus 4 weeks to share, paid by your "
                  "mutualité."),
        ("en", 1, "Adoption leave: 1 week per parent plus 4 weeks to share, paid by your "
                  "mutualité."),
        ("en", 2, "Adoption leave: 2 weeks per parent plus 4 weeks to share, paid by your "
                  "mutualité."),
    ],
)  # fmt: skip
def test_each_number_of_a_counted_text_gets_its_own_form(lang: str, n: int, expected: str) -> None:
    text = forms_texts.FACTS["adoption"]
    with i18n.language(lang):
        shown = i18n.fill(text, {"weeks": str(n), "shared": "4"}, {"weeks": n, "shared": 4})
    assert shown == expected


@pytest.mark.parametrize(
    ("lang", "unit", "forms"),
    [
        ("fr", units.QUARTERS, ("0 trimestre", "1 trimestre", "2 trimestres")),
        ("fr", units.YEARS, ("0 an", "1 an", "2 ans")),
        ("fr", units.MONTHS, ("0 mois", "1 mois", "2 mois")),
        ("nl", units.QUARTERS, ("0 kwartalen", "1 kwartaal", "2 kwartalen")),
        ("nl", units.DAYS, ("0 dagen", "1 dag", "2 dagen")),
        ("nl", units.YEARS, ("0 jaar", "1 jaar", "2 jaar")),
        ("en", units.QUARTERS, ("0 quarters", "1 quarter", "2 quarters")),
        ("en", units.HALF_DAYS, ("0 half-days", "1 half-day", "2 half-days")),
    ],
)
def test_units(lang: str, unit: i18n.LazyPlural, forms: tuple[str, str, str]) -> None:
    with i18n.language(lang):
        assert tuple(unit.form(n) % {"num": n} for n in (0, 1, 2)) == forms


def test_a_figure_to_be_confirmed_reads_as_plural_and_takes_no_unit() -> None:
    text = forms_texts.FACTS["adoption"]
    shown = {"weeks": "montant à confirmer", "shared": "4"}
    with i18n.language("fr"):
        filled = i18n.fill(text, shown, {"weeks": None, "shared": Decimal(4)})
    assert filled == (
        f"Congé d'adoption{NBSP}: montant à confirmer par parent et 4 semaines à partager, "
        "payé par votre mutualité."
    )


@pytest.mark.parametrize(
    ("value", "count"),
    [(1, 1), (0, 0), (Decimal("1"), 1), (Decimal("12"), 12), ("3", 3), (None, 2),
     (Decimal("1.5"), 2), (True, 2)],
)  # fmt: skip
def test_plural_count(value: object, count: int) -> None:
    assert i18n.plural_count(value) == count


@pytest.mark.parametrize(
    ("lang", "days", "expected"),
    [
        ("fr", "1", "2 pour une interruption de 1 jour), puis par mois civil complet (1 mois)"),
        ("fr", "45", "2 pour une interruption de 45 jours), puis par mois civil complet (1 mois)"),
        ("nl", "1", "2 voor uw 1 dag), daarna per volledige kalendermaand (1 maand)"),
        ("en", "45", "2 for your 45 days), then per whole calendar month (1 month)"),
    ],
)
def test_an_answer_given_as_text_picks_the_form(lang: str, days: str, expected: str) -> None:
    """The bridging right's forced interruption: the days are the person's answer (1 to 730)."""
    text = WIZARDS["bankruptcy"].outcome.texts["bridging_forced_interruption"][1]
    shown = {"monthly": "M", "until": "U", "segment": "S", "segments": "2", "days": days,
             "calendar_months": "1", "total": "T"}  # fmt: skip
    with i18n.language(lang):
        assert expected in i18n.fill(text, shown, {"days": days, "calendar_months": 1})
