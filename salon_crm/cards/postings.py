"""Every Journal Entry the card feature posts, written here once: the settlement of a credit invoice's card
share (Dr Liability / Cr Debtors against the invoice, reversed for a return) and the closing entries of a
card (expiry breakage, refund, money owed back to the customer), all from the card liability account.

POS invoices need none of these: their card share is a payment row of the "Customer Discount" mode of
payment, whose account is the liability (ERPNext posts it, at POS closing for POS Invoices)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from salon_crm.cards import ledger
from salon_crm.cards.accounts import card_accounts


def journal(company: str, rows: list[dict], posting_date, remark: str, is_opening: bool = False) -> str:
	"""Insert and submit a Journal Entry with these account rows (Journal Entry Account fields); an opening
	entry (the balance of a card brought in from another system) when `is_opening`."""
	je = frappe.new_doc("Journal Entry")
	je.voucher_type = "Opening Entry" if is_opening else "Journal Entry"
	je.is_opening = "Yes" if is_opening else "No"
	je.company = company
	je.posting_date = posting_date
	je.user_remark = remark
	for row in rows:
		je.append("accounts", row)
	je.flags.ignore_permissions = True
	je.insert()
	je.submit()
	return je.name


def from_liability(company: str, amount: float, credit_row: dict, posting_date, remark: str) -> str:
	"""Dr the card liability `amount`, Cr the account of `credit_row` (a Journal Entry Account dict)."""
	amount = flt(amount, ledger.precision())
	liability = card_accounts(company).liability_account
	return journal(
		company,
		[
			{"account": liability, "debit_in_account_currency": amount},
			{**credit_row, "credit_in_account_currency": amount},
		],
		posting_date,
		remark,
	)


def settle_credit_invoice(doc, amount: float) -> str | None:
	"""Pay (or, for a return, refund) a credit invoice's card share with a Journal Entry between the card
	liability and the customer's receivable, referencing the invoice."""
	if not amount or doc.doctype != "Sales Invoice":
		return None
	liability = card_accounts(doc.company).liability_account
	amount = flt(amount, ledger.precision())
	return journal(
		doc.company,
		[
			{
				"account": liability,
				"debit_in_account_currency": amount if amount > 0 else 0,
				"credit_in_account_currency": -amount if amount < 0 else 0,
			},
			{
				"account": doc.debit_to,
				"party_type": "Customer",
				"party": doc.customer,
				"credit_in_account_currency": amount if amount > 0 else 0,
				"debit_in_account_currency": -amount if amount < 0 else 0,
				"reference_type": doc.doctype,
				"reference_name": doc.name,
			},
		],
		doc.posting_date,
		_("Customer Discount {0} on {1}").format(doc.salon_customer_discount, doc.name),
	)


def settlement_journal_entries(doc) -> list[str]:
	"""The submitted settlement Journal Entries of an invoice (those that reference it and touch the card
	liability)."""
	liability = card_accounts(doc.company).liability_account
	parents = frappe.get_all(
		"Journal Entry Account",
		filters={"reference_type": doc.doctype, "reference_name": doc.name, "docstatus": 1},
		pluck="parent",
	)
	return [
		je
		for je in dict.fromkeys(parents)
		if frappe.db.exists("Journal Entry Account", {"parent": je, "account": liability})
	]


def cancel_settlements(doc) -> None:
	"""Cancel an invoice's settlement Journal Entries (before the invoice itself is cancelled)."""
	for je in settlement_journal_entries(doc):
		journal_entry = frappe.get_doc("Journal Entry", je)
		journal_entry.flags.ignore_permissions = True
		journal_entry.cancel()
