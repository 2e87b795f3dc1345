"""How fast a PDF renders, and what a worker keeps in memory after many (issue 15,
"Performance": under 1 s a document).

    ENV=test .venv/bin/python bench/documents.py [--runs 500]

Renders each document kind (the decision letter, the fiscal attestation) `--runs` times in
one process through app.documents.render.render_pdf, the worker's own path, in French, Dutch
and English in turn, and prints p50 and p95 per kind against a bare baseline measured in the
same run (a one-paragraph HTML page through WeasyPrint), then the process's peak resident
memory after all the documents. No database: the data is built here.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])
os.environ.setdefault("ENV", "test")

from app.documents.render import render_pdf
from app.identity.queries import PersonContact
from app.payments.queries import FiscalYear, PaidLine

LANGUAGES = ("fr", "nl", "en")
PERSON = PersonContact(uuid.UUID(int=7), "Camille", "Dubois", "camille@example.be", "fr")


def decision_letter(language: str) -> bytes:
    return render_pdf("decision_letter", language, {
        "person": PERSON, "kind_label": "Payment plan", "status_label": "Refused",
        "status": "refused", "received_on": date(2026, 11, 3), "decided_on": date(2026, 11, 20),
        "motivation": "Aucune cotisation n'est encore échue. " * 20, "appeal": "Appeal. " * 30,
        "signer": "Nora Peeters", "reference": "AF-2026-000042", "title": "Decision",
    }).pdf  # fmt: skip


def fiscal_attestation(language: str) -> bytes:
    lines = tuple(PaidLine(date(2025, m, 20), Decimal("898.30"), 2025, (m - 1) // 3 + 1)
                  for m in range(1, 13))  # fmt: skip
    return render_pdf("fiscal_attestation", language, {
        "person": PERSON, "paid": FiscalYear(2025, lines, Decimal("10779.60")),
        "issued_on": date(2026, 1, 5), "reference": "FA-2025-00000007", "title": "Attestation",
    }).pdf  # fmt: skip


def bare(_language: str) -> bytes:
    from weasyprint import HTML

    pdf = HTML(string="<p>Bonjour</p>").write_pdf()
    assert pdf is not None
    return pdf


def timed(render: Callable[[str], bytes], runs: int) -> list[float]:
    render("fr")  # warm: fonts and templates loaded once per process
    seconds = []
    for n in range(runs):
        start = time.perf_counter()
        render(LANGUAGES[n % 3])
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=500)
    runs = parser.parse_args().runs
    baseline = timed(bare, max(runs // 5, 20))
    base_p50 = statistics.median(baseline)
    print(f"bare WeasyPrint page: p50 {base_p50 * 1000:.1f} ms")
    for name, render in (("decision_letter", decision_letter),
                         ("fiscal_attestation", fiscal_attestation)):  # fmt: skip
        seconds = sorted(timed(render, runs))
        p50 = statistics.median(seconds)
        p95 = seconds[int(len(seconds) * 0.95) - 1]
        print(f"{name}: {runs} renders, p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms "
              f"({p50 / base_p50:.1f} x the bare page; target under 1 000 ms)")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory after {2 * runs} documents: {peak:.0f} MB")


if __name__ == "__main__":
    main()
