"""Hand-written: one company year per company and year; every company a directorship names
gets its company row (from the directorship's name), then the directorship's enterprise number
references it, so a directorship can no longer name a company the fund does not know."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-02T04:07:15:000000"
VERSION = "1.38.0"
DESCRIPTION = "company keys"

FORWARDS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS company_year_once ON company_year (company, year)",
    "ALTER TABLE company_year ADD CONSTRAINT company_year_total_positive "
    "CHECK (balance_sheet_total >= 0)",
    "INSERT INTO company (id, enterprise_number, name, legal_form, created_at) "
    "SELECT DISTINCT ON (enterprise_number) gen_random_uuid(), enterprise_number, company_name, "
    "'', now() FROM directorship ORDER BY enterprise_number, since DESC "
    "ON CONFLICT (enterprise_number) DO NOTHING",
    "ALTER TABLE directorship ADD CONSTRAINT directorship_company_fkey "
    "FOREIGN KEY (enterprise_number) REFERENCES company (enterprise_number) "
    "ON UPDATE CASCADE ON DELETE RESTRICT",
    "CREATE INDEX IF NOT EXISTS directorship_enterprise_number "
    "ON directorship (enterprise_number)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS directorship_enterprise_number",
    "ALTER TABLE directorship DROP CONSTRAINT IF EXISTS directorship_company_fkey",
    "ALTER TABLE company_year DROP CONSTRAINT IF EXISTS company_year_total_positive",
    "DROP INDEX IF EXISTS company_year_once",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="affiliation", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
