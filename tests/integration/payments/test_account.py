"""The contribution account against the real database: notices issued once, an append-only
ledger, the affiliate's pages (balance, notice with its QR code, statement), scoped to them."""

from __future__ import annotations

import asyncio
import html
import json
from datetime import date, datetime
from decimal import Decimal

import asyncpg
import httpx
import pytest

from app.affiliation import service as affiliation
from app.affiliation.rules import Category
from app.kit import clock
from app.kit.audit import SYSTEM
from app.kit.tables import OutboxJob
from app.messaging.tables import InboxMessage
from app.payments import queries, service
from app.payments.tables import DueNotice, LedgerEntry
from tests.support.actors import affiliate, log_in, make_person

pytestmark = pytest.mark.integration
D = Decimal
ISSUE_DAY = datetime(2026, 1, 15, 9, 0, tzinfo=clock.BRUSSELS)
LATER = datetime(2026, 2, 1, 9, 0, tzinfo=clock.BRUSSELS)


async def affiliated(**fields: object) -> object:
    person = await make_person(**fields)  # type: ignore[arg-type]
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category=Category.MAIN, starts_on=date(2019, 3, 1)
    )
    return person


async def test_the_quarter_notice_is_issued_once_with_its_entries_inbox_and_mail() -> None:
    person = await affiliated(email="camille@example.be")
    with clock.frozen(ISSUE_DAY):
        assert await service.issue_due_notices() == 1
        assert await service.issue_due_notices() == 0  # the next hour's run: nothing twice
        assert await service.issue_quarter_notice(person, 2026, 1) is False  # type: ignore[arg-type]
    [notice] = await DueNotice.select()
    # 2026 minimum, main activity: 890,42 € + 3,05 % fees 27,16 € = 917,58 €, due 31 March.
    assert (notice["year"], notice["quarter"], notice["due_on"]) == (2026, 1, date(2026, 3, 31))
    assert (D(notice["contribution"]), D(notice["management_fee"]), D(notice["amount"])) == (
        D("890.42"), D("27.16"), D("917.58"))  # fmt: skip
    # Account 1: 0000012610, 12610 = 97 × 130, remainder 0 so the check digits are 97.
    assert notice["communication"] == "000001261097"
    assert notice["iban"] == "BE71096123456769"
    entries = await LedgerEntry.select(LedgerEntry.kind, LedgerEntry.amount).order_by(
        LedgerEntry.kind
    )
    assert [(e["kind"], D(e["amount"])) for e in entries] == [
        ("contribution", D("890.42")), ("management_fee", D("27.16"))]  # fmt: skip
    [inbox] = await InboxMessage.select().where(InboxMessage.person == person)
    assert inbox["subject"] == "Vos cotisations du trimestre 1 2026"
    assert "917,58\u00a0€ à payer au plus tard le 31 mars 2026" in inbox["body"]
    mails = await OutboxJob.select().where(OutboxJob.name == "mail.send")
    payloads = [json.loads(m["payload"]) if isinstance(m["payload"], str) else m["payload"]
                for m in mails]  # fmt: skip
    assert [p["template"] for p in payloads] == ["due_notice"]


async def test_the_ledger_refuses_an_edit_a_deletion_and_a_third_decimal() -> None:
    person = await affiliated()
    with clock.frozen(ISSUE_DAY):
        await service.issue_quarter_notice(person, 2026, 1)  # type: ignore[arg-type]
    [entry, *_] = await LedgerEntry.select()
    with pytest.raises(asyncpg.exceptions.IntegrityConstraintViolationError):
        await LedgerEntry.update({LedgerEntry.amount: D("1.00")}).where(
            LedgerEntry.id == entry["id"]
        )
    with pytest.raises(asyncpg.exceptions.IntegrityConstraintViolationError):
        await LedgerEntry.delete().where(LedgerEntry.id == entry["id"])
    with pytest.raises(asyncpg.exceptions.CheckViolationError):
        await LedgerEntry.raw(
            "INSERT INTO ledger_entry (id, account, kind, amount, booked_on, label, reason, "
            "idempotency_key, booked_by, created_at) VALUES (gen_random_uuid(), {}, 'payment', "
            "-1.005, '2026-01-20', '', '', 'by-hand', 'test', now())",
            entry["account"],
        )


