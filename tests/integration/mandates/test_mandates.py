"""Delegated access (issue 18): an affiliate gives a mandate, the invited person accepts it
with their own account, acts within its scope only, and either side ends it. Every client
page is walked as the mandatary with each scope, before acceptance, after revocation and
after the last day."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from httpx import AsyncClient, Response

from app.affiliation import service as affiliation
from app.identity.people import NewPerson, create_unverified_person
from app.kit import clock
from app.kit.audit import SYSTEM
from app.kit.db import fetch
from app.mandates import queries as mandates_queries
from app.mandates import rules, service
from app.messaging import service as messaging
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff

pytestmark = pytest.mark.integration

MORNING = datetime.fromisoformat("2026-06-01T09:00:00+00:00")
QUESTION = {"subject": "Cotisations 2026", "question": "Ma cliente peut-elle payer en deux fois ?"}
ADJUSTMENT = {
    "year": "2026",
    "income": "20000",
    "current_quarterly": "1500",
    "direction": "lower",
    "justification": "Perte de son principal client en avril.",
}


@pytest.fixture(autouse=True)
def morning() -> Iterator[None]:
    with clock.frozen(MORNING):
        yield


async def post(client: AsyncClient, url: str, data: dict[str, str | list[str]]) -> Response:
    token = await csrf_token(client)
    return await client.post(url, data={"_csrf_token": token, **data})


async def given(
    client_id: uuid.UUID,
    mandatary_id: uuid.UUID | None,
    scopes: tuple[rules.Scope, ...],
    *,
    starts_on: date = date(2026, 6, 1),
    ends_on: date | None = None,
) -> tuple[uuid.UUID, str]:
    """A mandate from client_id (accepted by mandatary_id when given); its id and link."""
    granted = await service.grant_mandate(
        affiliate(client_id),
        rules.Grant("Fiduciaire Dupont", None, scopes, starts_on, ends_on),
    )
    token = granted.url.rsplit("/", 1)[1]
    if mandatary_id is not None:
        await service.accept_mandate(affiliate(mandatary_id), token)
    return granted.id, token


async def people() -> tuple[uuid.UUID, uuid.UUID]:
    camille = await make_person("Camille", "camille@example.be", last_name="Leroy")
    await affiliation.record_affiliation(
        SYSTEM, person_id=camille, category="main", starts_on=date(2019, 3, 1)
    )
    dupont = await make_person("Marie", "marie@dupont.be", last_name="Dupont")
    await affiliation.record_company(
        SYSTEM, enterprise_number="0123.456.749", name="Claes SRL", legal_form="srl",
        incorporated_on=date(2018, 4, 3),
    )  # fmt: skip
    await affiliation.record_directorship(
        SYSTEM, person_id=camille, enterprise_number="0123.456.749", company_name="Claes SRL",
        since=date(2018, 4, 3),
    )  # fmt: skip
    return camille, dupont


class TestGrant:
    async def test_errors_are_shown_next_to_each_field_and_nothing_typed_is_lost(
        self, client: AsyncClient
    ) -> None:
        camille, _dupont = await people()
        await log_in(client, "affiliate", camille)
        answer = await post(
            client,
            "/account/mandates",
            {
                "mandatary_name": "Fiduciaire Dupont",
                "mandatary_email": "dupont@",
                "starts_on": "2026-05-31",
                "ends_on": "",
            },
        )
        assert answer.status_code == 422
        page = answer.text
        assert 'id="error-mandatary_email"' in page
        assert 'id="error-scopes"' in page
        assert 'id="error-starts_on"' in page
        assert "Le mandat ne peut pas commencer avant aujourd’hui" in page
        assert 'value="Fiduciaire Dupont"' in page and 'value="dupont@"' in page
        assert await fetch("SELECT id FROM mandate") == []

    async def test_a_grant_shows_its_link_once_and_mails_it(self, client: AsyncClient) -> None:
        camille, _dupont = await people()
        await log_in(client, "affiliate", camille)
        answer = await post(
            client,
            "/account/mandates",
            {
                "mandatary_name": "Fiduciaire Dupont",
                "mandatary_email": "marie@dupont.be",
                "scopes": ["read_account", "file_requests"],
                "starts_on": "2026-06-01",
                "ends_on": "2026-12-31",
            },
        )
        assert answer.status_code == 303
        page = (await client.get("/account/mandates")).text
        assert "/mandates/invitations/" in page and "En attente d’acceptation" in page
        again = (await client.get("/account/mandates")).text
        assert "/mandates/invitations/" not in again  # shown once
        [row] = await fetch("SELECT scopes, token_hash FROM mandate")
        assert row["scopes"] == ["read_account", "file_requests"]
        assert len(row["token_hash"]) == 64
        mails = await fetch(
            "SELECT payload->>'to' AS to, payload->>'template' AS template FROM outbox_job "
            "WHERE name = 'mail.send'"
        )
        assert mails == [{"to": "marie@dupont.be", "template": "mandate_invitation"}]

    async def test_ten_grants_a_day_then_the_next_waits(self, client: AsyncClient) -> None:
        camille, _dupont = await people()
        for _ in range(10):
            await given(camille, None, (rules.Scope.READ_ACCOUNT,))
        await log_in(client, "affiliate", camille)
        form = {
            "mandatary_name": "Fiduciaire Dupont",
            "mandatary_email": "dupont@example.be",
            "starts_on": "2026-06-01",
            "scopes": ["read_account"],
        }
        refused = await post(client, "/account/mandates", form)
        assert refused.status_code == 429
        assert "Vous avez donné dix mandats aujourd’hui" in refused.text
        assert 'value="dupont@example.be"' in refused.text
        with clock.frozen(datetime.fromisoformat("2026-06-02T09:01:00+00:00")):
            await log_in(client, "affiliate", camille)
            tomorrow = {**form, "starts_on": "2026-06-02"}
            assert (await post(client, "/account/mandates", tomorrow)).status_code == 303


class TestAccept:
    async def test_the_invited_person_accepts_once_and_the_client_is_told(
        self, client: AsyncClient
    ) -> None:
        camille, dupont = await people()
        _mandate, token = await given(camille, None, (rules.Scope.READ_ACCOUNT,))
        await log_in(client, "affiliate", dupont)
        page = await client.get(f"/mandates/invitations/{token}")
        assert page.status_code == 200 and "Camille Leroy" in page.text
        accepted = await post(client, f"/mandates/invitations/{token}", {})
        assert (
            accepted.status_code == 303 and accepted.headers["location"] == "/clients?done=accepted"
        )
        assert (await client.get(f"/mandates/invitations/{token}")).status_code == 404
        assert (await post(client, f"/mandates/invitations/{token}", {})).status_code == 404
        notices = await fetch("SELECT subject FROM inbox_message WHERE person = {}", camille)
        assert notices == [{"subject": "Marie Dupont a accepté votre mandat"}]

    async def test_the_client_cannot_accept_their_own_mandate(self, client: AsyncClient) -> None:
        camille, _dupont = await people()
        _mandate, token = await given(camille, None, (rules.Scope.READ_ACCOUNT,))
        await log_in(client, "affiliate", camille)
        assert (await post(client, f"/mandates/invitations/{token}", {})).status_code == 409
        [row] = await fetch("SELECT mandatary FROM mandate")
        assert row["mandatary"] is None

    async def test_an_invitation_expires_after_fourteen_days(self, client: AsyncClient) -> None:
        camille, dupont = await people()
        _mandate, token = await given(camille, None, (rules.Scope.READ_ACCOUNT,))
        with clock.frozen(datetime.fromisoformat("2026-06-15T09:00:00+00:00")):
            await log_in(client, "affiliate", dupont)
            assert (await client.get(f"/mandates/invitations/{token}")).status_code == 404


# Every client-scoped route, with the scope it needs.
ROUTES = [
    ("GET", "/clients/{c}/account", rules.Scope.READ_ACCOUNT),
    ("GET", "/clients/{c}/notices", rules.Scope.RECEIVE_NOTICES),
    ("GET", "/clients/{c}/adjust", rules.Scope.FILE_REQUESTS),
    ("POST", "/clients/{c}/adjust", rules.Scope.FILE_REQUESTS),
    ("GET", "/clients/{c}/sent", rules.Scope.FILE_REQUESTS),
    ("GET", "/clients/{c}/ask", rules.Scope.FILE_REQUESTS),
    ("POST", "/clients/{c}/ask", rules.Scope.FILE_REQUESTS),
    # A company's account opens under a mandate for that company only (TestForACompany).
    ("GET", "/clients/{c}/companies/{co}", None),
]


async def walk(client: AsyncClient, camille: uuid.UUID) -> dict[str, int]:
    [company] = await fetch("SELECT id FROM company")
    seen = {}
    for method, path, _scope in ROUTES:
        url = path.format(c=camille, co=company["id"])
        if method == "GET":
            status = (await client.get(url)).status_code
        else:
            data = QUESTION if url.endswith("/ask") else ADJUSTMENT
            status = (await post(client, url, data)).status_code
        seen[f"{method} {path}"] = status
    return seen


class TestScopes:
    @pytest.mark.parametrize("scope", list(rules.Scope), ids=str)
    async def test_each_route_opens_with_its_scope_only(
        self, client: AsyncClient, scope: rules.Scope
    ) -> None:
        camille, dupont = await people()
        await given(camille, dupont, (scope,))
        await log_in(client, "affiliate", dupont)
        expected = {
            f"{m} {p}": ((303 if m == "POST" else 200) if needed is scope else 404)
            for m, p, needed in ROUTES
        }
        assert await walk(client, camille) == expected

    async def test_nothing_opens_before_acceptance_before_the_start_or_for_another_person(
        self, client: AsyncClient
    ) -> None:
        camille, dupont = await people()
        every = tuple(rules.Scope)
        await given(camille, None, every)  # not accepted
        await given(camille, dupont, every, starts_on=date(2026, 7, 1))  # upcoming
        stranger = await make_person("Bert", "bert@example.be")
        nothing = {f"{m} {p}": 404 for m, p, _s in ROUTES}
        await log_in(client, "affiliate", dupont)
        assert await walk(client, camille) == nothing
        await log_in(client, "affiliate", stranger)
        assert await walk(client, camille) == nothing

    async def test_nothing_opens_after_revocation_or_after_the_last_day(
        self, client: AsyncClient
    ) -> None:
        camille, dupont = await people()
        every = tuple(rules.Scope)
        mandate, _token = await given(camille, dupont, every, ends_on=date(2026, 6, 30))
        await log_in(client, "affiliate", dupont)
        assert (await client.get(f"/clients/{camille}/account")).status_code == 200
        nothing = {f"{m} {p}": 404 for m, p, _s in ROUTES}
        with clock.frozen(datetime.fromisoformat("2026-07-01T09:00:00+00:00")):
            await log_in(client, "affiliate", dupont)
            assert await walk(client, camille) == nothing
        await log_in(client, "affiliate", camille)
        assert (await post(client, f"/account/mandates/{mandate}/revoke", {})).status_code == 303
        await log_in(client, "affiliate", dupont)
        assert await walk(client, camille) == nothing
        told = await fetch("SELECT subject FROM inbox_message WHERE person = {}", dupont)
        assert told == [{"subject": "Camille Leroy a révoqué votre mandat"}]

    async def test_the_affiliate_routes_never_act_for_the_client(self, client: AsyncClient) -> None:
        camille, dupont = await people()
        await given(camille, dupont, tuple(rules.Scope))
        await log_in(client, "affiliate", dupont)
        answer = await post(client, "/simulator/adjust", {**ADJUSTMENT, "category": "main"})
        assert answer.status_code == 303
        filed = await fetch("SELECT person FROM request")
        assert filed == [{"person": dupont}]


class TestActingForTheClient:
    async def test_a_filing_is_the_clients_request_recorded_and_told(
        self, client: AsyncClient
    ) -> None:
        camille, dupont = await people()
        await given(camille, dupont, (rules.Scope.READ_ACCOUNT, rules.Scope.FILE_REQUESTS))
        await log_in(client, "affiliate", dupont)
        form = await client.get(f"/clients/{camille}/adjust")
        assert form.status_code == 200
        empty = await post(
            client, f"/clients/{camille}/adjust", {**ADJUSTMENT, "justification": ""}
        )
        assert empty.status_code == 422 and 'id="error-justification"' in empty.text
        assert 'value="20000"' in empty.text
        refused = "SELECT id FROM audit_event WHERE action = 'mandate.request_filed'"
        assert await fetch(refused) == [] and await fetch("SELECT id FROM request") == []
        sent = await post(client, f"/clients/{camille}/adjust", ADJUSTMENT)
        assert sent.status_code == 303
        [request] = await fetch("SELECT id, person, kind, reference FROM request")
        assert request["person"] == camille and request["kind"] == "provisional_adjustment"
        reference = request["reference"]
        notices = await fetch(
            "SELECT subject, link FROM inbox_message WHERE person = {} ORDER BY created_at",
            camille,
        )
        assert notices[-1]["subject"] == "Marie Dupont a introduit une demande pour vous"
        events = await fetch(
            "SELECT action, actor_kind, actor_id, subject_id FROM audit_event "
            "WHERE action LIKE 'mandate.%' ORDER BY at, action"
        )
        assert {"action": "mandate.request_filed", "actor_kind": "mandatary",
                "actor_id": dupont, "subject_id": str(camille)} in events  # fmt: skip
        await client.get(f"/clients/{camille}/account")
        await log_in(client, "affiliate", camille)
        privacy = (await client.get("/account/privacy")).text
        assert (
            f"Marie Dupont, votre mandataire, a introduit une demande pour vous {reference}"
            in privacy
        )
        assert "Marie Dupont, votre mandataire, a consulté votre compte de cotisations" in privacy
        mine = (await client.get("/requests")).text
        assert reference in mine
        # The request's history names who filed it, for her.
        detail = (await client.get(f"/requests/{request['id']}")).text
        assert "par Marie Dupont, mandataire" in detail
        [event] = await fetch("SELECT actor_kind, actor_id FROM request_event WHERE request = {}",
                              request["id"])  # fmt: skip
        assert (event["actor_kind"], event["actor_id"]) == ("mandatary", dupont)

    async def test_a_question_for_the_client_is_theirs_recorded_and_told(
        self, client: AsyncClient
    ) -> None:
        camille, dupont = await people()
        await given(camille, dupont, (rules.Scope.FILE_REQUESTS,))
        await log_in(client, "affiliate", dupont)
        page = await client.get(f"/clients/{camille}/ask")
        assert page.status_code == 200 and 'action="/clients/' in page.text
        empty = await post(client, f"/clients/{camille}/ask", {**QUESTION, "question": ""})
        assert empty.status_code == 422 and 'id="error-question"' in empty.text
        assert 'value="Cotisations 2026"' in empty.text  # nothing typed is lost
        assert await fetch("SELECT id FROM request") == []
        sent = await post(client, f"/clients/{camille}/ask", QUESTION)
        assert sent.status_code == 303 and sent.headers["location"].startswith(
            f"/clients/{camille}/sent?reference=AF-2026-"
        )
        [request] = await fetch("SELECT person, kind, answers FROM request")
        assert (request["person"], request["kind"]) == (camille, "general_question")
        notices = await fetch(
            "SELECT subject FROM inbox_message WHERE person = {} ORDER BY created_at", camille
        )
        assert notices[-1]["subject"] == "Marie Dupont a introduit une demande pour vous"
        events = await fetch(
            "SELECT actor_kind, actor_id, subject_id FROM audit_event "
            "WHERE action = 'mandate.request_filed'"
        )
        assert events == [{"actor_kind": "mandatary", "actor_id": dupont,
                           "subject_id": str(camille)}]  # fmt: skip

    async def test_the_clients_list_shows_scope_dates_and_what_is_due(
        self, client: AsyncClient
    ) -> None:
        camille, dupont = await people()
        await given(camille, dupont, (rules.Scope.READ_ACCOUNT,), ends_on=date(2026, 12, 31))
        await log_in(client, "affiliate", dupont)
        page = (await client.get("/clients")).text
        assert "Camille Leroy" in page
        assert "Consulter son compte de cotisations et ses demandes" in page
        assert f'href="/clients/{camille}/account"' in page
        assert f'href="/clients/{camille}/adjust"' not in page

    async def test_the_mandatary_gives_up_and_the_client_is_told(self, client: AsyncClient) -> None:
        camille, dupont = await people()
        mandate, _token = await given(camille, dupont, (rules.Scope.READ_ACCOUNT,))
        await log_in(client, "affiliate", dupont)
        assert (await post(client, f"/mandates/{mandate}/give-up", {})).status_code == 303
        assert (await client.get(f"/clients/{camille}/account")).status_code == 404
        notices = await fetch("SELECT subject FROM inbox_message WHERE person = {}", camille)
        assert {"subject": "Marie Dupont a renoncé à votre mandat"} in notices
        await log_in(client, "affiliate", camille)
        page = (await client.get("/account/mandates")).text
        assert "Révoqué" in page


class TestSelfRegisteredMandatary:
    async def test_a_new_account_sees_the_client_through_the_mandate_only(
        self, client: AsyncClient
    ) -> None:
        """An accountant who signed up alone (unverified), claiming the client's own number,
        sees the client's account under the mandate and nothing of the file otherwise."""
        camille, _dupont = await people()
        [row] = await fetch("SELECT national_number FROM person WHERE id = {}", camille)
        newcomer = await create_unverified_person(
            NewPerson(national_number=row["national_number"], first_name="Nina",
                      last_name="Nieuw", email="nina@compta.be", language="fr"),
            actor=SYSTEM,
        )  # fmt: skip
        mandate, token = await given(camille, None, (rules.Scope.READ_ACCOUNT,))
        await log_in(client, "affiliate", newcomer)
        assert (await client.get(f"/clients/{camille}/account")).status_code == 404
        assert (await post(client, f"/mandates/invitations/{token}", {})).status_code == 303
        assert (await client.get(f"/clients/{camille}/account")).status_code == 200
        # Their own pages stay their own: no request, no notice of Camille's.
        await service.record_delegated(
            (await mandates_queries.acting_for(affiliate(newcomer), camille,
                                               rules.Scope.READ_ACCOUNT)),
            "mandate.account_read",
        )  # fmt: skip
        assert "Camille" not in (await client.get("/requests")).text
        assert "Camille" not in (await client.get("/account/contributions")).text
        await log_in(client, "affiliate", camille)
        assert (await post(client, f"/account/mandates/{mandate}/revoke", {})).status_code == 303
        await log_in(client, "affiliate", newcomer)
        assert (await client.get(f"/clients/{camille}/account")).status_code == 404


