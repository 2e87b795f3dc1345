"""The back office's payments over HTTP: a CODA file uploaded (its counts, once only, refused
with its line in the reader's language), a waiting payment assigned to the quarter it pays, and
a person's account as staff see it (their team's people only)."""

from __future__ import annotations

import html
import uuid
from datetime import date, datetime
from decimal import Decimal

import httpx
import pytest

from app.affiliation import service as affiliation
from app.identity import service as identity
from app.kit import audit, clock
from app.kit.audit import SYSTEM
from app.kit.tables import AuditEvent
from app.payments import service
from app.payments.tables import BankMovement, CodaImport, LedgerEntry
from tests.support.actors import csrf_token, log_in, make_person, make_staff
from tests.support.coda_builder import BuiltMovement, build_coda

pytestmark = pytest.mark.integration
D = Decimal
FUND = "BE71096123456769"
ISSUE_DAY = datetime(2026, 1, 15, 9, 0, tzinfo=clock.BRUSSELS)
APRIL = datetime(2026, 4, 20, 9, 0, tzinfo=clock.BRUSSELS)
# The notice of account 1 for 2026 Q1: 890,42 € + 27,16 € of fees (tests/integration/payments).
PAID_BY_COMMUNICATION = BuiltMovement(
    D("917.58"), date(2026, 3, 19), structured_communication="000001261097",
    counterparty_iban="BE62510007547061", counterparty_name="CAMILLE DUBOIS",
)  # fmt: skip
UNKNOWN_PAYER = BuiltMovement(
    D("917.58"), date(2026, 3, 19), communication="cotisation Camille",
    counterparty_iban="BE43068999999501", counterparty_name="J DUPONT",
)  # fmt: skip


async def affiliate_with_notice() -> uuid.UUID:
    person = await make_person("Camille", "camille@example.be", last_name="Dubois")
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    with clock.frozen(ISSUE_DAY):
        assert await service.issue_quarter_notice(person, 2026, 1)  # account 1
    return person


def statement(sequence: int, *movements: BuiltMovement) -> bytes:
    return build_coda(account_iban=FUND, holder="AFFILIO CAISSE", sequence=sequence,
                      created=date(2026, 3, 20), old_balance=D("1000.00"),
                      movements=list(movements))  # fmt: skip


def record_too_short(data: bytes, line: int) -> bytes:
    lines = data.decode("cp1252").splitlines()
    lines[line - 1] = lines[line - 1][:-1]
    return "\n".join(lines).encode("cp1252")


async def upload(
    client: httpx.AsyncClient, data: bytes, filename: str = "20260320.cod"
) -> httpx.Response:
    token = await csrf_token(client)
    return await client.post(
        "/staff/payments/import",
        data={"_csrf_token": token},
        files={"coda": (filename, data, "application/octet-stream")},
    )


async def assign(
    client: httpx.AsyncClient, movement_id: uuid.UUID, **fields: str
) -> httpx.Response:
    token = await csrf_token(client)
    return await client.post(
        f"/staff/payments/movements/{movement_id}/assign", data={"_csrf_token": token, **fields}
    )


def text_of(response: httpx.Response) -> str:
    return html.unescape(response.text)


async def supervisor(client: httpx.AsyncClient, language: str = "fr") -> uuid.UUID:
    staff_id = await identity.create_staff_user(
        email=f"{uuid.uuid4().hex[:8]}@fund.be", full_name="Sam Superviseur", role="supervisor",
        team="general", language=language, actor=audit.SYSTEM,
    )  # fmt: skip
    await log_in(client, "staff", staff_id)
    client.cookies.set("affilio_lang", language)  # what logging in sets from the account
    return staff_id


