"""Discount Types: the suggested value, and the ERPNext Item each type is sold as (kept in step)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt

from salon_crm.cards.accounts import card_accounts
from salon_crm.rules import cards as card_rules


def price_list_of(discount_type) -> str | None:
	return (
		discount_type.get("price_list")
		or frappe.db.get_single_value("Salon CRM Settings", "default_price_list")
		or frappe.db.get_single_value("Selling Settings", "selling_price_list")
	)


def suggested_value(discount_type) -> float:
	"""Sum of the chosen services' selling prices x the settings' multiplier (0 without services)."""
	items = [row.item for row in discount_type.get("services") or [] if row.item]
	if not items:
		return 0.0
	price_list = price_list_of(discount_type)
	listed = dict(
		frappe.get_all(
			"Item Price",
			filters={"item_code": ("in", items), "price_list": price_list, "selling": 1},
			fields=["item_code", "price_list_rate"],
			as_list=True,
		)
	)
	standard = dict(
		frappe.get_all(
			"Item", filters={"name": ("in", items)}, fields=["name", "standard_rate"], as_list=True
		)
	)
	prices = [flt(listed.get(item) or standard.get(item)) for item in items]
	multiplier = flt(frappe.db.get_single_value("Salon CRM Settings", "suggested_value_multiplier")) or 10
	return card_rules.suggested_value(prices, multiplier)


def card_item_codes() -> tuple[str, ...]:
	"""Item codes of every prepaid card (each Discount Type's item): what checkout treats as a card sale,
	and what income, history and charts leave out. Never empty, so it can go into `in %s`."""
	return tuple(frappe.get_all("Discount Type", filters={"item": ("is", "set")}, pluck="item")) or ("",)


def card_item(discount_type: str) -> str:
	item = frappe.db.get_value("Discount Type", discount_type, "item")
	if not item:
		sync_card_item(frappe.get_doc("Discount Type", discount_type))
		item = frappe.db.get_value("Discount Type", discount_type, "item")
	return item


def _item_code(discount_type) -> str:
	return discount_type.item or f"CARD-{frappe.scrub(discount_type.name).upper().replace('_', '-')}"


def sync_card_item(discount_type) -> str:
	"""Create or update the non-stock sales Item the type is sold as: its income account is the card
	liability of the type's company, its price the type's price."""
	settings_group = frappe.db.get_single_value("Salon CRM Settings", "card_item_group")
	if not settings_group:
		from salon_crm.setup.records import ensure_card_item_group

		ensure_card_item_group()
		settings_group = frappe.db.get_single_value("Salon CRM Settings", "card_item_group")
	accounts = card_accounts(discount_type.company)
	code = _item_code(discount_type)
	item = frappe.get_doc("Item", code) if frappe.db.exists("Item", code) else frappe.new_doc("Item")
	if item.is_new():
		item.item_code = code
		item.stock_uom = "Nos"
		item.is_stock_item = 0
		item.include_item_in_manufacturing = 0
	item.item_name = _("{0} (Prepaid Card)").format(discount_type.name)[:140]
	item.item_group = settings_group
	item.is_sales_item = 1
	item.is_purchase_item = 0
	item.disabled = 0 if discount_type.enabled else 1
	item.description = discount_type.description or item.item_name
	# (no standard_rate: ERPNext would insert an Item Price under the user's own rights; the price is
	# kept below with the app's rights)
	row = next((d for d in item.get("item_defaults") or [] if d.company == discount_type.company), None)
	if not row:
		row = item.append("item_defaults", {"company": discount_type.company})
	row.income_account = accounts.liability_account
	# Frappe fills empty fields of new rows from global defaults, which may be another company's
	# warehouse: name one of this company's (a card holds no stock, ERPNext only checks the company)
	if not row.default_warehouse or (
		frappe.db.get_value("Warehouse", row.default_warehouse, "company") != discount_type.company
	):
		row.default_warehouse = frappe.db.get_value(
			"Warehouse", {"company": discount_type.company, "is_group": 0}, "name"
		)
	item.flags.ignore_permissions = True
	item.save()

	price_list = price_list_of(discount_type)
	if price_list:
		existing = frappe.db.get_value("Item Price", {"item_code": code, "price_list": price_list}, "name")
		if existing:
			frappe.db.set_value("Item Price", existing, "price_list_rate", discount_type.price)
		else:
			frappe.get_doc(
				{
					"doctype": "Item Price",
					"item_code": code,
					"price_list": price_list,
					"price_list_rate": discount_type.price,
				}
			).insert(ignore_permissions=True)
	if discount_type.item != code:
		discount_type.db_set("item", code, update_modified=False)
	return code
