"""French spacing: what `french` changes, what it leaves, and that it is idempotent."""

from __future__ import annotations

import pytest

from app.kit.typography import french, french_problems

NB = "\u00a0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Erreur:", f"Erreur{NB}:"),
        ("Que se passe-t-il ?", f"Que se passe-t-il{NB}?"),
        ("Bonjour !", f"Bonjour{NB}!"),
        ("oui ; non", f"oui{NB}; non"),
        ("14,7 %", f"14,7{NB}%"),
        ("« Continuer »", f"«{NB}Continuer{NB}»"),
        (f"«{NB}déjà{NB}»", f"«{NB}déjà{NB}»"),  # already right: unchanged
        ("par exemple 25 000", f"par exemple 25{NB}000"),
        ("le 1 décembre", f"le 1er{NB}décembre"),
        ("le 11 décembre", "le 11 décembre"),
        ("à 14:30", "à 14:30"),  # a time, not a phrase end
        ("https://x.be/?next=/a", "https://x.be/?next=/a"),
        ("%(rate)s sur", "%(rate)s sur"),
    ],
)
def test_french_spacing(text: str, expected: str) -> None:
    assert french(text) == expected
    assert french(expected) == expected  # idempotent
    assert french_problems(expected) == []


def test_problems_name_what_is_wrong() -> None:
    found = french_problems("Votre revenu ? 25 000 €")
    assert [p.split(" near ")[0] for p in found] == [
        "no non-breaking space before '?'",
        "thousands",
    ]
