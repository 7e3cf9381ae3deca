"""Factories for integration tests: real documents on the test site, rolled back after each test."""

from __future__ import annotations

import frappe
from frappe.utils import flt, nowdate

from tests.integration.site_setup import COMPANY

_counter = {"n": 0}


def unique_mobile() -> str:
	"""A valid Indian mobile number unlikely to exist on the site."""
	import random

	return "+9198" + "".join(random.choice("0123456789") for _ in range(8))


def make_customer_profile(first_name="Priya", last_name="Sharma", **fields):
	doc = frappe.get_doc(
		{
			"doctype": "Customer Profile",
			"first_name": first_name,
			"last_name": last_name,
			**fields,
		}
	)
	doc.insert()
	return doc


def make_sales_invoice(customer, items, company=COMPANY, is_pos=1, submit=True, payments=None, **fields):
	"""items: [(item_code, qty, rate)]; an item_code None makes a line without an item (ERPNext allows one: a
	tip, a custom charge) booked to the company's default income account. is_pos invoices are paid in Cash
	unless payments are given."""
	si = frappe.new_doc("Sales Invoice")
	si.company = company
	si.customer = customer
	si.posting_date = fields.pop("posting_date", nowdate())
	si.set_posting_time = 1
	si.currency = "INR"
	si.selling_price_list = "Standard Selling"
	si.is_pos = is_pos
	si.update_stock = fields.pop("update_stock", 0)
	for item_code, qty, rate in items:
		si.append("items", {"item_code": item_code, "qty": qty, "rate": rate})
		if item_code is None:
			si.items[-1].update(
				{
					"item_name": "Custom charge",
					"description": "Custom charge",
					"uom": "Nos",
					"conversion_factor": 1,
					"income_account": frappe.get_cached_value("Company", company, "default_income_account"),
				}
			)
	si.update(fields)
	si.set_missing_values()
	for item, (_code, _qty, rate) in zip(si.items, items, strict=True):
		item.rate = rate
		item.price_list_rate = item.price_list_rate or rate
	if is_pos:
		si.set("payments", [])
		if payments is None:
			payments = [("Cash", None)]
		si.calculate_taxes_and_totals()
		for mode, amount in payments:
			si.append(
				"payments",
				{
					"mode_of_payment": mode,
					"amount": amount if amount is not None else si.rounded_total or si.grand_total,
				},
			)
	si.insert()
	if submit:
		si.submit()
	return si


def gl_entries(voucher_no: str) -> list[dict]:
	"""Non-cancelled GL rows of a voucher as (account, debit, credit), summed per account."""
	rows = frappe.db.sql(
		"""select account, sum(debit) debit, sum(credit) credit from `tabGL Entry`
		where voucher_no=%s and is_cancelled=0 group by account order by account""",
		voucher_no,
		as_dict=True,
	)
	return [{"account": r.account, "debit": flt(r.debit, 2), "credit": flt(r.credit, 2)} for r in rows]


def account(name: str) -> str:
	"""Full account name of an account of the test company by its account name."""
	return frappe.db.get_value("Account", {"company": COMPANY, "account_name": name, "is_group": 0}, "name")


CASHIER_ROLES = ("Salon Staff", "Sales User", "Accounts User")
"""What the README names for a salon cashier: the app's Salon Staff plus ERPNext's Sales User and Accounts
User."""


def make_user(roles=CASHIER_ROLES, first_name="Asha") -> str:
	"""A desk user with exactly `roles` (default: a cashier's), allowed on the test company."""
	email = f"user-{frappe.generate_hash(length=8)}@example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": first_name,
			"send_welcome_email": 0,
			"user_type": "System User",
			"roles": [{"role": role} for role in roles],
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	return email
