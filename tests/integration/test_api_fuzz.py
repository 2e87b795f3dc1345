"""Hostile input on the JSON API: schemathesis generates requests from the OpenAPI document the
app publishes (/schema/openapi.json) and sends them to the real server; no answer may be a
server error, and every answer must match the document (status codes, content types, bodies).

The examples are bounded (a few dozen per operation) so the suite stays fast; Hypothesis keeps
no database between runs (a run finds what it finds, the same way on CI)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.main import create_app
from tests.support.processes import start_web, stop

# The document the app serves at /schema/openapi.json, read from the same app object.
# Valid and invalid inputs both (wrong types, out-of-range numbers, missing parameters): an
# invalid one must get its 4xx with a message, never a 500.
config = SchemathesisConfig()
config.projects.default.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], database="none"
)
schema = schemathesis.openapi.from_dict(create_app().openapi_schema.to_schema(), config=config)


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = Path(tmp_path_factory.mktemp("api")) / "server.log"
    server: subprocess.Popen[bytes]
    server, url, _port = start_web(log)
    yield url
    stop(server)


def test_the_published_document_is_the_one_tested(live_url: str) -> None:
    import httpx

    served = httpx.get(f"{live_url}/schema/openapi.json").json()
    assert sorted(served["paths"]) == sorted(schema.raw_schema["paths"])
    assert "/api/v1/contributions/simulation" in served["paths"]


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_server_error_and_answers_match_the_document(
    case: schemathesis.Case, live_url: str
) -> None:
    response = case.call(base_url=live_url, timeout=20)
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
