"""Hostile input on the JSON API: schemathesis generates requests from the OpenAPI document the
app publishes (/schema/openapi.json) and sends them to the real server, with every check it has
(schemathesis.checks: no server error, status codes, content types, headers and bodies as
documented, invalid data refused, valid data accepted, missing headers, unsupported methods,
authentication enforced, stateful resource checks).

Session-authenticated operations are called as a signed-in affiliate (a real session in the
server's store, and the CSRF header matching its cookie), so valid data reaches the handlers;
`ignored_auth` then proves that without them the same call is refused.

The examples are bounded (a few dozen per operation) so the file stays under two minutes;
Hypothesis keeps no database between runs (a run finds what it finds, the same way on CI)."""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis.asyncio as aioredis
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig

from app.kit.security import CSRF_COOKIE, CSRF_HEADER
from app.kit.settings import get_settings
from app.main import create_app
from app.wizards.catalogue import WIZARDS
from tests.support.actors import make_person, session_record
from tests.support.processes import start_web, stop

# The document the app serves at /schema/openapi.json, read from the same app object.
# Valid and invalid inputs both (wrong types, out-of-range numbers, missing parameters): an
# invalid one must get its 4xx with a message, never a 500; a valid one must be accepted.
config = SchemathesisConfig()
config.projects.default.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], database="none"
)
schema = schemathesis.openapi.from_dict(create_app().openapi_schema.to_schema(), config=config)
load_all_checks()
ALL_CHECKS = CHECKS.get_all()

# A guide's answers are checked by the guide's own questions: choices, amounts, dates within a
# number of days from today, enterprise-number checksums. What a JSON Schema cannot say
# (relative dates, checksums, which questions a step has) is refused per question (422). For
# that one operation, valid-by-the-schema data must be accepted or refused only that way.
GUIDE_STEP = "PUT /api/v1/guides/{slug}/draft/steps/{step}"


@dataclass(frozen=True)
class Signed:
    cookies: dict[str, str]
    headers: dict[str, str]


# The signed-in affiliate of the running test (the `signed_in` fixture sets it).
CURRENT: dict[str, Signed] = {}


@schema.auth(refresh_interval=None)
class SessionAuth:
    """Credentials as a browser holds them, given to schemathesis as explicit auth: it then
    removes or spoils them itself (ignored_auth) to prove that they count."""

    def get(self, case: schemathesis.Case, context: object) -> Signed:
        return CURRENT.get("signed", Signed(cookies={}, headers={}))

    def set(self, case: schemathesis.Case, data: Signed, context: object) -> None:
        case.cookies = {**(case.cookies or {}), **data.cookies}
        case.headers = {**(case.headers or {}), **data.headers}


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = Path(tmp_path_factory.mktemp("api")) / "server.log"
    server: subprocess.Popen[bytes]
    server, url, _port = start_web(log)
    yield url
    stop(server)


@pytest.fixture
async def signed_in(live_url: str, clean_db: None) -> AsyncIterator[Signed]:
    """An affiliate signed in on the live server: its session in the server's store, and the
    CSRF cookie the server hands out on a first read, echoed in the header."""
    person = await make_person()
    session_id = secrets.token_hex(32)
    redis = aioredis.Redis.from_url(get_settings().redis_url or "")
    await redis.set(f"affilio:session:{session_id}", session_record("affiliate", person), ex=900)
    cookies = {"affilio_session": session_id}
    async with httpx.AsyncClient(base_url=live_url, cookies=cookies) as http:
        first = await http.get("/api/v1/requests")
        assert first.status_code == 200, first.text
        token = first.cookies.get(CSRF_COOKIE)
    assert token
    CURRENT["signed"] = Signed(
        cookies={"affilio_session": session_id, CSRF_COOKIE: token},
        headers={CSRF_HEADER: token},
    )
    yield CURRENT["signed"]
    CURRENT.clear()
    await redis.delete(f"affilio:session:{session_id}")
    await redis.aclose()


def test_the_published_document_is_the_one_tested(live_url: str) -> None:
    served = httpx.get(f"{live_url}/schema/openapi.json").json()
    assert sorted(served["paths"]) == sorted(schema.raw_schema["paths"])
    for path in (
        "/api/v1/contributions/simulation",
        "/api/v1/requests",
        "/api/v1/guides/{slug}/draft/steps/{step}",
    ):
        assert path in served["paths"]


def test_refusals_are_documented_as_problem_json() -> None:
    """Every session operation documents its 401 and 403, every operation with parameters
    its 422, and each of them with the problem+json body; /readyz documents its 503."""
    paths = schema.raw_schema["paths"]
    for path, operations in paths.items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            responses = operation["responses"]
            statuses = {code for code in responses if code.startswith("4")}
            if operation.get("security"):
                assert {"401", "403"} <= statuses or {"403"} <= statuses, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in statuses, (method, path)
            for code in statuses - {"405"}:
                assert list(responses[code]["content"]) == ["application/problem+json"], (
                    method, path, code)  # fmt: skip
    ready = paths["/readyz"]["get"]["responses"]
    assert {"200", "503"} <= set(ready)
    assert ready["503"]["content"]["application/json"]["schema"]


def test_every_check_of_schemathesis_runs() -> None:
    names = {check.__name__ for check in ALL_CHECKS}
    assert {
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "positive_data_acceptance",
        "missing_required_header",
        "unsupported_method",
        "use_after_free",
        "ensure_resource_availability",
        "ignored_auth",
    } <= names


def _refused_per_question(case: schemathesis.Case, response: schemathesis.Response) -> None:
    """The guide step's stand-in for positive_data_acceptance (see GUIDE_STEP): valid data is
    accepted, or refused for the answers to the step's own questions, never for its shape."""
    if response.status_code != 422 or case.meta is None:
        return
    if not case.meta.generation.mode.is_positive:
        return
    wizard = WIZARDS[str(case.path_parameters["slug"])]
    step = str(case.path_parameters["step"])
    assert wizard.has_step(step), response.text  # an unknown step is a 404
    asked = {q.name for q in wizard.step(step).questions}
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields and fields <= asked, response.text


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    # One signed-in affiliate for all of an operation's examples, on purpose.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_no_server_error_and_answers_match_the_document(
    case: schemathesis.Case, live_url: str, signed_in: Signed
) -> None:
    assert signed_in is CURRENT["signed"]  # what SessionAuth gives schemathesis
    response = case.call(base_url=live_url, timeout=20)
    excluded = []
    if f"{case.method.upper()} {case.path}" == GUIDE_STEP:
        from schemathesis.specs.openapi.checks import positive_data_acceptance

        excluded.append(positive_data_acceptance)
        _refused_per_question(case, response)
    case.validate_response(
        response,
        checks=[check for check in ALL_CHECKS if check not in excluded],
    )
