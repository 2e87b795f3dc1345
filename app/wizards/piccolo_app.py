import os

from piccolo.conf.apps import AppConfig

from app.wizards.tables import WizardDraft

APP_CONFIG = AppConfig(
    app_name="wizards",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[WizardDraft],
    migration_dependencies=["app.identity.piccolo_app"],
    commands=[],
)
