"""Hand-written: direct debit (domiciliation). The mandates the affiliates sign, the pain.008
files written, and the quarters collected, with the unique partial index that makes a second
live collection of the same quarter impossible."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-03T16:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "direct debit mandates and collections"

FORWARDS = [
    """CREATE TABLE debit_mandate (
        id UUID PRIMARY KEY,
        account UUID NOT NULL REFERENCES payment_account (id) ON DELETE RESTRICT,
        reference VARCHAR(35) NOT NULL UNIQUE,
        sequence INTEGER NOT NULL,
        iban VARCHAR(34) NOT NULL,
        holder VARCHAR(70) NOT NULL,
        signed_on DATE NOT NULL,
        signed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        revoked_at TIMESTAMPTZ NULL,
        UNIQUE (account, sequence)
    )""",
    "CREATE INDEX debit_mandate_account ON debit_mandate (account)",
    # One mandate in force per account.
    "CREATE UNIQUE INDEX debit_mandate_active ON debit_mandate (account) WHERE revoked_at IS NULL",
    """CREATE TABLE debit_file (
        id UUID PRIMARY KEY,
        message_id VARCHAR(35) NOT NULL UNIQUE,
        collection_on DATE NOT NULL,
        transactions INTEGER NOT NULL,
        total NUMERIC NOT NULL,
        xml TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
    """CREATE TABLE debit_collection (
        id UUID PRIMARY KEY,
        account UUID NOT NULL REFERENCES payment_account (id) ON DELETE RESTRICT,
        mandate UUID NOT NULL REFERENCES debit_mandate (id) ON DELETE RESTRICT,
        year INTEGER NOT NULL,
        quarter INTEGER NOT NULL,
        amount NUMERIC NOT NULL CHECK (amount > 0 AND amount = round(amount, 2)),
        collection_on DATE NOT NULL,
        end_to_end_id VARCHAR(35) NOT NULL,
        status VARCHAR(12) NOT NULL DEFAULT 'announced'
            CHECK (status IN ('announced', 'collected', 'returned', 'cancelled')),
        sequence_type VARCHAR(4) NOT NULL DEFAULT '',
        debit_file UUID NULL REFERENCES debit_file (id) ON DELETE RESTRICT,
        payment_entry UUID NULL,
        reason_code VARCHAR(8) NOT NULL DEFAULT '',
        announced_on DATE NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX debit_collection_account ON debit_collection (account)",
    "CREATE INDEX debit_collection_e2e ON debit_collection (end_to_end_id)",
    "CREATE UNIQUE INDEX debit_collection_live ON debit_collection (account, year, quarter) "
    "WHERE status IN ('announced', 'collected')",
]
BACKWARDS = [
    "DROP TABLE IF EXISTS debit_collection",
    "DROP TABLE IF EXISTS debit_file",
    "DROP TABLE IF EXISTS debit_mandate",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="payments", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
