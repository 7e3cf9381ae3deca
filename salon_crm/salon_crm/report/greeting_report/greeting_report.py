# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

"""What the greeting job sent, skipped (and why) or failed, per day, occasion and channel: the greetings of
the outbox (Salon Message rows of purpose Greeting)."""

from collections import Counter

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from salon_crm.utils.report import column, link_column, text_shown_as_html

STATUSES = ("Sent", "Queued", "Skipped", "Failed")
INDICATORS = {"Sent": "Green", "Queued": "Blue", "Skipped": "Grey", "Failed": "Red"}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	columns = get_columns()
	rows = text_shown_as_html(columns, get_data(filters))
	return columns, rows, None, get_chart(rows), get_summary(rows)


def get_columns() -> list[dict]:
	return [
		column("message_date", _("Date"), "Date", 100),
		column("occasion", _("Occasion"), width=120),
		column("channel", _("Channel"), width=70),
		column("status", _("Status"), width=90),
		link_column("customer_profile", _("Customer Profile"), "Customer Profile", 110),
		column("recipient_name", _("Recipient Name"), width=150),
		column("recipient", _("Sent To"), width=160),
		column("reason", _("Reason"), width=240),
		column("attempts", _("Attempts"), "Int", 80),
		column("sent_on", _("Sent On"), "Datetime", 150),
		column("message", _("Message"), width=300),
		link_column("name", _("Salon Message"), "Salon Message", 110),
	]


def get_data(filters: frappe._dict) -> list[dict]:
	to_date = getdate(filters.to_date or nowdate())
	from_date = getdate(filters.from_date or add_days(to_date, -6))
	conditions = {"message_date": ("between", (from_date, to_date)), "purpose": "Greeting"}
	for fieldname in ("status", "occasion", "channel", "customer_profile"):
		if filters.get(fieldname):
			conditions[fieldname] = filters.get(fieldname)
	return frappe.get_list(
		"Salon Message",
		filters=conditions,
		fields=[
			"name",
			"message_date",
			"occasion",
			"channel",
			"status",
			"customer_profile",
			"recipient_name",
			"recipient",
			"reason",
			"attempts",
			"sent_on",
			"message",
		],
		order_by="message_date desc, creation desc",
		limit_page_length=0,
	)


def get_summary(rows: list[dict]) -> list[dict]:
	counts = Counter(row["status"] for row in rows)
	return [
		{
			"value": counts.get(status, 0),
			"label": _(status),
			"datatype": "Int",
			"indicator": INDICATORS[status],
		}
		for status in STATUSES
	]


def get_chart(rows: list[dict]) -> dict | None:
	"""Skipped greetings by reason: what keeps messages from going out."""
	reasons = Counter(row["reason"] or _("Unknown") for row in rows if row["status"] == "Skipped")
	if not reasons:
		return None
	labels = [reason for reason, _count in reasons.most_common(10)]
	return {
		"data": {
			"labels": labels,
			"datasets": [{"name": _("Skipped"), "values": [reasons[r] for r in labels]}],
		},
		"type": "bar",
		"colors": ["#8d99a6"],
	}
