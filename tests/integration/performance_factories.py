"""Factories for the performance and history tests: invoices on given dates, returns, cards and the
documents a history shows. Cards, plans and greeting logs are written as plain rows (db_insert): the history
and the figures only read them, and their own controllers are tested by their features."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, nowdate

from tests.integration.factories import make_customer_profile, make_sales_invoice
from tests.integration.site_setup import COMPANY


def warehouse() -> str:
	return frappe.db.get_value("Warehouse", {"company": COMPANY, "is_group": 0}, "name", order_by="creation")


def invoice(customer: str, items, days_ago: int = 0, **fields):
	"""A submitted POS-paid Sales Invoice dated `days_ago` days before today."""
	if fields.get("update_stock"):
		fields.setdefault("set_warehouse", warehouse())
	return make_sales_invoice(customer, items, posting_date=add_days(nowdate(), -days_ago), **fields)


def sales_return(original, days_ago: int = 0, qty_by_item: dict | None = None):
	"""A submitted credit note against `original` (all lines, or the given quantities per item)."""
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

	credit = make_sales_return(original.name)
	credit.posting_date = add_days(nowdate(), -days_ago)
	credit.set_posting_time = 1
	if qty_by_item:
		credit.items = [row for row in credit.items if row.item_code in qty_by_item]
		for row in credit.items:
			row.qty = -abs(qty_by_item[row.item_code])
	credit.calculate_taxes_and_totals()
	if credit.is_pos:
		for payment in credit.payments:
			payment.amount = 0
		credit.payments[0].amount = credit.rounded_total or credit.grand_total
	credit.insert()
	credit.submit()
	return credit


def profile(first_name: str = "Perf", **fields):
	return make_customer_profile(first_name, frappe.generate_hash(length=8), **fields)


def card(profile_doc, balance_value: float, status: str = "Active", docstatus: int = 1, **fields):
	"""A Customer Discount row as the card feature leaves it after a sale (no controller)."""
	doc = frappe.get_doc(
		{
			"doctype": "Customer Discount",
			"name": "CD-TEST-" + frappe.generate_hash(length=8),
			"customer_profile": profile_doc.name,
			"customer": profile_doc.customer,
			"customer_name": profile_doc.full_name,
			"discount_type": fields.pop("discount_type", "Gold Card"),
			"company": COMPANY,
			"status": status,
			"value": balance_value,
			"price": fields.pop("price", balance_value),
			"valid_from": fields.pop("valid_from", nowdate()),
			"valid_until": add_days(nowdate(), 180),
			"balance_value": balance_value,
			"docstatus": docstatus,
			**fields,
		}
	)
	doc.db_insert()
	return doc


def card_entry(
	card_doc, entry_type: str, value_delta: float, money_delta: float, days_ago: int = 0, **fields
):
	doc = frappe.get_doc(
		{
			"doctype": "Customer Discount Entry",
			"customer_discount": card_doc.name,
			"customer_profile": card_doc.customer_profile,
			"customer": card_doc.customer,
			"company": COMPANY,
			"posting_date": add_days(nowdate(), -days_ago),
			"entry_type": entry_type,
			"value_delta": value_delta,
			"money_delta": money_delta,
			"is_cancelled": 0,
			**fields,
		}
	)
	doc.name = frappe.generate_hash(length=10)
	doc.db_insert()
	return doc


def plan_assignment(profile_doc, days_ago: int = 0):
	plan_name = "Test Plan " + frappe.generate_hash(length=6)
	frappe.get_doc(
		{
			"doctype": "Special Plan",
			"name": plan_name,
			"plan_name": plan_name,
			"company": COMPANY,
			"enabled": 1,
			"valid_from": add_days(nowdate(), -400),
			"rate_or_discount": "Discount Percentage",
			"discount_percentage": 10,
			"apply_on": "Item Code",
		}
	).db_insert()
	doc = frappe.get_doc(
		{
			"doctype": "Special Plan Assignment",
			"name": "SPA-TEST-" + frappe.generate_hash(length=8),
			"special_plan": plan_name,
			"customer_profile": profile_doc.name,
			"customer": profile_doc.customer,
			"customer_name": profile_doc.full_name,
			"status": "Active",
			"from_date": add_days(nowdate(), -days_ago),
		}
	)
	doc.db_insert()
	return doc


def treatment(profile_doc, days_ago: int = 0, **fields):
	return frappe.get_doc(
		{
			"doctype": "Treatment Record",
			"customer_profile": profile_doc.name,
			"customer_name": profile_doc.full_name,
			"date": add_days(nowdate(), -days_ago),
			"treatment_item": "SVC-FACIAL",
			"symptoms": "Dry skin",
			"products_used": "Vitamin C Serum",
			"before_photo": "/files/before-test.jpg",
			"after_photo": "/files/after-test.jpg",
			**fields,
		}
	).insert()


def greeting(profile_doc, days_ago: int = 0, **fields):
	doc = frappe.get_doc(
		{
			"doctype": "Salon Message",
			"customer_profile": profile_doc.name,
			"purpose": "Greeting",
			"occasion": "Birthday",
			"channel": "SMS",
			"message_date": add_days(nowdate(), -days_ago),
			"status": "Sent",
			"recipient_name": profile_doc.full_name,
			"recipient": profile_doc.mobile_no,
			**fields,
		}
	)
	doc.name = frappe.generate_hash(length=10)
	doc.db_insert()
	return doc


def pos_invoice(customer: str, lines, posting_date, consolidated_invoice=None, is_return=0) -> str:
	"""A submitted POS Invoice written as plain rows (a real one needs a POS Profile and an opening entry;
	the performance figures and the income chart read only these columns). `lines`: [(item_code,
	base_net_amount)]."""
	name = "POS-TEST-" + frappe.generate_hash(length=6)
	frappe.get_doc(
		{
			"doctype": "POS Invoice",
			"name": name,
			"customer": customer,
			"company": COMPANY,
			"posting_date": posting_date,
			"docstatus": 1,
			"is_return": is_return,
			"base_net_total": sum(amount for _item, amount in lines),
			"consolidated_invoice": consolidated_invoice,
		}
	).db_insert()
	for item_code, amount in lines:
		frappe.get_doc(
			{
				"doctype": "POS Invoice Item",
				"name": frappe.generate_hash(length=10),
				"parent": name,
				"parenttype": "POS Invoice",
				"parentfield": "items",
				"item_code": item_code,
				"item_name": item_code,
				"qty": -1 if is_return else 1,
				"stock_qty": -1 if is_return else 1,
				"base_net_amount": amount,
				"docstatus": 1,
			}
		).db_insert()
	return name