class TestForACompany:
    async def test_a_director_gives_a_mandate_for_the_companys_account_only(
        self, client: AsyncClient
    ) -> None:
        camille, dupont = await people()
        [row] = await fetch("SELECT id FROM company")
        company = row["id"]
        await log_in(client, "affiliate", camille)
        form = {
            "for": str(company),
            "mandatary_name": "Marie Dupont",
            "starts_on": "2026-06-01",
            "scopes": ["read_account", "file_requests"],
        }
        refused = await post(client, "/account/mandates", form)
        assert refused.status_code == 422
        assert "Un mandat pour une société permet seulement de consulter son compte" in refused.text
        stranger = {**form, "for": str(uuid.uuid4()), "scopes": ["read_account"]}
        assert (await post(client, "/account/mandates", stranger)).status_code == 422
        granted = await post(client, "/account/mandates", {**form, "scopes": ["read_account"]})
        assert granted.status_code == 303
        [row] = await fetch("SELECT company, token_hash FROM mandate")
        assert row["company"] == company
        page = (await client.get("/account/mandates")).text
        assert "Pour la société Claes SRL" in page
        # The link is shown once; read it from the page of the grant.
        [mandate_id] = [r["id"] for r in await fetch("SELECT id FROM mandate")]
        token = rules.new_token()
        await fetch(
            "UPDATE mandate SET token_hash = {} WHERE id = {} RETURNING id",
            rules.token_digest(token),
            mandate_id,
        )
        await log_in(client, "affiliate", dupont)
        assert "Claes SRL" in (await client.get(f"/mandates/invitations/{token}")).text
        assert (await post(client, f"/mandates/invitations/{token}", {})).status_code == 303
        assert (await client.get(f"/clients/{camille}/companies/{company}")).status_code == 200
        assert (await client.get(f"/clients/{camille}/companies/{uuid.uuid4()}")).status_code == 404
        # Camille's own pages stay closed: the mandate is the company's.
        assert (await client.get(f"/clients/{camille}/account")).status_code == 404
        listed = (await client.get("/clients")).text
        assert f'href="/clients/{camille}/companies/{company}"' in listed
        events = await fetch(
            "SELECT actor_kind, subject_id FROM audit_event "
            "WHERE action = 'mandate.company_account_read'"
        )
        assert events[0] == {"actor_kind": "mandatary", "subject_id": str(camille)}
        await log_in(client, "affiliate", camille)
        assert (await post(client, f"/account/mandates/{mandate_id}/revoke", {})).status_code == 303
        await log_in(client, "affiliate", dupont)
        assert (await client.get(f"/clients/{camille}/companies/{company}")).status_code == 404


