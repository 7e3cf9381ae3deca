"""Finding and preparing the Frappe bench the integration and browser suites run against.

No Frappe import here: this module decides whether a bench is usable, starts MariaDB and the bench's Redis
servers when they are down (and stops what it started), and points the bench at this checkout, so the code
under test is the checkout's, never another copy of the app.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

CHECKOUT = Path(__file__).resolve().parent.parent
DEFAULT_SITE = "salon-test.localhost"


@dataclass
class Bench:
	path: Path
	site: str
	reason: str = ""  # why the bench cannot be used; empty when usable
	started: list = field(default_factory=list)  # services this run started: (name, stop callable)
	_restore: list = field(default_factory=list)

	@property
	def ok(self) -> bool:
		return not self.reason

	@property
	def python(self) -> Path:
		return self.path / "env" / "bin" / "python"

	@property
	def sites(self) -> Path:
		return self.path / "sites"

	def config(self) -> dict:
		conf = {}
		for path in (self.sites / "common_site_config.json", self.sites / self.site / "site_config.json"):
			if path.exists():
				conf.update(json.loads(path.read_text()))
		return conf


def find() -> Bench:
	path = Path(os.environ.get("SALON_CRM_BENCH") or Path.home() / "frappe-bench").expanduser()
	site = os.environ.get("SALON_CRM_SITE") or DEFAULT_SITE
	bench = Bench(path=path, site=site)
	if not (path / "apps" / "frappe").is_dir() or not (path / "sites").is_dir():
		bench.reason = f"no Frappe bench at {path} (set SALON_CRM_BENCH to a bench with ERPNext)"
	elif not (path / "apps" / "erpnext").is_dir():
		bench.reason = f"the bench at {path} has no ERPNext app"
	elif not bench.python.exists():
		bench.reason = f"the bench at {path} has no env/bin/python"
	elif not (bench.sites / site / "site_config.json").exists():
		bench.reason = f"the bench at {path} has no site {site} (set SALON_CRM_SITE)"
	elif Path(sys.executable).resolve().parent.parent != (path / "env").resolve() and not _is_bench_env():
		bench.reason = (
			f"pytest is not running in the bench's Python ({bench.python}); "
			"run the README's test command (scripts/run_tests.sh)"
		)
	return bench


def _is_bench_env() -> bool:
	try:
		import frappe
	except ImportError:
		return False
	return True


def _port_open(host: str, port: int) -> bool:
	with socket.socket() as s:
		s.settimeout(0.5)
		return s.connect_ex((host, port)) == 0


def _wait_port(host: str, port: int, seconds: float) -> bool:
	deadline = time.monotonic() + seconds
	while time.monotonic() < deadline:
		if _port_open(host, port):
			return True
		time.sleep(0.25)
	return False


def start_services(bench: Bench) -> None:
	"""Start MariaDB and the bench's Redis servers if they are down; remember what was started."""
	conf = bench.config()
	db_host = conf.get("db_host") or "127.0.0.1"
	db_port = int(conf.get("db_port") or 3306)
	if db_host in ("127.0.0.1", "localhost") and not _port_open("127.0.0.1", db_port):
		if shutil.which("service"):
			subprocess.run(["service", "mariadb", "start"], check=False, capture_output=True)
		if not _wait_port("127.0.0.1", db_port, 30):
			raise RuntimeError(f"MariaDB is not answering on 127.0.0.1:{db_port} and could not be started")
		bench.started.append(
			(
				"mariadb",
				lambda: subprocess.run(["service", "mariadb", "stop"], check=False, capture_output=True),
			)
		)

	for key, conf_file in (("redis_cache", "redis_cache.conf"), ("redis_queue", "redis_queue.conf")):
		url = urlparse(conf.get(key) or "")
		if not url.port or _port_open(url.hostname or "127.0.0.1", url.port):
			continue
		conf_path = bench.path / "config" / conf_file
		proc = subprocess.Popen(
			["redis-server", str(conf_path)],
			cwd=bench.path / "config",
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
		)
		if not _wait_port("127.0.0.1", url.port, 15):
			proc.terminate()
			raise RuntimeError(f"Redis ({key}) could not be started from {conf_path}")
		bench.started.append((key, proc.terminate))


def stop_services(bench: Bench) -> None:
	for _name, stop in reversed(bench.started):
		stop()
	bench.started.clear()


def link_checkout(bench: Bench) -> None:
	"""Make the bench load salon_crm from this checkout: apps/salon_crm is a symlink to it, the bench env
	imports it, and sites/apps.txt lists it. Restored by `unlink_checkout` at the end of the run."""
	app_link = bench.path / "apps" / "salon_crm"
	if app_link.is_symlink():
		previous = os.readlink(app_link)
		if Path(previous).resolve() != CHECKOUT:
			app_link.unlink()
			app_link.symlink_to(CHECKOUT, target_is_directory=True)
			bench._restore.append(lambda: (app_link.unlink(), app_link.symlink_to(previous)))
	elif not app_link.exists():
		app_link.symlink_to(CHECKOUT, target_is_directory=True)
		bench._restore.append(app_link.unlink)
	# (a real apps/salon_crm directory from `bench get-app` is left alone: sys.path and PYTHONPATH below
	# put the checkout first, and tests assert the imported package is the checkout's.)

	site_packages = next((bench.path / "env" / "lib").glob("python3*/site-packages"))
	pth = site_packages / "salon_crm_checkout.pth"
	old = pth.read_text() if pth.exists() else None
	pth.write_text(str(CHECKOUT) + "\n")
	bench._restore.append(lambda: pth.write_text(old) if old is not None else pth.unlink())

	apps_txt = bench.sites / "apps.txt"
	apps = [a.strip() for a in apps_txt.read_text().splitlines() if a.strip()]
	if "salon_crm" not in apps:
		apps_txt.write_text("\n".join([*apps, "salon_crm"]) + "\n")

	if str(CHECKOUT) not in sys.path:
		sys.path.insert(0, str(CHECKOUT))
	os.environ["PYTHONPATH"] = os.pathsep.join(
		p for p in (str(CHECKOUT), os.environ.get("PYTHONPATH", "")) if p
	)


def unlink_checkout(bench: Bench) -> None:
	for restore in reversed(bench._restore):
		try:
			restore()
		except OSError:
			pass
	bench._restore.clear()


def bench_cli(bench: Bench, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
	"""Run `bench --site SITE ...` the way bench does (the bench env's frappe CLI, from sites/)."""
	cmd = [str(bench.python), "-m", "frappe.utils.bench_helper", "frappe", "--site", bench.site, *args]
	return subprocess.run(
		cmd, cwd=bench.sites, capture_output=True, text=True, timeout=timeout, env={**os.environ}
	)
