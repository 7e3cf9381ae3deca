"""Factories for the Point of Sale path: a POS Profile with the card's mode of payment, a POS session
(opening entry), POS Invoices, and the POS closing with its merge into consolidated Sales Invoices."""

from __future__ import annotations

import frappe
from frappe.utils import add_to_date, flt, get_datetime, nowdate

from salon_crm.cards.accounts import mode_of_payment
from salon_crm.salon_crm.report.card_liability_reconciliation import card_liability_reconciliation
from tests.integration.factories import account
from tests.integration.site_setup import COMPANY, PRICE_LIST

POS_PROFILE = "Salon Test POS"


def make_pos_profile() -> str:
	if frappe.db.exists("POS Profile", POS_PROFILE):
		return POS_PROFILE
	profile = frappe.get_doc(
		{
			"doctype": "POS Profile",
			"name": POS_PROFILE,
			"company": COMPANY,
			"currency": "INR",
			"warehouse": frappe.db.get_value("Warehouse", {"company": COMPANY, "is_group": 0}, "name"),
			"cost_center": frappe.get_cached_value("Company", COMPANY, "cost_center"),
			"write_off_account": frappe.get_cached_value("Company", COMPANY, "write_off_account")
			or account("Write Off"),
			"write_off_cost_center": frappe.get_cached_value("Company", COMPANY, "cost_center"),
			"selling_price_list": PRICE_LIST,
			"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
			"payments": [
				{"mode_of_payment": "Cash", "default": 1},
				{"mode_of_payment": mode_of_payment()},
			],
		}
	)
	profile.insert()
	return profile.name


def open_pos_session(pos_profile: str | None = None) -> frappe._dict:
	profile = frappe.get_doc("POS Profile", pos_profile or make_pos_profile())
	opening = frappe.get_doc(
		{
			"doctype": "POS Opening Entry",
			"pos_profile": profile.name,
			"company": COMPANY,
			"user": frappe.session.user,
			"period_start_date": add_to_date(get_datetime(), minutes=-5),
			"posting_date": nowdate(),
			"balance_details": [{"mode_of_payment": p.mode_of_payment} for p in profile.payments],
		}
	)
	opening.submit()
	return opening


def _priced_cart(customer, items, card=None, pos_profile=None) -> frappe.Document:
	"""An unsaved POS Invoice for `items` [(item_code, qty, rate)] at those rates, with the card if given,
	its totals computed as the Point of Sale page computes them before it sends the invoice."""
	inv = frappe.new_doc("POS Invoice")
	inv.pos_profile = pos_profile or make_pos_profile()
	inv.company = frappe.db.get_value("POS Profile", inv.pos_profile, "company")
	inv.customer = customer
	inv.is_pos = 1
	inv.posting_date = nowdate()
	if card:
		inv.salon_customer_discount = card
	for code, qty, rate in items:
		inv.append("items", {"item_code": code, "qty": qty, "rate": rate})
	inv.set_missing_values()
	for row, (_c, _q, rate) in zip(inv.items, items, strict=True):
		row.rate = rate
		row.price_list_rate = row.price_list_rate or rate
	inv.calculate_taxes_and_totals()
	return inv


def make_pos_invoice(customer, items, cash=None, card=None) -> frappe.Document:
	"""A submitted POS Invoice for `items` [(item_code, qty, rate)]: paid in Cash (the total unless `cash`
	is given) or, with `card`, by the card (the app fills the benefit discount and card payment)."""
	inv = _priced_cart(customer, items, card)
	for payment in inv.payments:
		payment.amount = 0
		if payment.mode_of_payment == "Cash":
			payment.amount = cash if cash is not None else (0 if card else inv.grand_total)
	inv.insert()
	inv.submit()
	return inv


