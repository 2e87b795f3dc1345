"""Translations (Babel gettext catalogues), the current locale, and locale-aware formatting.

Message ids are English; fr (the default), nl and en catalogues are all complete (tests check it).
Catalogues are read from the .po files at start-up, so there is no compile step to forget.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.dates import format_time as _format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent
from babel.support import LazyProxy, NullTranslations, Translations
from babel.units import format_unit

LANGUAGES: tuple[str, ...] = ("fr", "nl", "en")
DEFAULT_LANGUAGE = "fr"
LANGUAGE_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}
# Belgian conventions for numbers, money and dates in every language.
BABEL_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_BE"}
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"

_current: ContextVar[str] = ContextVar("affilio_locale", default=DEFAULT_LANGUAGE)


def N_(message: str) -> str:
    """Marks a text for extraction (a keyword of scripts/i18n.py); it is translated later, in
    the language of whoever reads it."""
    return message


def normalise(language: str | None) -> str | None:
    if not language:
        return None
    code = language.strip().lower()[:2]
    return code if code in LANGUAGES else None


def current_language() -> str:
    return _current.get()


def set_language(language: str) -> Any:
    return _current.set(normalise(language) or DEFAULT_LANGUAGE)


@contextmanager
def language(lang: str) -> Iterator[None]:
    token = set_language(lang)
    try:
        yield
    finally:
        _current.reset(token)


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> NullTranslations:
    """All catalogues of one language merged: each domain keeps its own .po file."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    merged: Translations | None = None
    for po_path in sorted(folder.glob("*.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        buffer = BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        loaded = Translations(fp=buffer)
        if merged is None:
            merged = loaded
        else:
            merged.merge(loaded)
    return merged or NullTranslations()


def gettext(message: str, **variables: Any) -> str:
    text = translations(current_language()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    text = translations(current_language()).ngettext(singular, plural, n)
    variables.setdefault("num", n)
    return text % variables


def lazy_gettext(message: str, **variables: Any) -> LazyProxy:
    return LazyProxy(gettext, message, enable_cache=False, **variables)


@dataclass(frozen=True, slots=True)
class LazyPlural:
    """A text of a table whose wording follows one of its numbers: `count` names the
    placeholder that holds it. It is translated when shown (`fill`), in the reader's language
    and in the form that number needs ("1 trimestre", "2 trimestres")."""

    singular: str
    plural: str
    count: str

    def form(self, n: int) -> str:
        return translations(current_language()).ngettext(self.singular, self.plural, n)

    def __str__(self) -> str:
        return self.form(2)


def lazy_ngettext(singular: str, plural: str, count: str) -> LazyPlural:
    """The plural-aware sibling of lazy_gettext for tables of texts (a keyword of
    scripts/i18n.py)."""
    return LazyPlural(singular, plural, count)


@dataclass(frozen=True, slots=True)
class Counted:
    """A text of a table with several numbers, each followed by its unit: the sentence names no
    unit itself ("%(weeks)s per parent plus %(shared)s to share") and each number is shown with
    its own unit, in the form that number needs ("1 semaine", "3 semaines"). A unit is a
    LazyPlural whose count placeholder is `num`."""

    text: object
    units: Mapping[str, LazyPlural]

    def __str__(self) -> str:
        return str(self.text)


def counted(text: object, **units: LazyPlural) -> Counted:
    return Counted(text, units)


def plural_count(value: object) -> int:
    """The number that picks a plural form; a figure not known yet ("to be confirmed") reads
    as more than one."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return 2
    return int(value) if value == int(value) else 2


def fill(text: object, shown: Mapping[str, str], values: Mapping[str, object]) -> str:
    """A text of a table in the reader's language with its placeholders filled in: `shown` are
    the values as printed, `values` the raw ones (a LazyPlural picks its form from its count)."""
    if isinstance(text, Counted):
        shown = dict(shown)
        for name, unit in text.units.items():
            if values.get(name) is not None:  # "to be confirmed" takes no unit
                shown[name] = unit.form(plural_count(values[name])) % {"num": shown[name]}
        text = text.text
    if isinstance(text, LazyPlural):
        wording = text.form(plural_count(values.get(text.count)))
    else:
        wording = str(text)
    return wording % shown if shown else wording


_ = gettext


def babel_locale(lang: str | None = None) -> Locale:
    return Locale.parse(BABEL_LOCALES[lang or current_language()])


def format_money(value: Decimal, lang: str | None = None) -> str:
    return format_currency(value, "EUR", locale=babel_locale(lang))


def format_number(value: Decimal, lang: str | None = None) -> str:
    return format_decimal(value, locale=babel_locale(lang))


def format_rate(value: Decimal, lang: str | None = None) -> str:
    """A ratio (0.2050) as a percentage in the language's own pattern, every decimal kept:
    "20,5 %" (non-breaking space) in French, "20,5%" in Dutch."""
    return format_percent(
        _plain(Decimal(value)), locale=babel_locale(lang), decimal_quantization=False
    )


def _plain(value: Decimal) -> Decimal:
    """Trailing zeros dropped without turning 20 into 2E+1."""
    trimmed = value.normalize()
    exponent = trimmed.as_tuple().exponent
    return trimmed.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else trimmed


def format_day(value: date | datetime, lang: str | None = None, style: str = "long") -> str:
    if isinstance(value, datetime):
        value = value.date()
    text = _format_date(value, format=style, locale=babel_locale(lang))
    if value.day == 1 and (lang or current_language()) == "fr" and style != "short":
        # French writes the first of the month as an ordinal ("1er décembre"); CLDR does not.
        text = _FIRST_OF_MONTH.sub(r"\g<1>1er\g<2>", text, count=1)
    return text


_FIRST_OF_MONTH = re.compile(r"(^|\s)1(\s)")

# The byte units CLDR names in every language ("o"/"ko"/"Mo" in French, "byte"/"kB"/"MB").
_SIZE_UNITS = (("digital-megabyte", 1024 * 1024), ("digital-kilobyte", 1024))


def format_size(size: int, lang: str | None = None) -> str:
    """A file size as a person reads it: 93 o, 12 ko, 2,3 Mo (French) — never "0 KB"."""
    locale = babel_locale(lang)
    for unit, factor in _SIZE_UNITS:
        if size >= factor:
            amount = Decimal(size) / factor
            shown = amount.quantize(Decimal("0.1") if amount < 10 else Decimal("1"))
            return format_unit(_plain(shown), unit, length="short", locale=locale)
    return format_unit(size, "digital-byte", length="short", locale=locale)


def format_clock(value: datetime, lang: str | None = None) -> str:
    """The time of day in Brussels as the language writes it (14:30 in each of ours)."""
    from app.kit.clock import BRUSSELS

    return _format_time(value, format="short", tzinfo=BRUSSELS, locale=babel_locale(lang))


def format_moment(value: datetime, lang: str | None = None) -> str:
    from app.kit.clock import BRUSSELS

    return _format_datetime(value, format="medium", tzinfo=BRUSSELS, locale=babel_locale(lang))
