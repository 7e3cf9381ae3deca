"""Scheduler entry of the greetings (hooks.py: scheduler_events["hourly"])."""

from __future__ import annotations

from datetime import datetime

import frappe
from frappe.utils import get_datetime, now_datetime

from salon_crm.greetings import service
from salon_crm.messaging.window import sending_allowed_at


def hourly(at: datetime | str | None = None) -> dict | None:
	"""Every hour: outside the sending window (Salon CRM Settings, site time zone) do nothing; inside it,
	plan today's greetings into the outbox. The first run inside the window plans the day's greetings;
	later runs add nothing new (each greeting is planned once). Failed greetings are retried by the outbox.

	`at` stands in for the current time (tests). Returns the counts of the run, or None when nothing ran.
	"""
	at = get_datetime(at) if at else now_datetime()
	if not frappe.db.get_single_value("Salon CRM Settings", "enable_greetings"):
		return None
	if not sending_allowed_at(at):
		return None
	return service.queue_todays_greetings(at=at)
