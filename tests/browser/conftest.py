"""Browser suite: headless Chromium (Debian's package) driven by Playwright against the test site served by
gunicorn from the bench env (as production benches serve it), started here on 127.0.0.1 on a free port and
stopped at the end.

Skips (every test, with one reason) when Playwright's Python package or a Chromium binary is missing. The
browser and the web server run in their own database transactions: tests commit the records they need
through this process's Frappe connection and delete them afterwards.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from tests import bench as bench_mod
from tests.browser import records
from tests.browser.support import CHROMIUM_ARGS, SCREENSHOTS, chromium_path, missing_browser_reason

SERVER_START_SECONDS = 90


def _free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def _ping(port: int, site: str) -> bool:
	request = urllib.request.Request(f"http://127.0.0.1:{port}/api/method/ping", headers={"Host": site})
	try:
		with urllib.request.urlopen(request, timeout=5) as response:
			return b"pong" in response.read()
	except OSError:
		return False


def sync_workspace_records() -> None:
	"""Number cards and dashboard charts are imported by `bench migrate`/install (sync_dashboards), not by the
	harness's doctype sync: import them so the workspace shows them."""
	import frappe
	from frappe.utils.dashboard import sync_dashboards

	sync_dashboards("salon_crm")
	frappe.db.commit()


@pytest.fixture
def created():
	"""Committed records of one test, deleted afterwards (also what the browser made for them)."""
	made = records.Created()
	try:
		yield made
	finally:
		records.remove(made)


@pytest.fixture(scope="session")
def browser_reason():
	return missing_browser_reason()


def server_command(bench, port: int) -> list[str]:
	"""The site served as production benches serve it: gunicorn (a Frappe dependency, in the bench env)
	with Frappe's WSGI application, bound to 127.0.0.1 only. Frappe's own `application_with_statics()`
	adds the /assets and /files routes that nginx serves in production. Nothing of Frappe is patched:
	stock `bench serve` binds 0.0.0.0 and has no host option."""
	return [
		str(bench.path / "env" / "bin" / "gunicorn"),
		"--bind",
		f"127.0.0.1:{port}",
		"--workers",
		"2",
		"--threads",
		"4",
		"--timeout",
		"120",
		"--graceful-timeout",
		"5",
		"frappe.app:application_with_statics()",
	]


def listening_addresses(pid: int) -> set[tuple[str, int]]:
	"""Every (address, port) a process and its children listen on."""
	import psutil

	root = psutil.Process(pid)
	pids = {root.pid, *(child.pid for child in root.children(recursive=True))}
	return {
		(c.laddr.ip, c.laddr.port)
		for c in psutil.net_connections(kind="inet")
		if c.status == psutil.CONN_LISTEN and c.pid in pids
	}


@pytest.fixture(scope="session")
def server_process():
	"""Filled by `web_server` with the running server's Popen (for the listening-address check)."""
	return {}


@pytest.fixture(scope="session")
def web_server(browser_reason, server_process):
	"""gunicorn serving the test site on 127.0.0.1:<free port> (see `server_command`). Yields the base URL
	the browser uses (http://<site>:<port>); the site is chosen by the Host header, as behind nginx."""
	if browser_reason:
		pytest.skip(browser_reason)
	bench = bench_mod.find()  # (tests/conftest.py's `bench` fixture is per test)
	sync_workspace_records()
	SCREENSHOTS.mkdir(exist_ok=True)
	for old in SCREENSHOTS.glob("*.png"):
		old.unlink()
	port = _free_port()
	log_path = SCREENSHOTS / "web_server.log"
	log = log_path.open("w")
	proc = subprocess.Popen(
		server_command(bench, port),
		cwd=bench.sites,
		env={**os.environ},
		stdout=log,
		stderr=subprocess.STDOUT,
		start_new_session=True,
	)
	server_process["proc"] = proc
	server_process["port"] = port
	try:
		deadline = time.monotonic() + SERVER_START_SECONDS
		while not _ping(port, bench.site):
			if proc.poll() is not None or time.monotonic() > deadline:
				log.flush()
				tail = log_path.read_text()[-3000:]
				pytest.fail(f"the web server did not answer on 127.0.0.1:{port}:\n{tail}")
			time.sleep(0.5)
		yield f"http://{bench.site}:{port}"
	finally:
		if proc.poll() is None:
			os.killpg(proc.pid, signal.SIGTERM)
			try:
				proc.wait(timeout=15)
			except subprocess.TimeoutExpired:
				os.killpg(proc.pid, signal.SIGKILL)
				proc.wait(timeout=15)
		log.close()


@pytest.fixture(scope="session")
def chromium(browser_reason, web_server):
	from playwright.sync_api import sync_playwright

	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(
			executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
		)
		try:
			yield browser
		finally:
			browser.close()


@pytest.fixture
def page(chromium, web_server, request):
	"""A fresh browser context (no cookies) per test; a screenshot of the last page is kept on failure."""
	context = chromium.new_context(
		base_url=web_server, viewport={"width": 1400, "height": 950}, locale="en-US", timezone_id="UTC"
	)
	context.set_default_timeout(20_000)
	page = context.new_page()
	errors: list[str] = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	page.js_errors = errors
	yield page
	failed = getattr(request.node, "rep_call", None)
	if failed is not None and failed.failed:
		page.screenshot(path=str(SCREENSHOTS / f"FAILED-{request.node.name}.png"), full_page=True)
	context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
	outcome = yield
	report = outcome.get_result()
	if report.when == "call":
		item.rep_call = report
