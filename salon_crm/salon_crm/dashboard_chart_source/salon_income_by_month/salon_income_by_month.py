# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import add_months, flt, get_first_day, getdate, nowdate

from salon_crm.performance import income

MONTHS = 12


@frappe.whitelist()
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	refresh=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
):
	"""Income per month over the last 12 months of one company the user may see (the chart's company filter,
	else the user's default company), as salon_crm.performance.income defines it: counted Sales Invoices
	and POS Invoices not yet consolidated, card sales left out, returns reducing it.

	Not wrapped in Frappe's cache_source: its cache is one entry per chart for every user and company, which
	would answer before the permission check."""
	company = _company(chart_name, chart, filters)
	income.check_company_permission(company)
	today = getdate(nowdate())
	start = get_first_day(add_months(today, -(MONTHS - 1)))
	by_month = income.income_by_month(company, start, today)
	months = [add_months(start, i) for i in range(MONTHS)]
	return {
		"labels": [m.strftime("%b %Y") for m in months],
		"datasets": [
			{"name": _("Income"), "values": [flt(by_month.get(m.strftime("%Y-%m")), 2) for m in months]}
		],
		"type": "bar",
	}


def _company(chart_name, chart, filters) -> str | None:
	"""The company asked for: the filters passed, else the chart's saved filters, else the user's default."""
	filters = frappe.parse_json(filters) or {}
	if not filters:
		saved = None
		if chart:
			saved = frappe.parse_json(chart).get("filters_json")
		elif chart_name and frappe.db.exists("Dashboard Chart", chart_name):
			saved = frappe.db.get_value("Dashboard Chart", chart_name, "filters_json")
		filters = frappe.parse_json(saved or "{}") or {}
	return filters.get("company") or frappe.defaults.get_user_default("Company")
