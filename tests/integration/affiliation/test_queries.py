"""Reads of the status for the other domains' batch jobs: many people in one query."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.affiliation import queries, service
from app.affiliation.rules import Category
from app.kit import audit
from tests.support.actors import make_person

pytestmark = pytest.mark.integration


async def test_affiliations_of_many_people_read_as_one_each() -> None:
    starter, helper, nobody = await make_person(), await make_person(), await make_person()
    await service.record_affiliation(
        audit.SYSTEM, person_id=starter, category=Category.MAIN, starts_on=date(2026, 4, 1),
        first_main_activity=True, declared_income=Decimal("18000"), declared_income_year=2026,
        source_reference="AF-2026-000001",
    )  # fmt: skip
    await service.record_affiliation(
        audit.SYSTEM, person_id=helper, category="helper", starts_on=date(2019, 3, 1),
        ends_on=date(2026, 9, 30),
    )  # fmt: skip
    views = await queries.affiliations_of([starter, helper, nobody])
    assert set(views) == {starter, helper}  # no affiliation: left out
    assert views[starter] == queries.AffiliationView(
        person_id=starter, category=Category.MAIN, starts_on=date(2026, 4, 1), ends_on=None,
        first_main_activity=True, declared_income=Decimal("18000.00"),
        declared_income_year=2026, source_reference="AF-2026-000001",
    )  # fmt: skip
    assert views[helper] == queries.AffiliationView(
        person_id=helper, category=Category.HELPER, starts_on=date(2019, 3, 1),
        ends_on=date(2026, 9, 30), first_main_activity=False, declared_income=None,
        declared_income_year=None, source_reference=None,
    )  # fmt: skip
    assert views[starter] == await queries.affiliation_of(starter)
    assert await queries.affiliations_of([]) == {}
    assert await queries.affiliations_of([nobody]) == {}
