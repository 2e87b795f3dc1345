"""Sample data for every document template: the unit tests read them back from the PDFs, and
bench/documents.py renders them to time each kind. Built here, no database."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from app.identity.queries import PersonContact

PERSON = PersonContact(uuid.UUID(int=1), "Camille", "Dubois", "camille@example.be", "fr")
D = Decimal
Context = dict[str, Any]


def decision(status: str = "Refused", appeal: str = "Appeal to the court.") -> Context:
    return {
        "person": PERSON, "kind_label": "Payment plan", "status_label": status,
        "status": "refused", "received_on": date(2026, 11, 3), "decided_on": date(2026, 11, 20),
        "motivation": "Aucune cotisation n'est encore échue.\nNous restons à votre écoute.",
        "appeal": appeal, "signer": "Nora Peeters", "reference": "AF-2026-000042",
        "title": "Decision AF-2026-000042",
    }  # fmt: skip


def fiscal(title: str = "Attestation fiscale 2025") -> Context:
    from app.payments.queries import FiscalYear, PaidLine

    paid = FiscalYear(2025, (
        PaidLine(date(2025, 3, 26), D("898.30"), 2025, 1),
        PaidLine(date(2025, 12, 23), D("898.30"), 2025, 4),
        PaidLine(date(2025, 12, 30), D("-50.00"), None, None),
    ), D("1746.60"))  # fmt: skip
    return {"person": PERSON, "paid": paid, "issued_on": date(2026, 1, 5),
            "reference": "FA-2025-00000001", "title": title}  # fmt: skip


def certificate(language: str = "fr", late: str = "", title: str = "Certificate") -> Context:
    from app.affiliation.queries import AffiliationView
    from app.affiliation.rules import Category
    from app.identity.queries import PersonSummary

    person = PersonSummary(uuid.UUID(int=1), "Camille", "Dubois", "85073003328", None, None,
                           language, True, None)  # fmt: skip
    view = AffiliationView(uuid.UUID(int=1), Category.MAIN, date(2019, 3, 1), None, False,
                           None, None, None)  # fmt: skip
    return {"person": person, "affiliation": view, "category": "Main activity",
            "issued_on": date(2026, 12, 2), "late": late, "reference": "AC-1",
            "title": title}  # fmt: skip


def due_notice() -> Context:
    from app.payments.queries import NoticeDetail, NoticeLine
    from app.payments.rules.epc import epc_qr_svg

    line = NoticeLine(uuid.UUID(int=3), 2026, 3, D("1690.02"), date(2026, 9, 30),
                      date(2026, 7, 17), "+++000/0012/63472+++")  # fmt: skip
    qr = epc_qr_svg("BCD\n002\n1\nSCT\n\nAffilio\nBE71096123456769\nEUR1690.02")
    detail = NoticeDetail(line, D("1640.00"), D("50.02"), "main", D("32000.00"), None,
                          "Affilio", "BE71 0961 2345 6769", "BE71096123456769", None,
                          qr)  # fmt: skip
    return {"person": PERSON, "detail": detail, "category": "Main activity",
            "issued_on": date(2026, 7, 17), "reference": line.communication,
            "title": "Notice"}  # fmt: skip


def receipt(files: list[tuple[str, int]] | None = None, title: str = "Receipt") -> Context:
    return {"person": PERSON, "kind_label": "Payment plan", "received_on": date(2026, 11, 3),
            "legal_due": date(2027, 2, 3), "target_due": date(2026, 11, 17),
            "files": files or [], "issued_on": date(2026, 11, 3),
            "reference": "AF-2026-000042", "title": title}  # fmt: skip


def recovery(kind: str = "reminder", company: object = None) -> Context:
    """Q3 2026, 1 690,02 €, of which 500,00 € paid on 20 September: 1 190,02 € still due on
    15 October 2026, the step's day."""
    from app.payments.queries import HistoryLine, StepFacts, transfer
    from app.payments.rules.ledger import EntryKind, QuarterPosition, QuarterStatus
    from app.payments.rules.recovery import StepKind

    step = StepFacts(uuid.UUID(int=9), uuid.UUID(int=8), StepKind(kind), 2026, 3,
                     date(2026, 10, 15), company)  # type: ignore[arg-type]  # fmt: skip
    position = QuarterPosition(2026, 3, date(2026, 9, 30), D("1690.02"), D("500.00"),
                               QuarterStatus.LATE)  # fmt: skip
    lines = [
        HistoryLine(uuid.UUID(int=1), date(2026, 7, 17), EntryKind.CONTRIBUTION,
                    "Provisional contribution", D("1690.02"), 2026, 3, D("1690.02")),
        HistoryLine(uuid.UUID(int=2), date(2026, 9, 20), EntryKind.PAYMENT, "Payment received",
                    D("-500.00"), 2026, 3, D("1190.02")),
    ]  # fmt: skip
    return {"person": PERSON, "step": step, "position": position, "lines": lines,
            "formal": kind == "formal_notice", "issued_on": date(2026, 10, 15),
            "transfer": transfer(D("1190.02"), "+++000/0012/61097+++"),
            "reference": "+++000/0012/61097+++", "title": "Letter"}  # fmt: skip


