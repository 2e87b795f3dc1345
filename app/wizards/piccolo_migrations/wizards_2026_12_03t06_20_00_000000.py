from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSONB
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T06:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "The JSON API's step idempotency keys on guide drafts"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="wizards", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="WizardDraft",
        tablename="wizard_draft",
        column_name="step_keys",
        db_column_name="step_keys",
        column_class_name="JSONB",
        column_class=JSONB,
        params={
            "default": "{}",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
