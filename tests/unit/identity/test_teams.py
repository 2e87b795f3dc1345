"""Team codes read as team names in the reader's language, not "Équipe general"."""

from __future__ import annotations

import pytest

from app.identity.teams import team_name
from app.kit import i18n
from app.staff.wording import STAFF_EVENT_LABELS


@pytest.mark.parametrize(
    ("lang", "code", "expected"),
    [
        ("fr", "general", "Équipe générale"),
        ("fr", "pensions", "Équipe pensions"),
        ("nl", "general", "Algemeen team"),
        ("en", "recovery", "Debt recovery team"),
        ("fr", "north", "Équipe north"),  # a code an administrator made up: shown as typed
    ],
)
def test_team_names(lang: str, code: str, expected: str) -> None:
    with i18n.language(lang):
        assert team_name(code) == expected


def test_staff_read_the_history_from_the_funds_side() -> None:
    with i18n.language("fr"):
        assert str(STAFF_EVENT_LABELS["take"]) == "Prise en charge par le gestionnaire de dossier"
        assert "votre" not in " ".join(str(label) for label in STAFF_EVENT_LABELS.values())