class TestImport:
    async def test_the_counts_then_a_second_upload_changes_nothing(
        self, client: httpx.AsyncClient
    ) -> None:
        await affiliate_with_notice()
        await supervisor(client)
        data = statement(1, PAID_BY_COMMUNICATION, UNKNOWN_PAYER)
        first = await upload(client, data)
        assert first.status_code == 303
        assert first.headers["location"] == (
            "/staff/payments?done=imported&movements=2&matched=1&unmatched=1"
        )
        page = text_of(await client.get(first.headers["location"]))
        assert "2 mouvements\u00a0: 1 rapproché, 1 à attribuer" in page
        # The one nothing matched waits, with where it came from; the history names the file.
        assert "917,58\u00a0€" in page and "J DUPONT" in page and "BE43 0689 9999 9501" in page
        assert "cotisation Camille" in page and "Extrait du 20 mars 2026" in page
        assert "20260320.cod" in page and "Importé par Sam Superviseur" in page
        again = await upload(client, data, filename="copie.cod")
        assert again.headers["location"] == "/staff/payments?done=already"
        page = text_of(await client.get(again.headers["location"]))
        assert "Cet extrait a déjà été importé\u00a0: rien n'a changé." in page
        assert await CodaImport.count() == 1 and await BankMovement.count() == 2
        assert await LedgerEntry.count().where(LedgerEntry.kind == "payment") == 1

    async def test_a_malformed_file_is_refused_with_its_line_and_imports_nothing(
        self, client: httpx.AsyncClient
    ) -> None:
        await affiliate_with_notice()
        await supervisor(client)
        bad = record_too_short(statement(1, PAID_BY_COMMUNICATION), 3)
        response = await upload(client, bad)
        assert response.status_code == 422
        page = text_of(response)
        assert (
            "Ligne 3\u00a0: un enregistrement doit compter 128 caractères. Rien n'a été importé."
            in page
        )
        assert 'id="error-coda"' in page and 'href="#field-coda"' in page
        assert "a record of 127 characters, CODA has 128" in page  # the expert's detail
        assert await CodaImport.count() == 0 and await BankMovement.count() == 0
        assert await LedgerEntry.count().where(LedgerEntry.kind == "payment") == 0

    async def test_a_dutch_speaking_staff_member_reads_dutch(
        self, client: httpx.AsyncClient
    ) -> None:
        await supervisor(client, language="nl")
        response = await upload(client, record_too_short(statement(1, UNKNOWN_PAYER), 3))
        assert response.status_code == 422
        page = text_of(response)
        assert "Te koppelen betalingen" in page
        assert "Regel 3: een record moet 128 tekens lang zijn. Er is niets geïmporteerd." in page

    async def test_no_file_chosen_and_a_file_past_the_default_body_limit(
        self, client: httpx.AsyncClient
    ) -> None:
        await supervisor(client)
        token = await csrf_token(client)
        empty = await client.post("/staff/payments/import", data={"_csrf_token": token})
        assert empty.status_code == 422
        assert "Choisissez le fichier CODA de l'extrait de compte" in text_of(empty)
        # 11 MB: past Litestar's default 10 MB, inside this route's limit, so the file is read
        # (and refused for what it is, not for its size).
        big = await upload(client, b"x" * 11_000_000)
        assert big.status_code == 422
        assert "Ligne 1\u00a0: un enregistrement doit compter 128 caractères." in text_of(big)

    async def test_an_agent_sees_the_queue_but_may_not_import(
        self, client: httpx.AsyncClient
    ) -> None:
        agent = await make_staff()
        await service.import_statement(SYSTEM, statement(1, UNKNOWN_PAYER))
        await log_in(client, "staff", agent)
        page = await client.get("/staff/payments")
        assert page.status_code == 200
        assert "J DUPONT" in page.text and 'action="/staff/payments/import"' not in page.text
        assert "/assign" not in page.text
        response = await upload(client, statement(2, UNKNOWN_PAYER))
        assert response.status_code == 403
        assert await CodaImport.count() == 1


class TestAssign:
    async def test_the_waiting_payment_settles_the_affiliates_quarter(
        self, client: httpx.AsyncClient
    ) -> None:
        person = await affiliate_with_notice()
        await service.import_statement(SYSTEM, statement(1, UNKNOWN_PAYER))
        waiting = await BankMovement.select(BankMovement.id).first()
        assert waiting is not None
        movement_id = waiting["id"]
        await log_in(client, "affiliate", person)
        with clock.frozen(APRIL):
            before = text_of(await client.get("/account/contributions"))
        assert "En retard" in before and "Payé" not in before
        await supervisor(client)
        response = await assign(client, movement_id, account_number="1", year="2026", quarter="1")
        assert response.status_code == 303
        assert response.headers["location"] == (
            f"/staff/payments?done=assigned&movement={movement_id}"
        )
        page = text_of(await client.get(response.headers["location"]))
        assert "Paiement de 917,58\u00a0€ attribué au compte 1 de Camille Dubois." in page
        assert "Pour le trimestre 1 2026." in page
        assert "Rien en attente\u00a0: chaque paiement a trouvé son compte." in page
        assert await AuditEvent.count().where(AuditEvent.action == "payments.movement_assigned")
        # Twice: the payment is no longer waiting, nothing is booked again.
        twice = await assign(client, movement_id, account_number="1", year="2026", quarter="1")
        assert twice.headers["location"] == "/staff/payments?done=gone"
        assert await LedgerEntry.count().where(LedgerEntry.kind == "payment") == 1
        with clock.frozen(APRIL):
            staff_view = text_of(await client.get(f"/staff/people/{person}/account"))
            await log_in(client, "affiliate", person)
            after = text_of(await client.get("/account/contributions"))
        assert "Compte n° 1" in staff_view and "Payé" in staff_view
        assert "Paiement reçu" in staff_view
        assert "Payé" in after and "En retard" not in after
        assert "Vous ne devez rien aujourd'hui." in after

    async def test_the_form_says_what_is_wrong_and_keeps_what_was_typed(
        self, client: httpx.AsyncClient
    ) -> None:
        await affiliate_with_notice()
        await service.import_statement(SYSTEM, statement(1, UNKNOWN_PAYER))
        waiting = await BankMovement.select(BankMovement.id).first()
        assert waiting is not None
        movement_id = waiting["id"]
        await supervisor(client)
        wrong = await assign(client, movement_id, account_number="999", year="1999", quarter="5")
        assert wrong.status_code == 422
        page = text_of(wrong)
        assert "Aucun compte de cotisations ne porte le numéro 999" in page
        assert "Indiquez une année de 2000 à 2099" in page
        assert "Indiquez un trimestre de 1 à 4" in page
        assert f'id="field-account_number-{movement_id}" name="account_number"' in page
        for typed in ('value="999"', 'value="1999"', 'value="5"'):
            assert typed in page
        assert f'href="#field-year-{movement_id}"' in page  # the summary leads to the field
        letters = text_of(await assign(client, movement_id, account_number="un"))
        assert "Indiquez un numéro de compte\u00a0: un nombre entier de 1 à 999\u00a0999" in letters
        empty = text_of(await assign(client, movement_id, account_number=""))
        assert "Indiquez le numéro du compte de cotisations" in empty
        no_quarter = text_of(await assign(client, movement_id, account_number="1", year="2026"))
        assert "Indiquez aussi le trimestre de cette année, ou laissez l'année vide" in no_quarter
        row = await BankMovement.select(BankMovement.status).where(BankMovement.id == movement_id)
        assert row == [{"status": "unmatched"}]
        assert await LedgerEntry.count().where(LedgerEntry.kind == "payment") == 0


