"""Lighthouse 12, mobile, on the portal's pages and on an empty page, same run (issue 16).

    .venv/bin/python bench/lighthouse.py [--runs 3] [--timeout 180] [--check] [--keep]

Loopback only, bounded in time. Embedded PostgreSQL/Redis (under DATA_DIR, default
var/lighthouse) with the demo data seeded, a session for the demo affiliate (as
bench/pages.py), then the production-style server (granian, as `make run` starts it) and,
on another port, a stdlib server with one minimal valid page: the baseline whose total
blocking time the portal's pages are compared with.

Lighthouse (bench/lighthouse/, pinned in its package-lock.json; `npm ci` there when it is
missing) runs with its default mobile emulation and simulated throttling on Debian's
chromium (scripts/ensure-chromium), headless, every background download of the browser off
(the machine's network is closed). Each page is run `--runs` times, the pages taking turns
so that a busier moment of the machine does not fall on one page only; the table gives the
median of each category's score (x100) and of the total blocking time, and the TBT minus the
empty page's median. Targets: 100 in every category, TBT at most 50 ms above the empty page;
with `--check` the exit code is 1 when one is missed. The JSON reports of the last series go
to var/lighthouse-reports/ (the failing audits are printed under the table).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # (bench/queue.py shadows stdlib)

import argparse
import asyncio
import contextlib
import http.server
import io
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "bench" / "lighthouse"
CLI = TOOL / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "var" / "lighthouse-reports"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SCORE_TARGET = 100
TBT_MARGIN_MS = 50.0
EMPTY = "empty page"
SIMULATION = "year=2026&category=main&income=25000"  # the query the simulator form sends
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-default-apps "
    "--disable-extensions --metrics-recording-only --no-default-browser-check"
)
EMPTY_HTML = (
    b'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    b'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    b"<title>Empty page</title>\n"
    b'<link rel="icon" href="data:,">\n'  # else the browser asks /favicon.ico: a console error
    b'<meta name="description" content="An empty page: the baseline of the Lighthouse bench.">\n'
    b"</head>\n<body>\n<p>Empty page.</p>\n</body>\n</html>\n"
)


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    who: str  # "visitor" or "affiliate"


@dataclass(frozen=True)
class Run:
    """What one Lighthouse report says: scores x100 (None: not scored) and TBT in ms."""

    scores: dict[str, float | None]
    tbt_ms: float
    failing: tuple[str, ...]  # "category: audit id (score)" of the audits scored below 1
    benchmark_index: float = 0.0  # Lighthouse's CPU figure for the machine at that run


# -- pure parts (tests/bench/test_lighthouse.py) ----------------------------------------------


def median(values: Sequence[float | None]) -> float | None:
    """The median of the values given; None when one run had no score (it cannot be ranked)."""
    if not values or any(v is None for v in values):
        return None
    return float(statistics.median([v for v in values if v is not None]))


def parse_report(report: dict[str, Any]) -> Run:
    """Scores, TBT and failing audits out of one Lighthouse JSON report (lhr)."""
    categories = report["categories"]
    audits = report["audits"]
    scores: dict[str, float | None] = {}
    failing: list[str] = []
    for name in CATEGORIES:
        category = categories.get(name)
        score = None if category is None or category.get("score") is None else category["score"]
        scores[name] = None if score is None else round(score * 100, 1)
        for ref in (category or {}).get("auditRefs", []):
            audit = audits.get(ref["id"], {})
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{name}: {ref['id']} ({audit['score']:g})")
    tbt = audits.get("total-blocking-time", {}).get("numericValue")
    index = float(report.get("environment", {}).get("benchmarkIndex") or 0.0)
    return Run(scores=scores, tbt_ms=float(tbt or 0.0), failing=tuple(failing),
               benchmark_index=index)  # fmt: skip


@dataclass(frozen=True)
class Row:
    label: str
    scores: dict[str, float | None]
    tbt_ms: float
    tbt_delta_ms: float | None  # None for the empty page itself

    @property
    def missed(self) -> list[str]:
        missed = [
            f"{name} {_figure(score)}"
            for name, score in self.scores.items()
            if score is None or score < SCORE_TARGET
        ]
        if self.tbt_delta_ms is not None and self.tbt_delta_ms > TBT_MARGIN_MS:
            missed.append(f"TBT +{self.tbt_delta_ms:.0f} ms")
        return missed


def rows(runs: dict[str, list[Run]]) -> list[Row]:
    """One row per page with the medians; the TBT delta against the empty page's median."""
    empty = runs.get(EMPTY)
    empty_tbt = statistics.median(r.tbt_ms for r in empty) if empty else 0.0
    out = []
    for label, series in runs.items():
        tbt = float(statistics.median(r.tbt_ms for r in series))
        out.append(
            Row(
                label=label,
                scores={name: median([r.scores[name] for r in series]) for name in CATEGORIES},
                tbt_ms=tbt,
                tbt_delta_ms=None if label == EMPTY else tbt - empty_tbt,
            )
        )
    return out


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def _figure(score: float | None) -> str:
    return "-" if score is None else f"{score:g}"


