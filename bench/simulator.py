"""Requests per second of the simulator JSON API vs a bare Litestar JSON endpoint (uvicorn).

    .venv/bin/python bench/simulator.py [--seconds 5] [--concurrency 16] [--client httpx|wrk]

One run, loopback only: embedded PostgreSQL/Redis under DATA_DIR (default var/bench-simulator),
the real app (`app.main:create_app`) and a bare Litestar app with one trivial JSON endpoint
(`bare_json_app` below), each served by uvicorn with the same options, measured one after the
other so they do not share the CPU. Load is bounded in time and in requests. Prints both figures
and the ratio, so machines can be compared. Load comes from wrk when installed
(apt-get install wrk), else from an async httpx client (which is itself CPU bound: its figures
are lower, the ratio stays meaningful).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # (bench/queue.py shadows stdlib)

from typing import Any

from bench import loadgen

SIMULATION = "/api/v1/contributions/simulation?year=2025&category=main&income=25000"
BARE_PATH = "/json"


def bare_json_app() -> Any:
    """The baseline: one trivial JSON endpoint, nothing else (no middleware, no templates)."""
    from litestar import Litestar, get

    @get(BARE_PATH, sync_to_thread=False)
    def payload() -> dict[str, str]:
        return {"quarterly_contribution": "1281.25"}

    return Litestar(route_handlers=[payload])


def main() -> None:
    options = loadgen.load_options(__doc__.splitlines()[0] if __doc__ else None)
    with loadgen.embedded_environment("bench-simulator") as env:
        bare = loadgen.measure(
            "uvicorn", "bench.simulator:bare_json_app", BARE_PATH, env, **options
        )
        api = loadgen.measure("uvicorn", "app.main:create_app", SIMULATION, env, **options)
    print(loadgen.describe_load(options))
    print(f"bare Litestar JSON endpoint   {bare:>10.0f} req/s")
    print(f"GET {SIMULATION}")
    print(f"simulator API                 {api:>10.0f} req/s")
    print(f"ratio simulator / bare        {api / bare:>10.2f}")


if __name__ == "__main__":
    main()