class TestPersonAccount:
    async def test_an_agent_sees_the_account_of_their_teams_people_only(
        self, client: httpx.AsyncClient
    ) -> None:
        person = await affiliate_with_notice()
        agent = await make_staff(name="Anne Agent")
        outsider = await make_staff(team="pensions", name="Paul Pensions")
        await affiliation.assign_account_manager(SYSTEM, person_id=person, staff_id=agent)
        await log_in(client, "staff", agent)
        file_page = await client.get(f"/staff/people/{person}")
        assert f'href="/staff/people/{person}/account"' in file_page.text
        with clock.frozen(APRIL):
            page = await client.get(f"/staff/people/{person}/account")
        assert page.status_code == 200
        text = text_of(page)
        assert "Compte de cotisations de Camille Dubois" in text
        assert "Doit 917,58\u00a0€" in text and "Compte n° 1" in text
        assert "+++000/0012/61097+++" in text and "En retard" in text
        assert "Cotisation provisoire" in text and "Frais de gestion" in text
        assert await AuditEvent.count().where(AuditEvent.action == "staff.account_read") == 1
        await log_in(client, "staff", outsider)
        assert (await client.get(f"/staff/people/{person}/account")).status_code == 404


async def test_the_account_manager_records_the_personal_contact(
    client: httpx.AsyncClient,
) -> None:
    """The recovery's task reaches staff: listed first on the payments page and on the
    person's account, recorded with a note (required), after which court becomes possible."""
    from app.affiliation import service as affiliation_service
    from app.payments.tables import RecoveryStep
    from tests.support.actors import staff

    person = await affiliate_with_notice()
    agent = await make_staff(name="Sam")
    await affiliation_service.assign_account_manager(staff(agent), person_id=person,
                                                     staff_id=agent)  # fmt: skip
    for day in (date(2026, 4, 1), date(2026, 4, 15), date(2026, 5, 15), date(2026, 6, 14),
                date(2026, 6, 29)):  # fmt: skip
        with clock.frozen(datetime.combine(day, datetime.min.time(), tzinfo=clock.BRUSSELS)):
            await service.run_recovery()
    [task] = await RecoveryStep.select().where(RecoveryStep.kind == "personal_contact")
    assert task["done_on"] is None
    await log_in(client, "staff", agent)
    listing = html.unescape((await client.get("/staff/payments")).text)
    assert "Contacts personnels à prendre d'abord" in listing
    assert f'href="/staff/people/{person}/account"' in listing
    page = html.unescape((await client.get(f"/staff/people/{person}/account")).text)
    assert "Contact personnel à prendre\u00a0: trimestre 1 2026" in page
    assert "rappel envoyé le 15 avril 2026" in page
    token = await csrf_token(client)
    url = f"/staff/people/{person}/account/contacts/{task['id']}"
    empty = await client.post(url, data={"_csrf_token": token, "note": "  "})
    assert empty.status_code == 422
    assert "Indiquez ce que vous avez convenu avec la personne" in html.unescape(empty.text)
    done = await client.post(url, data={"_csrf_token": token, "note": "Appelée : un plan."})
    assert done.status_code == 303
    [task] = await RecoveryStep.select().where(RecoveryStep.kind == "personal_contact")
    assert task["done_on"] is not None and task["note"] == "Appelée : un plan."
    assert task["done_by"] == f"staff:{agent}"
    again = await client.post(url, data={"_csrf_token": token, "note": "encore"})
    assert again.status_code == 404  # recorded: no longer a task