def statement() -> Context:
    """The same quarter on 16 November, with a surcharge of 48,20 € on 1 October."""
    from app.payments.queries import AccountOnDay, HistoryLine
    from app.payments.rules.ledger import EntryKind, QuarterPosition, QuarterStatus

    account = AccountOnDay(
        date(2026, 11, 16), D("1238.22"),
        (HistoryLine(uuid.UUID(int=1), date(2026, 7, 17), EntryKind.CONTRIBUTION,
                     "Provisional contribution", D("1690.02"), 2026, 3, D("1690.02")),
         HistoryLine(uuid.UUID(int=2), date(2026, 9, 20), EntryKind.PAYMENT,
                     "Payment received", D("-500.00"), 2026, 3, D("1190.02")),
         HistoryLine(uuid.UUID(int=3), date(2026, 10, 1), EntryKind.SURCHARGE,
                     "Surcharge for late payment", D("48.20"), 2026, 3, D("1238.22"))),
        (QuarterPosition(2026, 3, date(2026, 9, 30), D("1738.22"), D("500.00"),
                         QuarterStatus.LATE),),
        {(2026, 3): "+++000/0012/61097+++"},
    )  # fmt: skip
    return {"person": PERSON, "account": account, "company": None,
            "issued_on": date(2026, 11, 16), "reference": "AS-20261116-00000008",
            "title": "Statement"}  # fmt: skip


def plan() -> Context:
    """1 238,22 € over an advance of 247,64 € and three instalments, approved 2 November."""
    from app.payments.queries import ApprovedPlan, PlanLine, transfer

    lines = (PlanLine(0, date(2026, 11, 16), D("247.64"), "+++000/0012/54734+++"),
             PlanLine(1, date(2026, 12, 2), D("330.19"), "+++000/0012/64280+++"),
             PlanLine(2, date(2027, 1, 4), D("330.19"), "+++000/0012/64381+++"),
             PlanLine(3, date(2027, 2, 2), D("330.20"), "+++000/0012/64482+++"))  # fmt: skip
    approved = ApprovedPlan(uuid.UUID(int=7), PERSON.id, None, date(2026, 11, 2),
                            D("1238.22"), D("247.64"), "2026-Q3", lines)  # fmt: skip
    return {"person": PERSON, "plan": approved, "issued_on": date(2026, 11, 2),
            "reminder_days": 15, "grace_days": 30,
            "transfer": transfer(D("247.64"), "+++000/0012/54734+++"),
            "reference": "PP-20261102-00000007", "title": "Plan"}  # fmt: skip


# Every kind of document the workers make: its template and sample data.
SAMPLES: dict[str, tuple[str, Callable[[], Context]]] = {
    "decision_letter": ("decision_letter", decision),
    "request_receipt": ("request_receipt", lambda: receipt([("bilan-2025.pdf", 48_000)])),
    "fiscal_attestation": ("fiscal_attestation", fiscal),
    "affiliation_certificate": ("affiliation_certificate", certificate),
    "due_notice": ("due_notice", due_notice),
    "reminder": ("recovery_letter", lambda: recovery("reminder")),
    "formal_notice": ("recovery_letter", lambda: recovery("formal_notice")),
    "account_statement": ("account_statement", statement),
    "payment_plan": ("payment_plan", plan),
}
