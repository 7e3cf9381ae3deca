# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

"""What the greeting job sent, skipped (and why) or failed, per day, occasion and channel."""

from collections import Counter

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

STATUSES = ("Sent", "Queued", "Skipped", "Failed")
INDICATORS = {"Sent": "Green", "Queued": "Blue", "Skipped": "Grey", "Failed": "Red"}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	rows = get_data(filters)
	return get_columns(), rows, None, get_chart(rows), get_summary(rows)


def get_columns() -> list[dict]:
	return [
		{"label": _("Date"), "fieldname": "occasion_date", "fieldtype": "Date", "width": 100},
		{"label": _("Occasion"), "fieldname": "occasion", "fieldtype": "Data", "width": 120},
		{"label": _("Channel"), "fieldname": "channel", "fieldtype": "Data", "width": 70},
		{"label": _("Status"), "fieldname": "status", "fieldtype": "Data", "width": 90},
		{
			"label": _("Customer Profile"),
			"fieldname": "customer_profile",
			"fieldtype": "Link",
			"options": "Customer Profile",
			"width": 110,
		},
		{"label": _("Recipient Name"), "fieldname": "recipient_name", "fieldtype": "Data", "width": 150},
		{"label": _("Sent To"), "fieldname": "recipient", "fieldtype": "Data", "width": 160},
		{"label": _("Reason"), "fieldname": "reason", "fieldtype": "Data", "width": 240},
		{"label": _("Attempts"), "fieldname": "attempts", "fieldtype": "Int", "width": 80},
		{"label": _("Sent On"), "fieldname": "sent_on", "fieldtype": "Datetime", "width": 150},
		{"label": _("Message"), "fieldname": "message", "fieldtype": "Data", "width": 300},
		{
			"label": _("Greeting Log"),
			"fieldname": "name",
			"fieldtype": "Link",
			"options": "Greeting Log",
			"width": 110,
		},
	]


def get_data(filters: frappe._dict) -> list[dict]:
	to_date = getdate(filters.to_date or nowdate())
	from_date = getdate(filters.from_date or add_days(to_date, -6))
	conditions = {"occasion_date": ("between", (from_date, to_date))}
	for fieldname in ("status", "occasion", "channel", "customer_profile"):
		if filters.get(fieldname):
			conditions[fieldname] = filters.get(fieldname)
	return frappe.get_list(
		"Greeting Log",
		filters=conditions,
		fields=[
			"name",
			"occasion_date",
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
		order_by="occasion_date desc, creation desc",
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
