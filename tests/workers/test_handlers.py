"""The worker handles exactly the jobs app/ enqueues: none is lost, none is dead code."""

from __future__ import annotations

import ast
from pathlib import Path

from workers.jobs import HANDLERS

APP = Path(__file__).resolve().parents[2] / "app"


def enqueued_names() -> set[str]:
    """Every name passed to outbox.enqueue(...) or outbox.enqueue_many(...) anywhere in app/:
    a literal, or a module constant holding one."""
    names: set[str] = set()
    for path in APP.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            target.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and ast.unparse(node.func).endswith(("outbox.enqueue", "outbox.enqueue_many"))
                and node.args
            ):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant):
                names.add(str(first.value))
            elif isinstance(first, ast.Name):
                names.add(str(constants.get(first.id, f"<unresolved {first.id}>")))
    return names


def test_every_enqueued_job_has_a_handler_and_every_handler_is_enqueued() -> None:
    assert enqueued_names() == {
        "benefits.undue_letter",
        "identity.accounts_merged",
        "mail.send",
        "messaging.send_push",
        "messaging.send_welcome",
        "payments.account_statement",
        "payments.affiliation_certificate",
        "payments.fiscal_attestation",
        "payments.notice_pdf",
        "payments.plan_letter",
        "payments.recovery_letter",
        "requests.acknowledge",
        "requests.decision_letter",
        "requests.receipt_letter",
        "requests.transmit",
        "staff.authority_report",
        "rights.evaluate",
        "rights.evaluate_people",
        "rights.evaluate_range",
    }
    assert set(HANDLERS) == enqueued_names()
