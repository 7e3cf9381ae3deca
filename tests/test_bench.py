"""The one line that says whether the integration and browser suites ran, and why not."""

import pytest

from tests.conftest import BENCH, CHECKOUT


def test_integration_suite_runs_against_this_checkout():
	if not BENCH.ok:
		pytest.skip(f"integration suite skipped: {BENCH.reason}")
	import salon_crm

	assert CHECKOUT in __import__("pathlib").Path(salon_crm.__file__).resolve().parents
