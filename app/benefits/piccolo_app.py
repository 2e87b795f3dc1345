import os

from piccolo.conf.apps import AppConfig

from app.benefits.tables import (
    BenefitEntitlement,
    BenefitFigure,
    BenefitPayment,
    BenefitPaymentRun,
    BenefitPayoutAccount,
    BenefitRunPayment,
    BenefitUndue,
)

APP_CONFIG = AppConfig(
    app_name="benefits",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[
        BenefitEntitlement,
        BenefitPayment,
        BenefitPayoutAccount,
        BenefitFigure,
        BenefitPaymentRun,
        BenefitRunPayment,
        BenefitUndue,
    ],
    migration_dependencies=["app.identity.piccolo_app", "app.requests.piccolo_app"],
    commands=[],
)