async def test_a_correction_reverses_an_entry_once_with_its_reason() -> None:
    person = await affiliated()
    with clock.frozen(ISSUE_DAY):
        await service.issue_quarter_notice(person, 2026, 1)  # type: ignore[arg-type]
    fee = await LedgerEntry.select().where(LedgerEntry.kind == "management_fee").first()
    assert fee is not None
    with pytest.raises(ValueError):
        await service.reverse(SYSTEM, fee["id"], "  ")
    assert await service.reverse(SYSTEM, fee["id"], "Fees waived by decision 2026/12") is True
    assert await service.reverse(SYSTEM, fee["id"], "again") is False
    reversal = await LedgerEntry.select().where(LedgerEntry.kind == "reversal").first()
    assert reversal is not None
    assert (D(reversal["amount"]), reversal["reverses"], reversal["reason"]) == (
        D("-27.16"), fee["id"], "Fees waived by decision 2026/12")  # fmt: skip


async def test_the_affiliate_sees_their_account_notice_and_statement(
    client: httpx.AsyncClient,
) -> None:
    person = await affiliated()
    other = await affiliated()
    with clock.frozen(ISSUE_DAY):
        # The person's account is opened first: number 1, the communication computed above.
        await service.issue_quarter_notice(person, 2026, 1)  # type: ignore[arg-type]
        await service.issue_due_notices()
    notice = await DueNotice.select().where(DueNotice.communication == "000001261097").first()
    assert notice is not None
    await log_in(client, "affiliate", person)  # type: ignore[arg-type]
    with clock.frozen(LATER):
        page = await client.get("/account/contributions")
        detail = await client.get(f"/account/contributions/notices/{notice['id']}")
        statement = await client.get("/account/contributions/statement.csv")
    mine = (
        notice["account"]
        == (await DueNotice.select(DueNotice.account).where(DueNotice.id == notice["id"]).first())[
            "account"
        ]
    )
    assert mine
    text = html.unescape(page.text)
    assert page.status_code == 200
    assert "Vous devez 917,58\u00a0€" in text.replace("\u202f", " ")
    assert "Prochaine échéance\u00a0: 917,58\u00a0€ pour le trimestre 1 2026" in text
    assert "À payer" in text  # Q1's status on 1 February: not yet late
    body = html.unescape(detail.text)
    assert detail.status_code == 200
    assert "+++000/0012/61097+++" in body and "BE71 0961 2345 6769" in body
    assert "<svg" in body and 'data-copy-text="917,58"' in body
    # Shown as money in the reader's language (it read "917,58 €" with a plain space, and
    # dropped a trailing zero), copied as the bare figure a banking app accepts.
    assert '<code id="copy-amount">917,58\u00a0€</code>' in body
    assert statement.status_code == 200
    assert statement.headers["content-type"].startswith("text/csv")
    lines = statement.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Date;Description;Trimestre;Montant (EUR);Solde (EUR)"
    assert lines[1:] == [
        "2026-01-15;Cotisation provisoire;2026-Q1;890.42;890.42",
        "2026-01-15;Frais de gestion;2026-Q1;27.16;917.58",
    ]
    # Another affiliate's notice is not theirs to see: hidden, not forbidden.
    await log_in(client, "affiliate", other)  # type: ignore[arg-type]
    assert (await client.get(f"/account/contributions/notices/{notice['id']}")).status_code == 404


