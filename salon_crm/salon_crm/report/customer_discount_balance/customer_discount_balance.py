# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt
"""Customer Discount Balance ("PV Status"): what every card (or every customer's cards) was sold for, has
used, lost to expiry or had refunded, and what is left, summed from the live card ledger."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from salon_crm.cards import reporting
from salon_crm.utils.report import column, currency_column, link_column, text_shown_as_html

GROUP_BY_CARD = "Card"
GROUP_BY_CUSTOMER = "Customer"


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("Customer Discount", "read", throw=True)
	group_by = filters.get("group_by") or GROUP_BY_CARD
	rows = reporting.card_balances(filters)
	if group_by == GROUP_BY_CUSTOMER:
		rows = reporting.customer_balances(rows)
	cols = columns(group_by)
	return cols, text_shown_as_html(cols, rows), None, chart(rows), summary(rows)


def columns(group_by: str = GROUP_BY_CARD) -> list[dict]:
	if group_by == GROUP_BY_CUSTOMER:
		first = [
			link_column("customer_profile", _("Customer"), "Customer Profile", 120),
			column("customer_name", _("Customer Name"), width=160),
			column("customer_number", _("Customer No."), width=100),
			column("cards", _("Cards"), "Int", 65),
			column("active_cards", _("Active Cards"), "Int", 90),
		]
	else:
		first = [
			link_column("customer_discount", _("Card"), "Customer Discount", 130),
			column("customer_name", _("Customer Name"), width=160),
			column("customer_number", _("Customer No."), width=100),
			link_column("discount_type", _("Card Type"), "Discount Type", 120),
		]
	money = [
		("sold_value", _("Value Sold")),
		("sold_money", _("Paid")),
		("used_value", _("Value Used")),
		("used_money", _("Money Used")),
		("expired_money", _("Expired")),
		("refunded_money", _("Refunded")),
		("balance_value", _("Value Balance")),
		("balance_money", _("Money Balance")),
	]
	return [
		*first,
		*[currency_column(fieldname, label, 115, options="currency") for fieldname, label in money],
		column("visits", _("Visits"), "Int", 65),
		column("valid_until", _("Valid Until"), "Date", 100),
		column("status", _("Status"), width=90),
		# Data, not Link: a Link column makes Frappe check the user's read access to Currency
		column("currency", _("Currency"), hidden=True),
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
