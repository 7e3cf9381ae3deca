# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

"""Campaign Results: per campaign, the customers who entered it (messaged, held out, excluded, not reached),
its messages by status, who came back within the campaign's days and their income, and the lift over the
held-out customers. With a campaign chosen: the customers behind each number (filter by group, or only
those who returned). See salon_crm.campaigns.results."""

import frappe
from frappe import _

from salon_crm.campaigns import results
from salon_crm.utils.report import column, currency_column, link_column, text_shown_as_html


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("Salon Campaign", "read", throw=True)
	if filters.campaign:
		frappe.has_permission("Salon Campaign", "read", filters.campaign, throw=True)
		columns = customer_columns()
		return columns, text_shown_as_html(columns, customer_rows(filters))
	return campaign_columns(), campaign_rows(filters)


def campaign_columns() -> list[dict]:
	return [
		link_column("campaign", _("Campaign"), "Salon Campaign", 180),
		column("audience", _("Customers"), "Int", 90),
		column("messaged", _("Messaged"), "Int", 90),
		column("held_out", _("Held Out"), "Int", 80),
		column("excluded", _("Excluded"), "Int", 80),
		column("not_reached", _("Not Reached"), "Int", 90),
		column("failed_messages", _("Failed Messages"), "Int", 90),
		column("returned", _("Returned"), "Int", 80),
		column("return_rate", _("Return Rate %"), "Percent", 100),
		currency_column("income", _("Income of Messaged"), 130),
		currency_column("income_per_customer", _("Income per Messaged"), 130),
		column("held_out_return_rate", _("Held-out Return Rate %"), "Percent", 120),
		currency_column("held_out_income_per_customer", _("Income per Held-out"), 130),
		column("lift_points", _("Lift (Return Rate Points)"), "Float", 120),
		currency_column("lift_income", _("Lift (Income per Customer)"), 130),
		column("redemptions", _("Offer Redemptions"), "Int", 100),
	]


def campaign_rows(filters) -> list[dict]:
	names = frappe.get_list("Salon Campaign", pluck="name", order_by="modified desc", limit_page_length=0)
	rows = []
	for name in names:
		s = results.summary(name)
		rows.append(
			{
				"campaign": name,
				"audience": s["audience"],
				"messaged": s["groups"][results.MESSAGED],
				"held_out": s["groups"][results.HELD_OUT],
				"excluded": s["groups"][results.EXCLUDED],
				"not_reached": s["groups"][results.NOT_REACHED],
				"failed_messages": s["messages"]["Failed"],
				"returned": s["messaged"]["returned"],
				"return_rate": s["messaged"]["return_rate"],
				"income": s["messaged"]["income"],
				"income_per_customer": s["messaged"]["income_per_customer"],
				"held_out_return_rate": s["held_out"]["return_rate"],
				"held_out_income_per_customer": s["held_out"]["income_per_customer"],
				"lift_points": (s["lift"] or {}).get("return_rate_points"),
				"lift_income": (s["lift"] or {}).get("income_per_customer"),
				"redemptions": s["redemptions"],
			}
		)
	return rows


def customer_columns() -> list[dict]:
	return [
		link_column("customer_profile", _("Customer Profile"), "Customer Profile", 130),
		column("group", _("Group"), width=110),
		column("reason", _("Why Not Messaged"), width=240),
		column("entered_on", _("Entered On"), "Date", 100),
		column("until", _("Counted Until"), "Date", 100),
		column("visits", _("Visits"), "Int", 70),
		currency_column("income", _("Income"), 110),
		column("redemptions", _("Offer Redemptions"), "Int", 100),
	]


def customer_rows(filters) -> list[dict]:
	rows = results.customers(filters.campaign)
	if filters.group:
		rows = [r for r in rows if r.group == filters.group]
	if filters.returned:
		rows = [r for r in rows if r.visits]
	return [{k: v for k, v in r.items() if k != "customer"} for r in rows]
