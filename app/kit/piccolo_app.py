import os

from piccolo.conf.apps import AppConfig

from app.kit.tables import AuditEvent, MailMessage, OutboxJob, RetentionFlag

APP_CONFIG = AppConfig(
    app_name="kit",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[OutboxJob, AuditEvent, MailMessage, RetentionFlag],
    migration_dependencies=[],
    commands=[],
)
