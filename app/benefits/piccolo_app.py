import os

from piccolo.conf.apps import AppConfig

from app.benefits.tables import BenefitEntitlement, BenefitPayment

APP_CONFIG = AppConfig(
    app_name="benefits",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[BenefitEntitlement, BenefitPayment],
    migration_dependencies=["app.identity.piccolo_app", "app.requests.piccolo_app"],
    commands=[],
)
