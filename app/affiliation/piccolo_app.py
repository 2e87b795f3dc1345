import os

from piccolo.conf.apps import AppConfig

from app.affiliation.tables import (
    AccountManager,
    Affiliation,
    Company,
    CompanyYear,
    Directorship,
    HelpingSpouse,
)

APP_CONFIG = AppConfig(
    app_name="affiliation",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Affiliation, AccountManager, Company, CompanyYear, Directorship, HelpingSpouse],
    migration_dependencies=["app.identity.piccolo_app"],
    commands=[],
)
