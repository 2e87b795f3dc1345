"""Outcome rules and routing predicates of the seven life-event wizards. PURE.

One module per life event, mirroring app/wizards/catalogue/; what they share is in
`common`. The guides' own rules (the sickness assimilation's first quarter, the incapacity
declaration deadline, the bridging right's duration and 7-day segments, the legal pension age
by cohort and the early pension) are in their guide's module, with their figures in the
[guides.*] tables of app/contributions/parameters/<year>.toml; the shared calendar and quarter
rules (exempt quarters after a birth, application deadlines) come from
app/contributions/rules/eligibility.py.

This package re-exports the names callers use (`rules.starting_out`, `rules.OutcomeResult`,
`rules.bridging_duration`...). Each outcome function has its module's name, so the attribute
`rules.bankruptcy` is the function, not the module. Import from a module with
`from app.wizards.rules.bankruptcy import ...`; the module object itself (to patch it, say) is
`sys.modules["app.wizards.rules.bankruptcy"]`.
"""

from __future__ import annotations

from app.contributions.rules.eligibility import add_months, quarter_deadline
from app.wizards.rules.bankruptcy import (
    bankruptcy,
    bridging_duration,
    interruption_pay,
    is_economic,
    not_forced_interruption,
)
from app.wizards.rules.cessation import cessation
from app.wizards.rules.common import (
    Answers,
    Figure,
    Item,
    Offer,
    OutcomeResult,
    Rate,
    figure,
    known,
    params_for,
    prefill,
    value,
)
from app.wizards.rules.illness import (
    assimilation_first_quarter,
    declaration_deadline,
    illness,
    relative_is_ill,
    self_is_ill,
)
from app.wizards.rules.new_child import is_adoption, new_child, not_own_status
from app.wizards.rules.payment_difficulty import payment_difficulty
from app.wizards.rules.pension import early_pension, legal_pension, no_plci_question, pension
from app.wizards.rules.starting_out import (
    is_secondary,
    is_student_or_helper,
    starting_category,
    starting_out,
)

__all__ = [
    "Answers",
    "Figure",
    "Item",
    "Offer",
    "OutcomeResult",
    "Rate",
    "add_months",
    "assimilation_first_quarter",
    "bankruptcy",
    "bridging_duration",
    "cessation",
    "declaration_deadline",
    "early_pension",
    "figure",
    "illness",
    "interruption_pay",
    "is_adoption",
    "is_economic",
    "is_secondary",
    "is_student_or_helper",
    "known",
    "legal_pension",
    "new_child",
    "no_plci_question",
    "not_forced_interruption",
    "not_own_status",
    "params_for",
    "payment_difficulty",
    "pension",
    "prefill",
    "quarter_deadline",
    "relative_is_ill",
    "self_is_ill",
    "starting_category",
    "starting_out",
    "value",
]
