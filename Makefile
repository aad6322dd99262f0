# The same targets run locally and in CI (.ci/run). `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(PYTHON) -m uv

.PHONY: help deps install install-prometheus install-ralph run up down status test test-unit check format clean bench rebuild dead-letters demo bench-reports

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

deps: ## Create .venv with the pinned Python dependencies (uv.lock)
	@$(PYTHON) -m uv --version 2>/dev/null | grep -q "$(UV_VERSION)" || \
		$(PYTHON) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	@$(UV) sync --locked --quiet

install: deps ## Install the local stack (Kafka jars, FerretDB) into .local/
	@bash deploy/local/install.sh

run: install ## Run the whole pipeline in the foreground; Ctrl-C stops it
	@$(UV) run --locked python -m devstack run

up: install ## Start the pipeline in the background, return when healthy
	@$(UV) run --locked python -m devstack up

down: deps ## Stop what `make up` started
	@$(UV) run --locked python -m devstack down

status: deps ## Show which processes of the local stack run
	@$(UV) run --locked python -m devstack status

install-prometheus: ## Install Debian's prometheus package (for the metrics test)
	@bash deploy/local/install-prometheus.sh

install-ralph: deps ## Install the benchmark's peer LRS, Ralph (pinned), into .local/ralph/
	@PYTHON=$(PYTHON) bash deploy/local/install-ralph.sh

test: install install-prometheus ## Run all tests (starts Kafka and FerretDB for them when needed)
	@$(UV) run --locked pytest

test-unit: deps ## Run the unit tests only (no services)
	@$(UV) run --locked pytest tests/unit

bench: install install-ralph ## Load benchmark (and the peer Ralph) on a stack of its own, targets met/missed, JSON in bench/results/ (BENCH_ARGS=--quick: under 10 min)
	@$(UV) run --locked python -m bench.load $(BENCH_ARGS)

demo: install ## Start the stack in the background if needed, load a year of demo data, print where to look (DEMO_ARGS=--learners 500)
	@$(UV) run --locked python -m devstack up
	@$(UV) run --locked python -m services.demo send $(DEMO_ARGS)

bench-reports: install ## Report latency on the demo, on a stack of its own (REPORTS_ARGS=--url http://127.0.0.1:8081 after make demo)
	@$(UV) run --locked python -m bench.reports $(REPORTS_ARGS)

rebuild: deps ## Replay the statements topic into a fresh database and compare it with the live one (INTO=name)
	@$(UV) run --locked python -m services.rebuild run --into $(or $(INTO),lrs_rebuilt_$(shell date +%Y%m%d%H%M%S))

dead-letters: deps ## List what the aggregator sent to the dead-letter topic, and why
	@$(UV) run --locked python -m services.dead_letters list

check: deps ## ruff format --check, ruff check, mypy --strict
	@$(UV) run --locked ruff format --check .
	@$(UV) run --locked ruff check .
	@$(UV) run --locked mypy services schemas devstack tests bench

format: deps ## Format and fix what ruff can
	@$(UV) run --locked ruff format .
	@$(UV) run --locked ruff check --fix .

clean: ## Remove the local stack's data (keeps the installed Kafka and FerretDB)
	rm -rf .local/state
