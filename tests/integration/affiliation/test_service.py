"""A person's status at the fund: written once per change, audited, read back scoped."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.affiliation import queries, service
from app.affiliation.rules import Category
from app.kit import audit, i18n
from app.kit.errors import FormInvalid, NotFound
from app.kit.tables import AuditEvent
from tests.support.actors import affiliate, make_person, make_staff, staff

pytestmark = pytest.mark.integration


class TestRecordAffiliation:
    async def test_a_new_status_then_a_change_keeps_one_row(self, clean_db: None) -> None:
        person = await make_person()
        await service.record_affiliation(
            audit.SYSTEM,
            person_id=person,
            category=Category.MAIN,
            starts_on=date(2026, 4, 1),
            first_main_activity=True,
            declared_income=Decimal("18000"),
            declared_income_year=2026,
            source_reference="AF-2026-000001",
        )
        await service.record_affiliation(
            audit.SYSTEM, person_id=person, category="secondary", starts_on=date(2026, 7, 1)
        )
        status = await queries.affiliation_for(affiliate(person))
        assert status is not None
        assert (status.category, status.starts_on, status.first_main_activity) == (
            Category.SECONDARY,
            date(2026, 7, 1),
            False,
        )
        # A change of category without an income keeps the income the fund knew.
        assert (status.declared_income, status.declared_income_year) == (Decimal("18000.00"), 2026)
        actions = [r["action"] for r in await AuditEvent.select(AuditEvent.action)]
        assert actions.count("affiliation.recorded") == 2

    async def test_an_end_before_the_start_is_refused_in_the_users_language(
        self, clean_db: None
    ) -> None:
        person = await make_person()
        with i18n.language("nl"), pytest.raises(FormInvalid) as raised:
            await service.record_affiliation(
                audit.SYSTEM,
                person_id=person,
                category=Category.MAIN,
                starts_on=date(2026, 4, 1),
                ends_on=date(2026, 3, 31),
            )
        assert raised.value.errors == {"ends_on": "De einddatum moet op of na de begindatum liggen"}
        assert await queries.affiliation_of(person) is None

    async def test_an_unknown_person_is_not_found(self, clean_db: None) -> None:
        import uuid

        with pytest.raises(NotFound):
            await service.record_affiliation(
                audit.SYSTEM,
                person_id=uuid.uuid4(),
                category=Category.MAIN,
                starts_on=date(2026, 4, 1),
            )


class TestDeclaredIncome:
    async def test_needs_an_affiliation_first(self, clean_db: None) -> None:
        person = await make_person()
        recorded = await service.record_declared_income(
            audit.SYSTEM, person_id=person, income=Decimal("6000"), year=2026
        )
        assert recorded is False
        await service.record_affiliation(
            audit.SYSTEM, person_id=person, category=Category.MAIN, starts_on=date(2020, 1, 1)
        )
        assert await service.record_declared_income(
            audit.SYSTEM,
            person_id=person,
            income=Decimal("6000.5"),
            year=2026,
            category=Category.SECONDARY,
            source_reference="AF-2026-000002",
        )
        status = await queries.affiliation_of(person)
        assert status is not None
        assert (status.category, status.declared_income, status.source_reference) == (
            Category.SECONDARY,
            Decimal("6000.50"),
            "AF-2026-000002",
        )


class TestReadsAreScoped:
    async def test_only_the_affiliate_reads_their_status(self, clean_db: None) -> None:
        person, other = await make_person(), await make_person()
        await service.record_affiliation(
            audit.SYSTEM, person_id=person, category=Category.MAIN, starts_on=date(2020, 1, 1)
        )
        assert await queries.affiliation_for(affiliate(other)) is None
        assert await queries.affiliation_for(staff(await make_staff())) is None
        assert await queries.affiliation_for(affiliate(person)) is not None


class TestAccountManager:
    async def test_assigned_then_changed_and_gone_when_inactive(self, clean_db: None) -> None:
        from app.identity.tables import StaffUser

        person = await make_person()
        first, second = await make_staff(name="Anne"), await make_staff(team="north", name="Bo")
        await service.assign_account_manager(audit.SYSTEM, person_id=person, staff_id=first)
        await service.keep_account_manager(person, second)  # a manager is set: it stays
        manager = await queries.account_manager_for(person)
        assert manager is not None and manager.full_name == "Anne"
        await service.assign_account_manager(audit.SYSTEM, person_id=person, staff_id=second)
        assert await queries.managed_by_team(person, "north") is True
        assert await queries.managed_by_team(person, "general") is False
        await StaffUser.update({StaffUser.active: False}).where(StaffUser.id == second)
        assert await queries.account_manager_for(person) is None


class TestCompaniesAndSpouses:
    async def test_a_directorship_needs_a_valid_enterprise_number(self, clean_db: None) -> None:
        person = await make_person()
        with i18n.language("fr"), pytest.raises(FormInvalid) as raised:
            await service.record_directorship(
                audit.SYSTEM,
                person_id=person,
                enterprise_number="0123.456.789",
                company_name="Dubois SRL",
                since=date(2024, 1, 1),
            )
        assert list(raised.value.errors) == ["enterprise_number"]
        await service.record_directorship(
            audit.SYSTEM,
            person_id=person,
            enterprise_number="BE 0403.170.701",
            company_name="Dubois SRL",
            since=date(2024, 1, 1),
        )
        [company] = await queries.directorships(person)
        assert (company.enterprise_number, company.company_name) == ("0403.170.701", "Dubois SRL")

    async def test_nobody_is_their_own_helping_spouse(self, clean_db: None) -> None:
        person = await make_person()
        with pytest.raises(FormInvalid):
            await service.link_helping_spouse(
                audit.SYSTEM, helper_id=person, partner_id=person, since=date(2024, 1, 1)
            )
