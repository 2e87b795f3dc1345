"""Every shared macro in templates/components/ documents its parameters and renders its examples.

Each component file holds one macro, a header comment with a "Parameters" section naming every
argument, and an examples() macro that calls the component in realistic cases, each inside a
<section data-example="...">. The files are found by glob: a new component without examples,
without documented parameters or without checks below fails here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from app.kit import i18n
from app.kit.templating import TEMPLATES_DIR, build_environment

COMPONENTS_DIR = TEMPLATES_DIR / "components"
COMPONENTS = sorted(path.stem for path in COMPONENTS_DIR.glob("*.html"))
SECTION = re.compile(r'<section data-example="([^"]+)">(.*?)</section>', re.S)
HEADER = re.compile(r"\A\{#-?(.*?)-?#\}", re.S)
# An attribute glued to the quoted value before it (value="x"required) is a parse error.
GLUED_ATTRIBUTE = re.compile(r'<[a-z][^<>]*="[^"]*"[^\s>/][^<>]*>')
ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,application/pdf,image/jpeg,image/png,image/heic"


@pytest.fixture(scope="module")
def env() -> Environment:
    return build_environment()


@pytest.fixture(autouse=True)
def french() -> Iterator[None]:
    with i18n.language("fr"):
        yield


# --- reading the markup ---------------------------------------------------------------------


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Markup(HTMLParser):
    """Start tags with their attributes, and the text inside each element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inner: list[list[str]] = []
        self.texts: list[str] = []
        self._open: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.inner.append([])
        if tag not in VOID:
            self._open.append(len(self.tags) - 1)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self.tags[self._open.pop()][0] == tag:
                break

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        for index in self._open:
            self.inner[index].append(data)


