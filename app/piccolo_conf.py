"""Piccolo's entry point: the engine from settings and every domain's Piccolo app."""

import os

from piccolo.conf.apps import AppRegistry
from piccolo.engine.postgres import PostgresEngine

from app.kit.embedded import ensure_environment

ensure_environment()

DB = PostgresEngine(
    config={"dsn": os.environ["DATABASE_URL"]},
    log_queries=False,
)

APP_REGISTRY = AppRegistry(
    apps=[
        "app.kit.piccolo_app",
        "app.identity.piccolo_app",
        "app.affiliation.piccolo_app",
        "app.messaging.piccolo_app",
        "app.documents.piccolo_app",
        "app.requests.piccolo_app",
        "app.wizards.piccolo_app",
        "app.payments.piccolo_app",
        "app.staff.piccolo_app",
        "app.rights.piccolo_app",
        "app.benefits.piccolo_app",
        "app.mandates.piccolo_app",
    ]
)
