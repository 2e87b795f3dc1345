"""create_app(): the single wiring point of the web application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.datastructures import CacheControlHeader
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.spec import Components
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.stores.redis import RedisStore
from litestar.stores.registry import StoreRegistry
from litestar.types import ControllerRouterHandler

from app.home.api_docs import ReadableApiPlugin
from app.kit import db
from app.kit.embedded import ensure_environment
from app.kit.health import HealthController
from app.kit.http import PortalRequest
from app.kit.limits import body_limits, without_nul
from app.kit.logging import configure_logging
from app.kit.middleware import LANGUAGE_COOKIE, SESSION_COOKIE, request_context_middleware
from app.kit.page_cache import PageCache
from app.kit.problems import EXCEPTION_HANDLERS
from app.kit.security import API_SECURITY_SCHEMES, APP_SHELL_PATHS, CSRF_COOKIE, csrf_config
from app.kit.sessions import LazySessionConfig
from app.kit.settings import get_settings
from app.kit.templating import STATIC_DIR, template_config

SESSION_MAX_AGE = 8 * 3600  # absolute cap; idle timeouts are enforced by identity


def create_app() -> Litestar:
    ensure_environment()
    settings = get_settings()
    configure_logging(json=settings.log_json)
    redis_client = aioredis.Redis.from_url(settings.redis_url or "", socket_timeout=2.0)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        started = await db.start_pool()
        try:
            yield
        finally:
            if started:
                await db.close_pool()
            await redis_client.aclose()

    from app.benefits.controllers import BenefitsController
    from app.benefits.payout_controllers import (
        PayoutAccountController,
        StaffBenefitRunsController,
    )
    from app.benefits.rules.common import BenefitKind
    from app.benefits.service import effect_for
    from app.contributions.controllers import ROUTE_HANDLERS as CONTRIBUTIONS_ROUTES
    from app.home.clients import ClientsController
    from app.home.controllers import HomeController
    from app.home.documents import DocumentsController
    from app.home.forms_controllers import FormsController
    from app.home.privacy import PrivacyController
    from app.home.pwa import AppShellController
    from app.identity.controllers import ROUTE_HANDLERS as IDENTITY_ROUTES
    from app.identity.guards import EXCEPTION_HANDLERS as IDENTITY_EXCEPTION_HANDLERS
    from app.identity.guards import install_template_globals
    from app.kit.mail import DevMailboxController, mailbox_enabled
    from app.mandates.controllers import InvitationController, MandatesController
    from app.mandates.service import NOTICE_KIND, notice_recipients
    from app.messaging.appointment_controllers import AppointmentsController
    from app.messaging.badge import before_page, nav_unread
    from app.messaging.controllers import (
        EmailPreferencesController,
        InboxApiController,
        InboxController,
        MessagesController,
        PushController,
    )
    from app.messaging.service import appointments, register_notice_copies
    from app.payments.controllers import (
        AccountApiController,
        AccountController,
        CompanyAccountController,
        ExemptionController,
        PaymentsApiController,
        PlanController,
    )
    from app.payments.court_controllers import CourtController
    from app.payments.debit_controllers import DebitController, StaffDebitController
    from app.payments.queries import difficulty_facts
    from app.payments.service import check_exemption_decision, decide_plan, waive_surcharges
    from app.requests.controllers import RequestsApiController, RequestsController
    from app.requests.effects import register_effect
    from app.requests.kinds import RequestKind
    from app.requests.queries import appointment_about, register_guide_reader
    from app.rights.controllers import RightsController
    from app.staff.accounts import StaffIdentityController
    from app.staff.appointments import StaffAppointmentsController
    from app.staff.companies import StaffCompaniesController
    from app.staff.controllers import StaffController
    from app.staff.corrections import StaffCorrectionsController
    from app.staff.court import StaffCourtController
    from app.staff.dashboard_controllers import StaffDashboardController
    from app.staff.exemptions import InastiDecisionController
    from app.staff.inbox import StaffInboxController
    from app.staff.mails import StaffMailsController
    from app.staff.payments import StaffPaymentsController
    from app.staff.plans import CounterProposalController
    from app.staff.reports_controllers import StaffReportsController
    from app.staff.retention import StaffRetentionController
    from app.staff.undue import StaffUndueController
    from app.wizards.controllers import GuidesApiController, WizardController
    from app.wizards.known import register_account_reader
    from app.wizards.service import read_guide_answers

    register_guide_reader(read_guide_answers)  # a request shows its guide's answers (wizards)
    # A person's notices are also announced to their mandataries who receive them (mandates).
    register_notice_copies(notice_recipients, not_for=[NOTICE_KIND])
    appointments.register_about_reader(appointment_about)  # about one's request (requests)
    register_account_reader(difficulty_facts)  # the difficulty guide reads the account (payments)
    # A granted surcharge waiver cancels the surcharges on the account (payments).
    register_effect(RequestKind.SURCHARGE_WAIVER, waive_surcharges)
    register_effect(RequestKind.PAYMENT_PLAN, decide_plan)  # approved: its schedule
    # INASTI exempted quarters: credited on the account (record_exemption_decision).
    register_effect(RequestKind.EXEMPTION, check_exemption_decision)
    # A granted bridging right, birth leave or maternity aid opens its entitlement (benefits).
    for benefit in BenefitKind:
        register_effect(RequestKind(benefit.value), effect_for(benefit))

    route_handlers: list[ControllerRouterHandler] = [
        HealthController,
        HomeController,
        *IDENTITY_ROUTES,
        *CONTRIBUTIONS_ROUTES,
        RequestsController,
        RequestsApiController,
        MessagesController,
        AppointmentsController,
        InboxController,
        InboxApiController,
        EmailPreferencesController,
        PushController,
        DocumentsController,
        FormsController,
        AppShellController,
        PrivacyController,
        MandatesController,
        InvitationController,
        ClientsController,
        AccountController,
        CompanyAccountController,
        PlanController,
        ExemptionController,
        CourtController,
        DebitController,
        StaffDebitController,
        PaymentsApiController,
        AccountApiController,
        StaffController,
        StaffDashboardController,
        StaffReportsController,
        StaffPaymentsController,
        StaffCompaniesController,
        StaffCorrectionsController,
        StaffCourtController,
        StaffUndueController,
        CounterProposalController,
        InastiDecisionController,
        StaffMailsController,
        StaffRetentionController,
        StaffInboxController,
        StaffAppointmentsController,
        StaffIdentityController,
        WizardController,
        GuidesApiController,
        RightsController,
        BenefitsController,
        PayoutAccountController,
        StaffBenefitRunsController,
        *([DevMailboxController] if mailbox_enabled() else []),
        create_static_files_router(
            path="/static",
            directories=[STATIC_DIR],
            name="static",
            # Pages link static files by content hash (static_url): a year, never revalidated.
            cache_control=CacheControlHeader(max_age=31_536_000, public=True, immutable=True),
        ),
    ]

    session_config = LazySessionConfig(
        key=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        secure=settings.https,
        httponly=True,
        samesite="lax",
        store="sessions",
        # Patterns are regular expressions searched in the path: anchor them. The JSON API
        # (/api/v1) reads the session like the pages: same-origin session auth (issue 16).
        exclude=["^/static/", "^/healthz$", "^/readyz$", *APP_SHELL_PATHS],
    )
    app = Litestar(
        route_handlers=route_handlers,
        request_class=PortalRequest,
        lifespan=[lifespan],
        middleware=[session_config.middleware],
        before_request=before_page,  # the nav's unread count, for signed-in affiliates only
        csrf_config=csrf_config(settings),
        template_config=template_config(),
        plugins=[HTMXPlugin()],
        stores=StoreRegistry(
            stores={"sessions": RedisStore(redis=redis_client, namespace="affilio:session")}
        ),
        exception_handlers={**EXCEPTION_HANDLERS, **IDENTITY_EXCEPTION_HANDLERS},
        compression_config=CompressionConfig(
            backend="gzip",
            minimum_size=1024,
            gzip_compress_level=6,
            exclude=["^/healthz$", "^/readyz$"],  # a few bytes, asked every few seconds
        ),
        # Off in production unless OPENAPI=on: the map of every endpoint is not for everyone.
        openapi_config=OpenAPIConfig(
            title="Affilio API",
            version="1.0.0",
            path="/schema",
            render_plugins=[ReadableApiPlugin()],
            components=Components(security_schemes=API_SECURITY_SCHEMES),
        )
        if settings.openapi
        else None,
        debug=False,
    )
    # Outermost wrapper, around Litestar's own exception handling: request id, language and
    # security headers also apply to responses for unmatched routes (404) and errors.
    # Inside it, anonymous pages already rendered are served from memory (kit/page_cache.py),
    # then bodies are bounded before anything parses them (kit/limits.py).
    pages = PageCache(
        csrf_cookie=CSRF_COOKIE,
        csrf_secret=settings.secret_key,
        csrf_cookie_secure=settings.https,
        allowed_cookies=frozenset({LANGUAGE_COOKIE}),
    )
    app.state.page_cache = pages
    app.asgi_handler = request_context_middleware(settings)(
        pages.middleware(body_limits(without_nul(app.asgi_handler)))
    )
    app.state.redis = redis_client
    engine = app.template_engine
    assert isinstance(engine, JinjaTemplateEngine)  # configured above
    install_template_globals(engine.engine)
    engine.engine.globals["nav_unread"] = nav_unread
    app.state.settings = settings
    return app
