"""What a person reads about an unconfirmed figure: a public source, never the technical note."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.contributions import texts
from app.contributions.rules.simulation import FLAGGED_STATUSES
from app.kit import i18n

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("note", "status", "label", "url"),
    [
        (
            "derived 405.60 × factor (AR n° 38 du 27 juillet 1967, art. 12 §2; factor: art. 14); "
            "corroborated by the ucm.be student provisional 100.35 incl. 4.05 %",
            "D",
            f"Royal Decree no. 38 of 27 July 1967, art.{NBSP}12{NBSP}§2",
            None,
        ),
        ("yago.be; conflicts with officedescredits.be 4000.44", "U", "yago.be", "https://yago.be"),
        (
            "see https://www.inasti.be/fr/cotisations; to confirm",
            "U",
            "www.inasti.be/fr/cotisations",
            "https://www.inasti.be/fr/cotisations",
        ),
        (
            "AR du 19 décembre 1967 portant règlement général, art. 44; no page read",
            "U",
            f"Royal Decree of 19 December 1967 (general regulation), art.{NBSP}44",
            None,
        ),
        ("fund board decision", "U", None, None),
    ],
)
def test_public_source_of_a_note(
    note: str, status: str, label: str | None, url: str | None
) -> None:
    with i18n.language("en"):
        found = texts.public_source(note, status)
    if label is None:
        assert found is None
    else:
        assert found == texts.PublicSource(label, url)


def _leaves(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if "source" in node and "status" in node:
        yield node
        return
    for value in node.values():
        if isinstance(value, dict):
            yield from _leaves(value)


def test_every_flagged_figure_reads_without_the_technical_note() -> None:
    folder = Path(texts.__file__).parent / "parameters"
    for path in sorted(folder.glob("20*.toml")):
        for leaf in _leaves(tomllib.loads(path.read_text(encoding="utf-8"))):
            if leaf["status"] in FLAGGED_STATUSES:
                found = texts.public_source(leaf["source"], leaf["status"])
                if found is not None:
                    for word in ("derived", "corroborated", "factor", "facts.md", ";"):
                        assert word not in found.label, (path.name, leaf["source"])


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_status_sentences_are_translated(lang: str) -> None:
    with i18n.language("en"):
        english = {s: texts.status_sentence(s) for s in ("D", "S", "U")}
    with i18n.language(lang):
        for status, sentence in english.items():
            assert texts.status_sentence(status) not in ("", sentence)
