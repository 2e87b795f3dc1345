"""The person as most signed-in pages show them, in one query: and whether the number a
self-registered account claims is already another known file's (the identity check links it)."""

from __future__ import annotations

import uuid

import pytest

from app.identity import queries
from app.identity.tables import Person
from tests.support.actors import make_person


async def _claiming(number: str | None, *, verified: bool = False) -> uuid.UUID:
    person = await make_person("Noah", email=None)
    await Person.update(
        {
            Person.national_number: None,
            Person.claimed_national_number: number,
            Person.identity_verified: verified,
        }
    ).where(Person.id == person)
    return person


@pytest.mark.usefixtures("clean_db")
async def test_the_summary_says_whether_the_claimed_number_is_a_known_file() -> None:
    known = await make_person("Lotte", email="lotte@example.be")
    [row] = await Person.select(Person.national_number).where(Person.id == known)
    held = row["national_number"]
    cases = [
        (await _claiming(held), True),  # another file holds it
        (await _claiming("85073003328"), False),  # a valid number nobody holds
        (await _claiming(None), False),  # claims nothing
        (await _claiming(held, verified=True), False),  # verified: nothing left to link
    ]
    for person, expected in cases:
        summary = await queries.person_summary(person)
        assert summary is not None
        assert (summary.first_name, summary.claim_held_by_file) == ("Noah", expected)
    own = await queries.person_summary(known)
    assert own is not None
    assert (own.first_name, own.last_name, own.national_number) == ("Lotte", "Peeters", held)
    assert (own.email, own.language, own.claim_held_by_file) == ("lotte@example.be", "fr", False)
    assert await queries.person_summary(uuid.uuid4()) is None
