"""Scale check: the nightly proactive-rights evaluation over 200 000 people.

    DATA_DIR=/tmp/affilio-bench .venv/bin/python -m bench.rights [--persons 200000] [--keep]

Fills a SEPARATE database (affilio_bench_rights on the same server; the app's own database is
never touched; its own, since the evaluation writes findings and notices) with the shared
generator (bench/generate.py): people with valid national numbers (born 1955–1999, so about a
quarter are 60 or older), their status (main, starter, secondary, student, helper, pensioner;
8 % stopped in 2024–2026), a contribution account with six quarters charged, mostly paid (some
late, some unpaid, with surcharges), and requests of every kind — the maternity-aid ones with
the birth they declare. Then times the real nightly evaluation
(`rights.service.evaluate_everyone`) twice: the first run finds and posts, the second finds
everything already there. Target: 200 000 people in under 10 minutes.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import asyncio
import time
from datetime import UTC, datetime

from bench import generate

DATABASE = "affilio_bench_rights"
PERSONS = 200_000
TARGET_SECONDS = 600.0
TODAY = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


async def evaluate(label: str, batch: int) -> tuple[float, int, int]:
    from app.kit import clock
    from app.rights import service

    started = time.perf_counter()
    with clock.frozen(TODAY):
        people, posted = await service.evaluate_everyone(batch=batch)
    seconds = time.perf_counter() - started
    rate = people / seconds if seconds else 0.0
    print(f"  {label:<28} {people:>8} people  {posted:>7} posted  {seconds:7.1f} s  "
          f"{rate:8.0f} people/s")  # fmt: skip
    return seconds, people, posted


async def main(args: argparse.Namespace) -> int:
    from app.kit import db

    try:
        await generate.use_database(DATABASE, persons=args.persons, keep=args.keep)
        from app.kit.db import fetch

        [row] = await fetch("SELECT count(*) AS n FROM affiliation")
        print(f"nightly evaluation of {row['n']} affiliated people, batches of {args.batch}")
        first, people, _posted = await evaluate("first run (finds, posts)", args.batch)
        await evaluate("second run (nothing new)", args.batch)
        budget = TARGET_SECONDS * people / PERSONS
        verdict = "ok" if first < budget else "SLOW"
        print(
            f"total {first:.1f} s for {people} people "
            f"(target {TARGET_SECONDS:.0f} s for {PERSONS}: {budget:.0f} s here) {verdict}"
        )
        return 0 if verdict == "ok" else 1
    finally:
        await db.close_pool()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=PERSONS)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--keep", action="store_true", help=f"reuse a filled {DATABASE}")
    arguments = parser.parse_args()
    if not 0 < arguments.persons <= 10_000_000:
        parser.error("--persons: 1 to 10 000 000")
    generate.setup_environment()
    sys.exit(asyncio.run(main(arguments)))
