# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt
"""Customer Discount Balance ("PV Status"): what every card (or every customer's cards) was sold for, has
used, lost to expiry or had refunded, and what is left, summed from the live card ledger."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from salon_crm.cards import reporting

GROUP_BY_CARD = "Card"
GROUP_BY_CUSTOMER = "Customer"


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("Customer Discount", "read", throw=True)
	group_by = filters.get("group_by") or GROUP_BY_CARD
	rows = reporting.card_balances(filters)
	if group_by == GROUP_BY_CUSTOMER:
		rows = reporting.customer_balances(rows)
	return columns(group_by), rows, None, chart(rows), summary(rows)


def columns(group_by: str = GROUP_BY_CARD) -> list[dict]:
	money = {"fieldtype": "Currency", "options": "currency", "width": 115}
	if group_by == GROUP_BY_CUSTOMER:
		first = [
			{
				"fieldname": "customer_profile",
				"label": _("Customer"),
				"fieldtype": "Link",
				"options": "Customer Profile",
				"width": 120,
			},
			{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 160},
			{"fieldname": "customer_number", "label": _("Customer No."), "fieldtype": "Data", "width": 100},
			{"fieldname": "cards", "label": _("Cards"), "fieldtype": "Int", "width": 65},
			{"fieldname": "active_cards", "label": _("Active Cards"), "fieldtype": "Int", "width": 90},
		]
	else:
		first = [
			{
				"fieldname": "customer_discount",
				"label": _("Card"),
				"fieldtype": "Link",
				"options": "Customer Discount",
				"width": 130,
			},
			{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 160},
			{"fieldname": "customer_number", "label": _("Customer No."), "fieldtype": "Data", "width": 100},
			{
				"fieldname": "discount_type",
				"label": _("Card Type"),
				"fieldtype": "Link",
				"options": "Discount Type",
				"width": 120,
			},
		]
	return [
		*first,
		{"fieldname": "sold_value", "label": _("Value Sold"), **money},
		{"fieldname": "sold_money", "label": _("Paid"), **money},
		{"fieldname": "used_value", "label": _("Value Used"), **money},
		{"fieldname": "used_money", "label": _("Money Used"), **money},
		{"fieldname": "expired_money", "label": _("Expired"), **money},
		{"fieldname": "refunded_money", "label": _("Refunded"), **money},
		{"fieldname": "balance_value", "label": _("Value Balance"), **money},
		{"fieldname": "balance_money", "label": _("Money Balance"), **money},
		{"fieldname": "visits", "label": _("Visits"), "fieldtype": "Int", "width": 65},
		{"fieldname": "valid_until", "label": _("Valid Until"), "fieldtype": "Date", "width": 100},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 90},
		# Data, not Link: a Link column makes Frappe check the user's read access to Currency
		{"fieldname": "currency", "label": _("Currency"), "fieldtype": "Data", "hidden": 1},
	]


def summary(rows: list[dict]) -> list[dict]:
	def total(key):
		return flt(sum(flt(r[key]) for r in rows), 2)

	currency = rows[0].get("currency") if rows else None
	items = [
		(_("Paid for Cards"), "sold_money", "Blue"),
		(_("Money Used"), "used_money", "Green"),
		(_("Expired"), "expired_money", "Orange"),
		(_("Refunded"), "refunded_money", "Grey"),
		(_("Money Balance (Liability)"), "balance_money", "Red"),
		(_("Value Balance"), "balance_value", "Blue"),
	]
	return [
		{
			"label": label,
			"value": total(key),
			"datatype": "Currency",
			"currency": currency,
			"indicator": color,
		}
		for label, key, color in items
	]


def chart(rows: list[dict]) -> dict | None:
	"""Money balance per status: how much of the liability is live, and how much was closed."""
	if not rows:
		return None
	keys = ("used_money", "expired_money", "refunded_money", "balance_money")
	labels = [_("Used"), _("Expired"), _("Refunded"), _("Balance")]
	values = [flt(sum(flt(r[k]) for r in rows), 2) for k in keys]
	return {
		"data": {"labels": labels, "datasets": [{"name": _("Money"), "values": values}]},
		"type": "donut",
	}
