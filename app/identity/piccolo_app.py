import os

from piccolo.conf.apps import AppConfig

from app.identity.tables import (
    AccountRecovery,
    ActivationLink,
    EmailCode,
    PasskeyCredential,
    Person,
    StaffUser,
)

APP_CONFIG = AppConfig(
    app_name="identity",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[
        Person,
        StaffUser,
        PasskeyCredential,
        ActivationLink,
        EmailCode,
        AccountRecovery,
    ],
    migration_dependencies=[],
    commands=[],
)
