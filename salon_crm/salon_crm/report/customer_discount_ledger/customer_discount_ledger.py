# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt
"""Customer Discount Ledger: every change to the cards, with each card's running value and money balance;
each row opens the voucher that made it."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from salon_crm.cards import reporting
from salon_crm.utils.report import (
	column,
	currency_column,
	document_columns,
	link_column,
	text_shown_as_html,
)


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("Customer Discount Entry", "read", throw=True)
	if (
		filters.get("from_date")
		and filters.get("to_date")
		and getdate(filters.from_date) > getdate(filters.to_date)
	):
		frappe.throw(_("From Date must be before To Date"), title=_("Invalid Filters"))
	cols = columns()
	return cols, text_shown_as_html(cols, reporting.ledger_rows(filters))


def columns() -> list[dict]:
	money = [
		("value_delta", _("Value")),
		("money_delta", _("Money")),
		("value_balance", _("Value Balance")),
		("money_balance", _("Money Balance")),
	]
	return [
		column("posting_date", _("Date"), "Date", 95),
		link_column("customer_discount", _("Card"), "Customer Discount", 130),
		column("customer_name", _("Customer Name"), width=150),
		column("customer_number", _("Customer No."), width=95),
		column("entry_type", _("Entry Type"), width=130),
		*document_columns("voucher_type", "voucher_no", _("Voucher Type"), _("Voucher")),
		*[currency_column(fieldname, label, 110) for fieldname, label in money],
		column("visits_delta", _("Visits"), "Int", 60),
		column("is_cancelled", _("Cancelled"), "Check", 80),
		link_column("discount_type", _("Card Type"), "Discount Type", 110),
	]
