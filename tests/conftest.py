"""Test session setup.

tests/unit and tests/static never import Frappe. tests/integration and tests/browser need a real bench
(SALON_CRM_BENCH, default ~/frappe-bench; site SALON_CRM_SITE, default salon-test.localhost): when none is
usable, they are not collected and one test reports them skipped with the reason. When one is, this session starts
MariaDB/Redis if they are down, points the bench at this checkout, connects to the site the way Frappe's own
test runner does, installs or syncs the app there, and rolls back after every test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests import bench as bench_mod

CHECKOUT = Path(__file__).resolve().parent.parent
if str(CHECKOUT) not in sys.path:
	sys.path.insert(0, str(CHECKOUT))

NEEDS_BENCH = ("integration", "browser")
BENCH = bench_mod.find()


def _needs_bench(item) -> bool:
	parts = Path(str(item.fspath)).relative_to(CHECKOUT / "tests").parts
	return bool(parts) and parts[0] in NEEDS_BENCH


def pytest_report_header(config):
	if BENCH.ok:
		return f"salon_crm: bench {BENCH.path}, site {BENCH.site}, app code from {CHECKOUT}"
	return f"salon_crm: integration and browser suites skipped: {BENCH.reason}"


# Without a bench the suites that need one are not collected at all; tests/test_bench.py reports them as
# skipped on one line that says why.
collect_ignore = [] if BENCH.ok else list(NEEDS_BENCH)


def pytest_collect_file(file_path, parent):
	"""Connect to the site before the first integration/browser module is imported (modules may read the
	site, e.g. dates in parametrize)."""
	if BENCH.ok and not getattr(BENCH, "connected", False) and file_path.suffix == ".py":
		parts = Path(file_path).resolve().relative_to(CHECKOUT / "tests").parts
		if parts and parts[0] in NEEDS_BENCH and file_path.name.startswith("test_"):
			_connect()
	return None


def pytest_sessionfinish(session, exitstatus):
	if getattr(BENCH, "connected", False):
		import frappe

		frappe.db.rollback()
		frappe.destroy()
		BENCH.connected = False
	bench_mod.unlink_checkout(BENCH)
	bench_mod.stop_services(BENCH)


def _connect() -> None:
	import os

	bench_mod.start_services(BENCH)
	bench_mod.link_checkout(BENCH)
	os.chdir(BENCH.sites)  # Frappe writes logs and reads site paths relative to sites/

	import frappe

	frappe.init(site=BENCH.site, sites_path=str(BENCH.sites))
	frappe.connect()
	frappe.set_user("Administrator")
	frappe.flags.in_test = True
	frappe.clear_cache()
	BENCH.connected = True

	from tests.integration import site_setup

	site_setup.prepare_site()


@pytest.fixture(autouse=True)
def _rollback_after_test(request):
	"""Each integration/browser test leaves the database as it found it."""
	if not (BENCH.ok and getattr(BENCH, "connected", False) and _needs_bench(request.node)):
		yield
		return
	import frappe

	frappe.set_user("Administrator")
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.flags.pop("salon_crm", None)


@pytest.fixture
def bench():
	return BENCH
