import os

from piccolo.conf.apps import AppConfig

from app.requests.tables import (
    InstitutionOutbox,
    ReferenceCounter,
    Request,
    RequestAttachment,
    RequestEvent,
)

APP_CONFIG = AppConfig(
    app_name="requests",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Request, RequestEvent, RequestAttachment, ReferenceCounter, InstitutionOutbox],
    migration_dependencies=["app.identity.piccolo_app"],
    commands=[],
)
