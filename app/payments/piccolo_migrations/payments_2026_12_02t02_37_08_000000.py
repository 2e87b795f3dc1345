"""Hand-written: what keeps the ledger honest in the database itself (Piccolo declares none of
it): amounts at two decimals at most, entries never updated nor deleted, one notice per
account, kind and quarter, and the indexes "My account" and the notice job read by.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-02T02:37:08:000000"
VERSION = "1.38.0"
DESCRIPTION = "ledger guards and indexes"

FORWARDS = [
    "ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_cents CHECK (amount = trunc(amount, 2))",
    "ALTER TABLE due_notice ADD CONSTRAINT due_notice_cents CHECK ("
    "amount = trunc(amount, 2) AND contribution = trunc(contribution, 2) "
    "AND management_fee = trunc(management_fee, 2) AND amount = contribution + management_fee)",
    "ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_reversal_reason CHECK ("
    "reverses IS NULL OR length(trim(reason)) > 0)",
    """CREATE OR REPLACE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are never changed: book a reversal instead'
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql""",
    "CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry "
    "FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only()",
    "CREATE UNIQUE INDEX IF NOT EXISTS due_notice_one_per_quarter "
    "ON due_notice (account, kind, year, quarter)",
    "CREATE INDEX IF NOT EXISTS ledger_entry_account_booked "
    "ON ledger_entry (account, booked_on, seq)",
    "CREATE INDEX IF NOT EXISTS due_notice_account_due ON due_notice (account, due_on DESC)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS due_notice_account_due",
    "DROP INDEX IF EXISTS ledger_entry_account_booked",
    "DROP INDEX IF EXISTS due_notice_one_per_quarter",
    "DROP TRIGGER IF EXISTS ledger_entry_append_only ON ledger_entry",
    "DROP FUNCTION IF EXISTS ledger_entry_append_only()",
    "ALTER TABLE ledger_entry DROP CONSTRAINT IF EXISTS ledger_entry_reversal_reason",
    "ALTER TABLE due_notice DROP CONSTRAINT IF EXISTS due_notice_cents",
    "ALTER TABLE ledger_entry DROP CONSTRAINT IF EXISTS ledger_entry_cents",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="payments", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