async def test_the_statement_holds_the_whole_history_the_page_the_latest(
    client: httpx.AsyncClient,
) -> None:
    person = await affiliated()
    with clock.frozen(ISSUE_DAY):
        await service.issue_quarter_notice(person, 2026, 1)  # type: ignore[arg-type]
    account = await service.ensure_account(person)  # type: ignore[arg-type]
    for n in range(1, 206):  # 205 one-cent payments: more than the page shows
        await service.book(account.id, service.NewEntry(
            kind=service.EntryKind.PAYMENT, amount=D("-0.01"), booked_on=date(2026, 2, 1),
            idempotency_key=f"test:cent:{n}"))  # fmt: skip
    await log_in(client, "affiliate", person)  # type: ignore[arg-type]
    with clock.frozen(LATER):
        statement = await client.get("/account/contributions/statement.csv")
        view = await queries.account_for(affiliate(person))  # type: ignore[arg-type]
    lines = statement.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 2 + 205  # header, the two charges, every payment
    assert lines[-1].endswith(";-0.01;915.53")  # 917,58 − 2,05
    assert len(view.history) == 200


def _payload(job: dict[str, object]) -> dict[str, object]:
    raw = job["payload"]
    return json.loads(raw) if isinstance(raw, str) else raw  # type: ignore[return-value]


async def test_a_chunk_issues_each_person_their_own_notice_in_their_language() -> None:
    # One chunk (notices.toml: chunk_size 100) of four people: French and Dutch, a helping
    # spouse (maxi-statut), one without an e-mail address, one without an affiliation.
    camille = await affiliated(first_name="Camille", email="camille@example.be", language="fr")
    jan = await make_person(first_name="Jan", email="jan@example.be", language="nl")
    await affiliation.record_affiliation(
        SYSTEM, person_id=jan, category=Category.HELPER, starts_on=date(2019, 3, 1)
    )
    louise = await affiliated(first_name="Louise", email=None, language="fr")
    nobody = await make_person(first_name="Nina", email="nina@example.be", language="nl")
    with clock.frozen(ISSUE_DAY):
        assert await service.issue_due_notices() == 3
        assert await service.issue_due_notices() == 0  # the next run: nothing twice
        assert await service.issue_quarter_notice(jan, 2026, 1) is False
        assert await service.issue_quarter_notice(nobody, 2026, 1) is False
    notices = {
        row["person"]: row
        for row in await DueNotice.raw(
            "SELECT n.*, p.person, p.number FROM due_notice n "
            "JOIN payment_account p ON p.id = n.account"
        )
    }
    assert set(notices) == {camille, jan, louise}
    # Accounts opened in the job's order (the person ids'), numbered 1, 2, 3; their
    # communications: 0000012610 (÷ 97 leaves 0: check 97), 0000022610 (9), 0000032610 (18).
    in_order = sorted(notices)
    assert [notices[p]["number"] for p in in_order] == [1, 2, 3]
    assert [notices[p]["communication"] for p in in_order] == [
        "000001261097", "000002261009", "000003261018"]  # fmt: skip
    # Main activity: 890,42 € + 27,16 € fees; maxi-statut: 391,16 € + 3,05 % = 11,93 €.
    amounts = {p: (D(n["contribution"]), D(n["management_fee"]), D(n["amount"]))
               for p, n in notices.items()}  # fmt: skip
    assert amounts == {
        camille: (D("890.42"), D("27.16"), D("917.58")),
        jan: (D("391.16"), D("11.93"), D("403.09")),
        louise: (D("890.42"), D("27.16"), D("917.58")),
    }
    assert {n["category"] for n in notices.values()} == {"main", "helper"}
    assert {(n["year"], n["quarter"], n["due_on"], n["issued_on"], n["iban"])
            for n in notices.values()} == {
        (2026, 1, date(2026, 3, 31), date(2026, 1, 15), "BE71096123456769")}  # fmt: skip
    entries = await LedgerEntry.select().order_by(LedgerEntry.seq)
    by_account = {n["account"]: p for p, n in notices.items()}
    assert [(by_account[e["account"]], e["kind"], D(e["amount"]), e["label"], e["idempotency_key"])
            for e in entries] == [
        entry
        for p in in_order
        for entry in (
            (p, "contribution", amounts[p][0], "Provisional contribution",
             f"notice:{notices[p]['id']}:contribution"),
            (p, "management_fee", amounts[p][1], "Management fees",
             f"notice:{notices[p]['id']}:management_fee"),
        )
    ]  # fmt: skip
    assert {(e["booked_on"], e["year"], e["quarter"], e["due_on"], e["booked_by"])
            for e in entries} == {
        (date(2026, 1, 15), 2026, 1, date(2026, 3, 31), "system")}  # fmt: skip
    inbox = {m["person"]: m for m in await InboxMessage.select()}
    assert set(inbox) == {camille, jan, louise}
    assert {p: m["dedupe_key"] for p, m in inbox.items()} == {
        p: f"due_notice:{notices[p]['id']}" for p in (camille, jan, louise)}  # fmt: skip
    assert {m["kind"] for m in inbox.values()} == {"due_notice"}
    assert inbox[camille]["subject"] == "Vos cotisations du trimestre 1 2026"
    assert inbox[camille]["body"] == (
        "Votre avis d'échéance du trimestre 1 2026 est prêt\u00a0: 917,58\u00a0€ à payer au plus "
        "tard le 31 mars 2026. Les données du virement et un code QR pour votre application "
        "bancaire sont dans votre compte en ligne."
    )
    assert inbox[louise]["body"] == inbox[camille]["body"]
    assert inbox[jan]["subject"] == "Uw bijdragen voor kwartaal 1 2026"
    assert inbox[jan]["body"] == (
        "Uw vervaldagbericht voor kwartaal 1 2026 staat klaar: €\u00a0403,09 te betalen uiterlijk "
        "op 31 maart 2026. De gegevens van de overschrijving en een QR-code voor uw bankapp "
        "vindt u in uw onlinerekening."
    )
    # One e-mail for each person with an address (not Louise), in their language.
    mails = {p["to"]: p for p in map(_payload, await OutboxJob.select()
                                     .where(OutboxJob.name == "mail.send"))}  # fmt: skip
    assert set(mails) == {"camille@example.be", "jan@example.be"}
    for to, person, language, amount, due in (
        ("camille@example.be", camille, "fr", "917,58\u00a0€", "31 mars 2026"),
        ("jan@example.be", jan, "nl", "€\u00a0403,09", "31 maart 2026"),
    ):
        mail = mails[to]
        assert (mail["template"], mail["language"]) == ("due_notice", language)
        context = dict(mail["context"])  # type: ignore[call-overload]
        link = context.pop("link")
        assert link.startswith("http")
        assert link.endswith(f"/account/contributions/notices/{notices[person]['id']}")
        assert context == {"quarter": 1, "year": "2026", "amount": amount, "due": due,
                           "first_name": "Camille" if person == camille else "Jan"}  # fmt: skip


