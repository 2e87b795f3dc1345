"""Walking a wizard: which steps are on the person's path, which one comes next. PURE.

The path is recomputed from the answers every time, so changing an early answer re-routes the
rest; answers left on a branch no longer taken are kept but ignored (answers_for_check).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.wizards.model import CHECK, Answers, Question, Step, Wizard


def step_after(wizard: Wizard, step: Step, answers: Answers) -> str:
    for route in step.routes:
        if route.when(answers):
            return route.goto
    if step.next is not None:
        return step.next
    ids = [s.id for s in wizard.steps]
    index = ids.index(step.id)
    return ids[index + 1] if index + 1 < len(ids) else CHECK


def step_complete(step: Step, answers: Answers) -> bool:
    return all(question.name in answers for question in step.questions)


def path(wizard: Wizard, answers: Answers) -> list[str]:
    """Step ids from the first one to the first unanswered step (included), or to CHECK."""
    visited: list[str] = []
    current = wizard.first_step
    for _ in range(len(wizard.steps) + 1):  # a definition cannot loop forever
        if current == CHECK:
            visited.append(CHECK)
            return visited
        step = wizard.step(current)
        visited.append(current)
        if not step_complete(step, answers):
            return visited
        current = step_after(wizard, step, answers)
    raise ValueError(f"wizard {wizard.slug} loops")


def completed_steps(wizard: Wizard, answers: Answers) -> list[str]:
    return [
        s for s in path(wizard, answers) if s != CHECK and step_complete(wizard.step(s), answers)
    ]


def next_step(wizard: Wizard, answers: Answers) -> str:
    """The first step still to answer, or CHECK when every step on the path is answered."""
    return path(wizard, answers)[-1]


def can_visit(wizard: Wizard, answers: Answers, step_id: str) -> bool:
    """Completed steps and the next one only: no jumping ahead past unanswered questions."""
    return step_id in path(wizard, answers)


def previous_step(wizard: Wizard, answers: Answers, step_id: str) -> str | None:
    steps = path(wizard, answers)
    if step_id not in steps:
        return None
    index = steps.index(step_id)
    return steps[index - 1] if index > 0 else None


def progress(wizard: Wizard, answers: Answers, step_id: str) -> tuple[int, int]:
    """(position of this step, estimated total) for "Step 2 of 5"."""
    steps = [s for s in path(wizard, answers) if s != CHECK]
    position = steps.index(step_id) + 1 if step_id in steps else len(steps) + 1
    # Unvisited steps after the current one count in declaration order (an estimate).
    ids = [s.id for s in wizard.steps]
    remaining = len(ids) - ids.index(steps[-1]) - 1 if steps else len(ids)
    return position, max(position, len(steps) + max(remaining, 0))


@dataclass(frozen=True)
class CheckRow:
    step: Step
    question: Question
    value: Any


def answers_for_check(wizard: Wizard, answers: Answers) -> list[CheckRow]:
    rows: list[CheckRow] = []
    for step_id in completed_steps(wizard, answers):
        step = wizard.step(step_id)
        rows.extend(CheckRow(step, q, answers.get(q.name)) for q in step.questions)
    return rows


def relevant_answers(wizard: Wizard, answers: Answers) -> dict[str, Any]:
    """Only the answers of the steps on the current path (what the outcome may use)."""
    return {row.question.name: row.value for row in answers_for_check(wizard, answers)}
