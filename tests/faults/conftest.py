"""Fault tests: real worker processes, private Redis servers stopped and wiped, the session's
PostgreSQL restarted. Workers run with a short job timeout so recoveries take seconds.

Each test prints what it tried and what survived (shown by `make test`, not captured)."""

from __future__ import annotations

from collections.abc import Callable

import pytest


@pytest.fixture(autouse=True)
def _faults_use_clean_db(clean_db: None) -> None:
    """Every fault test gets the real database, emptied after it."""


@pytest.fixture
def report(capsys: pytest.CaptureFixture[str]) -> Callable[[str], None]:
    def say(line: str) -> None:
        with capsys.disabled():
            print(f"\n  [fault] {line}", end="")

    return say
