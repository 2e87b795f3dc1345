# Two commands for a fresh machine: `make run` (the portal) and `make test` (the whole suite).
SHELL := /bin/bash
PY := .venv/bin/python

.PHONY: run test unit integration e2e lint i18n bench sync

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
