"""The solidarity rule's data: its public source named, flagged while unconfirmed."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.payments.rules.solidarity import load_solidarity

pytestmark = pytest.mark.unit


def test_the_shipped_rule_names_the_royal_decree_and_stays_flagged() -> None:
    rule = load_solidarity()
    assert "Arrêté royal n° 38 du 27 juillet 1967" in rule.source and "art. 15" in rule.source
    assert rule.confirmed is False


def test_a_file_without_its_source_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "solidarity.toml"
    broken.write_text("confirmed = true\n", encoding="utf-8")
    with pytest.raises(ValueError, match="a source and confirmed"):
        load_solidarity(broken)
