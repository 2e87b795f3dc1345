# Two commands for a fresh machine: `make run` (the portal) and `make test` (the whole suite).
SHELL := /bin/bash
PY := .venv/bin/python

.PHONY: run test unit integration e2e lint i18n bench load lighthouse sync

# Each target finds or installs what a bare machine lacks: uv (scripts/ensure-uv), pango and a
# font for the PDFs (scripts/ensure-pdf-libs) and, for the browser tests, Debian's chromium
# (scripts/ensure-chromium); for the benchmarks, wrk (scripts/ensure-wrk).
sync:
	@UV="$$(scripts/ensure-uv)" && "$$UV" sync --frozen --quiet
	@scripts/ensure-pdf-libs

run: sync
	@$(PY) -m app.cli run

test: sync
	@$(PY) -m pytest tests -q -p no:cacheprovider
	@CHROMIUM="$$(scripts/ensure-chromium)" && CHROMIUM="$$CHROMIUM" $(PY) -m pytest e2e -q -p no:cacheprovider

unit: sync
	@$(PY) -m pytest tests/unit -q -p no:cacheprovider

integration: sync
	@$(PY) -m pytest tests/integration tests/workers -q -p no:cacheprovider

e2e: sync
	@CHROMIUM="$$(scripts/ensure-chromium)" && CHROMIUM="$$CHROMIUM" $(PY) -m pytest e2e -q -p no:cacheprovider

lint: sync
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .
	@$(PY) -m mypy
	@$(PY) scripts/i18n.py --check

i18n: sync
	@$(PY) scripts/i18n.py

bench: sync
	@scripts/ensure-wrk >/dev/null
	@$(PY) bench/pages.py

# 300 affiliates and staff with passkeys on the production-style processes, then a bare endpoint
# (bench/load.py; about 3 min). Options: make load LOAD="--users 30 --seconds 15".
load: sync
	@$(PY) bench/load.py $(LOAD)

# Lighthouse 12 mobile on the home page, the simulator, a guide step, a signed-in page and an
# empty page, median of 3 (bench/lighthouse.py; about 3 min). Node is on the machine; chromium
# comes from scripts/ensure-chromium and lighthouse from `npm ci` in bench/lighthouse.
# Options: make lighthouse LIGHTHOUSE="--check" (exit 1 when a target is missed).
lighthouse: sync
	@scripts/ensure-chromium >/dev/null
	@$(PY) bench/lighthouse.py $(LIGHTHOUSE)
