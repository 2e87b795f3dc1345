"""Each PDF template renders in French, Dutch and English; the text read back from the PDF
(pypdf) holds the key fields and amounts, and the same data gives the same bytes."""

from __future__ import annotations

import io
import uuid

import pytest
from pypdf import PdfReader

from app.documents.render import render_pdf
from tests.support import documents as samples


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\u202f", " ")


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
    rendered = render_pdf("decision_letter", language, samples.decision())
    text = text_of(rendered.pdf).replace("\u00a0", " ")
    for part in expected:
        assert part in text, part
    assert "Aucune cotisation n'est encore échue." in text and "Appeal to the court." in text
    assert render_pdf("decision_letter", language, samples.decision()
                      ).checksum == rendered.checksum  # fmt: skip


def test_a_grant_has_no_appeal_paragraph() -> None:
    text = text_of(render_pdf("decision_letter", "en", samples.decision("Granted", "")).pdf)
    assert "How to appeal" not in text and "Granted" in text


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
    pdf = render_pdf("fiscal_attestation", language, samples.fiscal(title)).pdf
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
    title = {"fr": "Attestation d'affiliation", "nl": "Aansluitingsattest",
             "en": "Affiliation certificate"}[language]  # fmt: skip
    pdf = render_pdf("affiliation_certificate", language,
                     samples.certificate(language, late, title)).pdf  # fmt: skip
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
    pdf = render_pdf("due_notice", language, samples.due_notice()).pdf
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
    pdf = render_pdf("request_receipt", language, samples.receipt(files, title)).pdf
    text = flat(pdf)
    for part in expected:
        assert part in text, part


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
    rendered = render_pdf("recovery_letter", language, samples.recovery(kind))
    text = flat(rendered.pdf)
    for part in expected:
        assert part in text, part
    assert (
        render_pdf("recovery_letter", language, samples.recovery(kind)).checksum
        == rendered.checksum
    )


def test_a_company_formal_notice_names_the_company() -> None:
    from app.affiliation.queries import CompanyView

    company = CompanyView(uuid.UUID(int=5), "0403.170.701", "Atelier Dubois SRL", None, None)
    text = flat(render_pdf("recovery_letter", "fr", samples.recovery("formal_notice", company)).pdf)
    assert "Atelier Dubois SRL" in text and "0403.170.701" in text
    assert "la cotisation annuelle de société 2026, échue le 30 septembre 2026" in text


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
    text = flat(render_pdf("account_statement", language, samples.statement()).pdf)
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
    text = flat(render_pdf("payment_plan", language, samples.plan()).pdf)
    for part in expected:
        assert part in text, part
