"""ONE generic controller for every wizard: pages are driven by the definitions in catalogue/.

Plain forms work without JavaScript (POST, then 303 to the next page); with htmx the question
region is swapped in place and the address bar follows (HX-Push-Url). Over 400 lines on
purpose: the one engine for all seven guides (step, check, outcome, review, submit, done,
restart), so a change to the journey is made once.

Filing follows GOV.UK's "check answers -> confirmation": the outcome ticks nothing; the person
ticks requests, sees exactly what will be filed with the answers it carries (/review, a GET),
confirms a declaration (POST /submit) and lands on the confirmation (/done), from which the
outcome of the filed draft stays readable (/outcome?draft=…, read-only).

Answers given anonymously on a device are never taken over by a page view: an affiliate who
logs in there is asked first (/wizards/claim), and only their POST claims or discards them.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from litestar import Controller, Request, get, post, put
from litestar import Response as LitestarResponse
from litestar.datastructures import Cookie
from litestar.exceptions import NotAuthorizedException, NotFoundException, ValidationException
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.plugins.htmx import ClientRedirect
from litestar.response import Redirect, Template

from app.identity.guards import (
    audit_actor,
    client_ip,
    current_actor,
    logged_in_actor,
    require_affiliate,
)
from app.identity.rules import safe_next
from app.kit import clock, htmx, throttle
from app.kit.api_problems import (
    BAD_REQUEST,
    INVALID,
    SESSION_AND_CSRF,
    SIGNED_IN_PROBLEMS,
    field_problem,
    problem_spec,
    validation_codes,
)
from app.kit.errors import AffilioError, Conflict, NotFound
from app.kit.http import WIZARD_DRAFT_COOKIE, expired_cookie
from app.kit.i18n import current_language
from app.kit.i18n import gettext as _
from app.kit.page_cache import SAME_FOR_VISITORS
from app.kit.settings import get_settings
from app.requests.kinds import RequestKind
from app.requests.states import Status
from app.wizards import drafts, journey, known, service
from app.wizards.catalogue import WIZARDS
from app.wizards.catalogue import wizard as find_wizard
from app.wizards.drafts import Owner
from app.wizards.model import CHECK, AnswerType, Question, Step, Wizard
from app.wizards.outcomes import KIND_LABELS, present
from app.wizards.questions import display_value, parse_answer, typed_answers
from app.wizards.rules import OutcomeResult
from app.wizards.schemas import (
    FiledOut,
    GuideDraftOut,
    GuideFiledOut,
    GuideSlug,
    OfferOut,
    OptionOut,
    QuestionOut,
    StepAnswersIn,
    StepName,
    StepOut,
    SubmitGuideIn,
)

AnyRequest = Request[Any, Any, Any]
# The anonymous owner token lives in its own cookie (app.kit.http.WIZARD_DRAFT_COOKIE): logging
# in regenerates the session, and the draft must survive that to be offered to the person.
ANON_MAX_AGE = 90 * 24 * 3600
CLAIM_PATH = "/wizards/claim"

Response = Template | Redirect | ClientRedirect


def _wizard(slug: str) -> Wizard:
    found = find_wizard(slug)
    if found is None:
        raise NotFoundException()
    return found


class Visitor:
    """Who is answering: a logged-in affiliate or an anonymous token (created on demand)."""

    def __init__(
        self,
        person_id: uuid.UUID | None,
        token: str | None,
        new: bool,
        *,
        device_token: str | None = None,
    ) -> None:
        self.person_id = person_id
        self.token = token
        self.new_token = new
        # Logged in, with an anonymous draft cookie on the device: theirs only if they say so.
        self.device_token = device_token

    @property
    def owner(self) -> Owner:
        if self.person_id is not None:
            return Owner(person_id=self.person_id)
        return Owner(token=self.token)

    @property
    def logged_in(self) -> bool:
        return self.person_id is not None

    def cookies(self) -> list[Cookie]:
        if not self.new_token or not self.token:
            return []
        return [
            Cookie(
                key=WIZARD_DRAFT_COOKIE,
                value=self.token,
                max_age=ANON_MAX_AGE,
                httponly=True,
                samesite="lax",
                secure=get_settings().https,
                path="/",
            )
        ]


async def _visitor(request: AnyRequest, *, create: bool = False) -> Visitor:
    actor = await current_actor(request)
    token = request.cookies.get(WIZARD_DRAFT_COOKIE)
    if actor is not None and actor.is_affiliate:
        # Back from the login page, the anonymous answers are not theirs yet: see _ask_first.
        return Visitor(actor.id, None, False, device_token=token or None)
    if token:
        return Visitor(None, token, False)
    if create:
        return Visitor(None, secrets.token_urlsafe(32), True)
    return Visitor(None, None, False)


def _back_to(target: str | None) -> str:
    """Where to go after the question: a guide page, never elsewhere (nor the question)."""
    path = safe_next(target)
    if path == "/wizards" or (path.startswith("/wizards/") and not path.startswith(CLAIM_PATH)):
        return path
    return "/wizards"


async def _ask_first(request: AnyRequest, visitor: Visitor) -> Redirect | ClientRedirect | None:
    """A logged-in affiliate with anonymous answers on this device decides first what becomes
    of them: the guide pages send them to the question (a redirect, no change of state)."""
    if not visitor.device_token or visitor.person_id is None:
        return None
    if not await drafts.open_drafts(Owner(token=visitor.device_token)):
        return None  # a stale cookie: nothing to ask
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = f"{CLAIM_PATH}?next={quote(here, safe='/')}"
    if htmx.is_partial(request):
        return ClientRedirect(redirect_to=target)  # the whole page, not a swapped region
    return Redirect(path=target, status_code=303)


def _left_item(item: drafts.LeftOnDevice) -> dict[str, Any]:
    found = find_wizard(item.draft.wizard)
    return {
        "title": str(found.title) if found else item.draft.wizard,
        "updated_at": item.draft.updated_at,
        "replaces": item.replaces is not None,
    }


def _render(
    request: AnyRequest,
    name: str,
    context: dict[str, Any],
    *,
    push_url: str | None = None,
    visitor: Visitor | None = None,
    status_code: int = 200,
) -> Template:
    """The page, or for htmx only its region partial (the page includes the same partial)."""
    return htmx.page_or_partial(
        request,
        page=f"wizards/{name}.html",
        partial=f"wizards/_{name}.html",
        # A swapped region carries its own <title> (htmx sets document.title from it).
        context={**context, "as_partial": htmx.is_partial(request)},
        push_url=push_url or False,
        cookies=visitor.cookies() if visitor else (),
        status_code=status_code,
    )


def _field(question: Question, raw: str | None, error: str | None) -> dict[str, Any]:
    kind = question.answer_type
    options: list[tuple[str, str, str | None]] = []
    if kind == AnswerType.CHOICE:
        options = [
            (o.value, str(o.label), str(o.hint) if o.hint else None) for o in question.options
        ]
    elif kind == AnswerType.YES_NO:
        options = [("yes", _("Yes"), None), ("no", _("No"), None)]
    inputmode = {
        AnswerType.MONEY: "decimal",
        AnswerType.NUMBER: "numeric",
        AnswerType.NISS: "numeric",
        AnswerType.ENTERPRISE_NUMBER: "numeric",
    }.get(kind)
    return {
        "name": question.name,
        "label": str(question.label),
        "hint": str(question.hint) if question.hint else None,
        "kind": "radios" if options else ("date" if kind == AnswerType.DATE else "text"),
        "options": options,
        "value": raw if raw is not None else "",
        "error": error,
        "inputmode": inputmode,
        "money": kind == AnswerType.MONEY,
    }


def _question_context(
    wizard: Wizard,
    step_id: str,
    stored: dict[str, str],
    *,
    raw: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    change: bool = False,
) -> dict[str, Any]:
    typed = typed_answers(wizard, stored)
    step = wizard.step(step_id)
    values = raw if raw is not None else stored
    errors = errors or {}
    position, total = journey.progress(wizard, typed, step_id)
    previous = journey.previous_step(wizard, typed, step_id)
    if change:
        back = f"/wizards/{wizard.slug}/check"
    elif previous:
        back = f"/wizards/{wizard.slug}/{previous}"
    else:
        back = f"/wizards/{wizard.slug}"
    return {
        "wizard": wizard,
        "step": step,
        "fields": [_field(q, values.get(q.name), errors.get(q.name)) for q in step.questions],
        "errors": errors,
        "position": position,
        "total": total,
        "back_url": back,
        "action": f"/wizards/{wizard.slug}/{step.id}",
        "change": change,
    }


async def _prefill(
    context: dict[str, Any],
    visitor: Visitor,
    step: Step,
    stored: dict[str, str],
    *,
    typed: bool = False,
) -> None:
    """A signed-in affiliate's step starts from what their account knows (the amount owed),
    with a sentence saying so; an answer already given, or just typed, is never replaced."""
    wanted = [q for q in step.questions if q.name in known.PREFILLS and q.name not in stored]
    if not wanted:
        return
    facts = await known.account_facts(visitor.person_id, clock.today())
    if facts is None:
        return
    notes = []
    for question in wanted:
        found = known.PREFILLS[question.name](facts)
        notes.append(found.note)
        if found.value is not None and not typed:
            for field in context["fields"]:
                if field["name"] == question.name:
                    field["value"] = found.value
    context["known_notes"] = notes


def _check_context(wizard: Wizard, stored: dict[str, str]) -> dict[str, Any]:
    answered = journey.answers_for_check(wizard, typed_answers(wizard, stored))
    rows = [
        {
            "label": str(row.question.label),
            "value": display_value(row.question, stored.get(row.question.name)),
            "change_url": f"/wizards/{wizard.slug}/{row.step.id}?change=1",
            "name": row.question.name,
        }
        for row in answered
    ]
    # Back goes to the last question asked, as on every other page of the journey.
    back_url = f"/wizards/{wizard.slug}/{answered[-1].step.id}" if answered else "/wizards"
    return {"wizard": wizard, "rows": rows, "back_url": back_url}


async def _anonymous_draft_allowed(request: AnyRequest) -> bool:
    """Count a new anonymous draft from this address (ANONYMOUS_DRAFTS_PER_IP an hour)."""
    return await throttle.allow(
        request.app.state.redis,
        "anonymous-draft-ip",
        client_ip(request),
        drafts.ANONYMOUS_DRAFTS_PER_IP,
    )


def _too_many_drafts() -> str:
    return _(
        "Many guides were started from this connection in the last hour. Log in to "
        "continue, or try again later."
    )


def _step_errors(step: Step, given: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(canonical answers, {question: message}) for one step, as the pages check it."""
    today = clock.today()
    parsed: dict[str, str] = {}
    errors: dict[str, str] = {}
    for question in step.questions:
        result = parse_answer(question, given.get(question.name) or "", today=today)
        if result.error:
            errors[question.name] = result.error
        else:
            parsed[question.name] = result.stored or ""
    return parsed, errors


