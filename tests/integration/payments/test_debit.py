"""Direct debit end to end: a mandate, the pre-notification, the pain.008 file (once, even when
the jobs run twice), then a CODA reject: the quarter owes again, the affiliate is told why and
the recovery resumes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from app.affiliation import service as affiliation
from app.kit import clock
from app.kit.audit import SYSTEM
from app.kit.errors import FormInvalid
from app.payments import debit, queries, service
from app.payments.tables import DebitCollection, DebitFile, DueNotice, RecoveryStep
from tests.support.actors import affiliate, make_person
from tests.support.coda_builder import BuiltMovement, build_coda

pytestmark = pytest.mark.integration
D = Decimal
FUND = "BE71096123456769"
PAYER = "BE62510007547061"
ISSUE_DAY = datetime(2026, 1, 15, 9, 0, tzinfo=clock.BRUSSELS)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=clock.BRUSSELS)


async def test_mandate_collection_reject_and_recovery() -> None:
    person = await make_person()
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    with clock.frozen(ISSUE_DAY):
        assert await service.issue_quarter_notice(person, 2026, 1)
        with pytest.raises(FormInvalid) as bad:
            await debit.sign_mandate(affiliate(person), person, iban="BE00 1234", holder="",
                                     consent=False)  # fmt: skip
        assert set(bad.value.errors) == {"iban", "holder", "consent"}
        reference = await debit.sign_mandate(
            affiliate(person), person, iban="be62 5100 0754 7061", holder="Camille Dubois",
            consent=True,
        )  # fmt: skip
    assert reference == "AFD-000001-01"
    notice = await DueNotice.select().first()
    assert notice is not None
    due: date = notice["due_on"]

    # 15 days ahead: too early by the window? no — 14 to 21 days ahead is the window.
    with clock.frozen(at(due - timedelta(days=22))):
        assert await debit.announce_collections() == 0
    with clock.frozen(at(due - timedelta(days=14))):
        assert await debit.announce_collections() == 1
        assert await debit.announce_collections() == 0  # run twice: once
        page = await debit.page(person)
    assert page.next_collection is not None
    assert (page.next_collection.amount, page.next_collection.collection_on) == (D("917.58"), due)

    with clock.frozen(at(due - timedelta(days=10))):
        assert await debit.write_collection_files() == []  # the bank's lead day not yet come
    with clock.frozen(at(due - timedelta(days=4))):
        [file_id] = await debit.write_collection_files()
        assert await debit.write_collection_files() == []  # never twice
        assert await debit.announce_collections() == 0
    assert await DebitFile.count() == 1
    row = await DebitFile.select().where(DebitFile.id == file_id).first()
    assert row is not None
    xml = row["xml"]
    assert "<NbOfTxs>1</NbOfTxs>" in xml and "<CtrlSum>917.58</CtrlSum>" in xml
    assert "<SeqTp>FRST</SeqTp>" in xml and "<MndtId>AFD-000001-01</MndtId>" in xml
    assert "<EndToEndId>AFD-000001-01-2026Q1</EndToEndId>" in xml
    assert "<Id>BE81ZZZ0123456749</Id>" in xml
    with clock.frozen(at(due + timedelta(days=1))):
        view = await queries.account_for(affiliate(person))
    assert view.balance == D("0.00")

    # The bank's reject, 20 days after the due date: AM04, insufficient funds.
    reject_day = due + timedelta(days=20)
    data = build_coda(account_iban=FUND, holder="AFFILIO CASSE", sequence=7,
                      created=reject_day, old_balance=D("1000.00"), movements=[
        BuiltMovement(D("-917.58"), reject_day, communication="SEPA DD RETURN AM04 "
                      "AFD-000001-01-2026Q1", counterparty_iban=PAYER),
    ])  # fmt: skip
    with clock.frozen(at(reject_day)):
        await service.import_statement(SYSTEM, data)
        await service.import_statement(SYSTEM, data)  # twice: nothing twice
        view = await queries.account_for(affiliate(person))
    assert view.balance >= D("917.58")  # owed again (with the late surcharge the law adds)
    [collection] = await DebitCollection.select()
    assert (collection["status"], collection["reason_code"]) == ("returned", "AM04")
    steps = await RecoveryStep.select(RecoveryStep.kind)
    assert [s["kind"] for s in steps] == ["reminder"]  # the recovery resumed at once
    from app.messaging.tables import InboxMessage as NoticeRow  # the inbox

    kinds = [r["kind"] for r in await NoticeRow.select(NoticeRow.kind)]
    assert "debit_prenotice" in kinds and "debit_returned" in kinds
    body = await NoticeRow.select(NoticeRow.body).where(NoticeRow.kind == "debit_returned")
    assert "not enough funds" in body[0]["body"] or "pas assez" in body[0]["body"]


async def test_revoke_stops_the_collection() -> None:
    person = await make_person()
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    with clock.frozen(ISSUE_DAY):
        assert await service.issue_quarter_notice(person, 2026, 1)
        await debit.sign_mandate(affiliate(person), person, iban="BE62510007547061",
                                 holder="Camille Dubois", consent=True)  # fmt: skip
    notice = await DueNotice.select().first()
    assert notice is not None
    due = notice["due_on"]
    with clock.frozen(at(due - timedelta(days=14))):
        assert await debit.announce_collections() == 1
        assert await debit.revoke_mandate(affiliate(person), person)
    with clock.frozen(at(due - timedelta(days=4))):
        assert await debit.write_collection_files() == []
    [collection] = await DebitCollection.select()
    assert collection["status"] == "cancelled"
    page = await debit.page(person)
    assert page.active is None and len(page.mandates) == 1
