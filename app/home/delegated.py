"""What a mandatary files for a client (the writes behind /clients/{client_id}/…).

The filing and its record (the audit event naming the mandatary, the client's notice) commit
together or not at all: a request the client is not told of, or a notice of a request that was
never filed, cannot happen. `acting` is the actor `mandates.queries.acting_for` returned for
the scope that allows the filing.
"""

from __future__ import annotations

from app.contributions import service as contributions
from app.kit import audit
from app.kit.db import transaction
from app.mandates import service as mandates
from app.requests.kinds import RequestKind
from app.requests.service import SubmittedRequest, submit_request


async def _filed(acting: audit.Actor, submitted: SubmittedRequest) -> None:
    """The record of a filing for the client: the audit event and the client's notice."""
    await mandates.record_delegated(
        acting,
        "mandate.request_filed",
        link=f"/requests/{submitted.id}",
        details={"reference": submitted.reference or "", "request_id": submitted.id},
    )


async def file_adjustment_for_client(
    acting: audit.Actor, inputs: contributions.AdjustmentInput, *, idempotency_key: str
) -> SubmittedRequest:
    """File the client's adjustment of provisional contributions under the mandate and tell
    the client; raises the contributions domain's AdjustmentInvalid or AdjustmentAlreadyOpen."""
    if acting.delegate is None:
        raise ValueError("not acting under a mandate")
    async with transaction():
        submitted = await contributions.request_provisional_adjustment(
            acting, inputs, idempotency_key=f"mandate:{idempotency_key}"
        )
        await _filed(acting, submitted)
    return submitted


async def file_question_for_client(
    acting: audit.Actor, subject: str, question: str, *, idempotency_key: str
) -> SubmittedRequest:
    """File a question to the fund for the client under the mandate and tell the client;
    raises FormInvalid with the request's own field errors."""
    if acting.delegate is None or acting.id is None:
        raise ValueError("not acting under a mandate")
    async with transaction():
        submitted = await submit_request(
            acting,
            person_id=acting.id,
            kind=RequestKind.GENERAL_QUESTION,
            answers={"subject": subject, "question": question},
            idempotency_key=f"mandate:{idempotency_key}",
        )
        await _filed(acting, submitted)
    return submitted
