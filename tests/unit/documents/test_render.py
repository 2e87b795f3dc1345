"""Each PDF template renders in French, Dutch and English; the text read back from the PDF
(pypdf) holds the key fields and amounts, and the same data gives the same bytes."""

from __future__ import annotations

import io
import uuid
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from app.documents.render import render_pdf
from app.identity.queries import PersonContact
from app.payments.queries import FiscalYear, PaidLine

PERSON = PersonContact(uuid.UUID(int=1), "Camille", "Dubois", "camille@example.be", "fr")
D = Decimal


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\u202f", " ")


def letter(status: str, appeal: str) -> dict[str, object]:
    return {
        "person": PERSON, "kind_label": "Payment plan", "status_label": status,
        "status": "refused", "received_on": date(2026, 11, 3), "decided_on": date(2026, 11, 20),
        "motivation": "Aucune cotisation n'est encore échue.\nNous restons à votre écoute.",
        "appeal": appeal, "signer": "Nora Peeters", "reference": "AF-2026-000042",
        "title": "Decision AF-2026-000042",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Bonjour Camille Dubois,", "Le 3 novembre 2026, nous avons reçu votre demande",
                "Motivation de la décision", "Comment introduire un recours",
                "Nora Peeters, gestionnaire de dossier", "Page 1 / 1", "AF-2026-000042",
                "Date : 20 novembre 2026"]),
        ("nl", ["Geachte Camille Dubois,", "Op 3 november 2026 ontvingen we uw aanvraag",
                "Beslist op", "Pagina 1 / 1", "Met vriendelijke groeten,"]),
        ("en", ["Dear Camille Dubois,", "On 3 November 2026 we received your request",
                "Reasons for the decision", "How to appeal", "Page 1 / 1"]),
    ],
)  # fmt: skip
def test_the_decision_letter(language: str, expected: list[str]) -> None:
    rendered = render_pdf("decision_letter", language, letter("Refused", "Appeal to the court."))
    text = text_of(rendered.pdf).replace("\u00a0", " ")
    for part in expected:
        assert part in text, part
    assert "Aucune cotisation n'est encore échue." in text and "Appeal to the court." in text
    assert render_pdf("decision_letter", language, letter("Refused", "Appeal to the court.")
                      ).checksum == rendered.checksum  # fmt: skip


def test_a_grant_has_no_appeal_paragraph() -> None:
    text = text_of(render_pdf("decision_letter", "en", letter("Granted", "")).pdf)
    assert "How to appeal" not in text and "Granted" in text


PAID = FiscalYear(2025, (
    PaidLine(date(2025, 3, 26), D("898.30"), 2025, 1),
    PaidLine(date(2025, 12, 23), D("898.30"), 2025, 4),
    PaidLine(date(2025, 12, 30), D("-50.00"), None, None),
), D("1746.60"))  # fmt: skip


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Attestation fiscale 2025", "l'année civile 2025", "Trimestre 4 2025",
                "898,30 €", "-50,00 €", "Total payé en 2025", "1 746,60 €"]),
        ("nl", ["kalenderjaar 2025", "Kwartaal 4 2025", "€ 898,30", "€ -50,00",
                "Totaal betaald in 2025 € 1.746,60"]),
        ("en", ["calendar year 2025", "Quarter 4 2025", "Total paid in 2025 1.746,60 €"]),
    ],
)  # fmt: skip
def test_the_fiscal_attestation(language: str, expected: list[str]) -> None:
    title = {"fr": "Attestation fiscale 2025", "nl": "Fiscaal attest 2025",
             "en": "Fiscal attestation 2025"}[language]  # fmt: skip
    pdf = render_pdf("fiscal_attestation", language, {
        "person": PERSON, "paid": PAID, "issued_on": date(2026, 1, 5),
        "reference": "FA-2025-00000001", "title": title,
    }).pdf  # fmt: skip
    text = text_of(pdf).replace("\u00a0", " ")
    for part in expected:
        assert part in text, part


