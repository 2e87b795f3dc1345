import os

from piccolo.conf.apps import AppConfig

from app.rights.tables import RightFinding

APP_CONFIG = AppConfig(
    app_name="rights",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[RightFinding],
    migration_dependencies=["app.identity.piccolo_app"],
    commands=[],
)
