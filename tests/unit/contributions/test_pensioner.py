"""Who pays the working-pensioner rates (AR 38 art. 13; xerius.be; vlaio.be — facts §8 p. 3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.affiliation.rules import Category
from app.contributions.rules.pensioner import pensioner_regime
from app.contributions.rules.simulation import simulate

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("pension", "legal_age_reached", "regime"),
    [
        pytest.param("retirement", False, Category.PENSIONER, id="early-retirement"),
        pytest.param("retirement", True, Category.PENSIONER, id="retirement"),
        pytest.param("survivor", True, Category.PENSIONER, id="survivor-after-age"),
        pytest.param("survivor", False, Category.MAIN, id="survivor-before-age"),
        pytest.param("none", True, Category.MAIN, id="age-without-pension"),
        pytest.param("none", False, None, id="not-concerned"),
    ],
)
def test_regime(pension: str, legal_age_reached: bool, regime: Category | None) -> None:
    assert pensioner_regime(pension, legal_age_reached=legal_age_reached) is regime


@pytest.mark.parametrize(
    ("pension", "legal_age_reached", "quarterly"),
    [
        # liantis.be: pensioner 2025 on 25 000 = 918.75 (14.70 % × 25 000 / 4).
        ("retirement", False, "918.75"),
        ("survivor", True, "918.75"),
        # Main activity 2025 on 25 000 = 1281.25 (liantis.be; 20.50 % × 25 000 / 4).
        ("survivor", False, "1281.25"),
        ("none", True, "1281.25"),
    ],
)
def test_simulation(pension: str, legal_age_reached: bool, quarterly: str) -> None:
    result = simulate(
        2025,
        "pensioner",
        income=Decimal("25000"),
        pension=pension,
        legal_age_reached=legal_age_reached,
    )
    assert result.quarterly_contribution == Decimal(quarterly)
    main = result.category is Category.MAIN
    assert main is (quarterly == "1281.25")
    assert ("pensioner.main_regime" in [line.code for line in result.explanation]) is main
