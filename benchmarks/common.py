"""Shared helpers of the benchmark scripts: connecting to a site the way tests/conftest.py does, timing,
printing tables, and the machine facts every table states."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
BENCH = Path(os.environ.get("SALON_CRM_BENCH") or Path.home() / "frappe-bench").expanduser()
DEFAULT_SITE = "salon-bench.localhost"
PROTECTED_SITES = ("salon-test.localhost", "salon-t2.localhost", "salon-t3.localhost", "salon-t4.localhost")


def parser(description: str) -> argparse.ArgumentParser:
	p = argparse.ArgumentParser(description=description)
	p.add_argument("--site", default=DEFAULT_SITE, help=f"benchmark site (default {DEFAULT_SITE})")
	return p


def connect(site: str, allow_any_site: bool = False) -> None:
	"""frappe.init/connect on `site` from the bench's sites/ directory, as Administrator."""
	if not allow_any_site and (site in PROTECTED_SITES or "bench" not in site):
		sys.exit(f"refusing to run on {site}: use a dedicated benchmark site (a name containing 'bench')")
	if str(CHECKOUT) not in sys.path:
		sys.path.insert(0, str(CHECKOUT))
	os.chdir(BENCH / "sites")
	import frappe

	frappe.init(site=site, sites_path=str(BENCH / "sites"))
	frappe.connect()
	frappe.set_user("Administrator")


def machine() -> dict:
	import frappe

	mem_kb = 0
	try:
		for line in Path("/proc/meminfo").read_text().splitlines():
			if line.startswith("MemTotal:"):
				mem_kb = int(line.split()[1])
	except OSError:
		pass
	pool = frappe.db.sql("select @@innodb_buffer_pool_size")[0][0]
	version = frappe.db.sql("select version()")[0][0]
	return {
		"cpus": os.cpu_count(),
		"memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
		"innodb_buffer_pool_size": f"{int(pool) / 1024 / 1024:.0f} MiB",
		"mariadb": version,
	}


def timed(fn, *args, **kwargs) -> tuple[float, object]:
	started = time.perf_counter()
	result = fn(*args, **kwargs)
	return time.perf_counter() - started, result


def settle(max_seconds: float = 120) -> None:
	"""Wait until InnoDB has purged the undo history earlier bulk writes left (its purge threads compete
	with whatever runs next, so a timing taken right after a big UPDATE measures the previous run too)."""
	import frappe

	deadline = time.monotonic() + max_seconds
	while time.monotonic() < deadline:
		length = frappe.db.sql("show global status like 'Innodb_history_list_length'")
		if not length or int(length[0][1]) < 1000:
			return
		time.sleep(0.5)


def best_of(runs: int, fn, *args, **kwargs) -> float:
	"""The shortest of `runs` timings of fn(*args, **kwargs), in seconds, each taken after settle()."""
	times = []
	for _ in range(max(1, runs)):
		settle()
		times.append(timed(fn, *args, **kwargs)[0])
	return min(times)


def percentiles(samples: list[float]) -> tuple[float, float]:
	"""(p50, p95) in milliseconds."""
	ordered = sorted(samples)
	p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
	return statistics.median(ordered) * 1000, p95 * 1000


def table(headers: list[str], rows: list[list]) -> str:
	"""A Markdown table."""
	cells = [[str(c) for c in row] for row in rows]
	widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
	line = lambda values: "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"  # noqa: E731
	return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells)])