def _parse(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def _words(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def elements(html: str, tag: str) -> list[dict[str, str | None]]:
    """The attributes of every <tag> in html, in order (a boolean attribute maps to None)."""
    return [attrs for name, attrs in _parse(html).tags if name == tag]


def text(html: str) -> str:
    """The text content, whitespace collapsed."""
    return _words(_parse(html).texts)


def element_text(html: str, tag: str, **attrs: str) -> list[str]:
    """The text inside each <tag> having these attributes (class_ stands for class)."""
    wanted = {key.rstrip("_").replace("_", "-"): value for key, value in attrs.items()}
    markup = _parse(html)
    return [
        _words(markup.inner[index])
        for index, (name, found) in enumerate(markup.tags)
        if name == tag and all(found.get(key) == value for key, value in wanted.items())
    ]


# --- discovery --------------------------------------------------------------------------------


def _macros(env: Environment, name: str) -> dict[str, nodes.Macro]:
    source = (Path(env.loader.searchpath[0]) / "components" / f"{name}.html").read_text("utf-8")  # type: ignore[union-attr]
    tree = env.parse(source)
    return {macro.name: macro for macro in tree.find_all(nodes.Macro)}


def component_problems(env: Environment, name: str) -> list[str]:
    """What is missing from components/<name>.html against the conventions (empty: all good)."""
    folder = Path(env.loader.searchpath[0]) / "components"  # type: ignore[union-attr]
    source = (folder / f"{name}.html").read_text("utf-8")
    problems: list[str] = []
    macros = _macros(env, name)
    shared = [macro for macro_name, macro in macros.items() if macro_name != "examples"]
    if len(shared) != 1:
        problems.append(f"defines {len(shared)} macros besides examples(), not one")
    if "examples" not in macros:
        problems.append("defines no examples() macro")
    header = HEADER.match(source)
    if not header:
        problems.append("has no header comment")
        return problems
    documented = header.group(1).split("Parameters", 1)
    if len(documented) != 2:
        problems.append("header has no Parameters section")
        return problems
    for macro in shared:
        for argument in macro.args:
            if not re.search(rf"^\s+{argument.name}\s", documented[1], re.M):
                problems.append(f"parameter {argument.name!r} is not documented")
    if "examples" in macros:
        rendered = str(env.get_template(f"components/{name}.html").module.examples())  # type: ignore[attr-defined]
        cases = [case for case, _ in SECTION.findall(rendered)]
        if not cases:
            problems.append('examples() renders no <section data-example="...">')
        if len(cases) != len(set(cases)):
            problems.append(f"examples() repeats a case name: {cases}")
    return problems


def examples(env: Environment, name: str) -> dict[str, str]:
    rendered = str(env.get_template(f"components/{name}.html").module.examples())  # type: ignore[attr-defined]
    return dict(SECTION.findall(rendered))


def test_components_are_found() -> None:
    assert {"status_tag", "file_input", "field_error", "input", "error_summary"} <= set(COMPONENTS)


@pytest.mark.parametrize("name", COMPONENTS)
def test_component_follows_the_conventions(env: Environment, name: str) -> None:
    assert component_problems(env, name) == []


def test_a_component_without_examples_or_docs_fails_the_check(tmp_path: Path) -> None:
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "bare.html").write_text(
        "{#- tag(text): a grey tag. -#}\n"
        '{% macro tag(text) %}<span class="tag">{{ text }}</span>{% endmacro %}\n',
        encoding="utf-8",
    )
    (tmp_path / "components" / "half.html").write_text(
        "{#-\n  tag\n\n  Parameters\n    text  str  the words. Required.\n-#}\n"
        '{% macro tag(text, kind="info") %}<span class="{{ kind }}">{{ text }}</span>'
        "{% endmacro %}\n"
        '{% macro examples() %}<section data-example="a">{{ tag("New") }}</section>'
        "{% endmacro %}\n",
        encoding="utf-8",
    )
    env = build_environment(tmp_path)
    assert component_problems(env, "bare") == [
        "defines no examples() macro",
        "header has no Parameters section",
    ]
    assert component_problems(env, "half") == ["parameter 'kind' is not documented"]


@pytest.mark.parametrize("name", COMPONENTS)
def test_examples_render_the_expected_markup(env: Environment, name: str) -> None:
    assert name in CHECKS, f"components/{name}.html has no markup checks in {__name__}"
    cases = examples(env, name)
    for case, html in cases.items():
        assert not GLUED_ATTRIBUTE.search(html), f"{name}/{case}: {GLUED_ATTRIBUTE.search(html)}"
    CHECKS[name](cases)


def test_pages_import_the_component_and_not_its_examples(env: Environment) -> None:
    page = env.from_string(
        '{% from "components/input.html" import text_input %}{{ text_input("iban", "IBAN") }}'
    ).render()
    assert "data-example" not in page
    assert elements(page, "label") == [{"for": "field-iban"}]


def test_no_template_imports_the_old_partials() -> None:
    old = (
        "requests/_status_tag.html",
        "requests/_file_input.html",
        "contributions/_field_error.html",
    )
    users = [
        str(path.relative_to(TEMPLATES_DIR))
        for path in TEMPLATES_DIR.rglob("*.html")
        if any(f'"{partial}"' in path.read_text("utf-8") for partial in old)
    ]
    assert users == []
    assert not any((TEMPLATES_DIR / partial).exists() for partial in old)


# --- the checks of each component -------------------------------------------------------------


def check_banner(cases: dict[str, str]) -> None:
    assert elements(cases["info"], "div") == [{"class": "banner info"}]
    assert text(cases["info"]) == "You are already logged in."
    assert elements(cases["success"], "div") == [{"class": "banner success", "role": "status"}]
    assert elements(cases["error"], "div") == [{"class": "banner error", "role": "alert"}]
    warning = cases["warning-with-title"]
    assert elements(warning, "div") == [{"class": "banner warning"}]
    assert element_text(warning, "strong") == ["Payment due soon"]
    assert element_text(warning, "p") == [
        "Payment due soon",
        "Your provisional contributions are due by 31 March.",
    ]
    assert "<strong>" not in cases["info"]


def check_error_summary(cases: dict[str, str]) -> None:
    two = cases["two-errors"]
    assert elements(two, "div") == [
        {
            "class": "error-summary",
            "role": "alert",
            "aria-labelledby": "error-summary-title",
            "tabindex": "-1",
            "data-focus-after-swap": None,
        }
    ]
    assert element_text(two, "h2", id="error-summary-title") == ["Il y a un problème"]
    assert elements(two, "a") == [{"href": "#field-income"}, {"href": "#field-category"}]
    assert element_text(two, "a") == [
        "Enter an amount in euros, for example 1 250,50",
        "Choose your situation",
    ]
    live = cases["live-no-focus"]
    assert elements(live, "div") == [
        {"class": "error-summary", "role": "alert", "aria-labelledby": "error-summary-title"}
    ]
    assert elements(live, "a") == [{"href": "#field-income"}]
    assert element_text(cases["custom-title"], "h2") == ["Check your details"]
    assert elements(cases["custom-title"], "a") == [{"href": "#field-email"}]
    assert cases["no-errors"].strip() == ""


def check_text_input(cases: dict[str, str]) -> None:
    plain = cases["plain"]
    assert elements(plain, "label") == [{"for": "field-given_name"}]
    assert elements(plain, "input") == [
        {
            "id": "field-given_name",
            "name": "given_name",
            "type": "text",
            "value": "",
            "autocomplete": "given-name",
        }
    ]
    assert element_text(plain, "label") == ["Given name"]
    assert elements(plain, "div") == [{"class": "field"}]

    email = elements(cases["email-required"], "input")[0]
    assert (email["type"], email["value"]) == ("email", "an@example.be")
    assert email["autocomplete"] == "email"
    assert "required" in email and "aria-describedby" not in email

    hint = cases["hint"]
    assert element_text(hint, "span", id="hint-enterprise_number") == [
        "10 digits, for example 0123 456 789"
    ]
    hinted = elements(hint, "input")[0]
    assert hinted["aria-describedby"] == "hint-enterprise_number"
    assert hinted["inputmode"] == "numeric"
    assert "aria-invalid" not in hinted

    error = cases["error"]
    assert elements(error, "label") == [{"for": "field-income"}]
    assert elements(error, "div") == [{"class": "field has-error"}]
    invalid = elements(error, "input")[0]
    assert invalid["id"] == "field-income"
    assert invalid["value"] == "12 abc"
    assert invalid["aria-describedby"] == "error-income"
    assert invalid["aria-invalid"] == "true"
    assert element_text(error, "span", id="error-income") == [
        "Erreur : Enter an amount in euros, for example 1 250,50"
    ]
    assert element_text(error, "span", class_="visually-hidden") == ["Erreur :"]

    both = elements(cases["hint-and-error"], "input")[0]
    assert both["aria-describedby"] == "hint-months error-months"
    assert (both["maxlength"], both["hx-post"]) == ("2", "/simulator")

    assert elements(cases["none-value"], "input")[0]["value"] == ""


def check_radios(cases: dict[str, str]) -> None:
    checked = cases["checked"]
    radios = elements(checked, "input")
    assert [(r["id"], r["value"], "checked" in r) for r in radios] == [
        ("field-category", "main", False),
        ("field-category-2", "secondary", True),
        ("field-category-3", "retired", False),
    ]
    assert {r["name"] for r in radios} == {"category"}
    assert elements(checked, "label") == [
        {"for": "field-category"},
        {"for": "field-category-2"},
        {"for": "field-category-3"},
    ]
    assert element_text(checked, "legend") == ["Your situation"]
    assert elements(checked, "fieldset") == [{}]

    hints = cases["option-hints"]
    assert elements(hints, "fieldset") == [{"aria-describedby": "hint-language"}]
    assert '<label for="field-language">Français<span class="hint">Default</span></label>' in hints
    assert element_text(hints, "label") == ["FrançaisDefault", "Nederlands", "English"]
    assert element_text(hints, "span", id="hint-language") == ["We write to you in this language."]
    assert not any("checked" in r for r in elements(hints, "input"))

    error = cases["error"]
    assert elements(error, "fieldset") == [{"aria-describedby": "error-starter"}]
    assert element_text(error, "span", id="error-starter") == ["Erreur : Choose yes or no"]
    assert elements(error, "div")[0] == {"class": "field has-error"}

    years = elements(cases["number-value"], "input")
    assert [(r["value"], "checked" in r) for r in years] == [("2025", False), ("2026", True)]


def check_select(cases: dict[str, str]) -> None:
    selected = cases["selected"]
    assert elements(selected, "label") == [{"for": "field-year"}]
    assert elements(selected, "select") == [{"id": "field-year", "name": "year"}]
    assert [(o["value"], "selected" in o) for o in elements(selected, "option")] == [
        ("2025", False),
        ("2026", True),
        ("2027", False),
    ]
    assert element_text(selected, "option") == ["2025", "2026", "2027"]
    assert not any("selected" in o for o in elements(cases["nothing-chosen"], "option"))

    error = cases["hint-and-error"]
    assert elements(error, "select") == [
        {"id": "field-language", "name": "language", "aria-invalid": "true"}
    ]
    assert element_text(error, "span", id="hint-language") == ["Emails are sent in this language."]
    assert element_text(error, "span", id="error-language") == [
        "Erreur : Choose one of the options"
    ]
    assert not any("selected" in o for o in elements(error, "option"))


def check_textarea(cases: dict[str, str]) -> None:
    kept = cases["kept-value"]
    assert elements(kept, "label") == [{"for": "field-message"}]
    assert elements(kept, "textarea") == [
        {"id": "field-message", "name": "message", "rows": "8", "required": None}
    ]
    assert "I sent the certificate &lt;by post&gt; on 3 March.</textarea>" in kept

    error = cases["hint-and-error"]
    assert elements(error, "textarea") == [
        {
            "id": "field-motivation",
            "name": "motivation",
            "rows": "5",
            "aria-describedby": "hint-motivation error-motivation",
            "aria-invalid": "true",
        }
    ]
    assert element_text(error, "span", id="error-motivation") == [
        "Erreur : Explain the reasons for the decision"
    ]
    assert element_text(cases["none-value"], "textarea") == [""]


def check_checkboxes(cases: dict[str, str]) -> None:
    ticked = cases["ticked"]
    boxes = elements(ticked, "input")
    assert [(b["type"], b["id"], b["value"], "checked" in b) for b in boxes] == [
        ("checkbox", "field-quarters", "2026-Q3", False),
        ("checkbox", "field-quarters-2", "2026-Q4", True),
    ]
    assert {b["name"] for b in boxes} == {"quarters"}
    assert elements(ticked, "label") == [{"for": "field-quarters"}, {"for": "field-quarters-2"}]
    assert element_text(ticked, "label") == ["Quarter 3 2026", "Quarter 4 2026Until 31/12/2027"]
    assert element_text(ticked, "legend") == ["Quarters to exempt"]
    assert elements(ticked, "fieldset") == [{}]

    error = cases["error"]
    assert elements(error, "fieldset") == [{"aria-describedby": "hint-quarters error-quarters"}]
    assert element_text(error, "span", id="error-quarters") == [
        "Erreur : Choose at least one quarter"]  # fmt: skip
    assert elements(error, "div")[0] == {"class": "field has-error"}


def check_status_tag(cases: dict[str, str]) -> None:
    expected = {
        "draft": "Draft",
        "submitted": "Sent",
        "received": "Received",
        "in_review": "Being handled",
        "information_requested": "Information requested from you",
        "granted": "Granted",
        "partly_granted": "Partly granted",
        "refused": "Refused",
        "withdrawn": "Withdrawn",
        "forwarded": "Forwarded to INASTI",
    }
    assert list(cases) == list(expected)
    icons = set()
    for status, words in expected.items():
        assert elements(cases[status], "span") == [
            {"class": f"tag status-{status}"},
            {"class": "tag-icon", "aria-hidden": "true"},
        ]
        icon, said = text(cases[status]).split(" ", 1)
        assert said == words
        icons.add(icon)
    # Meaning without colour: every state has its own shape.
    assert len(icons) == len(expected)


def check_file_input(cases: dict[str, str]) -> None:
    default = cases["default-hint"]
    assert elements(default, "label") == [{"for": "field-attachments"}]
    assert elements(default, "input") == [
        {
            "id": "field-attachments",
            "name": "attachments",
            "type": "file",
            "multiple": None,
            "accept": ACCEPT,
            "aria-describedby": "hint-attachments",
        }
    ]
    assert element_text(default, "span", id="hint-attachments") == [
        "Facultatif. Choisissez un ou plusieurs fichiers sur votre téléphone ou votre "
        "ordinateur : PDF, JPEG, PNG ou HEIC, 10 Mo maximum chacun."
    ]
    assert element_text(cases["custom-hint"], "span", id="hint-certificate") == [
        "A scan or a photo of the certificate."
    ]
    error = cases["error"]
    invalid = elements(error, "input")[0]
    assert invalid["aria-describedby"] == "hint-proof error-proof"
    assert invalid["aria-invalid"] == "true"
    assert "multiple" in invalid and invalid["accept"] == ACCEPT
    assert element_text(error, "span", id="error-proof") == [
        "Erreur : The file must be a PDF, JPEG, PNG or HEIC"
    ]


def check_field_error(cases: dict[str, str]) -> None:
    empty = cases["no-error"]
    assert elements(empty, "div") == [{"id": "live-error-income", "class": "live-error"}]
    assert elements(empty, "p") == []
    assert text(empty) == ""

    error = cases["error"]
    assert elements(error, "div") == [{"id": "live-error-income", "class": "live-error"}]
    assert elements(error, "p") == [{"class": "field-error"}]
    assert text(error) == "Erreur : Enter an amount in euros, for example 1 250,50"

    assert elements(cases["out-of-band"], "div") == [
        {"id": "live-error-year", "class": "live-error", "hx-swap-oob": "true"}
    ]


CHECKS: dict[str, Callable[[dict[str, str]], None]] = {
    "banner": check_banner,
    "error_summary": check_error_summary,
    "input": check_text_input,
    "radios": check_radios,
    "checkboxes": check_checkboxes,
    "select": check_select,
    "textarea": check_textarea,
    "status_tag": check_status_tag,
    "file_input": check_file_input,
    "field_error": check_field_error,
}


@pytest.mark.parametrize(
    ("lang", "status", "words"),
    [
        ("fr", "draft", "Brouillon"),
        ("fr", "information_requested", "Informations demandées"),
        ("fr", "partly_granted", "Accordée en partie"),
        ("nl", "refused", "Geweigerd"),
        ("nl", "withdrawn", "Ingetrokken"),
    ],
)
def test_status_tag_shows_the_translated_status_labels(
    env: Environment, lang: str, status: str, words: str
) -> None:
    from app.requests.messages import STATUS_LABELS

    with i18n.language(lang):
        html = str(
            env.get_template("components/status_tag.html").module.status_tag(status, STATUS_LABELS)  # type: ignore[attr-defined]
        )
    assert elements(html, "span")[0] == {"class": f"tag status-{status}"}
    assert text(html).split(" ", 1)[1] == words
