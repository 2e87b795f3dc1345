"""The mark that ties answers kept offline to one account, without naming it."""

from __future__ import annotations

import re

from app.identity.guards import device_owner

PERSON = "7f0a180e-0000-4000-8000-000000000001"


def test_the_mark_is_stable_per_account_and_names_nobody() -> None:
    mark = device_owner("affiliate", PERSON)
    assert re.fullmatch(r"[0-9a-f]{32}", mark)
    assert device_owner("affiliate", PERSON) == mark
    assert device_owner("staff", PERSON) != mark
    assert device_owner("affiliate", PERSON.replace("1", "2")) != mark
    assert PERSON.replace("-", "")[:8] not in mark
