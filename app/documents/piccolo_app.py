import os

from piccolo.conf.apps import AppConfig

from app.documents.tables import Document

APP_CONFIG = AppConfig(
    app_name="documents",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Document],
    migration_dependencies=["app.identity.piccolo_app"],
    commands=[],
)
