"""Endpoints of the prepaid card feature for the desk (invoice card button, card form) and the Point of Sale
page (customer panel, card payment tile)."""

from __future__ import annotations

import frappe
from frappe.utils import getdate, nowdate

from salon_crm.cards import redemption, usable


@frappe.whitelist()
def active_cards(
	customer: str,
	company: str | None = None,
	posting_date: str | None = None,
	items: str | list | None = None,
) -> list[dict]:
	"""The customer's cards usable on an invoice (salon_crm.cards.usable): balance, validity, the services
	they cover and, given the cart's `items` as plain rows (item_code, qty, rate, price_list_rate,
	discount_percentage), the redemption the server would make on save (`preview`: eligible, value_used,
	money_used, benefit, value_after, money_after), by the same rule (redemption.split_for). The one
	preview API of the invoice form's Apply Card dialog and the Point of Sale page's card tile."""
	frappe.has_permission("Customer Discount", "read", throw=True)
	on = getdate(posting_date or nowdate())
	cards = usable.usable_cards(customer, company, on)
	services: dict[str, list[str]] = {}
	for row in frappe.get_all(
		"Discount Type Service",
		filters={"parent": ("in", [c.name for c in cards] or [""]), "parenttype": "Customer Discount"},
		fields=["parent", "item"],
	):
		services.setdefault(row.parent, []).append(row.item)
	rows = None
	if items is not None:
		rows = frappe.parse_json(items) if isinstance(items, str) else items
	for card in cards:
		card.services = services.get(card.name, [])
		if rows is not None:
			card.preview = redemption.preview(card, rows)
	return cards


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