@pytest.mark.parametrize(
    ("language", "late", "expected"),
    [
        ("fr", "2026-Q3", ["Attestation d'affiliation", "numéro de registre national 85073003328",
                           "Depuis le 1er mars 2019", "payées : 2026-Q3"]),
        ("nl", "", ["rijksregisternummer 85073003328", "Sinds 1 maart 2019",
                    "geen enkel kwartaal bijdragen achterstallig"]),
        ("en", "", ["national number 85073003328", "Since 1 March 2019", "no quarter of "
                    "contributions is late"]),
    ],
)  # fmt: skip
def test_the_affiliation_certificate(language: str, late: str, expected: list[str]) -> None:
    from app.affiliation.queries import AffiliationView
    from app.affiliation.rules import Category
    from app.identity.queries import PersonSummary

    person = PersonSummary(uuid.UUID(int=1), "Camille", "Dubois", "85073003328", None, None,
                           language, True, None)  # fmt: skip
    view = AffiliationView(uuid.UUID(int=1), Category.MAIN, date(2019, 3, 1), None, False,
                           None, None, None)  # fmt: skip
    title = {"fr": "Attestation d'affiliation", "nl": "Aansluitingsattest",
             "en": "Affiliation certificate"}[language]  # fmt: skip
    pdf = render_pdf("affiliation_certificate", language, {
        "person": person, "affiliation": view, "category": "Main activity",
        "issued_on": date(2026, 12, 2), "late": late, "reference": "AC-1", "title": title,
    }).pdf  # fmt: skip
    text = " ".join(text_of(pdf).replace("\u00a0", " ").split())  # lines wrap where they fit
    for part in expected:
        assert part in text, part


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            [
                "Cotisation provisoire 1 640,00 €",
                "Total 1 690,02 €",
                "30 septembre 2026",
                "+++000/0012/63472+++",
            ],
        ),
        ("nl", ["Totaal € 1.690,02", "30 september 2026", "+++000/0012/63472+++"]),
        ("en", ["Total 1.690,02 €", "30 September 2026", "Structured communication"]),
    ],
)
def test_the_due_notice(language: str, expected: list[str]) -> None:
    from app.payments.queries import NoticeDetail, NoticeLine
    from app.payments.rules.epc import epc_qr_svg

    line = NoticeLine(uuid.UUID(int=3), 2026, 3, D("1690.02"), date(2026, 9, 30),
                      date(2026, 7, 17), "+++000/0012/63472+++")  # fmt: skip
    qr = epc_qr_svg("BCD\n002\n1\nSCT\n\nAffilio\nBE71096123456769\nEUR1690.02")
    detail = NoticeDetail(line, D("1640.00"), D("50.02"), "main", D("32000.00"), None,
                          "Affilio", "BE71 0961 2345 6769", "BE71096123456769", None,
                          qr)  # fmt: skip
    pdf = render_pdf("due_notice", language, {
        "person": PERSON, "detail": detail, "category": "Main activity",
        "issued_on": date(2026, 7, 17), "reference": line.communication, "title": "Notice",
    }).pdf  # fmt: skip
    text = " ".join(text_of(pdf).replace("\u00a0", " ").split())
    for part in expected:
        assert part in text, part


def flat(pdf: bytes) -> str:
    """The PDF's text on one line (table cells and wrapped lines joined by a space)."""
    return " ".join(text_of(pdf).replace("\u00a0", " ").split())


