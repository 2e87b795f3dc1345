"""Every text in the code and templates is translated in fr, nl and en, placeholders intact."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import i18n as catalogue_tool  # noqa: E402

from app.kit import i18n  # noqa: E402

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict]:
    return catalogue_tool.extract()


@pytest.fixture(scope="module")
def catalogues() -> dict[str, dict[str, object]]:
    result: dict[str, dict[str, object]] = {}
    for lang in i18n.LANGUAGES:
        strings: dict[str, object] = {}
        for path in (i18n.LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po"):
            with path.open("rb") as handle:
                for message in read_po(handle, locale=lang):
                    if message.id and not message.fuzzy:
                        key = message.id[0] if isinstance(message.id, tuple) else message.id
                        strings[key] = message.string
        result[lang] = strings
    return result


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_text_is_translated(lang: str, extracted: dict, catalogues: dict) -> None:
    missing = []
    for messages in extracted.values():
        for key in messages:
            msgid = key[0] if isinstance(key, tuple) else key
            value = catalogues[lang].get(msgid)
            if not value or (isinstance(value, tuple) and not all(value)):
                missing.append(msgid)
    assert not missing, f"{len(missing)} untranslated in {lang}: {missing[:10]}"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_placeholders_survive_translation(lang: str, catalogues: dict) -> None:
    broken = []
    for msgid, value in catalogues[lang].items():
        texts = value if isinstance(value, tuple) else (value,)
        for text in texts:
            if text and set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(str(text))):
                broken.append((msgid, text))
    assert not broken, broken[:5]


def test_french_is_the_default_and_differs_from_english() -> None:
    assert i18n.DEFAULT_LANGUAGE == "fr"
    with i18n.language("fr"):
        assert i18n.gettext("Page not found") == "Page introuvable"
    with i18n.language("nl"):
        assert i18n.gettext("Page not found") == "Pagina niet gevonden"
    with i18n.language("en"):
        assert i18n.gettext("Page not found") == "Page not found"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_a_text_shared_by_domains_reads_the_same_everywhere(lang: str) -> None:
    """Catalogues are merged at start-up; two translations of one text would pick one at random."""
    seen: dict[str, tuple[str, object]] = {}
    conflicts = []
    for path in sorted((i18n.LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=lang):
                if not message.id or message.fuzzy or not message.string:
                    continue
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                if key in seen and seen[key][1] != message.string:
                    conflicts.append((key, seen[key], (path.stem, message.string)))
                seen.setdefault(key, (path.stem, message.string))
    assert not conflicts, conflicts[:10]


# "e-mail(s)", "affilié(e)s", "maand(en)": a text hedging over its number instead of ngettext.
# ("affilié(e)" alone hedges over a gender, not a number: it is not this check's business.)
HEDGE = re.compile(r"\w(?:\((?:s|es|en)\)|\(e\)s)", re.IGNORECASE)


def hedges(text: str) -> list[str]:
    return HEDGE.findall(text)


def test_the_hedge_check_can_fail() -> None:
    assert hedges("%(count)s e-mail(s) could not be sent") == ["l(s)"]
    assert hedges("les affilié(e)s") == ["é(e)s"]
    assert hedges("%(months)s maand(en)") == ["d(en)"]
    assert hedges("2 an(s)") == ["n(s)"]
    assert hedges("de la BCE (N-3), (en ligne), affilié(e), echtgeno(o)t(e)") == []


def test_no_text_hedges_over_its_number(extracted: dict, catalogues: dict) -> None:
    """A number's singular or plural goes through ngettext, never "(s)" (issue 16, item 7)."""
    found = [
        text
        for messages in extracted.values()
        for key in messages
        for text in (key if isinstance(key, tuple) else (key,))
        if hedges(text)
    ]
    for lang in i18n.LANGUAGES:
        for value in catalogues[lang].values():
            found.extend(t for t in (value if isinstance(value, tuple) else (value,)) if hedges(t))
    assert not found, found
