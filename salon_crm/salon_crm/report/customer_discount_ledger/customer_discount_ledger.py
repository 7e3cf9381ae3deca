# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt
"""Customer Discount Ledger: every change to the cards, with each card's running value and money balance;
each row opens the voucher that made it."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from salon_crm.cards import reporting
from salon_crm.utils.report import document_columns


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("Customer Discount Entry", "read", throw=True)
	if (
		filters.get("from_date")
		and filters.get("to_date")
		and getdate(filters.from_date) > getdate(filters.to_date)
	):
		frappe.throw(_("From Date must be before To Date"), title=_("Invalid Filters"))
	return columns(), reporting.ledger_rows(filters)


def columns() -> list[dict]:
	money = {"fieldtype": "Currency", "width": 110}
	return [
		{"fieldname": "posting_date", "label": _("Date"), "fieldtype": "Date", "width": 95},
		{
			"fieldname": "customer_discount",
			"label": _("Card"),
			"fieldtype": "Link",
			"options": "Customer Discount",
			"width": 130,
		},
		{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 150},
		{"fieldname": "customer_number", "label": _("Customer No."), "fieldtype": "Data", "width": 95},
		{"fieldname": "entry_type", "label": _("Entry Type"), "fieldtype": "Data", "width": 130},
		*document_columns("voucher_type", "voucher_no", _("Voucher Type"), _("Voucher")),
		{"fieldname": "value_delta", "label": _("Value"), **money},
		{"fieldname": "money_delta", "label": _("Money"), **money},
		{"fieldname": "value_balance", "label": _("Value Balance"), **money},
		{"fieldname": "money_balance", "label": _("Money Balance"), **money},
		{"fieldname": "visits_delta", "label": _("Visits"), "fieldtype": "Int", "width": 60},
		{"fieldname": "is_cancelled", "label": _("Cancelled"), "fieldtype": "Check", "width": 80},
		{
			"fieldname": "discount_type",
			"label": _("Card Type"),
			"fieldtype": "Link",
			"options": "Discount Type",
			"width": 110,
		},
	]
