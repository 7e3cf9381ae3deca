# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt
"""Card Liability Reconciliation: per company, as of a date, the money balance of the card ledger against
the GL balance of the company's card liability account, and every voucher where the two differ. POS
Invoices not yet consolidated by a POS Closing Entry are listed as awaiting closing, not as errors."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html, getdate, nowdate

from salon_crm.cards import reporting
from salon_crm.utils.report import column, currency_column, document_columns, link_column

SUMMARY = "Summary"


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	frappe.has_permission("GL Entry", "report", throw=True)
	as_of = getdate(filters.get("as_of_date") or nowdate())
	accounts = reporting.liability_accounts(filters.get("company"))
	if not accounts:
		message = _("No card liability account is set for {0} in Salon CRM Settings").format(
			frappe.bold(escape_html(filters.get("company") or _("any company")))
		)
		return columns(), [], message

	remarks = {
		reporting.AWAITING_POS_CLOSING: _("Awaiting POS Closing"),
		reporting.GL_WITHOUT_CARD: _("GL Without Card Entries"),
		reporting.CARD_WITHOUT_GL: _("Card Entries Without GL"),
		reporting.AMOUNTS_DIFFER: _("Amounts Differ"),
	}
	rows, results = [], []
	for row in accounts:
		result = reporting.reconcile(row.company, row.liability_account, as_of)
		results.append(result)
		rows.append(company_row(result))
		for voucher in result.vouchers:
			rows.append(
				{
					"company": result.company,
					"account": result.liability_account,
					"row_type": voucher.remark,
					"remark": remarks[voucher.remark],
					"indent": 1,
					**{k: voucher[k] for k in ("voucher_type", "voucher_no", "posting_date")},
					**{k: voucher[k] for k in ("card_money", "awaiting_money", "gl_money", "difference")},
				}
			)
	return columns(), rows, None, None, summary(results)


def company_row(result) -> dict:
	return {
		"company": result.company,
		"account": result.liability_account,
		"row_type": SUMMARY,
		"remark": _("Balance as of {0}").format(frappe.format(result.as_of, "Date")),
		"posting_date": result.as_of,
		"indent": 0,
		"card_money": result.card_money,
		"awaiting_money": result.awaiting_money,
		"gl_money": result.gl_money,
		"difference": result.difference,
	}


def summary(results: list) -> list[dict]:
	card = sum(r.card_money for r in results)
	awaiting = sum(r.awaiting_money for r in results)
	gl = sum(r.gl_money for r in results)
	difference = sum(r.difference for r in results)
	mismatches = sum(1 for r in results for v in r.vouchers if v.difference)
	return [
		{"label": _("Card Ledger Balance"), "value": card, "datatype": "Currency", "indicator": "Blue"},
		{
			"label": _("Awaiting POS Closing"),
			"value": awaiting,
			"datatype": "Currency",
			"indicator": "Orange",
		},
		{"label": _("GL Balance"), "value": gl, "datatype": "Currency", "indicator": "Blue"},
		{
			"label": _("Difference"),
			"value": difference,
			"datatype": "Currency",
			"indicator": "Green" if not difference else "Red",
		},
		{
			"label": _("Vouchers Not Matching"),
			"value": mismatches,
			"datatype": "Int",
			"indicator": "Green" if not mismatches else "Red",
		},
	]


def columns() -> list[dict]:
	return [
		link_column("company", _("Company"), "Company", 150),
		column("remark", _("Row"), width=190),
		column("posting_date", _("Date"), "Date", 95),
		*document_columns("voucher_type", "voucher_no", _("Voucher Type"), _("Voucher")),
		currency_column("card_money", _("Card Ledger"), 130),
		currency_column("awaiting_money", _("Awaiting POS Closing"), 130),
		currency_column("gl_money", _("GL (Credit - Debit)"), 130),
		currency_column("difference", _("Difference"), 130),
		link_column("account", _("Liability Account"), "Account", 200),
		column("row_type", _("Row Type"), hidden=True),
	]
