import os

from piccolo.conf.apps import AppConfig

from app.staff.tables import AuthorityReport

APP_CONFIG = AppConfig(
    app_name="staff",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[AuthorityReport],
    migration_dependencies=["app.identity.piccolo_app"],
    commands=[],
)
