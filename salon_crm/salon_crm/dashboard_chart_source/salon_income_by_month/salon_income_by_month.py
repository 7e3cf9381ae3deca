# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import add_months, flt, get_first_day, getdate, nowdate
from frappe.utils.dashboard import cache_source

from salon_crm.cards.types import card_item_codes


@frappe.whitelist()
@cache_source
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
):
	"""Net income per month over the last 12 months: the lines of submitted Sales Invoices (consolidated POS
	invoices included) and of submitted POS Invoices not yet consolidated (once consolidated, their lines are
	in the consolidated Sales Invoice, so they count once). Returns reduce it (their amounts are negative);
	prepaid-card sales are a liability, not income, and are left out."""
	frappe.has_permission("Sales Invoice", "read", throw=True)
	filters = frappe.parse_json(filters) or {}
	if not filters and chart:  # the cached / no-cache paths pass only the chart
		filters = frappe.parse_json(frappe.parse_json(chart).get("filters_json") or "{}") or {}
	company = filters.get("company") or frappe.defaults.get_user_default("Company")
	start = get_first_day(add_months(getdate(nowdate()), -11))
	rows = frappe.db.sql(
		"""select date_format(invoice_lines.posting_date, '%%Y-%%m') as month,
			sum(invoice_lines.amount) as income
		from (
			select si.posting_date, sii.base_net_amount as amount
			from `tabSales Invoice` si
			join `tabSales Invoice Item` sii on sii.parent = si.name and sii.parenttype = 'Sales Invoice'
			where si.docstatus = 1 and si.company = %(company)s and si.posting_date >= %(start)s
				and sii.item_code not in %(card_items)s
			union all
			select pi.posting_date, pii.base_net_amount
			from `tabPOS Invoice` pi
			join `tabPOS Invoice Item` pii on pii.parent = pi.name and pii.parenttype = 'POS Invoice'
			where pi.docstatus = 1 and coalesce(pi.consolidated_invoice, '') = ''
				and pi.company = %(company)s and pi.posting_date >= %(start)s
				and pii.item_code not in %(card_items)s
		) invoice_lines
		group by month order by month""",
		{"company": company, "start": start, "card_items": card_item_codes()},
		as_dict=True,
	)
	income = {r.month: r.income for r in rows}
	months = [add_months(start, i) for i in range(12)]
	return {
		"labels": [m.strftime("%b %Y") for m in months],
		"datasets": [
			{"name": _("Income"), "values": [flt(income.get(m.strftime("%Y-%m")), 2) for m in months]}
		],
		"type": "bar",
	}
