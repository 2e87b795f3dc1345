"""Paying benefits, once: a payment belongs to at most one run, a person has one current payout
account (a change closes the old row, kept as history), a figure is confirmed once per date,
and amounts are in cents."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-03T15:53:58:000000"
VERSION = "1.38.0"
DESCRIPTION = "one run per payment, one current payout account, one figure per date"

FORWARDS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS benefit_run_payment_once ON benefit_run_payment (payment)",
    "CREATE UNIQUE INDEX IF NOT EXISTS benefit_payout_account_current "
    "ON benefit_payout_account (person) WHERE superseded_at IS NULL",
    "CREATE UNIQUE INDEX IF NOT EXISTS benefit_figure_once "
    "ON benefit_figure (figure, effective_from)",
    "ALTER TABLE benefit_run_payment ADD CONSTRAINT benefit_run_payment_cents "
    "CHECK (amount > 0 AND amount = round(amount, 2))",
    "ALTER TABLE benefit_figure ADD CONSTRAINT benefit_figure_cents "
    "CHECK (amount > 0 AND amount = round(amount, 2))",
]
BACKWARDS = [
    "ALTER TABLE benefit_figure DROP CONSTRAINT IF EXISTS benefit_figure_cents",
    "ALTER TABLE benefit_run_payment DROP CONSTRAINT IF EXISTS benefit_run_payment_cents",
    "DROP INDEX IF EXISTS benefit_figure_once",
    "DROP INDEX IF EXISTS benefit_payout_account_current",
    "DROP INDEX IF EXISTS benefit_run_payment_once",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="benefits", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
