"""Scheduler entry of the campaigns (hooks.py: scheduler_events["cron"]["*/5 * * * *"])."""

from __future__ import annotations

from datetime import datetime

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from salon_crm.campaigns import service
from salon_crm.messaging.window import sending_allowed_at


def every_five_minutes(at: datetime | str | None = None) -> dict:
	"""Inside the sending window, run the campaigns that are due (one-offs whose time came, recurring ones
	whose day it is), each in its own transaction; one that fails is logged and the others go on. Returns
	{campaign: the run's counts, or "failed"}."""
	at = get_datetime(at) if at else now_datetime()
	done = {}
	if not sending_allowed_at(at):
		return done
	for name in service.due_campaigns(at):
		try:
			done[name] = service.run(name, at=at)
			if not frappe.flags.in_test:
				frappe.db.commit()  # each campaign's run stands on its own
		except Exception:
			if not frappe.flags.in_test:
				frappe.db.rollback()
			frappe.log_error(title=_("Campaign {0} could not run").format(name))
			done[name] = "failed"
	return done
