"""The code map's rules, checked on the syntax tree of every module (README, "Domain ranks").

- rules are pure: no I/O import (also through `from app.kit import db`), no clock, no floats;
- app never imports workers;
- a domain imports only domains of a lower rank, and of them only their public surface
  (service, queries, rules, ...), never their tables or controllers;
- the domains' import graph has no cycle.

Each check is a function over source text, so the tests below also prove it can fail.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
IO_MODULES = (
    "piccolo",
    "litestar",
    "arq",
    "redis",
    "httpx",
    "asyncpg",
    "aiosmtplib",
    "requests",
    "socket",
    "subprocess",
)
IO_KIT = (
    "app.kit.http",
    "app.kit.db",
    "app.kit.outbox",
    "app.kit.audit",
    "app.kit.mail",
    "app.kit.embedded",
    "app.kit.sessions",
    "app.kit.health",
    "app.kit.tables",
    "app.kit.settings",
)

# The ranking of README "Domain ranks". `None`: the wiring modules at the top of app/.
RANKS: dict[str, int] = {
    "kit": 0,
    "identity": 1,
    "affiliation": 2,
    "documents": 2,
    "messaging": 3,
    "requests": 4,
    "mandates": 4,
    "contributions": 5,
    "wizards": 6,
    "payments": 6,
    "rights": 7,
    "benefits": 7,
    "staff": 8,
    "home": 9,
}
WIRING = {"main", "cli", "seed", "piccolo_conf", "__init__"}
# What a domain offers the ranks above it. Tables and controllers are never in it.
PUBLIC = {
    "service",
    "queries",
    "rules",
    "guards",
    "states",
    "kinds",
    "messages",
    "uploads",
    "catalogue",
    "schemas",
}


@dataclass(frozen=True)
class Import:
    module: str  # fully resolved, e.g. app.identity.tables
    line: int


def imports_of(source: str) -> list[Import]:
    """Every app/workers module a source imports, `from app.kit import db` resolved to
    app.kit.db when db is a module (function-level imports included)."""
    found: list[Import] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(Import(node.module, node.lineno))
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                if _is_module(candidate):
                    found.append(Import(candidate, node.lineno))
    return found


def _is_module(name: str) -> bool:
    if not name.startswith(("app.", "workers.")):
        return False
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def domain_of(path: Path) -> str:
    parts = path.relative_to(APP).parts
    return parts[0] if len(parts) > 1 else Path(parts[0]).stem


def purity_problems(source: str) -> list[str]:
    problems: list[str] = []
    for item in imports_of(source):
        name = item.module
        if (
            name.split(".")[0] in IO_MODULES
            or name.startswith(IO_KIT)
            or name.startswith("workers")
        ):
            problems.append(f"line {item.line}: imports I/O ({name})")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ("now", "today", "utcnow"):
            target = ast.unparse(node.value)
            if target in ("datetime", "date", "datetime.datetime", "datetime.date"):
                problems.append(f"line {node.lineno}: reads the clock; pass today/now in")
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            problems.append(f"line {node.lineno}: a float literal; money is Decimal")
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "float":
            problems.append(f"line {node.lineno}: calls float(); money is Decimal")
    return sorted(problems, key=lambda p: int(p.split(":")[0].removeprefix("line ")))


def rank_problems(own: str, source: str) -> list[str]:
    """Imports of another domain that break the ranking or reach past its public surface."""
    problems: list[str] = []
    own_rank = RANKS.get(own)
    seen: set[tuple[int, str]] = set()
    # `from app.staff import queue` names app.staff and app.staff.queue: judge the module.
    found = sorted(imports_of(source), key=lambda i: (i.line, -len(i.module)))
    for item in found:
        parts = item.module.split(".")
        if len(parts) > 1 and (item.line, parts[1]) in seen:
            continue
        if len(parts) > 1:
            seen.add((item.line, parts[1]))
        if parts[0] == "workers":
            problems.append(f"line {item.line}: app must not import workers ({item.module})")
            continue
        if parts[0] != "app" or len(parts) < 2 or parts[1] == own or parts[1] not in RANKS:
            continue
        other = parts[1]
        if own_rank is None:  # wiring may use anything, but not another domain's tables
            if len(parts) > 2 and parts[2] == "tables" and other != "kit":
                problems.append(f"line {item.line}: wiring imports {item.module}")
            continue
        if RANKS[other] >= own_rank:
            problems.append(
                f"line {item.line}: {own} (rank {own_rank}) imports {other} "
                f"(rank {RANKS[other]}): imports only go down"
            )
        elif other == "kit":  # the plumbing every domain uses
            continue
        elif len(parts) > 2 and (parts[2] not in PUBLIC or parts[2].endswith("controllers")):
            problems.append(
                f"line {item.line}: {own} imports {item.module}: only another domain's "
                f"{', '.join(sorted(PUBLIC))} may be used"
            )
    return problems


def domain_graph(files: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for own, source in files:
        if own not in RANKS:
            continue
        for item in imports_of(source):
            parts = item.module.split(".")
            if parts[0] == "app" and len(parts) > 1 and parts[1] in RANKS and parts[1] != own:
                graph.setdefault(own, set()).add(parts[1])
    return graph


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path (first node repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "piccolo_migrations" not in p.parts)


def _is_rules(path: Path) -> bool:
    rel = path.relative_to(APP).parts
    return (
        "rules" in rel
        or path.name == "rules.py"
        or rel[-1] in ("journey.py", "states.py", "deadlines.py")
    )


APP_FILES = _modules(APP)
RULE_FILES = [p for p in APP_FILES if _is_rules(p)]


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", RULE_FILES, ids=_id)
def test_rules_are_pure(path: Path) -> None:
    assert purity_problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", APP_FILES, ids=_id)
def test_imports_follow_the_domain_ranks(path: Path) -> None:
    assert rank_problems(domain_of(path), path.read_text(encoding="utf-8")) == []


def test_the_domains_form_no_cycle() -> None:
    graph = domain_graph((domain_of(p), p.read_text(encoding="utf-8")) for p in APP_FILES)
    assert cycle_in(graph) is None


def test_every_domain_folder_has_a_rank() -> None:
    folders = {p.name for p in APP.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders - set(RANKS) == set()


# --- each check can fail ------------------------------------------------------------------------


def test_an_io_import_through_kit_is_caught() -> None:
    source = "from app.kit import db\nfrom app.kit import money\n"
    assert purity_problems(source) == ["line 1: imports I/O (app.kit.db)"]


def test_a_clock_read_and_a_float_are_caught() -> None:
    source = "from datetime import date\nx = date.today()\ny = 0.5\n"
    assert purity_problems(source) == [
        "line 2: reads the clock; pass today/now in",
        "line 3: a float literal; money is Decimal",
    ]


def test_a_foreign_tables_import_is_caught() -> None:
    source = "from app.identity.tables import Person\n"
    assert rank_problems("requests", source) == [
        "line 1: requests imports app.identity.tables: only another domain's catalogue, "
        "guards, kinds, messages, queries, rules, schemas, service, states, uploads may be used"
    ]


def test_an_import_upwards_or_sideways_is_caught() -> None:
    source = "def f():\n    from app.staff import queue\n    from app.documents import uploads\n"
    assert rank_problems("affiliation", source) == [
        "line 2: affiliation (rank 2) imports staff (rank 8): imports only go down",
        "line 3: affiliation (rank 2) imports documents (rank 2): imports only go down",
    ]


def test_workers_and_controllers_are_caught() -> None:
    source = "import workers.jobs\nfrom app.identity.controllers import ROUTE_HANDLERS\n"
    problems = rank_problems("staff", source)
    assert problems[0] == "line 1: app must not import workers (workers.jobs)"
    assert problems[1].startswith("line 2: staff imports app.identity.controllers")


def test_a_cycle_between_domains_is_caught() -> None:
    files = [
        ("requests", "from app.staff import queue\n"),
        ("staff", "from app.messaging import service\n"),
        ("messaging", "from app.requests import service\n"),
    ]
    assert cycle_in(domain_graph(files)) == ["messaging", "requests", "staff", "messaging"]


def test_the_module_resolution_sees_real_modules_only() -> None:
    assert importlib.util.find_spec("app.kit.db") is not None
    assert [i.module for i in imports_of("from app.kit import db, clock\n")] == [
        "app.kit",
        "app.kit.db",
        "app.kit.clock",
    ]
    assert [i.module for i in imports_of("from app.kit.money import cents\n")] == ["app.kit.money"]
