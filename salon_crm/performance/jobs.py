"""Scheduled and enqueued customer performance refreshes.

A customer's figures follow her transactions: an invoice submitted or cancelled, a card sold, used, expired or
refunded, a profile linked to its customer queue a refresh of that customer (`queue_customer_refresh`), sent
to the queue once the transaction commits, one queued job per customer.

`nightly_refresh` is declared under `daily_long` in hooks.py, so the scheduler already runs it on the long
queue. It refreshes incrementally, and in full once a week (or when no full refresh ever ran) to repair
anything the incremental mode cannot see (stock reposts that change past costs). The figures are read on
the site's read replica when one is configured (`read_from_replica` in site_config.json).
"""

from __future__ import annotations

import frappe

from salon_crm.performance import service

JOB_ID = "salon_crm_performance_refresh"
CUSTOMER_JOB_ID = "salon_crm_performance_customer::{0}"
FULL_EVERY_DAYS = 7
ONE_JOB_EACH_UP_TO = 50
"""A transaction touching more customers (an import) queues one job for all of them instead."""
PENDING = "salon_performance_pending"


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


# ---------------------------------------------------------------- per customer, after a transaction


def queue_customer_refresh(*customers: str | None) -> None:
	"""Refresh these ERPNext customers' figures on the queue once the current transaction commits (nothing
	if it rolls back). The customers of one transaction are collected and sent together after the commit."""
	pending = frappe.flags.get(PENDING)
	if pending is None:
		pending = frappe.flags[PENDING] = set()
		frappe.db.after_commit.add(_enqueue_pending)
		frappe.db.after_rollback.add(_forget_pending)
	pending.update(c for c in customers if c)


def _forget_pending() -> None:
	frappe.flags.pop(PENDING, None)


def _enqueue_pending() -> None:
	"""After the commit: one job per customer, skipped while that customer's job is still waiting (it will
	read the committed figures when it runs); a large batch as one job."""
	customers = sorted(frappe.flags.pop(PENDING, None) or ())
	try:
		if len(customers) > ONE_JOB_EACH_UP_TO:
			frappe.enqueue("salon_crm.performance.jobs.refresh_customers", queue="long", customers=customers)
			return
		for customer in customers:
			frappe.enqueue(
				"salon_crm.performance.jobs.refresh_customer",
				queue="default",
				job_id=CUSTOMER_JOB_ID.format(customer),
				deduplicate=True,
				customer=customer,
			)
	except Exception:
		# the transaction is committed: never fail the request for this; the nightly refresh catches up
		frappe.log_error(title="Salon CRM: performance refresh not queued")


def refresh_customer(customer: str) -> None:
	"""Body of a queued per-customer refresh."""
	service.refresh_customers([customer], commit=True)


def refresh_customers(customers: list[str]) -> None:
	"""Body of a queued refresh of many customers (a transaction that touched many)."""
	service.refresh_customers(customers, commit=True)
