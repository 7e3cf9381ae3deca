"""Factories for the prepaid card tests."""

from __future__ import annotations

import frappe
from frappe.utils import flt

from tests.integration.factories import make_customer_profile, make_sales_invoice, unique_mobile
from tests.integration.site_setup import COMPANY


def make_discount_type(name="Member C", value=4000, price=3500, services=(), months=6, company=COMPANY):
	if frappe.db.exists("Discount Type", name):
		frappe.delete_doc("Discount Type", name, force=True)
	doc = frappe.get_doc(
		{
			"doctype": "Discount Type",
			"discount_type_name": name,
			"company": company,
			"value": value,
			"price": price,
			"validity_months": months,
			"services": [{"item": s} for s in services],
		}
	)
	doc.insert()
	return doc


def make_profile(first_name="Priya", last_name="Sharma"):
	return make_customer_profile(first_name, last_name, mobile_no=unique_mobile())


def sell_card(profile, discount_type, posting_date=None, mode="Cash"):
	"""Sell a card with a POS Sales Invoice; returns (invoice, card)."""
	kwargs = {"posting_date": posting_date} if posting_date else {}
	si = make_sales_invoice(
		profile.customer, [(discount_type.item, 1, discount_type.price)], payments=[(mode, None)], **kwargs
	)
	card = frappe.get_all("Customer Discount", filters={"sales_invoice": si.name}, pluck="name")
	assert len(card) == 1, card
	return si, frappe.get_doc("Customer Discount", card[0])


def redeem(profile, card, items, cash=None, is_pos=1, submit=True, **fields):
	"""An invoice for `items` paying with the card (the app fills discount and card payment); the rest, if
	any, is paid in Cash."""
	si = frappe.new_doc("Sales Invoice")
	si.company = fields.pop("company", COMPANY)
	si.customer = profile.customer
	si.posting_date = fields.pop("posting_date", frappe.utils.nowdate())
	si.set_posting_time = 1
	si.is_pos = is_pos
	si.salon_customer_discount = card.name if hasattr(card, "name") else card
	for code, qty, rate in items:
		si.append("items", {"item_code": code, "qty": qty, "rate": rate})
	si.update(fields)
	si.set_missing_values()
	for row, (_c, _q, rate) in zip(si.items, items, strict=True):
		row.rate = rate
	if is_pos:
		si.set("payments", [])
		if cash:
			si.append("payments", {"mode_of_payment": "Cash", "amount": cash})
	si.insert()
	if submit:
		si.submit()
	return si


def card_state(card_name: str) -> dict:
	card = frappe.db.get_value(
		"Customer Discount",
		card_name,
		["balance_value", "balance_money", "visits", "status", "used_value", "used_money"],
		as_dict=True,
	)
	return {k: flt(v, 2) if k not in ("status", "visits") else v for k, v in card.items()}


def live_entry_sum(card_name: str) -> tuple[float, float]:
	row = frappe.db.sql(
		"""select coalesce(sum(value_delta),0), coalesce(sum(money_delta),0) from `tabCustomer Discount Entry`
		where customer_discount=%s and is_cancelled=0""",
		card_name,
	)[0]
	return flt(row[0], 2), flt(row[1], 2)
