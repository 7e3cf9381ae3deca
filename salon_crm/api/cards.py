"""Endpoints of the prepaid card feature for the desk (invoice card button, card form)."""

from __future__ import annotations

from types import SimpleNamespace

import frappe
from frappe.utils import getdate, nowdate

from salon_crm.cards import invoice as card_invoice
from salon_crm.cards import ledger
from salon_crm.rules import cards as card_rules


@frappe.whitelist()
def active_cards(
	customer: str,
	company: str | None = None,
	posting_date: str | None = None,
	items: str | list | None = None,
) -> list[dict]:
	"""The customer's cards usable on an invoice: balance, validity, the services they cover and, given the
	invoice's `items` (item_code, qty, rate, price_list_rate, discount_percentage), the redemption the
	server would make on save (`preview`: value_used, money_used, benefit), by the same rule."""
	frappe.has_permission("Customer Discount", "read", throw=True)
	on = getdate(posting_date or nowdate())
	filters = {
		"customer": customer,
		"docstatus": 1,
		"status": card_rules.ACTIVE,
		"valid_from": ("<=", on),
		"valid_until": (">=", on),
	}
	if company:
		filters["company"] = company
	cards = frappe.get_list(
		"Customer Discount",
		filters=filters,
		fields=["name", "discount_type", "balance_value", "balance_money", "value", "price", "valid_until"],
		order_by="valid_until asc",
	)
	services: dict[str, list[str]] = {}
	for row in frappe.get_all(
		"Discount Type Service",
		filters={"parent": ("in", [c.name for c in cards] or [""]), "parenttype": "Customer Discount"},
		fields=["parent", "item"],
	):
		services.setdefault(row.parent, []).append(row.item)
	invoice = None
	if items is not None:
		rows = frappe.parse_json(items) if isinstance(items, str) else items
		# what cards.invoice reads of an invoice (a _dict would shadow `items` with dict.items)
		invoice = SimpleNamespace(items=[frappe._dict(r) for r in rows or []], flags=frappe._dict())
	for card in cards:
		card.services = services.get(card.name, [])
		if invoice is not None:
			card.preview = _preview(invoice, card)
	return cards


def _preview(invoice, card) -> dict:
	eligible = card_invoice.eligible_amount(invoice, card.name)
	try:
		split = card_rules.split_redemption(
			card.balance_value, card.balance_money, eligible, ledger.precision()
		)
	except card_rules.CardRuleError:
		return {"value_used": 0, "money_used": 0, "benefit": 0}
	return {"value_used": split.value_used, "money_used": split.money_used, "benefit": split.benefit}


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
