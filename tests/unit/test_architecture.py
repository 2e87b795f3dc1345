"""The code map's rules, checked on the syntax tree of every module (architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
IO_MODULES = ("piccolo", "litestar", "arq", "redis", "httpx", "asyncpg", "aiosmtplib", "requests")
IO_KIT = ("app.kit.db", "app.kit.outbox", "app.kit.audit", "app.kit.mail", "app.kit.embedded")


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "piccolo_migrations" not in p.parts)


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _is_rules(path: Path) -> bool:
    rel = path.relative_to(APP).parts
    return (
        "rules" in rel
        or path.name == "rules.py"
        or rel[-1] in ("journey.py", "states.py", "deadlines.py")
    )


RULE_FILES = [p for p in _modules(APP) if _is_rules(p)]
APP_FILES = _modules(APP)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_rules_are_pure(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [
        name
        for name in _imports(tree)
        if name.split(".")[0] in IO_MODULES or name.startswith(IO_KIT) or name.startswith("workers")
    ]
    assert not bad, f"{path.name} imports I/O: {bad}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("now", "today", "utcnow"):
            target = ast.unparse(node.value)
            assert target not in ("datetime", "date", "datetime.datetime", "datetime.date"), (
                f"{path.name}:{node.lineno} reads the clock; pass today/now in"
            )
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            pytest.fail(f"{path.name}:{node.lineno} has a float literal; money is Decimal")
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "float":
            pytest.fail(f"{path.name}:{node.lineno} calls float(); money is Decimal")


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_app_never_imports_workers_nor_other_domains_controllers(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own_domain = path.relative_to(APP).parts[0]
    for name in _imports(tree):
        assert not name.startswith("workers"), f"{path} imports {name}: app must not import workers"
        parts = name.split(".")
        if len(parts) >= 3 and parts[0] == "app" and parts[2] == "controllers":
            assert parts[1] == own_domain or path.name == "main.py", (
                f"{path} imports another domain's controllers ({name})"
            )
