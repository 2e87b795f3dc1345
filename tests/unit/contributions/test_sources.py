"""Every legal figure names its public source; nothing points to notes outside the repository.

The product ships without the project's working notes (the folder next to the repository), so a
source or a comment that sends the reader there is a dead reference. A source names the law and
article, the Moniteur belge publication, or the public page (INASTI, mutualité, fund) itself.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "app"
PARAMETERS = APP / "contributions" / "parameters"
PARAMETER_FILES = ("law.toml", "2024.toml", "2025.toml", "2026.toml")
# Dead references: the working notes are not shipped with the product.
FORBIDDEN = ("facts.md", "../shared", "shared/domain", "shared/charter", "shared/design")
LEAF_KEYS = frozenset({"value", "unit", "source", "status", "effective_from"})


def leaves(data: dict[str, Any], prefix: str = "") -> dict[str, dict[str, Any]]:
    """Independent walk of a parameter document: a leaf is a table with leaf keys."""
    out: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        assert isinstance(value, dict), f"bare value at {prefix}{key}"
        if LEAF_KEYS & set(value):
            out[f"{prefix}{key}"] = value
        else:
            out.update(leaves(value, f"{prefix}{key}."))
    return out


def read(name: str) -> dict[str, dict[str, Any]]:
    with (PARAMETERS / name).open("rb") as f:
        return leaves(tomllib.load(f, parse_float=Decimal))


def test_the_parameter_files_are_the_expected_ones() -> None:
    assert sorted(p.name for p in PARAMETERS.glob("*.toml")) == [
        "2024.toml",
        "2025.toml",
        "2026.toml",
        "law.toml",
    ]


@pytest.mark.parametrize("name", PARAMETER_FILES)
def test_every_leaf_names_a_public_source(name: str) -> None:
    found = read(name)
    assert found, name
    for path, leaf in found.items():
        source = leaf.get("source")
        assert isinstance(source, str) and source.strip(), f"{name}: {path} has no source"
        assert "facts.md" not in source, f"{name}: {path}: {source}"
        assert "shared/" not in source, f"{name}: {path}: {source}"


@pytest.mark.parametrize("name", PARAMETER_FILES)
def test_derived_figures_say_how_they_are_derived(name: str) -> None:
    for path, leaf in read(name).items():
        if leaf["status"] == "D":
            assert leaf["source"].startswith("derived"), f"{name}: {path}: {leaf['source']}"


def test_the_law_is_named_with_its_date_and_article() -> None:
    for path, leaf in read("law.toml").items():
        assert leaf["source"].startswith("AR n° 38 du 27 juillet 1967 (MB 29/07/1967), art. "), path
    assert read("law.toml")["bands.band1_ceiling"]["source"] == (
        "AR n° 38 du 27 juillet 1967 (MB 29/07/1967), art. 12 §1 1°"
    )


def test_index_factors_name_the_published_ceiling_they_come_from() -> None:
    assert "72810.95 (liantis.be" in read("2024.toml")["index.factor"]["source"]
    assert "73447.52 (eloya.be; office-sfa.be)" in read("2025.toml")["index.factor"]["source"]
    assert "75024.54 (blog.tamtam.pro" in read("2026.toml")["index.factor"]["source"]
    for name in ("2024.toml", "2025.toml", "2026.toml"):
        source = read(name)["index.factor"]["source"]
        assert source.startswith("AR n° 38 du 27 juillet 1967, art. 14; index factor = "), name
        assert source.count("15831.12") == 1, name


def test_no_file_under_app_points_to_notes_outside_the_repository() -> None:
    # Translations (.po) quote the templates' texts; they are checked through the templates.
    offenders = []
    for path in sorted(APP.rglob("*")):
        if not path.is_file() or path.suffix in {".po", ".mo", ".pyc"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if any(word in line for word in FORBIDDEN):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
