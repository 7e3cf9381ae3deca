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
from salon_crm.utils.report import column, link_column, text_shown_as_html


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("Customer Profile", "read", throw=True)
	on_date = getdate(filters.get("date") or nowdate())
	rows = get_data(on_date, filters.get("occasion"), bool(filters.get("include_disabled")))
	columns = get_columns()
	return columns, text_shown_as_html(columns, rows), None, None, get_summary(rows)


def get_columns() -> list[dict]:
	return [
		column("occasion", _("Occasion"), width=130),
		link_column("customer_profile", _("Customer"), "Customer Profile", 120),
		column("full_name", _("Customer Name"), width=170),
		column("member_name", _("Family Member"), width=150),
		column("relation", _("Relation"), width=90),
		column("occurred_on", _("Date"), "Date", 100),
		column("years", _("Years"), "Int", 70),
		column("mobile_no", _("Mobile"), width=140),
		column("email_id", _("Email"), width=180),
		column("do_not_contact", _("Do Not Contact"), "Check", 90),
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
