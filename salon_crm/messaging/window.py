"""The sending window: messages leave only between the "from" and "until" times of Salon CRM Settings (site
time zone). Greetings are planned inside it; the outbox sends (and retries) only inside it."""

from __future__ import annotations

from datetime import datetime

import frappe
from frappe.utils import get_time

from salon_crm.rules.dates import in_window


def sending_allowed_at(at: datetime) -> bool:
	"""Whether `at` falls inside the window [from, until) of Salon CRM Settings (always when either is empty
	or both are equal; a window may cross midnight)."""
	start = frappe.db.get_single_value("Salon CRM Settings", "quiet_hours_start")
	end = frappe.db.get_single_value("Salon CRM Settings", "quiet_hours_end")
	return in_window(at.time(), _time(start), _time(end))


def _time(value):
	"""A stored window time, or None when it is empty. Midnight is a time: Frappe reads "00:00:00" as
	timedelta(0), which is falsy."""
	return None if value is None or value == "" else get_time(value)
