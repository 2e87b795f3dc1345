"""Hand-written: ledger_quarter_balance is kept by a trigger on every ledger insert (the ledger
is append-only, so a sum kept on insert stays exact), filled once from the entries already
booked. The back office's arrears figures read it instead of summing the whole ledger
(bench/dashboard.py measures both)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-03T09:28:57:000000"
VERSION = "1.38.0"
DESCRIPTION = "each quarter's balance kept on insert"

FORWARDS = [
    "CREATE UNIQUE INDEX ledger_quarter_balance_key "
    "ON ledger_quarter_balance (account, year, quarter)",
    # The arrears figures read only the quarters that still owe something.
    "CREATE INDEX ledger_quarter_balance_owed ON ledger_quarter_balance (year, quarter) "
    "INCLUDE (account, outstanding, due_on) WHERE outstanding > 0",
    """CREATE FUNCTION ledger_quarter_balance_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.year IS NOT NULL AND NEW.quarter IS NOT NULL THEN
            INSERT INTO ledger_quarter_balance (id, account, year, quarter, outstanding, due_on)
            VALUES (gen_random_uuid(), NEW.account, NEW.year, NEW.quarter, NEW.amount, NEW.due_on)
            ON CONFLICT (account, year, quarter) DO UPDATE
            SET outstanding = ledger_quarter_balance.outstanding + EXCLUDED.outstanding,
                due_on = LEAST(ledger_quarter_balance.due_on, EXCLUDED.due_on);
        END IF;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER ledger_entry_quarter_balance AFTER INSERT ON ledger_entry "
    "FOR EACH ROW EXECUTE FUNCTION ledger_quarter_balance_add()",
    "INSERT INTO ledger_quarter_balance (id, account, year, quarter, outstanding, due_on) "
    "SELECT gen_random_uuid(), account, year, quarter, sum(amount), min(due_on) "
    "FROM ledger_entry WHERE year IS NOT NULL AND quarter IS NOT NULL "
    "GROUP BY account, year, quarter",
]
BACKWARDS = [
    "DROP TRIGGER IF EXISTS ledger_entry_quarter_balance ON ledger_entry",
    "DROP FUNCTION IF EXISTS ledger_quarter_balance_add()",
    "DELETE FROM ledger_quarter_balance",
    "DROP INDEX IF EXISTS ledger_quarter_balance_owed",
    "DROP INDEX IF EXISTS ledger_quarter_balance_key",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="payments", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