async def test_two_runs_at_once_in_small_chunks_issue_each_notice_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two workers' runs at the same time, batches of 3 read in chunks of 2: both try the same
    # people; the unique notice per account and quarter lets one of them issue each.
    for n in range(5):
        await affiliated(first_name=f"P{n}", email=f"p{n}@example.be")
    monkeypatch.setattr(service, "notice_policy", lambda: service.NoticePolicy(75, 3, 2))
    with clock.frozen(ISSUE_DAY):
        first, second = await asyncio.gather(
            service.issue_due_notices(), service.issue_due_notices()
        )
        assert first + second == 5
        assert await service.issue_due_notices() == 0
    counts = await DueNotice.raw(
        "SELECT (SELECT count(*) FROM due_notice) AS notices, "
        "(SELECT count(DISTINCT account) FROM due_notice) AS accounts, "
        "(SELECT count(*) FROM payment_account) AS opened, "
        "(SELECT count(*) FROM ledger_entry) AS entries, "
        "(SELECT count(*) FROM inbox_message) AS inbox, "
        "(SELECT count(*) FROM outbox_job WHERE name = 'mail.send') AS mails"
    )
    assert counts == [
        {"notices": 5, "accounts": 5, "opened": 5, "entries": 10, "inbox": 5, "mails": 5}
    ]
