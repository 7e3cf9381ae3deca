"""Scheduler entry of the greetings (hooks.py: scheduler_events["hourly"])."""

from __future__ import annotations

from datetime import datetime

import frappe
from frappe.utils import get_datetime, get_time, now_datetime

from salon_crm.greetings import service
from salon_crm.rules.dates import in_window


def hourly(at: datetime | str | None = None) -> dict | None:
	"""Every hour: outside the sending window (Salon CRM Settings, site time zone) do nothing; inside it,
	log and queue today's greetings. The first run inside the window sends the day's greetings; later runs
	add nothing new (each greeting is logged once) and retry the ones that failed.

	`at` stands in for the current time (tests). Returns the counts of the run, or None when nothing ran.
	"""
	at = get_datetime(at) if at else now_datetime()
	if not frappe.db.get_single_value("Salon CRM Settings", "enable_greetings"):
		return None
	if not sending_allowed_at(at):
		return None
	return service.queue_todays_greetings(on_date=at.date())


def sending_allowed_at(at: datetime) -> bool:
	"""Whether `at` falls inside the greeting window [from, until) of Salon CRM Settings (always when either
	is empty or both are equal; a window may cross midnight)."""
	start = frappe.db.get_single_value("Salon CRM Settings", "quiet_hours_start")
	end = frappe.db.get_single_value("Salon CRM Settings", "quiet_hours_end")
	return in_window(at.time(), get_time(start) if start else None, get_time(end) if end else None)
