"""What the browser suite needs from the machine (no Playwright import here, so a missing package is a skip
with a reason, not an import error)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-dev-shm-usage",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
	# any site name (salon-test.localhost, ...) resolves to the loopback server, /etc/hosts or not
	"--host-resolver-rules=MAP * 127.0.0.1",
]


def chromium_path() -> str | None:
	"""SALON_CRM_CHROMIUM, else Debian's chromium (never a browser downloaded by `playwright install`)."""
	explicit = os.environ.get("SALON_CRM_CHROMIUM")
	if explicit:
		return explicit if Path(explicit).exists() else None
	for candidate in CHROMIUM_CANDIDATES:
		if Path(candidate).exists():
			return candidate
	return shutil.which("chromium") or shutil.which("chromium-browser")


def missing_browser_reason() -> str:
	"""Why the browser suite cannot run here ('' when it can)."""
	try:
		import playwright.sync_api
	except ImportError:
		return (
			"Playwright's Python package is not installed in the bench env "
			"(scripts/run_tests.sh installs it: pip install playwright)"
		)
	if not chromium_path():
		return "no Chromium binary (apt-get install chromium, or set SALON_CRM_CHROMIUM)"
	return ""
