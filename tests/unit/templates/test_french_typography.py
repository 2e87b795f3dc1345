"""French typography in everything the templates print (issue 12, item 19).

Each template is read as Jinja sees it: its literal text, with every {{ … }} standing for a
word, and the French translation of every text it passes to gettext. The rules are those of
app/kit/typography.py (non-breaking space before : ; ? !, inside « », before %, in 25 000;
"1er décembre"). Values printed through filters (money, rate, day, filesize) are checked in
tests/unit/kit/test_formatting.py.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from app.kit import i18n, typography
from app.kit.templating import TEMPLATES_DIR, build_environment

TEMPLATES = sorted(
    str(p.relative_to(TEMPLATES_DIR))
    for p in TEMPLATES_DIR.rglob("*")
    if p.suffix in (".html", ".txt")
)
TAG = re.compile(r"<[^>]*>")
CODE = re.compile(r"<(script|style)\b.*?</\1>", re.S)
PLACEHOLDER = re.compile(r"%\(\w+\)s")
WORD = "X"


@pytest.fixture(scope="module")
def env() -> Environment:
    return build_environment()


def _literal_lines(tree: nodes.Template) -> Iterator[str]:
    """The printed text of each output block, an expression counting as one word."""
    for output in tree.find_all(nodes.Output):
        parts = [
            child.data if isinstance(child, nodes.TemplateData) else WORD for child in output.nodes
        ]
        text = html.unescape(TAG.sub(" ", CODE.sub(" ", "".join(parts))))
        # Jinja comments and template syntax are gone; what is left is what a person reads.
        yield from (line for line in text.splitlines() if line.strip())


def _gettext_ids(tree: nodes.Template) -> Iterator[str | tuple[str, str]]:
    """Each text a template translates: its id, or (singular, plural) for ngettext."""
    for call in tree.find_all(nodes.Call):
        name = call.node.name if isinstance(call.node, nodes.Name) else None
        if name in ("_", "gettext", "ngettext") and call.args:
            texts = [a.value for a in call.args[:2] if isinstance(a, nodes.Const)]
            if name == "ngettext" and len(texts) == 2:
                yield (texts[0], texts[1])
            elif texts and isinstance(texts[0], str):
                yield texts[0]


def french_problems_in(env: Environment, name: str, root: Path = TEMPLATES_DIR) -> list[str]:
    source = (root / name).read_text(encoding="utf-8")
    tree = env.parse(source)
    found = [
        f"{name}: {p}" for line in _literal_lines(tree) for p in typography.french_problems(line)
    ]
    translations = i18n.translations("fr")
    for msgid in _gettext_ids(tree):
        if isinstance(msgid, tuple):  # the French singular (0 and 1) and plural
            texts = [translations.ngettext(*msgid, n) for n in (1, 2)]
        else:
            texts = [translations.gettext(msgid)]
        for text in texts:
            shown = PLACEHOLDER.sub(WORD, text)
            found.extend(f"{name}: {msgid!r}: {p}" for p in typography.french_problems(shown))
    return found


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_prints_french_typography(env: Environment, name: str) -> None:
    assert french_problems_in(env, name) == []


def test_the_walk_finds_a_plain_space_before_a_question_mark(
    env: Environment, tmp_path: Path
) -> None:
    """Guard against a check that cannot fail."""
    (tmp_path / "bad.html").write_text(
        "<p>Votre revenu ? {{ income }} : voir « ici »</p>", encoding="utf-8"
    )
    found = french_problems_in(build_environment(tmp_path), "bad.html", root=tmp_path)
    assert [p.split(" near ")[0] for p in found] == [
        "bad.html: no non-breaking space before '?'",
        "bad.html: no non-breaking space before ':'",
        "bad.html: quotes",
        "bad.html: quotes",
    ]
