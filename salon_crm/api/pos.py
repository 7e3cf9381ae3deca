"""Endpoints of the Point of Sale page's salon extension (salon_crm/public/js/point_of_sale.js): what the
customer panel shows, and the card figures of a submitted sale for the order summary. Every figure comes from
the server's own rules: the cards and their preview from salon_crm.api.cards.active_cards (the one preview
API, shared with the invoice form's Apply Card dialog)."""

from __future__ import annotations

import frappe
from frappe.utils import flt, getdate, nowdate

from salon_crm.api.cards import active_cards
from salon_crm.cards.accounts import mode_of_payment
from salon_crm.cards.printing import salon_card_balance_after
from salon_crm.plans.specials import benefit_text


@frappe.whitelist()
def customer_panel(
	customer: str,
	company: str | None = None,
	posting_date: str | None = None,
	items: str | list | None = None,
) -> dict:
	"""The customer as the till shows her: customer number, her usable cards (type, value left, valid until;
	with the preview on this cart when `items` is given) and her active Special Plans, plus the mode of
	payment the card's payment rows use (the till hides that tile: the card tile stands for it)."""
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	row = frappe.db.get_value(
		"Customer",
		customer,
		["name", "customer_name", "salon_customer_profile", "salon_customer_number"],
		as_dict=True,
	)
	if not row:
		frappe.throw(frappe._("Customer {0} not found").format(customer), exc=frappe.DoesNotExistError)
	may_read_cards = frappe.has_permission("Customer Discount", "read")
	return {
		"customer": row.name,
		"customer_name": row.customer_name,
		"profile": row.salon_customer_profile,
		"customer_number": row.salon_customer_number,
		"cards": active_cards(customer, company, posting_date, items) if may_read_cards else [],
		"plans": _plans(row.salon_customer_profile, posting_date),
		"card_mode_of_payment": mode_of_payment(),
	}


def _plans(profile: str | None, posting_date: str | None) -> list[dict]:
	if not profile or not frappe.has_permission("Special Plan Assignment", "read"):
		return []
	on = getdate(posting_date or nowdate())
	rows = frappe.get_list(
		"Special Plan Assignment",
		filters=[
			["customer_profile", "=", profile],
			["status", "=", "Active"],
			["from_date", "<=", on],
		],
		fields=["name", "special_plan", "to_date"],
		order_by="from_date desc",
	)
	plans = []
	for row in rows:
		if row.to_date and getdate(row.to_date) < on:
			continue
		plan = frappe.get_cached_doc("Special Plan", row.special_plan)
		plans.append({"plan": plan.name, "benefit": benefit_text(plan), "to_date": row.to_date})
	return plans


@frappe.whitelist()
def sale_card(doctype: str, name: str) -> dict | None:
	"""The card figures of a submitted till invoice (sale or return) for the order summary: the card, the
	value used (given back, for a return), the benefit, and the card's balance right after this invoice."""
	if doctype not in ("POS Invoice", "Sales Invoice"):
		frappe.throw(frappe._("Not an invoice: {0}").format(doctype), exc=frappe.ValidationError)
	frappe.has_permission(doctype, "read", doc=name, throw=True)
	doc = frappe.db.get_value(
		doctype,
		name,
		["salon_customer_discount", "salon_card_value_used", "salon_card_money_used", "salon_card_benefit"],
		as_dict=True,
	)
	if not doc or not doc.salon_customer_discount:
		return None
	after = salon_card_balance_after(doctype, name)
	return {
		"card": doc.salon_customer_discount,
		"value_used": flt(doc.salon_card_value_used),
		"money_used": flt(doc.salon_card_money_used),
		"benefit": flt(doc.salon_card_benefit),
		"value_after": flt(after.value_balance) if after else None,
	}
