"""Graph soundness of every wizard, every outcome code has a text, every text is translated."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from app.kit.i18n import Counted, LazyPlural, language
from app.wizards import journey
from app.wizards.catalogue import WIZARDS
from app.wizards.model import CHECK, AnswerType, Question, Wizard
from app.wizards.outcomes import KIND_LABELS, present
from app.wizards.questions import parse_answer, typed_answers

LOCALE = Path(__file__).resolve().parents[3] / "app" / "locale"
TODAY = date(2026, 3, 16)
SLUGS = list(WIZARDS)


def successors(wizard: Wizard, step_id: str) -> set[str]:
    step = wizard.step(step_id)
    ids = [s.id for s in wizard.steps]
    index = ids.index(step_id)
    default = step.next or (ids[index + 1] if index + 1 < len(ids) else CHECK)
    return {route.goto for route in step.routes} | {default}


def texts_of(wizard: Wizard) -> list[Any]:
    found: list[Any] = [wizard.title, wizard.summary]
    for step in wizard.steps:
        found.append(step.title)
        for q in step.questions:
            found.extend(t for t in (q.label, q.hint) if t is not None)
            for option in q.options:
                found.extend(t for t in (option.label, option.hint) if t is not None)
    for text in wizard.outcome.texts.values():
        found.extend(text if isinstance(text, tuple) else (text,))
    return found


def msgid(text: Any) -> str:
    """The id a text is looked up by: a plural text's singular; a counted sentence's own text
    (its units live in the kit catalogue)."""
    if isinstance(text, Counted):
        return msgid(text.text)
    if isinstance(text, LazyPlural):
        return text.singular
    return object.__getattribute__(text, "_args")[0]


def sample_values(question: Question) -> list[str]:
    """Raw answers to try for one question: every option, a few numbers, a plausible date."""
    kind = question.answer_type
    if kind == AnswerType.CHOICE:
        return [o.value for o in question.options]
    if kind == AnswerType.YES_NO:
        return ["yes", "no"]
    if kind == AnswerType.NUMBER:
        low, high = question.minimum or 0, question.maximum or 100
        return [str(n) for n in sorted({low, (low + high) // 4, high})]
    if kind == AnswerType.MONEY:
        return ["2 500"] if question.required else ["2 500", ""]
    if kind == AnswerType.DATE:
        return ["05/05/1960"] if question.name == "birth_date" else ["16/03/2026"]
    if kind == AnswerType.ENTERPRISE_NUMBER:
        return ["0403.170.701", ""]
    return ["text"]


def all_answer_sets(wizard: Wizard) -> list[dict[str, str]]:
    questions = [q for step in wizard.steps for q in step.questions]
    choices = [sample_values(q) for q in questions]
    sets = []
    for combination in itertools.product(*choices):
        raw = dict(zip((q.name for q in questions), combination, strict=True))
        stored = {}
        for q in questions:
            parsed = parse_answer(q, raw[q.name], today=TODAY)
            assert parsed.error is None, (q.name, raw[q.name], parsed.error)
            stored[q.name] = parsed.stored or ""
        sets.append(stored)
    return sets


@pytest.mark.parametrize("slug", SLUGS)
class TestGraph:
    def test_every_goto_exists(self, slug: str) -> None:
        wizard = WIZARDS[slug]
        for step in wizard.steps:
            for target in successors(wizard, step.id):
                assert target == CHECK or wizard.has_step(target), (step.id, target)

    def test_no_unreachable_step(self, slug: str) -> None:
        wizard = WIZARDS[slug]
        seen, todo = {wizard.first_step}, [wizard.first_step]
        while todo:
            for target in successors(wizard, todo.pop()) - {CHECK}:
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        assert seen == {s.id for s in wizard.steps}

    def test_every_path_ends_at_check_answers(self, slug: str) -> None:
        wizard = WIZARDS[slug]
        ids = [s.id for s in wizard.steps]

        def ends(step_id: str, trail: tuple[str, ...]) -> bool:
            assert step_id not in trail, f"loop through {step_id}"
            return all(
                t == CHECK or ends(t, (*trail, step_id)) for t in successors(wizard, step_id)
            )

        assert ends(ids[0], ())

    def test_unique_names(self, slug: str) -> None:
        wizard = WIZARDS[slug]
        names = [q.name for s in wizard.steps for q in s.questions]
        assert len(names) == len(set(names))
        assert len({s.id for s in wizard.steps}) == len(wizard.steps)
        assert not {"check", "outcome", "submit", "done", "restart"} & {s.id for s in wizard.steps}


@pytest.mark.parametrize("slug", SLUGS)
def test_every_answer_combination_walks_to_an_outcome_with_texts(slug: str) -> None:
    wizard = WIZARDS[slug]
    kinds_seen: set[str] = set()
    for stored in all_answer_sets(wizard):
        typed = typed_answers(wizard, stored)
        assert journey.next_step(wizard, typed) == CHECK
        answers = journey.relevant_answers(wizard, typed)
        result = wizard.outcome.rules(answers, TODAY)
        for item in (*result.rights, *result.actions, *result.referrals):
            assert item.code in wizard.outcome.texts, item.code
        for offer in result.offers:
            assert offer.kind in KIND_LABELS
            kinds_seen.add(offer.kind)
        with language("nl"):
            shown = present(wizard, result)  # every placeholder gets a value
        assert shown.rights
    assert kinds_seen, "every wizard files at least one request"


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_every_wizard_text_is_translated(lang: str) -> None:
    with (LOCALE / lang / "LC_MESSAGES" / "wizards.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    ids = {msgid(t) for wizard in WIZARDS.values() for t in texts_of(wizard)}
    ids |= {msgid(t) for t in KIND_LABELS.values()}
    missing = sorted(i for i in ids if catalog.get(i) is None or not catalog.get(i).string)
    assert not missing, missing


def test_the_seven_life_events() -> None:
    assert SLUGS == [
        "starting_out",
        "new_child",
        "illness",
        "payment_difficulty",
        "bankruptcy",
        "pension",
        "cessation",
    ]