class TestNoticeCopies:
    async def test_a_mandatary_who_receives_notices_is_told_of_each_without_its_text(
        self, client: AsyncClient
    ) -> None:
        messaging.register_notice_copies(service.notice_recipients, not_for=[service.NOTICE_KIND])
        camille, dupont = await people()
        reader = await make_person("Rita", "rita@example.be")
        await given(camille, dupont, (rules.Scope.RECEIVE_NOTICES,))
        await given(camille, reader, (rules.Scope.READ_ACCOUNT,))  # reads, receives nothing
        notice = messaging.Notice(kind="test", subject="Avis de paiement", body="Payez 812 €.")
        assert await messaging.post_notice(camille, notice, dedupe_key="copy-test")
        copies = await fetch(
            "SELECT person, kind, subject, body, link FROM inbox_message WHERE kind = {}",
            messaging.COPY_KIND,
        )
        assert copies == [{
            "person": dupont, "kind": "mandate_copy",
            "subject": "Un nouvel avis pour Camille Leroy",
            "body": "Camille Leroy a reçu un avis de la Caisse. Vous pouvez le lire en vertu de "
                    "son mandat, dans vos clients.",
            "link": f"/clients/{camille}/notices",
        }]  # fmt: skip
        # The same notice again posts nothing, nor its copy.
        assert not await messaging.post_notice(camille, notice, dedupe_key="copy-test")
        assert len(await fetch("SELECT id FROM inbox_message WHERE kind = 'mandate_copy'")) == 1
        await log_in(client, "affiliate", dupont)
        page = (await client.get(f"/clients/{camille}/notices")).text
        assert "Payez 812 €." in page


