"""The dashboard's and the staff queue's queries use their indexes on the generated fund
(bench/generate.py at 5 000 persons: 7 500 requests, about 54 000 ledger entries), analyzed as
autovacuum would: EXPLAIN (FORMAT JSON) of the very SQL the services send, no sequential scan
of a large table. Each index is also dropped inside a transaction rolled back, to show the
check fails without it. The generated rows go into the test database and are emptied after
each test like any other (clean_db)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from functools import partial
from types import ModuleType
from typing import Any

import pytest

from app.kit import audit, clock, db
from app.staff import dashboard, queue
from app.staff.queue import QueueFilters
from bench import generate
from bench.scale import captured

pytestmark = pytest.mark.integration

PERSONS = 5_000
LARGE = frozenset({"request", "request_event", "ledger_entry", "ledger_quarter_balance",
                   "recovery_step", "person", "affiliation", "payment_account"})  # fmt: skip
AGENT = audit.Actor(kind="staff", id=generate.staff_id(generate.AGENT_NUMBER))
SUPERVISOR = audit.Actor(kind="staff", id=generate.staff_id(generate.SUPERVISOR_NUMBER))


class _Rollback(Exception):
    pass


@pytest.fixture
async def fund() -> AsyncIterator[None]:
    await generate.fill(PERSONS, quiet=True)
    with clock.frozen(generate.ANCHOR):
        yield


async def _sent(module: ModuleType, call: Callable[[], Awaitable[Any]]) -> list[tuple[str, Any]]:
    sent: list[tuple[str, tuple[Any, ...]]] = []
    with captured(module, sent):
        await call()
    return sent


async def _plan(sql: str, args: tuple[Any, ...]) -> dict[str, Any]:
    rows = await db.fetch("EXPLAIN (FORMAT JSON) " + sql, *args)
    document = rows[0]["QUERY PLAN"]
    plan: dict[str, Any] = (json.loads(document) if isinstance(document, str) else document)[0]
    found: dict[str, Any] = plan["Plan"]
    return found


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def _seq_scans(plan: dict[str, Any]) -> set[str]:
    return {n["Relation Name"] for n in _nodes(plan) if n["Node Type"] == "Seq Scan"} & LARGE


def _indexes(plan: dict[str, Any]) -> set[str]:
    return {n["Index Name"] for n in _nodes(plan) if "Index Name" in n}


async def _dashboard_queries() -> dict[str, tuple[str, Any]]:
    sent = await _sent(dashboard, lambda: dashboard.dashboard(SUPERVISOR))
    names = ("open requests", "decisions per week", "arrears per quarter", "recovery")
    assert len(sent) == len(names), [sql[:60] for sql, _ in sent]
    return dict(zip(names, sent, strict=True))


# The index each query is meant to read (the figure families of app/staff/dashboard.py).
DASHBOARD_INDEXES = {
    "open requests": "request_open_figures",
    "decisions per week": "request_decided_at",
    "arrears per quarter": "ledger_quarter_balance_owed",
    "recovery": "ledger_quarter_balance_owed",
}
# Recovery in progress counts every step of the quarters in arrears: nearly every step, which
# a sequential scan reads fastest (as at 200 000 persons); the arrears side uses its index.
READ_WHOLE = {"recovery": {"recovery_step"}}


def _problems(plan: dict[str, Any], index: str | None, read_whole: set[str]) -> list[str]:
    """What is wrong with a plan: a large table scanned whole, the intended index unused."""
    problems = [f"sequential scan of {table}" for table in _seq_scans(plan) - read_whole]
    if index is not None and index not in _indexes(plan):
        problems.append(f"{index} not used (used: {sorted(_indexes(plan))})")
    return problems


async def test_the_dashboard_reads_its_indexes_and_scans_no_large_table(fund: None) -> None:
    for name, (sql, args) in (await _dashboard_queries()).items():
        plan = await _plan(sql, args)
        assert not _problems(plan, DASHBOARD_INDEXES[name], READ_WHOLE.get(name, set())), (
            name,
            _problems(plan, DASHBOARD_INDEXES[name], READ_WHOLE.get(name, set())),
        )


QUEUE_CASES = (
    # (actor, filters, the index the first page reads in deadline order; None: at this size
    # the planner may as well sort the few open requests of a team and kind)
    (AGENT, QueueFilters(), "request_open_team_due"),
    (AGENT, QueueFilters(kind="bridging_right"), None),
    (SUPERVISOR, QueueFilters(), "request_open_due"),
    (SUPERVISOR, QueueFilters(team="collections"), "request_open_team_due"),
    (SUPERVISOR, QueueFilters(kind="exemption"), "request_open_kind_due"),
)


async def test_the_queue_pages_by_deadline_on_an_open_requests_index(fund: None) -> None:
    for actor, filters, index in QUEUE_CASES:
        sent = await _sent(queue, partial(queue.staff_queue, actor, filters))
        assert len(sent) == 2, [sql[:60] for sql, _ in sent]  # the page, the filter bar's counts
        page, counts = [await _plan(sql, args) for sql, args in sent]
        assert not _problems(page, index, set()), (filters, _problems(page, index, set()))
        if index is not None:  # in deadline order from the index: no sort of the open requests
            assert "Sort" not in {n["Node Type"] for n in _nodes(page)}, filters
        # The filter bar's counts read the open requests in scope index-only.
        assert not _problems(counts, "request_open_counts", set()), (
            filters,
            _problems(counts, "request_open_counts", set()),
        )


async def _without(index: str, sql: str, args: tuple[Any, ...]) -> dict[str, Any]:
    """The plan of `sql` with `index` dropped, in a transaction rolled back."""
    seen: dict[str, Any] = {}
    with pytest.raises(_Rollback):
        async with db.transaction():
            await db.engine().run_ddl(f"DROP INDEX {index}")
            seen["plan"] = await _plan(sql, args)
            raise _Rollback
    plan: dict[str, Any] = seen["plan"]
    return plan


async def test_the_checks_fail_when_an_index_is_gone(fund: None) -> None:
    dashboard_sent = await _dashboard_queries()
    queue_sent = await _sent(queue, lambda: queue.staff_queue(SUPERVISOR, QueueFilters()))
    for index, (sql, args) in (
        ("request_open_figures", dashboard_sent["open requests"]),
        ("request_decided_at", dashboard_sent["decisions per week"]),
        ("ledger_quarter_balance_owed", dashboard_sent["arrears per quarter"]),
        ("request_open_due", queue_sent[0]),
        ("request_open_counts", queue_sent[1]),
    ):
        assert not _problems(await _plan(sql, args), index, set()), index
        assert _problems(await _without(index, sql, args), index, set()), index  # caught
        assert not _problems(await _plan(sql, args), index, set()), index  # rolled back
