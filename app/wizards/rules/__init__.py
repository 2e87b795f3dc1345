"""Outcome rules and routing predicates of the seven life-event wizards. PURE.

One module per life event, mirroring app/wizards/catalogue/; what they share is in
`common`. The law's own eligibility and date rules (bridging right, pension dates, exempt
quarters...) live in app/contributions/rules/eligibility.py.

This package re-exports the names callers use (`rules.starting_out`, `rules.OutcomeResult`,
`rules.bridging_months`...). Each outcome function has its module's name, so the attribute
`rules.bankruptcy` is the function, not the module. Import from a module with
`from app.wizards.rules.bankruptcy import ...`; the module object itself (to patch it, say) is
`sys.modules["app.wizards.rules.bankruptcy"]`.
"""

from __future__ import annotations

from app.contributions.rules.eligibility import (
    add_months,
    bridging_months,
    legal_pension_date,
    quarter_deadline,
)
from app.contributions.rules.eligibility import (
    bridging_partial_ratio as partial_month_ratio,
)
from app.wizards.rules.bankruptcy import bankruptcy, not_forced_interruption
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
from app.wizards.rules.illness import illness, relative_is_ill, self_is_ill
from app.wizards.rules.new_child import is_adoption, new_child
from app.wizards.rules.payment_difficulty import payment_difficulty
from app.wizards.rules.pension import no_plci_question, pension
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
    "bankruptcy",
    "bridging_months",
    "cessation",
    "figure",
    "illness",
    "is_adoption",
    "is_secondary",
    "is_student_or_helper",
    "known",
    "legal_pension_date",
    "new_child",
    "no_plci_question",
    "not_forced_interruption",
    "params_for",
    "partial_month_ratio",
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