class TestBackOffice:
    async def test_staff_see_who_acts_for_the_person_and_for_whom(
        self, client: AsyncClient
    ) -> None:
        camille, dupont = await people()
        given_id, _token = await given(camille, dupont, (rules.Scope.READ_ACCOUNT,),
                                       ends_on=date(2026, 12, 31))  # fmt: skip
        agent = await make_staff(role="supervisor")
        await log_in(client, "staff", agent)
        page = (await client.get(f"/staff/people/{camille}")).text
        assert f'data-mandate="{given_id}" data-state="active"' in page
        assert "Agit pour la personne\u00a0: Marie Dupont" in page
        assert "À partir du 1er juin 2026 · jusqu'au 31 décembre 2026" in page
        theirs = (await client.get(f"/staff/people/{dupont}")).text
        assert "La personne agit pour\u00a0: Camille Leroy" in theirs
        stranger = await make_person("Bert", "bert@example.be")
        await affiliation.record_affiliation(
            SYSTEM, person_id=stranger, category="main", starts_on=date(2019, 3, 1)
        )
        assert "Aucun mandat." in (await client.get(f"/staff/people/{stranger}")).text


class TestAccountantsBookkeeping:
    async def test_the_accountant_downloads_the_clients_notice_as_ubl_under_the_mandate(
        self, client: AsyncClient
    ) -> None:
        """Read-account scope: the client's notice as UBL 2.1 that validates, with the client
        as customer; another scope, or no mandate, is told nothing."""
        from pathlib import Path
        from xml.etree import ElementTree as ET

        import xmlschema

        from app.payments import service as payments
        from app.payments.rules import ubl

        camille, dupont = await people()
        assert await payments.issue_quarter_notice(camille, 2026, 2)
        [notice] = await fetch("SELECT id FROM due_notice")
        url = f"/clients/{camille}/notices/{notice['id']}/ubl"
        await given(camille, dupont, (rules.Scope.READ_ACCOUNT,))
        await log_in(client, "affiliate", dupont)
        page = await client.get(f"/clients/{camille}/account")
        got = await client.get(url)
        assert url in page.text
        assert got.status_code == 200 and got.headers["content-type"].startswith("application/xml")
        xmlschema.XMLSchema(
            str(Path("app/payments/schemas/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd"))
        ).validate(got.text)
        root = ET.fromstring(got.content)
        ns = {"cbc": ubl.CBC, "cac": ubl.CAC}
        assert (
            root.findtext(
                "cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name", namespaces=ns
            )
            == "Camille Leroy"
        )
        assert root.findtext("cbc:DueDate", namespaces=ns) == "2026-06-30"
        reads = await fetch(
            "SELECT action FROM audit_event WHERE action = 'mandate.notice_ubl_read'"
        )
        assert len(reads) == 1
        stranger = await make_person("Bert", "bert@example.be")
        await given(camille, stranger, (rules.Scope.RECEIVE_NOTICES,))
        await log_in(client, "affiliate", stranger)
        assert (await client.get(url)).status_code == 404
