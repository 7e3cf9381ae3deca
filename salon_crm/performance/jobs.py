"""Scheduled and enqueued customer performance refreshes.

`nightly_refresh` is declared under `daily_long` in hooks.py, so the scheduler already runs it on the long
queue. It refreshes incrementally, and in full once a week (or when no full refresh ever ran) to repair
anything the incremental mode cannot see (stock reposts that change past costs). The figures are read on
the site's read replica when one is configured (`read_from_replica` in site_config.json).
"""

from __future__ import annotations

import frappe

from salon_crm.performance import service

JOB_ID = "salon_crm_performance_refresh"
FULL_EVERY_DAYS = 7


def nightly_refresh() -> dict:
	return service.refresh(full=service.full_refresh_due(FULL_EVERY_DAYS), commit=True)


def run_refresh(full: bool = False) -> dict:
	"""Body of an enqueued refresh (the settings' or the report's "Refresh All" button)."""
	return service.refresh(full=full, commit=True)


def enqueue_refresh(full: bool = False):
	"""One refresh of all customers on the long queue; a second request while one is queued is dropped."""
	return frappe.enqueue(
		"salon_crm.performance.jobs.run_refresh",
		queue="long",
		timeout=4 * 3600,
		job_id=JOB_ID,
		deduplicate=True,
		full=full,
	)
