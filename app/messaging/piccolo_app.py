import os

from piccolo.conf.apps import AppConfig

from app.messaging.tables import (
    Appointment,
    AppointmentSlot,
    EmailOptOut,
    InboxMessage,
    PushSubscription,
    StaffNotice,
    ThreadAttachment,
    ThreadMessage,
)

APP_CONFIG = AppConfig(
    app_name="messaging",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[
        InboxMessage,
        ThreadMessage,
        ThreadAttachment,
        EmailOptOut,
        StaffNotice,
        PushSubscription,
        AppointmentSlot,
        Appointment,
    ],
    migration_dependencies=["app.identity.piccolo_app", "app.documents.piccolo_app"],
    commands=[],
)
