import os

from piccolo.conf.apps import AppConfig

from app.payments.tables import (
    BankMovement,
    CodaImport,
    CourtParty,
    CourtProcedure,
    CourtProcedureStep,
    DebitCollection,
    DebitFile,
    DebitMandate,
    DueNotice,
    LedgerEntry,
    LedgerQuarterBalance,
    PaymentAccount,
    PaymentPlan,
    PlanInstalment,
    RecoveryStep,
)

APP_CONFIG = AppConfig(
    app_name="payments",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[
        PaymentAccount,
        LedgerEntry,
        LedgerQuarterBalance,
        DueNotice,
        CodaImport,
        BankMovement,
        RecoveryStep,
        PaymentPlan,
        PlanInstalment,
        CourtParty,
        CourtProcedure,
        CourtProcedureStep,
        DebitMandate,
        DebitFile,
        DebitCollection,
    ],
    migration_dependencies=["app.identity.piccolo_app", "app.affiliation.piccolo_app"],
    commands=[],
)