def till_invoice(customer, items, card=None, paid=None, submit=False, pos_profile=None) -> frappe.Document:
	"""A POS Invoice as the Point of Sale page sends it: the POS Profile's payment rows with the default one
	(Cash) pre-filled with the whole total the cart showed before the server applied the card, unless
	`paid` {mode of payment: amount} gives what the cashier typed. Inserted (and submitted if asked)."""
	inv = _priced_cart(customer, items, card, pos_profile)
	for payment in inv.payments:
		if paid is not None:
			payment.amount = flt(paid.get(payment.mode_of_payment))
		else:
			payment.amount = inv.grand_total if payment.default else 0
	inv.insert()
	if submit:
		inv.submit()
	return inv


def pay(doc, mode: str, amount: float) -> None:
	"""The cashier types `amount` for `mode` on the payment screen: the row's amount, and the paid and change
	amounts the browser computes from the rows (as the POS page sends them)."""
	next(p for p in doc.payments if p.mode_of_payment == mode).amount = amount
	doc.set_paid_amount()
	due = flt(doc.rounded_total) or flt(doc.grand_total)
	doc.change_amount = doc.base_change_amount = max(flt(doc.paid_amount) - due, 0)


def prefill_return(ret) -> None:
	"""What the POS page does to a return before sending it (ERPNext's set_total_amount_to_default_mop): the
	whole amount to give back on the default mode of payment, nothing on the others."""
	ret.calculate_taxes_and_totals()
	for payment in ret.payments:
		payment.amount = flt(ret.rounded_total or ret.grand_total) if payment.default else 0
	ret.set_paid_amount()


def payment_amounts(doc) -> dict[str, float]:
	"""{mode of payment: amount} of an invoice's payment rows with an amount."""
	return {p.mode_of_payment: flt(p.amount, 2) for p in doc.payments if flt(p.amount)}


def close_pos_session(opening) -> frappe._dict:
	"""The POS Closing Entry of the session and the merge of its invoices into consolidated Sales
	Invoices, as ERPNext's create_merge_logs() does it, one Merge Log per customer, without its commit."""
	from erpnext.accounts.doctype.pos_closing_entry.pos_closing_entry import (
		make_closing_entry_from_opening,
	)

	closing = make_closing_entry_from_opening(opening)
	for row in closing.payment_reconciliation:
		row.closing_amount = row.expected_amount
	closing.insert()
	return frappe._dict(closing=closing, logs=merge_invoices(closing))


def merge_invoices(closing) -> list:
	"""What submitting a POS Closing Entry does (erpnext create_merge_logs), as the session user and without
	its commit: one POS Invoice Merge Log per customer (saved ignoring permissions, as ERPNext does), whose
	submit makes the consolidated Sales Invoice (and credit note)."""
	logs = []
	by_customer = {}
	for row in closing.pos_transactions:
		by_customer.setdefault(row.customer, []).append(row)
	for customer, rows in by_customer.items():
		log = frappe.new_doc("POS Invoice Merge Log")
		log.posting_date = closing.posting_date
		log.posting_time = closing.posting_time
		log.company = closing.company
		log.customer = customer
		log.pos_closing_entry = closing.name
		for row in rows:
			log.append(
				"pos_invoices",
				{
					"pos_invoice": row.pos_invoice,
					"posting_date": row.posting_date,
					"grand_total": row.grand_total,
					"customer": row.customer,
				},
			)
		log.save(ignore_permissions=True)
		log.submit()
		logs.append(log)
	return logs


def gl_rows(voucher: str, account_name: str) -> tuple[float, float]:
	row = frappe.db.sql(
		"""select coalesce(sum(debit), 0), coalesce(sum(credit), 0) from `tabGL Entry`
		where voucher_no=%s and account=%s and is_cancelled=0""",
		(voucher, account_name),
	)[0]
	return flt(row[0], 2), flt(row[1], 2)


def reconciliation():
	_columns, rows, *_rest = card_liability_reconciliation.execute({"company": COMPANY})
	company_row = next(r for r in rows if r["row_type"] == "Summary")
	return company_row, [r for r in rows if r["row_type"] != "Summary"]
