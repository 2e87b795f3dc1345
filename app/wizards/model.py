"""The shape of a wizard: steps of questions, routes between them, an outcome at the end.

Definitions in `catalogue/` are built only from these constructors (alphagov forms-runner's
shape): adding a question is editing a definition, never writing a page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# Typed answers by question name (see questions.typed_answers).
Answers = Mapping[str, Any]
Predicate = Callable[[Answers], bool]

CHECK = "check"  # the pseudo-step after the last question: "check your answers"


class AnswerType(StrEnum):
    TEXT = "text"
    MONEY = "money"
    DATE = "date"
    CHOICE = "choice"
    YES_NO = "yes_no"
    NUMBER = "number"
    NISS = "niss"
    ENTERPRISE_NUMBER = "enterprise_number"


@dataclass(frozen=True)
class Option:
    value: str
    label: Any  # lazy gettext string
    hint: Any = None


@dataclass(frozen=True)
class Question:
    name: str
    label: Any
    answer_type: AnswerType
    hint: Any = None
    options: tuple[Option, ...] = ()
    required: bool = True
    minimum: int | None = None  # NUMBER: smallest accepted; DATE: days from today (may be < 0)
    maximum: int | None = None  # NUMBER: largest accepted; DATE: days from today
    max_length: int = 200


@dataclass(frozen=True)
class Route:
    """After the step, go to `goto` when `when(answers)` holds (first matching route wins)."""

    when: Predicate
    goto: str


@dataclass(frozen=True)
class Step:
    id: str
    title: Any
    questions: tuple[Question, ...]
    routes: tuple[Route, ...] = ()
    # Without a matching route, the next step in declaration order (or CHECK after the last).
    next: str | None = None


@dataclass(frozen=True)
class Outcome:
    """`rules(answers, today)` is a pure function returning an OutcomeResult (codes + values);
    `texts` gives each code its translated sentence (lazy gettext, %(name)s placeholders)."""

    rules: Callable[..., Any]
    texts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Wizard:
    slug: str
    title: Any
    summary: Any
    steps: tuple[Step, ...]
    outcome: Outcome

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def has_step(self, step_id: str) -> bool:
        return any(step.id == step_id for step in self.steps)

    @property
    def first_step(self) -> str:
        return self.steps[0].id

    def question(self, name: str) -> Question:
        for step in self.steps:
            for question in step.questions:
                if question.name == name:
                    return question
        raise KeyError(name)
