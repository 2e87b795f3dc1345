"""A CODA statement settles the quarter it pays; the same file twice changes nothing; a payer
already known pays by IBAN and amount; the rest waits for staff; a bad file imports nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.affiliation import service as affiliation
from app.kit import clock
from app.kit.audit import SYSTEM
from app.payments import queries, service
from app.payments.rules.coda import CodaError
from app.payments.rules.ledger import QuarterStatus
from app.payments.tables import BankMovement, CodaImport, LedgerEntry
from tests.support.actors import affiliate, make_person
from tests.support.coda_builder import BuiltMovement, build_coda

pytestmark = pytest.mark.integration
D = Decimal
FUND = "BE71096123456769"
PAYER = "BE62510007547061"
ISSUE_DAY = datetime(2026, 1, 15, 9, 0, tzinfo=clock.BRUSSELS)
APRIL = datetime(2026, 4, 20, 9, 0, tzinfo=clock.BRUSSELS)


async def with_notice() -> object:
    person = await make_person()
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    with clock.frozen(ISSUE_DAY):
        assert await service.issue_quarter_notice(person, 2026, 1)  # account 1: 000001261097
    return person


def statement(sequence: int, *movements: BuiltMovement) -> bytes:
    return build_coda(account_iban=FUND, holder="AFFILIO CASSE", sequence=sequence,
                      created=date(2026, 3, 20), old_balance=D("1000.00"),
                      movements=list(movements))  # fmt: skip


async def test_a_statement_settles_the_quarter_and_twice_changes_nothing() -> None:
    person = await with_notice()
    data = statement(
        1,
        BuiltMovement(D("917.58"), date(2026, 3, 19), structured_communication="000001261097",
                      counterparty_iban=PAYER, counterparty_name="CAMILLE DUBOIS"),
        BuiltMovement(D("50.00"), date(2026, 3, 19), communication="cotisation Dupont",
                      counterparty_iban="BE43068999999501", counterparty_name="J DUPONT"),
    )  # fmt: skip
    first = await service.import_statement(SYSTEM, data, filename="20260320.cod")
    assert first.as_json() == {"movements": 2, "matched": 1, "unmatched": 1,
                               "already_imported": False}  # fmt: skip
    again = await service.import_statement(SYSTEM, data)
    assert again.as_json() == {"movements": 2, "matched": 1, "unmatched": 1,
                               "already_imported": True}  # fmt: skip
    assert await CodaImport.count() == 1 and await BankMovement.count() == 2
    assert await LedgerEntry.count().where(LedgerEntry.kind == "payment") == 1
    with clock.frozen(APRIL):
        view = await queries.account_for(affiliate(person))  # type: ignore[arg-type]
    assert view.balance == D("0.00")
    assert [(q.quarter, q.status) for q in view.quarters] == [(1, QuarterStatus.PAID)]


async def test_a_known_payer_without_communication_pays_by_iban_and_amount() -> None:
    person = await with_notice()
    with clock.frozen(datetime(2026, 4, 16, 9, 0, tzinfo=clock.BRUSSELS)):
        assert await service.issue_quarter_notice(person, 2026, 2)  # type: ignore[arg-type]
    await service.import_statement(SYSTEM, statement(
        1, BuiltMovement(D("917.58"), date(2026, 3, 19), structured_communication="000001261097",
                         counterparty_iban=PAYER),
    ))  # fmt: skip
    second = await service.import_statement(SYSTEM, statement(
        2, BuiltMovement(D("917.58"), date(2026, 6, 20), communication="cotisations T2",
                         counterparty_iban=PAYER),
    ))  # fmt: skip
    assert (second.matched, second.unmatched) == (1, 0)
    row = await BankMovement.select().where(BankMovement.matched_by == "iban_amount").first()
    assert row is not None and (row["year"], row["quarter"]) == (2026, 2)


async def test_staff_assign_what_nothing_matched() -> None:
    person = await with_notice()
    await service.import_statement(SYSTEM, statement(
        1, BuiltMovement(D("917.58"), date(2026, 3, 19), communication="pour Camille",
                         counterparty_iban="BE43068999999501"),
    ))  # fmt: skip
    waiting = await BankMovement.select().where(BankMovement.status == "unmatched").first()
    assert waiting is not None
    assert await service.assign_movement(SYSTEM, waiting["id"], account_number=1, year=2026,
                                      quarter=1)  # fmt: skip
    assert not await service.assign_movement(SYSTEM, waiting["id"], account_number=1)  # once
    with clock.frozen(APRIL):
        view = await queries.account_for(affiliate(person))  # type: ignore[arg-type]
    assert view.balance == D("0.00")


async def test_a_malformed_file_imports_nothing_and_says_where() -> None:
    await with_notice()
    lines = (
        statement(
            1,
            BuiltMovement(D("917.58"), date(2026, 3, 19), structured_communication="000001261097"),
        )
        .decode("cp1252")
        .splitlines()
    )
    lines[2] = lines[2][:-1]  # a movement record one character short
    with pytest.raises(CodaError) as refused:
        await service.import_statement(SYSTEM, "\n".join(lines).encode("cp1252"))
    assert (refused.value.code, refused.value.line) == ("record_length", 3)
    assert await CodaImport.count() == 0 and await BankMovement.count() == 0


async def test_the_command_prints_one_json_line(tmp_path: Path) -> None:
    await with_notice()
    good = tmp_path / "statement.cod"
    good.write_bytes(statement(
        1, BuiltMovement(D("917.58"), date(2026, 3, 19), structured_communication="000001261097")
    ))  # fmt: skip
    command = [sys.executable, "-m", "app.cli", "payments", "import-coda", str(good)]
    env = {**os.environ}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "movements": 1, "matched": 1, "unmatched": 0, "already_imported": False}  # fmt: skip
    bad = tmp_path / "bad.cod"
    bad.write_bytes(b"0" * 127 + b"\n")
    refused = subprocess.run([*command[:-1], str(bad)], capture_output=True, text=True,
                             env=env, timeout=120)  # fmt: skip
    assert refused.returncode == 1
    assert json.loads(refused.stderr.strip().splitlines()[-1])["line"] == 1
