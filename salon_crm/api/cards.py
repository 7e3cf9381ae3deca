"""Endpoints of the prepaid card feature for the desk (invoice card button, card form)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from salon_crm.rules import cards as card_rules


@frappe.whitelist()
def active_cards(customer: str, company: str | None = None, posting_date: str | None = None) -> list[dict]:
	"""The customer's cards usable on an invoice: balance, validity and the services they cover."""
	frappe.has_permission("Customer Discount", "read", throw=True)
	filters = {
		"customer": customer,
		"docstatus": 1,
		"status": card_rules.ACTIVE,
		"valid_until": (">=", getdate(posting_date or nowdate())),
	}
	if company:
		filters["company"] = company
	cards = frappe.get_list(
		"Customer Discount",
		filters=filters,
		fields=["name", "discount_type", "balance_value", "balance_money", "value", "price", "valid_until"],
		order_by="valid_until asc",
	)
	for card in cards:
		card.services = frappe.get_all(
			"Discount Type Service",
			filters={"parent": card.discount_type, "parenttype": "Discount Type"},
			pluck="item",
		)
		card.ratio = flt(card.balance_money) / flt(card.balance_value) if flt(card.balance_value) else 0
	return cards


@frappe.whitelist(methods=["POST"])
def refund_card(card: str, mode_of_payment: str, posting_date: str | None = None) -> str:
	"""Refund a card's unused balance (Salon Manager)."""
	doc = frappe.get_doc("Customer Discount", card)
	return doc.refund(mode_of_payment, posting_date)


@frappe.whitelist()
def card_ledger(card: str) -> list[dict]:
	frappe.has_permission("Customer Discount", "read", doc=card, throw=True)
	return frappe.get_all(
		"Customer Discount Entry",
		filters={"customer_discount": card},
		fields=[
			"name",
			"posting_date",
			"entry_type",
			"voucher_type",
			"voucher_no",
			"value_delta",
			"money_delta",
			"value_balance",
			"money_balance",
			"visits_delta",
			"is_cancelled",
		],
		order_by="creation asc",
	)
