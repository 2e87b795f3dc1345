"""Requests per second of the home page vs a bare Litestar endpoint, under uvicorn and granian.

    .venv/bin/python bench/pages.py [--seconds 5] [--concurrency 16] [--client httpx|wrk]

Everything runs on loopback in this one run: embedded PostgreSQL/Redis (under DATA_DIR, default
var/bench), the real app and a bare app, each under both servers, one at a time. Load is bounded
in time. Prints requests/s, the ratios (real page / bare endpoint) and which server serves real
pages faster. Load comes from wrk when installed (apt-get install wrk), else from httpx.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # (bench/queue.py shadows stdlib)


from bench import loadgen

BARE_APP = "bench.bare_app:app"


def main() -> None:
    options = loadgen.load_options(__doc__.splitlines()[0] if __doc__ else None)
    with loadgen.embedded_environment("bench") as env:
        results: dict[tuple[str, str], float] = {}
        for server in loadgen.SERVERS:
            results[(server, "bare")] = loadgen.measure(server, BARE_APP, "/", env, **options)
            results[(server, "home")] = loadgen.measure(
                server, "app.main:create_app", "/", env, **options
            )
    print(loadgen.describe_load(options))
    print(f"{'server':<10}{'bare litestar req/s':>22}{'home page req/s':>18}{'home/bare':>12}")
    for server in loadgen.SERVERS:
        bare, home = results[(server, "bare")], results[(server, "home")]
        print(f"{server:<10}{bare:>22.0f}{home:>18.0f}{home / bare:>12.2f}")
    best = max(loadgen.SERVERS, key=lambda s: results[(s, "home")])
    print(f"faster server for real pages: {best}")


if __name__ == "__main__":
    main()