@pytest.mark.parametrize(
    ("language", "files", "expected"),
    [
        ("fr", [("bilan-2025.pdf", 48_000)],
         ["Accusé de réception de votre demande AF-2026-000042", "Référence AF-2026-000042",
          "Reçue le 3 novembre 2026", "Notre objectif pour la décision 17 novembre 2026",
          "Décision au plus tard le 3 février 2027", "bilan-2025.pdf", "Page 1 / 1"]),
        ("nl", [], ["Ontvangen op 3 november 2026", "Beslissing uiterlijk op 3 februari 2027",
                    "Er was geen document bij uw aanvraag gevoegd."]),
        ("en", [], ["Received on 3 November 2026", "Our aim for the decision 17 November 2026",
                    "Decision at the latest 3 February 2027"]),
    ],
)  # fmt: skip
def test_the_receipt_of_a_request(language: str, files: list[tuple[str, int]],
                                  expected: list[str]) -> None:  # fmt: skip
    title = {"fr": "Accusé de réception de votre demande AF-2026-000042"}.get(language, "Receipt")
    pdf = render_pdf("request_receipt", language, {
        "person": PERSON, "kind_label": "Payment plan", "received_on": date(2026, 11, 3),
        "legal_due": date(2027, 2, 3), "target_due": date(2026, 11, 17), "files": files,
        "issued_on": date(2026, 11, 3), "reference": "AF-2026-000042", "title": title,
    }).pdf  # fmt: skip
    text = flat(pdf)
    for part in expected:
        assert part in text, part


def _recovery(kind: str, company: object = None) -> dict[str, object]:
    from app.payments.queries import HistoryLine, StepFacts, transfer
    from app.payments.rules.ledger import EntryKind, QuarterPosition, QuarterStatus
    from app.payments.rules.recovery import StepKind

    step = StepFacts(
        uuid.UUID(int=9), uuid.UUID(int=8), StepKind(kind), 2026, 3, date(2026, 10, 15), company
    )  # type: ignore[arg-type]
    position = QuarterPosition(2026, 3, date(2026, 9, 30), D("1690.02"), D("500.00"),
                               QuarterStatus.LATE)  # fmt: skip
    lines = [
        HistoryLine(uuid.UUID(int=1), date(2026, 7, 17), EntryKind.CONTRIBUTION,
                    "Provisional contribution", D("1690.02"), 2026, 3, D("1690.02")),
        HistoryLine(uuid.UUID(int=2), date(2026, 9, 20), EntryKind.PAYMENT, "Payment received",
                    D("-500.00"), 2026, 3, D("1190.02")),
    ]  # fmt: skip
    return {"person": PERSON, "step": step, "position": position, "lines": lines,
            "formal": kind == "formal_notice", "issued_on": date(2026, 10, 15),
            "transfer": transfer(D("1190.02"), "+++000/0012/61097+++"),
            "reference": "+++000/0012/61097+++", "title": "Letter"}  # fmt: skip


@pytest.mark.parametrize(
    ("language", "kind", "expected"),
    [
        ("fr", "reminder", ["trimestre 3 2026, échues le 30 septembre 2026",
                            "Reste à payer au 15 octobre 2026 1 190,02 €", "-500,00 €",
                            "+++000/0012/61097+++", "Date : 15 octobre 2026",
                            "puis suivent un extrait de compte et une mise en demeure"]),
        ("fr", "formal_notice", ["la caisse vous met en demeure de les payer",
                                 "Avant tout recouvrement judiciaire"]),
        ("nl", "reminder", ["kwartaal 3 2026, vervallen op 30 september 2026",
                            "Nog te betalen op 15 oktober 2026 € 1.190,02"]),
        ("nl", "formal_notice", ["stelt het fonds u in gebreke"]),
        ("en", "reminder", ["quarter 3 2026, due on 30 September 2026",
                            "Still to pay on 15 October 2026 1.190,02 €"]),
        ("en", "formal_notice", ["By this letter the fund formally requires their payment."]),
    ],
)  # fmt: skip
def test_the_reminder_and_the_formal_notice(language: str, kind: str,
                                            expected: list[str]) -> None:  # fmt: skip
    rendered = render_pdf("recovery_letter", language, _recovery(kind))
    text = flat(rendered.pdf)
    for part in expected:
        assert part in text, part
    assert render_pdf("recovery_letter", language, _recovery(kind)).checksum == rendered.checksum


def test_a_company_formal_notice_names_the_company() -> None:
    from app.affiliation.queries import CompanyView

    company = CompanyView(uuid.UUID(int=5), "0403.170.701", "Atelier Dubois SRL", None, None)
    text = flat(render_pdf("recovery_letter", "fr", _recovery("formal_notice", company)).pdf)
    assert "Atelier Dubois SRL" in text and "0403.170.701" in text
    assert "la cotisation annuelle de société 2026, échue le 30 septembre 2026" in text


