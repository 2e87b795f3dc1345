"""Each blank form renders as a PDF (WeasyPrint) whose text, read back with pypdf, has its
title, the fund's name and its portal address; and its key names exactly its HTML."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from app.documents import service as documents
from app.home import blank_forms, forms, forms_texts
from app.kit import i18n

DEC_2026 = date(2026, 12, 2)


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(page.extract_text() for page in pages).replace("\u202f", " ")


@pytest.mark.parametrize("slug", [f.slug for f in forms.load_forms()])
def test_each_form_renders_in_french(slug: str) -> None:
    blank = blank_forms.blank_form(slug, "fr", DEC_2026)
    assert blank is not None
    rendered = documents.blank_pdf(blank_forms.TEMPLATE, "fr", blank.context)
    text = text_of(rendered.pdf).replace("\n", " ")
    with i18n.language("fr"):
        title = str(forms_texts.TITLES[slug])
    assert title in text
    assert "Affilio" in text  # the fund's name (FUND_NAME), on the letterhead
    assert "Caisse d'assurances sociales pour indépendants" in text
    assert "Page 1 /" in text and "Signature" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["Vrijstelling van bijdragen", "Wie dit formulier mag gebruiken", "Handtekening",
                "Uitgave 2026", "Ziekte of ongeval"]),
        ("en", ["Exemption from contributions", "Who may use this form", "Signature",
                "Edition 2026", "Illness or accident"]),
    ],
)  # fmt: skip
def test_a_form_in_the_readers_language(language: str, expected: list[str]) -> None:
    blank = blank_forms.blank_form("exemption", language, DEC_2026)
    assert blank is not None
    text = text_of(documents.blank_pdf(blank_forms.TEMPLATE, language, blank.context).pdf)
    for part in expected:
        assert part in text, part


def test_the_key_follows_the_html_only() -> None:
    first = blank_forms.blank_form("cessation", "fr", DEC_2026)
    again = blank_forms.blank_form("cessation", "fr", DEC_2026)
    dutch = blank_forms.blank_form("cessation", "nl", DEC_2026)
    next_year = blank_forms.blank_form("cessation", "fr", date(2027, 1, 4))
    assert first is not None and again is not None and dutch is not None
    assert next_year is not None
    assert first.key == again.key  # the same form, the same PDF
    assert first.key != dutch.key
    # No 2027 file yet: the 2026 figures and edition still hold, and so does the PDF.
    assert "Édition 2026" in next_year.html and next_year.key == first.key
    assert blank_forms.blank_form("holidays", "fr", DEC_2026) is None
