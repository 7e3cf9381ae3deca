"""ERPNext masters made idempotently for a salon's catalogue: the same Item (and its selling price) whether
the demo, the integration-test site setup or the benchmark generator asks for it."""

from __future__ import annotations

import frappe


def item_group(preferred: str) -> str:
	"""`preferred` (ERPNext's setup wizard makes "Services" and "Products") if the site has it, else the root."""
	return preferred if frappe.db.exists("Item Group", preferred) else "All Item Groups"


def ensure_item(
	code: str,
	name: str,
	group: str,
	*,
	is_stock: bool = False,
	valuation: float = 0,
	price_list: str | None = None,
	rate: float | None = None,
) -> str:
	"""The Item `code`, inserted if missing (an existing one is left as it is), with its `rate` on
	`price_list` when both are given and the item has no price there yet. Returns the item code."""
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": name,
				"item_group": group,
				"stock_uom": "Nos",
				"is_stock_item": 1 if is_stock else 0,
				"include_item_in_manufacturing": 0,
				"valuation_rate": valuation,
				"opening_stock": 0,
			}
		).insert(ignore_permissions=True)
	if (
		price_list
		and rate is not None
		and not frappe.db.exists("Item Price", {"item_code": code, "price_list": price_list})
	):
		frappe.get_doc(
			{"doctype": "Item Price", "item_code": code, "price_list": price_list, "price_list_rate": rate}
		).insert(ignore_permissions=True)
	return code


def sell_card(profile: str, discount_type: str, mode_of_payment: str = "Cash") -> str:
	"""A card sold the way Customer Discount -> Submit sells it (the submit makes and submits the sale
	invoice), for the demo, the tests and the benchmarks. Returns the card."""
	card = frappe.get_doc(
		{
			"doctype": "Customer Discount",
			"customer_profile": profile,
			"discount_type": discount_type,
			"mode_of_payment": mode_of_payment,
		}
	)
	card.insert(ignore_permissions=True)
	card.submit()
	return card.name
