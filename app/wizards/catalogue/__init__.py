"""The seven life-event wizards, in the order they are offered."""

from __future__ import annotations

from app.wizards.catalogue import (
    bankruptcy,
    cessation,
    illness,
    new_child,
    payment_difficulty,
    pension,
    starting_out,
)
from app.wizards.model import Wizard

WIZARDS: dict[str, Wizard] = {
    module.WIZARD.slug: module.WIZARD
    for module in (
        starting_out,
        new_child,
        illness,
        payment_difficulty,
        bankruptcy,
        pension,
        cessation,
    )
}


def wizard(slug: str) -> Wizard | None:
    return WIZARDS.get(slug)
