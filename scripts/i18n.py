"""Extract translatable texts into one catalogue per domain and language; keep translations.

    uv run python scripts/i18n.py            # update app/locale/{fr,nl,en}/LC_MESSAGES/<domain>.po
    uv run python scripts/i18n.py --check    # exit 1 when a text is missing or untranslated
    uv run python scripts/i18n.py --domain identity   # only app/identity + templates/identity
    uv run python scripts/i18n.py --apply t.json   # {"fr": {"msgid": "..."}, "nl": {...}}
    # a plural text (ngettext, lazy_ngettext) takes ["singular", "plural"], keyed by its singular

Message ids are English. New ids get an empty French and Dutch translation to fill in, and the
English catalogue copies the id. Each domain has its own file so parallel work does not collide.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from app.kit import typography  # noqa: E402  (the rule lives with the app; the tool applies it)

LOCALE_DIR = ROOT / "app" / "locale"
LANGUAGES = ("fr", "nl", "en")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "lazy_ngettext": (1, 2),
    "N_": None,
}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "false"}


def domain_of(path: Path) -> str:
    rel = path.relative_to(ROOT).parts
    if rel[0] in ("app", "templates") and len(rel) > 2:
        return rel[1]
    return "kit"  # templates/base.html and other shared files


def sources() -> list[tuple[Path, str]]:
    files: list[tuple[Path, str]] = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        if "piccolo_migrations" in path.parts:
            continue
        files.append((path, "python"))
    for path in sorted((ROOT / "templates").rglob("*.html")):
        files.append((path, "jinja2"))
    for path in sorted((ROOT / "templates").rglob("*.txt")):
        files.append((path, "jinja2"))
    return files


def extract() -> dict[str, dict[str | tuple[str, str], list[tuple[str, int]]]]:
    found: dict[str, dict[str | tuple[str, str], list[tuple[str, int]]]] = defaultdict(dict)
    for path, method in sources():
        options = JINJA_OPTIONS if method == "jinja2" else {}
        method_ref = "jinja2.ext:babel_extract" if method == "jinja2" else "python"
        for lineno, message, _comments, _context in extract_from_file(
            method_ref, str(path), keywords=KEYWORDS, options=options
        ):
            key: str | tuple[str, str]
            key = message if isinstance(message, str) else (message[0], message[1])
            if not key:
                continue
            found[domain_of(path)].setdefault(key, []).append((str(path.relative_to(ROOT)), lineno))
    return found


def _french(string: object) -> object:
    """French spacing (app/kit/typography.py) on a translation, singular or plural."""
    if isinstance(string, (tuple, list)):
        return tuple(typography.french(str(s)) if s else s for s in string)
    return typography.french(str(string)) if string else string


def load(lang: str, domain: str) -> Catalog:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=lang)
    return Catalog(locale=lang, domain=domain, project="Affilio", charset="utf-8")


def update(check: bool, only: str | None = None) -> int:
    found = extract()
    problems: list[str] = []
    for domain, messages in sorted(found.items()):
        if only and domain != only:
            continue
        for lang in LANGUAGES:
            old = load(lang, domain)
            new = Catalog(locale=lang, domain=domain, project="Affilio", charset="utf-8")
            for key, locations in messages.items():
                previous = old.get(key[0] if isinstance(key, tuple) else key)
                before = previous.string if previous else None
                if isinstance(key, tuple):
                    # A text that has just become plural keeps its translation as the singular.
                    string: object = before if isinstance(before, tuple) else (before or "", "")
                    if lang == "en" and not all(string):  # type: ignore[arg-type]
                        string = key
                else:
                    string = before if isinstance(before, str) else ""
                    if lang == "en" and not string:
                        string = key
                if lang == "fr" and check:
                    problems.extend(
                        f"fr/{domain}: {key!r}: {found}"
                        for text in (string if isinstance(string, tuple) else (string,))
                        for found in typography.french_problems(str(text))
                    )
                elif lang == "fr":
                    string = _french(string)  # written back below
                new.add(key, string, locations=locations)  # type: ignore[arg-type]
                translated = all(string) if isinstance(string, tuple) else bool(string)
                if not translated:
                    problems.append(f"{lang}/{domain}: {key!r}")
            if not check:
                path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("wb") as handle:
                    write_po(handle, new, width=100, sort_output=True, omit_header=False)
    for problem in problems:
        print("to fix:", problem)
    total = sum(len(m) for m in found.values())
    print(f"{total} texts in {len(found)} catalogues; {len(problems)} untranslated or mis-spaced")
    return 1 if (check and problems) else 0


def apply(path: Path) -> int:
    """Write translations given as JSON into whichever domain catalogue holds each id."""
    import json

    wanted: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    unknown = 0
    for lang, strings in wanted.items():
        # A text shared by several domains gets the same translation in every catalogue.
        seen: set[str] = set()
        for po_path in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
            changed = False
            for message in catalog:
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                if key in strings:
                    seen.add(key)
                    if isinstance(strings[key], list) != isinstance(message.id, tuple):
                        # A plural text takes [singular, plural]; any other text one string.
                        print(f"wrong shape for {lang} {key!r}: give [singular, plural] to a "
                              "plural text and one string to any other")  # fmt: skip
                        unknown += 1
                        continue
                    value = _french(strings[key]) if lang == "fr" else strings[key]
                    message.string = tuple(value) if isinstance(message.id, tuple) else value  # type: ignore[assignment]
                    message.flags.discard("fuzzy")
                    changed = True
            if changed:
                with po_path.open("wb") as handle:
                    write_po(handle, catalog, width=100, sort_output=True)
        for key in strings.keys() - seen:
            unknown += 1
            print(f"not in any {lang} catalogue (run the extraction first): {key!r}")
    return 1 if unknown else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--apply", type=Path)
    parser.add_argument("--domain", help="only this catalogue (app/<domain>, templates/<domain>)")
    arguments = parser.parse_args()
    if arguments.apply:
        sys.exit(apply(arguments.apply))
    sys.exit(update(arguments.check, arguments.domain))
