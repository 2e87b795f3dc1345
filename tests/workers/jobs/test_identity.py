"""A self-registered account linked into the known file of its person (e.g. by a future
eID/itsme login, with no staff decision): the accounts_merged job moves what it still holds."""

from __future__ import annotations

import uuid

from app.identity import service as identity
from app.identity.people import NewPerson, create_unverified_person
from app.identity.tables import Person
from app.kit.audit import SYSTEM
from app.kit.tables import OutboxJob
from app.messaging import service as messaging
from app.messaging.tables import ThreadMessage
from app.requests import service as requests
from app.requests.tables import Request, RequestEvent
from app.wizards.drafts import Owner, save_answers
from app.wizards.tables import WizardDraft
from tests.support.actors import affiliate, make_person
from workers import runner
from workers.jobs import HANDLERS
from workers.jobs import identity as jobs


async def claimant_of(file_id: uuid.UUID) -> uuid.UUID:
    number = (await Person.select(Person.national_number).where(Person.id == file_id).first())[
        "national_number"
    ]
    return await create_unverified_person(
        NewPerson(
            national_number=number,
            first_name="Noa",
            last_name="Nieuw",
            email="noa@example.be",
            language="nl",
        ),
        actor=SYSTEM,
    )


async def test_accounts_merged_is_registered() -> None:
    assert HANDLERS["identity.accounts_merged"] is jobs.accounts_merged


async def test_proving_the_identity_links_and_the_job_moves_everything_once() -> None:
    file_id = await make_person(email=None)
    claimant = await claimant_of(file_id)
    await save_answers(Owner(person_id=claimant), "pension", {"career_years": "40"}, "career")
    await save_answers(Owner(person_id=file_id), "pension", {"career_years": "2"}, "career")
    filed = await requests.submit_request(
        affiliate(claimant), person_id=claimant, kind="general_question",
        answers={"subject": "S", "question": "Q"}, idempotency_key="k",
    )  # fmt: skip
    await messaging.post_message(affiliate(claimant), person_id=claimant, body="Hallo")

    assert await identity.prove_identity(SYSTEM, claimant) == file_id
    assert await identity.prove_identity(SYSTEM, claimant) == file_id  # twice: same file
    file = await Person.select().where(Person.id == file_id).first()
    # The file had no address: it takes the claimant's proven one, with its language.
    assert (file["email"], file["language"]) == ("noa@example.be", "nl")

    job = await OutboxJob.select().where(OutboxJob.name == "identity.accounts_merged").first()
    assert await OutboxJob.count().where(OutboxJob.name == "identity.accounts_merged") == 1
    assert await runner.run_outbox_job({}, str(job["id"])) == "done"
    assert await runner.run_outbox_job({}, str(job["id"])) == "done"  # delivered twice

    request = await Request.select(Request.person).where(Request.id == filed.id).first()
    assert request["person"] == file_id
    assert await RequestEvent.count().where(RequestEvent.event == "linked_to_file") == 1
    assert [r["person"] for r in await ThreadMessage.select(ThreadMessage.person)] == [file_id]
    drafts = await WizardDraft.select(WizardDraft.person, WizardDraft.answers)
    assert [d["person"] for d in drafts] == [file_id]  # the claimant's draft replaced the file's
    assert "40" in str(drafts[0]["answers"])
