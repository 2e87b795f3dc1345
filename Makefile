# Two commands for a fresh machine: `make run` (the portal) and `make test` (the whole suite).
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY := .venv/bin/python

.PHONY: run test unit integration e2e lint i18n bench uv sync

uv:
	@command -v uv >/dev/null 2>&1 || [ -x "$(HOME)/.local/bin/uv" ] || \
		python3 -m pip install --user --quiet uv 2>/dev/null || \
		python3 -m pip install --user --quiet --break-system-packages uv

sync: uv
	@$(UV) sync --frozen --quiet

run: sync
	@$(PY) -m app.cli run

test: sync
	@$(PY) -m pytest tests -q -p no:cacheprovider
	@$(PY) -m pytest e2e -q -p no:cacheprovider

unit: sync
	@$(PY) -m pytest tests/unit -q -p no:cacheprovider

integration: sync
	@$(PY) -m pytest tests/integration tests/workers -q -p no:cacheprovider

e2e: sync
	@$(PY) -m pytest e2e -q -p no:cacheprovider

lint: sync
	@$(PY) -m ruff check .
	@$(PY) scripts/i18n.py --check

i18n: sync
	@$(PY) scripts/i18n.py

bench: sync
	@$(PY) bench/pages.py
