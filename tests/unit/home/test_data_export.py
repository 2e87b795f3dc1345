"""The data export's coverage: every table of the product is exported or said not to be."""

from __future__ import annotations

import importlib
from pathlib import Path

from piccolo.table import Table

from app.home.data_export import FILES, NOT_EXPORTED, SECTIONS

APP = Path(__file__).resolve().parents[3] / "app"


def product_tables() -> set[str]:
    names: set[str] = set()
    for path in sorted(APP.glob("*/tables.py")):
        module = importlib.import_module(f"app.{path.parent.name}.tables")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Table) and value is not Table
                    and value.__module__ == module.__name__):  # fmt: skip
                names.add(value._meta.tablename)
    return names


def test_every_table_is_exported_or_excluded_with_a_reason() -> None:
    exported = {section.table for section in SECTIONS}
    assert exported.isdisjoint(NOT_EXPORTED)
    assert product_tables() - exported - set(NOT_EXPORTED) == set()
    assert all(reason.strip() for reason in NOT_EXPORTED.values())


def test_the_check_sees_the_tables() -> None:
    """The coverage test above cannot pass on an empty list of tables."""
    found = product_tables()
    assert {"person", "ledger_entry", "request", "audit_event", "thread_attachment"} <= found


def test_bytes_are_files_not_json() -> None:
    """A table with a `data` column of bytes leaves it out of JSON and writes it as a file."""
    with_files = {table for table, _name, _where in FILES}
    assert with_files == {"document", "request_attachment", "thread_attachment"}
    for section in SECTIONS:
        if section.table in with_files:
            assert "data" in section.omit, section.table
