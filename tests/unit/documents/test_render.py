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
