"""Scheduler entry of the outbox (hooks.py: scheduler_events["cron"]["*/5 * * * *"])."""

from __future__ import annotations

from frappe.utils import now_datetime

from salon_crm.messaging import outbox
from salon_crm.messaging.window import sending_allowed_at


def every_five_minutes() -> bool:
	"""Inside the sending window, queue the sending job when messages are due (new ones a planner did not
	send, retries whose backoff is over, rows a dead job held). Returns whether a job was asked for."""
	at = now_datetime()
	if not sending_allowed_at(at) or not outbox.has_due(at):
		return False
	outbox.enqueue_sending()
	return True
