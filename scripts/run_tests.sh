#!/usr/bin/env bash
# The one command that runs every test of salon_crm (the README's command 2; .ci/run calls exactly this).
#
# - Without a bench: a private virtualenv (.venv) with pytest, hypothesis, phonenumbers and ruff; ruff, then
#   pytest over tests/ (the integration and browser suites report themselves skipped, with the reason).
# - With a bench (SALON_CRM_BENCH, default ~/frappe-bench; site SALON_CRM_SITE, default
#   salon-test.localhost): pytest runs in the bench's Python so the integration suite can import Frappe; the
#   session starts MariaDB/Redis if they are down (and stops them after), points the bench at this checkout
#   and installs or syncs the app on the test site.
# Extra arguments go to pytest (e.g. scripts/run_tests.sh tests/unit -x).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BENCH="${SALON_CRM_BENCH:-$HOME/frappe-bench}"
TEST_DEPS=(pytest "hypothesis>=6.70" "phonenumbers>=8.13" "jinja2>=3.1" "ruff==0.8.6")

if [[ -x "$BENCH/env/bin/python" && -d "$BENCH/apps/frappe" && -d "$BENCH/apps/erpnext" ]]; then
	PY="$BENCH/env/bin/python"
	if ! "$PY" -c "import pytest, hypothesis" 2>/dev/null; then
		"$PY" -m pip install --quiet pytest "hypothesis>=6.70"
	fi
	# tests/browser drives Debian's Chromium with Playwright's Python package (never `playwright install`)
	if ! "$PY" -c "import playwright" 2>/dev/null; then
		"$PY" -m pip install --quiet playwright || echo "playwright not installed: tests/browser will skip" >&2
	fi
else
	if [[ ! -x .venv/bin/python ]]; then
		python3 -m venv .venv
	fi
	PY="$ROOT/.venv/bin/python"
	if ! "$PY" -c "import pytest, hypothesis, phonenumbers, jinja2" 2>/dev/null || [[ ! -x .venv/bin/ruff ]]; then
		"$PY" -m pip install --quiet --disable-pip-version-check "${TEST_DEPS[@]}"
	fi
fi

# Lint like Frappe apps do (ruff settings in pyproject.toml); errors fail the run.
RUFF="$ROOT/.venv/bin/ruff"
if [[ ! -x "$RUFF" ]]; then
	python3 -m venv .venv
	.venv/bin/python -m pip install --quiet --disable-pip-version-check "ruff==0.8.6"
fi
"$RUFF" check salon_crm tests benchmarks
"$RUFF" format --check salon_crm tests benchmarks

exec "$PY" -m pytest -p no:cacheprovider "$@"
