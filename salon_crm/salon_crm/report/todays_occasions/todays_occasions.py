# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt
"""Today's Birthdays (the workspace shortcut): customers' birthdays and wedding anniversaries and their family
members' birthdays on a day, found through the greetings feature's index-backed occasion queries."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from salon_crm.greetings import service as greetings
from salon_crm.rules.dates import occurrence_number


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("Customer Profile", "read", throw=True)
	on_date = getdate(filters.get("date") or nowdate())
	rows = get_data(on_date, filters.get("occasion"), bool(filters.get("include_disabled")))
	return get_columns(), rows, None, None, get_summary(rows)


def get_columns() -> list[dict]:
	return [
		{"label": _("Occasion"), "fieldname": "occasion", "fieldtype": "Data", "width": 130},
		{
			"label": _("Customer"),
			"fieldname": "customer_profile",
			"fieldtype": "Link",
			"options": "Customer Profile",
			"width": 120,
		},
		{"label": _("Customer Name"), "fieldname": "full_name", "fieldtype": "Data", "width": 170},
		{"label": _("Family Member"), "fieldname": "member_name", "fieldtype": "Data", "width": 150},
		{"label": _("Relation"), "fieldname": "relation", "fieldtype": "Data", "width": 90},
		{"label": _("Date"), "fieldname": "occurred_on", "fieldtype": "Date", "width": 100},
		{"label": _("Years"), "fieldname": "years", "fieldtype": "Int", "width": 70},
		{"label": _("Mobile"), "fieldname": "mobile_no", "fieldtype": "Data", "width": 140},
		{"label": _("Email"), "fieldname": "email_id", "fieldtype": "Data", "width": 180},
		{"label": _("Do Not Contact"), "fieldname": "do_not_contact", "fieldtype": "Check", "width": 90},
	]


def get_data(on_date, occasion: str | None = None, include_disabled: bool = False) -> list[dict]:
	rows = []
	for row in greetings.find_occasions(on_date):
		if occasion and row.occasion != occasion:
			continue
		if row.disabled and not include_disabled:
			continue
		rows.append(
			{
				"occasion": _(row.occasion),
				"customer_profile": row.name,
				"full_name": row.full_name,
				"member_name": row.get("member_name"),
				"relation": _(row.relation) if row.get("relation") else None,
				"occurred_on": row.occurred_on,
				"years": occurrence_number(getdate(row.occurred_on), on_date) if row.occurred_on else None,
				"mobile_no": row.get("member_mobile") or row.mobile_no,
				"email_id": row.email_id,
				"do_not_contact": row.do_not_contact,
			}
		)
	rows.sort(key=lambda r: (r["occasion"], r["full_name"] or ""))
	return rows


def get_summary(rows: list[dict]) -> list[dict]:
	counts = {}
	for row in rows:
		counts[row["occasion"]] = counts.get(row["occasion"], 0) + 1
	return [
		{"label": occasion, "value": count, "indicator": "Blue", "datatype": "Int"}
		for occasion, count in sorted(counts.items())
	]