def _nothing_ticked() -> str:
    return _("Tick at least one request to file")


def _kinds(raw: Any) -> list[str]:
    """The ticked request kinds, as given (short strings; the outcome's offers filter them)."""
    return [str(k)[:40] for k in list(raw)[:20] if k]


def _review_url(slug: str, kinds: list[str]) -> str:
    return f"/wizards/{slug}/review?" + urlencode([("kind", k) for k in kinds])


def _login_to(target: str) -> str:
    return f"/login?next={quote(target, safe='/')}"


async def _account_pages(
    result: OutcomeResult, stored: dict[str, str], visitor: Visitor
) -> list[known.AccountPage]:
    """The requests a signed-in affiliate's account makes on its own pages (the plan
    builder, the exemption form): the outcome links there instead of filing them blank.
    An outcome offering none of them reads nothing."""
    offers = {offer.kind: offer.answers for offer in result.offers}
    if visitor.person_id is None or not known.ACCOUNT_KINDS & offers.keys():
        return []
    facts = await known.account_facts(visitor.person_id, clock.today())
    return known.account_pages(facts, offers, stored) if facts is not None else []


async def _outcome_context(
    wizard: Wizard,
    stored: dict[str, str],
    visitor: Visitor,
    *,
    chosen: list[str] | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    """The outcome with its filing form. Nothing is ever ticked unless the person ticked it."""
    result = service.outcome_of(wizard, stored, clock.today())
    shown = present(wizard, result)
    pages = await _account_pages(result, stored, visitor)
    elsewhere = {page.kind for page in pages}
    shown.offers = [offer for offer in shown.offers if offer.kind not in elsewhere]
    return {
        "wizard": wizard,
        "outcome": shown,
        "account_pages": pages,
        "chosen": chosen or [],
        "logged_in": visitor.logged_in,
        "error": error,
        "filed": None,
    }


async def _fileable(
    wizard: Wizard, stored: dict[str, str], visitor: Visitor, asked: list[str]
) -> list[str]:
    """The ticked kinds this guide files: not those made on the account's own pages."""
    result = service.outcome_of(wizard, stored, clock.today())
    elsewhere = {page.kind for page in await _account_pages(result, stored, visitor)}
    return service.chosen_kinds(wizard, stored, [k for k in asked if k not in elsewhere],
                                clock.today())  # fmt: skip


def _filed_items(draft: drafts.Draft) -> list[dict[str, Any]]:
    return [
        {
            "label": str(KIND_LABELS.get(kind, kind)),
            "reference": item.get("reference"),
            "url": f"/requests/{item['id']}" if item.get("id") else None,
        }
        for kind, item in draft.filed.items()
    ]


def _filed_outcome_context(wizard: Wizard, draft: drafts.Draft, visitor: Visitor) -> dict[str, Any]:
    """A filed draft's outcome, read-only: the rights computed against today, what was filed."""
    shown = present(wizard, service.outcome_of(wizard, draft.answers, clock.today()))
    return {
        "wizard": wizard,
        "outcome": shown,
        "account_pages": [],
        "chosen": [],
        "logged_in": visitor.logged_in,
        "error": None,
        "filed": _filed_items(draft),
        "filed_on": draft.submitted_at,
    }


def _review_context(
    wizard: Wizard, stored: dict[str, str], kinds: list[str], *, declaration_error: bool = False
) -> dict[str, Any]:
    """The check page before filing: each request with its answers, the guide's answers once."""
    errors = {"declaration": _("Tick the box to confirm that your answers are true")}
    check = _check_context(wizard, stored)
    return {
        "wizard": wizard,
        "planned": service.plan_requests(wizard, stored, kinds, clock.today()),
        "kinds": kinds,
        "rows": check["rows"],
        "errors": errors if declaration_error else {},
        "outcome_url": f"/wizards/{wizard.slug}/outcome?" + urlencode([("kind", k) for k in kinds]),
    }


async def _completed_answers(
    request: AnyRequest, wizard: Wizard
) -> tuple[Any, dict[str, Any], Redirect | ClientRedirect | None]:
    """The visitor and their stored answers, or a redirect to the first unanswered step."""
    visitor = await _visitor(request)
    ask = await _ask_first(request, visitor)
    if ask is not None:
        return visitor, {}, ask
    draft = await drafts.open_draft(visitor.owner, wizard.slug)
    stored = draft.answers if draft else {}
    following = journey.next_step(wizard, typed_answers(wizard, stored))
    if following != CHECK:
        return (
            visitor,
            stored,
            Redirect(path=f"/wizards/{wizard.slug}/{following}", status_code=303),
        )
    return visitor, stored, None


class WizardController(Controller):
    path = "/wizards"
    include_in_schema = False

    @get("", name="wizards.index", opt=SAME_FOR_VISITORS)
    async def index(self, request: AnyRequest) -> Response:
        visitor = await _visitor(request)
        ask = await _ask_first(request, visitor)
        if ask is not None:
            return ask
        open_drafts = {d.wizard: d for d in await drafts.open_drafts(visitor.owner)}
        return Template(
            template_name="wizards/index.html",
            context={"wizards": list(WIZARDS.values()), "open_drafts": open_drafts},
        )

    @get("/claim", name="wizards.claim", guards=[require_affiliate])
    async def claim_page(self, request: AnyRequest, next: FromQuery[str | None] = None) -> Response:
        """The question, asked before anything is claimed: continue or discard (two POSTs)."""
        actor = await logged_in_actor(request)
        back = _back_to(next)
        token = request.cookies.get(WIZARD_DRAFT_COOKIE) or ""
        left = await drafts.left_on_device(token, actor.id)
        if not left:
            return Redirect(path=back, status_code=303)
        return Template(
            template_name="wizards/claim.html",
            context={"items": [_left_item(item) for item in left], "next": back},
        )

    @post("/claim", name="wizards.claim_confirm", guards=[require_affiliate], status_code=303)
    async def claim_confirm(self, request: AnyRequest) -> Redirect:
        """Continue: this device's anonymous answers become the person's drafts."""
        actor = await logged_in_actor(request)
        form = await request.form()
        token = request.cookies.get(WIZARD_DRAFT_COOKIE) or ""
        await service.claim_drafts(actor.audit_actor(request), token, actor.id)
        return Redirect(
            path=_back_to(str(form.get("next") or "")),
            status_code=303,
            cookies=[expired_cookie(WIZARD_DRAFT_COOKIE)],
        )

    @post(
        "/claim/discard", name="wizards.claim_discard", guards=[require_affiliate], status_code=303
    )
    async def claim_discard(self, request: AnyRequest) -> Redirect:
        """Discard: this device's anonymous answers are deleted; the person's own stay."""
        form = await request.form()
        await service.discard_device_drafts(request.cookies.get(WIZARD_DRAFT_COOKIE) or "")
        return Redirect(
            path=_back_to(str(form.get("next") or "")),
            status_code=303,
            cookies=[expired_cookie(WIZARD_DRAFT_COOKIE)],
        )

    @get("/filed", name="wizards.filed")
    async def filed(self, request: AnyRequest, draft: FromQuery[uuid.UUID]) -> Redirect:
        """From "My requests": the outcome of the guide a request was filed from (only the
        requests domain's link, which knows the draft and not the guide)."""
        visitor = await _visitor(request)
        found = await drafts.draft_by_id(visitor.owner, draft)
        if found is None or found.submitted_at is None or find_wizard(found.wizard) is None:
            raise NotFoundException()
        return Redirect(path=f"/wizards/{found.wizard}/outcome?draft={found.id}", status_code=303)

    @get("/{slug:str}", name="wizards.start", opt=SAME_FOR_VISITORS)
    async def start(self, request: AnyRequest, slug: FromPath[str]) -> Response:
        wizard = _wizard(slug)
        visitor = await _visitor(request)
        ask = await _ask_first(request, visitor)
        if ask is not None:
            return ask
        draft = await drafts.open_draft(visitor.owner, slug)
        resume_url = None
        if draft is not None and draft.answers:
            resume = journey.next_step(wizard, typed_answers(wizard, draft.answers))
            resume_url = f"/wizards/{slug}/{resume}"
        return Template(
            template_name="wizards/start.html",
            context={
                "wizard": wizard,
                "draft": draft,
                "resume_url": resume_url,
                "first_url": f"/wizards/{slug}/{wizard.first_step}",
                "logged_in": visitor.logged_in,
            },
        )

    @post("/{slug:str}/restart", name="wizards.restart", status_code=303)
    async def restart(self, request: AnyRequest, slug: FromPath[str]) -> Redirect:
        wizard = _wizard(slug)
        visitor = await _visitor(request)
        await drafts.discard_draft(visitor.owner, slug)
        return Redirect(path=f"/wizards/{slug}/{wizard.first_step}", status_code=303)

    @get("/{slug:str}/check", name="wizards.check")
    async def check(self, request: AnyRequest, slug: FromPath[str]) -> Response:
        wizard = _wizard(slug)
        _visitor_unused, stored, unfinished = await _completed_answers(request, wizard)
        if unfinished is not None:
            return unfinished
        return _render(request, "check_answers", _check_context(wizard, stored))

    @get("/{slug:str}/outcome", name="wizards.outcome")
    async def outcome(
        self, request: AnyRequest, slug: FromPath[str], draft: FromQuery[uuid.UUID | None] = None
    ) -> Response:
        """The rights. A filed draft's outcome stays readable (from the confirmation and from
        "My requests"): read-only, with what was filed, never a second filing form."""
        wizard = _wizard(slug)
        visitor = await _visitor(request)
        if draft is not None:
            found = await drafts.draft_by_id(visitor.owner, draft)
            if found is None or found.wizard != slug:
                raise NotFoundException()
            if found.submitted_at is not None:
                return _render(request, "outcome", _filed_outcome_context(wizard, found, visitor))
        visitor, stored, unfinished = await _completed_answers(request, wizard)
        if unfinished is not None:
            if not stored and not visitor.device_token:
                filed = await drafts.submitted_drafts(visitor.owner, slug)
                if filed:  # nothing in progress: the last filed outcome, not step 1
                    context = _filed_outcome_context(wizard, filed[0], visitor)
                    return _render(request, "outcome", context)
            return unfinished
        chosen = _kinds(request.query_params.getall("kind", []))
        context = await _outcome_context(wizard, stored, visitor, chosen=chosen)
        return _render(request, "outcome", context)

    @get("/{slug:str}/review", name="wizards.review")
    async def review(self, request: AnyRequest, slug: FromPath[str]) -> Response:
        """Check before filing: exactly the requests ticked, with the answers they carry, and
        the declaration. Nothing ticked: back to the outcome, told to tick at least one."""
        wizard = _wizard(slug)
        asked = _kinds(request.query_params.getall("kind", []))
        visitor, stored, unfinished = await _completed_answers(request, wizard)
        if unfinished is not None:
            return unfinished
        kinds = await _fileable(wizard, stored, visitor, asked)
        if not kinds:
            context = await _outcome_context(wizard, stored, visitor, chosen=[],
                                             error=_nothing_ticked())  # fmt: skip
            return _render(request, "outcome", context, status_code=422)
        if visitor.person_id is None:
            # Filing needs a login; the anonymous draft waits, offered to them on return.
            return Redirect(path=_login_to(_review_url(slug, kinds)), status_code=303)
        return _render(request, "review", _review_context(wizard, stored, kinds))

    @post("/{slug:str}/submit", name="wizards.submit")
    async def submit(self, request: AnyRequest, slug: FromPath[str]) -> Response:
        wizard = _wizard(slug)
        visitor = await _visitor(request)
        person_id = visitor.person_id
        form = await request.form()
        asked = _kinds(form.getall("kind") if "kind" in form else [])
        if person_id is None:
            target = _review_url(slug, asked) if asked else f"/wizards/{slug}/outcome"
            return Redirect(path=_login_to(target), status_code=303)
        draft = await drafts.open_draft(visitor.owner, slug)
        if draft is None:
            return Redirect(path=f"/wizards/{slug}", status_code=303)
        kinds = await _fileable(wizard, draft.answers, visitor, asked)
        if not kinds:
            context = await _outcome_context(
                wizard, draft.answers, visitor, chosen=[], error=_nothing_ticked()
            )
            return _render(request, "outcome", context, status_code=422)
        if form.get("declaration") != "yes":
            context = _review_context(wizard, draft.answers, kinds, declaration_error=True)
            return _render(request, "review", context, status_code=422)
        try:
            await service.file_requests(
                audit_actor(request), person_id=person_id, draft_id=draft.id, kinds=kinds
            )
        except service.NothingToFile:
            error = _nothing_ticked()
        except AffilioError as exc:
            error = str(exc) or _("Your request could not be filed. Please try again.")
        else:
            return Redirect(path=f"/wizards/{slug}/done?draft={draft.id}", status_code=303)
        context = await _outcome_context(wizard, draft.answers, visitor, chosen=kinds,
                                         error=error)  # fmt: skip
        return _render(request, "outcome", context, status_code=422)

    @get("/{slug:str}/done", name="wizards.done")
    async def done(
        self, request: AnyRequest, slug: FromPath[str], draft: FromQuery[uuid.UUID]
    ) -> Template:
        wizard = _wizard(slug)
        visitor = await _visitor(request)
        found = await drafts.draft_by_id(visitor.owner, draft)
        if found is None or found.wizard != slug or found.submitted_at is None:
            raise NotFoundException()
        return Template(
            template_name="wizards/done.html",
            context={
                "wizard": wizard,
                "filed": _filed_items(found),
                "outcome_url": f"/wizards/{slug}/outcome?draft={found.id}",
            },
        )

    @get("/{slug:str}/{step_id:str}", name="wizards.step", opt=SAME_FOR_VISITORS)
    async def show_step(
        self,
        request: AnyRequest,
        slug: FromPath[str],
        step_id: FromPath[str],
        change: FromQuery[bool] = False,
    ) -> Response:
        wizard = _wizard(slug)
        if not wizard.has_step(step_id):
            raise NotFoundException()
        visitor = await _visitor(request)
        ask = await _ask_first(request, visitor)
        if ask is not None:
            return ask
        draft = await drafts.open_draft(visitor.owner, slug)
        stored = draft.answers if draft else {}
        typed = typed_answers(wizard, stored)
        if not journey.can_visit(wizard, typed, step_id):
            following = journey.next_step(wizard, typed)
            target = "check" if following == CHECK else following
            return Redirect(path=f"/wizards/{slug}/{target}", status_code=303)
        context = _question_context(wizard, step_id, stored, change=change)
        await _prefill(context, visitor, wizard.step(step_id), stored)
        return _render(request, "question", context, push_url=request.url.path)

    @post("/{slug:str}/{step_id:str}", name="wizards.answer")
    async def answer(
        self, request: AnyRequest, slug: FromPath[str], step_id: FromPath[str]
    ) -> Response:
        wizard = _wizard(slug)
        if not wizard.has_step(step_id):
            raise NotFoundException()
        visitor = await _visitor(request, create=True)
        form = await request.form()
        change = form.get("change") == "1"
        draft = await drafts.open_draft(visitor.owner, slug)
        stored = dict(draft.answers) if draft else {}
        if not journey.can_visit(wizard, typed_answers(wizard, stored), step_id):
            return Redirect(path=f"/wizards/{slug}", status_code=303)
        step = wizard.step(step_id)
        raw = {question.name: str(form.get(question.name) or "") for question in step.questions}
        parsed, errors = _step_errors(step, raw)
        if not errors and draft is None and visitor.person_id is None:
            # A first answer creates a row: an anonymous flood is bounded per address.
            if not await _anonymous_draft_allowed(request):
                errors[step.questions[0].name] = _too_many_drafts()
        if errors:
            context = _question_context(
                wizard, step_id, stored, raw=raw, errors=errors, change=change
            )
            await _prefill(context, visitor, step, stored, typed=True)
            return _render(request, "question", context, visitor=visitor)
        await drafts.save_answers(visitor.owner, slug, parsed, step_id)
        stored.update(parsed)
        typed = typed_answers(wizard, stored)
        following = (
            journey.next_step(wizard, typed) if change else journey.step_after(wizard, step, typed)
        )
        if following == CHECK:
            url = f"/wizards/{slug}/check"
            if htmx.is_partial(request):
                return _render(
                    request, "check_answers", _check_context(wizard, stored),
                    push_url=url, visitor=visitor,
                )  # fmt: skip
            return Redirect(path=url, status_code=303, cookies=visitor.cookies())
        url = f"/wizards/{slug}/{following}"
        if htmx.is_partial(request):
            context = _question_context(wizard, following, stored)
            return _render(request, "question", context, push_url=url, visitor=visitor)
        return Redirect(path=url, status_code=303, cookies=visitor.cookies())


# ------------------------------------------------------------------------------- JSON API

GUIDES_API = "/api/v1/guides"


def _guide(slug: GuideSlug) -> Wizard:
    return _wizard(slug.value)


def _draft_out(wizard: Wizard, draft: drafts.Draft | None) -> GuideDraftOut:
    """The draft as the guide's pages show it: the path walked so far, the next step, and once
    complete the requests its outcome offers."""
    stored = draft.answers if draft else {}
    typed = typed_answers(wizard, stored)
    walked = journey.path(wizard, typed)
    following = walked[-1]
    steps = []
    for step_id in walked:
        if step_id == CHECK:
            continue
        step = wizard.step(step_id)
        steps.append(
            StepOut(
                id=step.id,
                title=str(step.title),
                answered=journey.step_complete(step, typed),
                url=f"{GUIDES_API}/{wizard.slug}/draft/steps/{step.id}",
                questions=[_question_out(q, stored.get(q.name)) for q in step.questions],
            )
        )
    offers: list[OfferOut] = []
    if following == CHECK:
        result = service.outcome_of(wizard, stored, clock.today())
        offers = [
            OfferOut(kind=RequestKind(o.kind), label=str(KIND_LABELS.get(o.kind, o.kind)))
            for o in result.offers
        ]
    return GuideDraftOut(
        guide=GuideSlug(wizard.slug),
        title=str(wizard.title),
        draft_id=draft.id if draft else None,
        updated_at=draft.updated_at if draft else None,
        next_step=following,
        complete=following == CHECK,
        steps=steps,
        offers=offers,
    )


def _question_out(question: Question, stored: str | None) -> QuestionOut:
    options = [OptionOut(value=o.value, label=str(o.label)) for o in question.options]
    if question.answer_type == AnswerType.YES_NO:
        options = [OptionOut(value="yes", label=_("Yes")), OptionOut(value="no", label=_("No"))]
    return QuestionOut(
        name=question.name,
        label=str(question.label),
        hint=str(question.hint) if question.hint else None,
        type=question.answer_type,
        required=question.required,
        options=options,
        answer=stored,
    )


def _schema_message(code: str) -> str:
    """The guide pages' words for what the schema refused (kit.api_problems codes)."""
    if code in ("required", "blank"):
        return _("Enter an answer")
    if code == "too_long":
        return _("Your answer is too long")
    return _("Select an answer")


def _api_invalid(request: AnyRequest, exc: ValidationException) -> LitestarResponse[Any]:
    """A body the schema refuses: one message per field, the guide pages' words."""
    errors = {field: _schema_message(code) for field, code in validation_codes(exc).items()}
    return field_problem(request, errors, language=current_language())


class GuidesApiController(Controller):
    """A guide's draft as JSON, for the offline sync: read it, save one step, file it.

    Anonymous visitors keep their draft like on the pages (a token in its own cookie, which
    the first save sets); filing needs a signed-in affiliate. The answers are checked by the
    guide's own questions, with the pages' messages: amounts, choices, dates within the
    question's bounds from today, enterprise-number checksums — what a JSON Schema cannot say
    is answered 422 per field."""

    path = GUIDES_API
    tags = ["guides"]
    exception_handlers = {ValidationException: _api_invalid}

    @get(
        "/{slug:str}/draft",
        name="wizards:api-draft",
        summary="The visitor's open draft of a guide (empty before the first answer)",
        responses={400: BAD_REQUEST, 422: INVALID},
    )
    async def read_draft(self, request: AnyRequest, slug: FromPath[GuideSlug]) -> GuideDraftOut:
        wizard = _guide(slug)
        visitor = await _visitor(request)
        return _draft_out(wizard, await drafts.open_draft(visitor.owner, wizard.slug))

    @put(
        "/{slug:str}/draft/steps/{step:str}",
        name="wizards:api-save-step",
        summary="Save one step's answers",
        description=(
            "Answers are checked as on the guide's pages: a refused answer gives a 422 "
            "problem with one message per question, in the reader's language. A step not on "
            "the visitor's path yet (an earlier step is unanswered) is a 409. The same "
            "`idempotency_key` sent again for the step changes nothing (an offline replay)."
        ),
        security=[{"csrf": []}],
        responses={
            400: BAD_REQUEST,
            403: problem_spec("The CSRF header `x-csrftoken` is missing or wrong."),
            404: problem_spec("No such step in this guide."),
            409: problem_spec("This step is not on the visitor's path yet."),
            422: INVALID,
        },
    )
    async def save_step(
        self,
        request: AnyRequest,
        slug: FromPath[GuideSlug],
        step: FromPath[StepName],
        data: JSONBody[StepAnswersIn],
    ) -> LitestarResponse[GuideDraftOut]:  # or a 422 problem (documented)
        wizard = _guide(slug)
        if not wizard.has_step(step):
            raise NotFound(_("This guide has no such step."))
        visitor = await _visitor(request, create=True)
        draft = await drafts.open_draft(visitor.owner, wizard.slug)
        stored = dict(draft.answers) if draft else {}
        if not journey.can_visit(wizard, typed_answers(wizard, stored), step):
            raise Conflict(_("Answer the earlier questions of this guide first."))
        current = wizard.step(step)
        parsed, errors = _step_errors(current, data.answers)
        if not errors and draft is None and visitor.person_id is None:
            if not await _anonymous_draft_allowed(request):
                errors[current.questions[0].name] = _too_many_drafts()
        if errors:
            return field_problem(request, errors, language=current_language())  # type: ignore[return-value]
        await drafts.save_step(visitor.owner, wizard.slug, parsed, step, key=data.idempotency_key)
        saved = await drafts.open_draft(visitor.owner, wizard.slug)
        return LitestarResponse(_draft_out(wizard, saved), cookies=visitor.cookies())

    @post(
        "/{slug:str}/draft/submit",
        name="wizards:api-submit",
        summary="File the requests a completed draft offers; 202 with their status URLs",
        description=(
            "Needs a signed-in affiliate (401 otherwise) and a completed draft (409). "
            "`kinds` are among the outcome's offers (409 when none is). A filed draft is "
            "closed: submitting it again is a 409, and the requests it filed stay one each."
        ),
        status_code=202,
        security=SESSION_AND_CSRF,
        responses={
            **SIGNED_IN_PROBLEMS,
            400: BAD_REQUEST,
            409: problem_spec("The draft is not complete, or offers none of these requests."),
            422: INVALID,
        },
    )
    async def submit_draft(
        self, request: AnyRequest, slug: FromPath[GuideSlug], data: JSONBody[SubmitGuideIn]
    ) -> GuideFiledOut:
        wizard = _guide(slug)
        visitor = await _visitor(request)
        if visitor.person_id is None:
            raise NotAuthorizedException(_("Log in to file your requests."))
        draft = await drafts.open_draft(visitor.owner, wizard.slug)
        stored = draft.answers if draft else {}
        if draft is None or journey.next_step(wizard, typed_answers(wizard, stored)) != CHECK:
            raise Conflict(_("Answer every question of this guide first."))
        kinds = await _fileable(wizard, stored, visitor, [k.value for k in data.kinds])
        if not kinds:
            raise Conflict(_nothing_ticked())
        try:
            filed = await service.file_requests(
                audit_actor(request), person_id=visitor.person_id, draft_id=draft.id, kinds=kinds
            )
        except service.NothingToFile:
            raise Conflict(_nothing_ticked()) from None
        return GuideFiledOut(
            guide=slug,
            draft_id=draft.id,
            filed=[
                FiledOut(
                    kind=RequestKind(f.kind),
                    id=f.id,
                    reference=f.reference,
                    status=Status.SUBMITTED,
                    status_url=f"/api/v1/requests/{f.id}",
                )
                for f in filed
            ],
        )