def _statement() -> dict[str, object]:
    from app.payments.queries import AccountOnDay, HistoryLine
    from app.payments.rules.ledger import EntryKind, QuarterPosition, QuarterStatus

    account = AccountOnDay(
        date(2026, 11, 16), D("1238.22"),
        (HistoryLine(uuid.UUID(int=1), date(2026, 7, 17), EntryKind.CONTRIBUTION,
                     "Provisional contribution", D("1690.02"), 2026, 3, D("1690.02")),
         HistoryLine(uuid.UUID(int=2), date(2026, 9, 20), EntryKind.PAYMENT,
                     "Payment received", D("-500.00"), 2026, 3, D("1190.02")),
         HistoryLine(uuid.UUID(int=3), date(2026, 10, 1), EntryKind.SURCHARGE,
                     "Surcharge for late payment", D("48.20"), 2026, 3, D("1238.22"))),
        (QuarterPosition(2026, 3, date(2026, 9, 30), D("1738.22"), D("500.00"),
                         QuarterStatus.LATE),),
        {(2026, 3): "+++000/0012/61097+++"},
    )  # fmt: skip
    return {"person": PERSON, "account": account, "company": None,
            "issued_on": date(2026, 11, 16), "reference": "AS-20261116-00000008",
            "title": "Statement"}  # fmt: skip


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Solde au 16 novembre 2026 1 238,22 € dû à la caisse",
                "T3 2026 30 sept. 2026 +++000/0012/61097+++ 1 238,22 €",
                "Majoration pour paiement tardif T3 2026 48,20 €", "1 190,02 €"]),
        ("nl", ["Saldo op 16 november 2026 € 1.238,22 verschuldigd aan het fonds",
                "K3 2026", "€ -500,00"]),
        ("en", ["Balance on 16 November 2026 1.238,22 € owed to the fund", "Every entry",
                "Surcharge for late payment Q3 2026 48,20 € 1.238,22 €"]),
    ],
)  # fmt: skip
def test_the_account_statement(language: str, expected: list[str]) -> None:
    text = flat(render_pdf("account_statement", language, _statement()).pdf)
    for part in expected:
        assert part in text, part


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["approuvé le 2 novembre 2026", "Dette couverte 1 238,22 €",
                "Trimestres couverts 2026-Q3", "Acompte 16 nov. 2026", "247,64 €",
                "Total 1 238,22 €", "après son échéance, le plan prend fin",
                "15 jours", "30 jours"]),
        ("nl", ["goedgekeurd", "Gedekte schuld € 1.238,22", "Totaal € 1.238,22"]),
        ("en", ["Debt covered 1.238,22 €", "Total 1.238,22 €", "The first payment"]),
    ],
)  # fmt: skip
def test_the_approved_payment_plan(language: str, expected: list[str]) -> None:
    from app.payments.queries import ApprovedPlan, PlanLine, transfer

    lines = (PlanLine(0, date(2026, 11, 16), D("247.64"), "+++000/0012/54734+++"),
             PlanLine(1, date(2026, 12, 2), D("330.19"), "+++000/0012/64280+++"),
             PlanLine(2, date(2027, 1, 4), D("330.19"), "+++000/0012/64381+++"),
             PlanLine(3, date(2027, 2, 2), D("330.20"), "+++000/0012/64482+++"))  # fmt: skip
    plan = ApprovedPlan(uuid.UUID(int=7), PERSON.id, None, date(2026, 11, 2), D("1238.22"),
                        D("247.64"), "2026-Q3", lines)  # fmt: skip
    text = flat(render_pdf("payment_plan", language, {
        "person": PERSON, "plan": plan, "issued_on": date(2026, 11, 2), "reminder_days": 15,
        "grace_days": 30, "transfer": transfer(D("247.64"), "+++000/0012/54734+++"),
        "reference": "PP-20261102-00000007", "title": "Plan",
    }).pdf)  # fmt: skip
    for part in expected:
        assert part in text, part