def table(listed: list[Row]) -> list[str]:
    width = max([len("page"), *(len(r.label) for r in listed)]) + 2
    head = ["performance", "accessibility", "best-pract.", "SEO", "TBT ms", "TBT-empty"]
    lines = [f"{'page':<{width}}" + "".join(f"{h:>14}" for h in head) + "  verdict"]
    for row in listed:
        cells = [_figure(row.scores[name]) for name in CATEGORIES]
        cells.append(f"{row.tbt_ms:.0f}")
        cells.append("" if row.tbt_delta_ms is None else f"{row.tbt_delta_ms:+.0f}")
        verdict = "ok" if not row.missed else "MISSED: " + ", ".join(row.missed)
        lines.append(f"{row.label:<{width}}" + "".join(f"{c:>14}" for c in cells) + f"  {verdict}")
    return lines


# -- the processes ----------------------------------------------------------------------------


def chromium() -> str:
    out = subprocess.run([str(ROOT / "scripts" / "ensure-chromium")], capture_output=True,
                         text=True, check=True, timeout=600)  # fmt: skip
    return out.stdout.strip().splitlines()[-1]


def ensure_lighthouse() -> None:
    if not CLI.exists():
        if shutil.which("npm") is None:
            sys.exit("bench/lighthouse: Lighthouse needs Node 18.20 or later with npm (not found)")
        print("bench/lighthouse: npm ci (Lighthouse, pinned)", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOL,
                       check=True, timeout=600)  # fmt: skip


