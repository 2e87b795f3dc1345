"""How fast each PDF renders, and what a worker keeps in memory after many (issue 15,
"Performance": under 1 s a document).

    ENV=test .venv/bin/python bench/documents.py [--runs 500]

Renders every document kind the workers make (tests/support/documents.SAMPLES: the decision
letter, the receipt, the fiscal attestation, the affiliation certificate, the due notice, the
reminder, the formal notice, the account statement, the payment plan) `--runs` times in one
process through app.documents.render.render_pdf, the worker's own path, in French, Dutch and
English in turn. Prints p50 and p95 per kind against a bare baseline measured in the same run
(a one-paragraph HTML page through WeasyPrint), and the process's resident memory after the
first document and after each kind (it should stay flat: the font configuration is shared).
No database: the data is built in tests/support/documents.py.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])
os.environ.setdefault("ENV", "test")

from app.documents.render import render_pdf
from tests.support.documents import SAMPLES

LANGUAGES = ("fr", "nl", "en")


def rss_mb() -> float:
    """The resident memory now (Linux), in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


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
    first: float | None = None
    made = 0
    for kind, (template, sample) in SAMPLES.items():
        context = sample()

        def render(language: str, template: str = template, context: dict = context) -> bytes:
            return render_pdf(template, language, context).pdf

        seconds = sorted(timed(render, runs))
        made += runs + 1
        first = first if first is not None else rss_mb()
        p50 = statistics.median(seconds)
        p95 = seconds[int(len(seconds) * 0.95) - 1]
        print(f"{kind}: {runs} renders, p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms "
              f"({p50 / base_p50:.1f} x the bare page; target under 1 000 ms); "
              f"resident memory {rss_mb():.0f} MB after {made} documents")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"resident memory after the first kind ({runs + 1} documents): {first:.0f} MB; "
        f"after all {made}: {rss_mb():.0f} MB (peak {peak:.0f} MB)"
    )


if __name__ == "__main__":
    main()
