import os

from piccolo.conf.apps import AppConfig

from app.mandates.tables import Mandate

APP_CONFIG = AppConfig(
    app_name="mandates",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Mandate],
    migration_dependencies=["app.identity.piccolo_app", "app.affiliation.piccolo_app"],
    commands=[],
)