@contextmanager
def empty_server(port: int) -> Iterator[None]:
    """The baseline: one minimal valid document, from the standard library's server."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path not in ("/", "/index.html"):
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(EMPTY_HTML)))
            self.end_headers()
            self.wfile.write(EMPTY_HTML)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(
    url: str, out: Path, chrome: str, headers: dict[str, str], timeout: float, traces: bool
) -> Run:
    cmd = [
        str(CLI), url, "--form-factor=mobile", "--output=json", f"--output-path={out}",
        "--quiet", f"--chrome-flags={CHROME_FLAGS}", f"--max-wait-for-load={int(timeout * 500)}",
    ]  # fmt: skip
    if traces:  # the trace and devtools log beside the report, for DevTools' performance panel
        cmd.append("--save-assets")
    if headers:
        cmd.append(f"--extra-headers={json.dumps(headers)}")
    env = dict(os.environ, CHROME_PATH=chrome)
    # Its own process group: a run past its time is stopped with the browser it started.
    child = subprocess.Popen(cmd, env=env, cwd=TOOL, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        _, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        raise LighthouseError(f"lighthouse on {url} took more than {timeout:g} s") from None
    if child.returncode != 0 or not out.exists():
        raise LighthouseError(
            f"lighthouse on {url} exited {child.returncode}: {err.decode()[-600:]}"
        )
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise LighthouseError(f"lighthouse on {url}: {report['runtimeError']}")
    return parse_report(report)


class LighthouseError(RuntimeError):
    pass


def attempt(
    url: str, out: Path, chrome: str, headers: dict[str, str], timeout: float, traces: bool
) -> Run:
    """One run, tried again (twice at most) when Lighthouse itself fails to record the load:
    now and then its trace has no navigation start (NO_NAVSTART) on this busy machine."""
    for left in (2, 1, 0):
        try:
            return lighthouse(url, out, chrome, headers, timeout, traces)
        except LighthouseError as error:
            if not left:
                raise
            print(f"  (tried again: {error})", flush=True)
            out.unlink(missing_ok=True)
    raise AssertionError("unreachable")


def pages() -> list[Page]:
    from app.wizards.catalogue import WIZARDS

    first = next(iter(WIZARDS.values()))
    return [
        Page("home", "/", "visitor"),
        Page("simulator with a result", f"/simulator/?{SIMULATION}", "visitor"),
        Page("a guide's first step", f"/wizards/{first.slug}/{first.first_step}", "visitor"),
        Page("my requests (signed in)", "/requests", "affiliate"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3, help="runs of each page")
    parser.add_argument("--timeout", type=float, default=180, help="seconds per run at most")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--only", default="", help="pages whose label has one of these words "
                        "(comma-separated); the empty page always runs")  # fmt: skip
    parser.add_argument("--traces", action="store_true", help="keep each run's trace too")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    chrome = chromium()
    ensure_lighthouse()
    from bench import loadgen
    from bench.load import granian, process

    port, empty_port = loadgen.free_port(), loadgen.free_port()
    os.environ.setdefault("ENV", "development")
    os.environ.setdefault("PICCOLO_CONF", "app.piccolo_conf")
    os.environ["BASE_URL"] = f"http://localhost:{port}"
    shutil.rmtree(REPORTS, ignore_errors=True)  # this run's reports only
    REPORTS.mkdir(parents=True)
    runs: dict[str, list[Run]] = {}
    failing: dict[str, set[str]] = {}
    with loadgen.embedded_environment("lighthouse") as env:
        os.environ.update(env)
        from bench.pages import prepare

        with contextlib.redirect_stdout(io.StringIO()):  # the migrations' progress lines
            _, sessions = asyncio.run(prepare())
        words = [w for w in args.only.split(",") if w]
        listed = [p for p in pages() if not words or any(w in p.label for w in words)]
        targets = [(EMPTY, f"http://localhost:{empty_port}/", {})]
        for page in listed:
            headers = {}
            if page.who != "visitor":
                headers["Cookie"] = f"affilio_session={sessions[page.who]}"
            targets.append((page.label, f"http://localhost:{port}{page.path}", headers))
        with (
            process(
                "lighthouse-web", granian("app.main:create_app", port, factory=True), env
            ) as web,
            empty_server(empty_port),
        ):
            loadgen.wait_up(f"http://127.0.0.1:{port}/readyz", web)
            with httpx.Client(timeout=30) as client:  # warm: templates compiled, caches filled
                for _, url, headers in targets:
                    for _ in range(3):
                        client.get(url, headers=headers).raise_for_status()
            started = time.monotonic()
            for n in range(args.runs):
                for label, url, headers in targets:
                    out = REPORTS / f"{slug(label)}-{n + 1}.json"
                    out.unlink(missing_ok=True)
                    run = attempt(url, out, chrome, headers, args.timeout, args.traces)
                    runs.setdefault(label, []).append(run)
                    failing.setdefault(label, set()).update(run.failing)
                    print(f"  run {n + 1}/{args.runs} {label}: "
                          + " ".join(f"{_figure(s)}" for s in run.scores.values())
                          + f", TBT {run.tbt_ms:.0f} ms, benchmark index "
                          f"{run.benchmark_index:.0f}", flush=True)  # fmt: skip
    listed_rows = rows(runs)
    indexes = [r.benchmark_index for series in runs.values() for r in series]
    print(f"\nLighthouse 12 mobile (default emulation and simulated throttling), median of "
          f"{args.runs} runs, {time.monotonic() - started:.0f} s; chromium {chrome}; benchmark "
          f"index {min(indexes):.0f}-{max(indexes):.0f} (lower: a busier machine)")  # fmt: skip
    print("\n".join(table(listed_rows)))
    for label, audits in failing.items():
        if audits:
            print(f"{label}: audits below 1 in some run: {', '.join(sorted(audits))}")
    missed = any(row.missed for row in listed_rows)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
