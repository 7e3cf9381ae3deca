"""What the profile form's Specials tab shows: the plans the salon offers now (available), those this
customer qualifies for (eligible) and the plans the customer holds."""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import flt, fmt_money, getdate, today

from salon_crm.plans import eligibility

PLAN_FIELDS = (
	"name",
	"plan_name",
	"description",
	"company",
	"valid_from",
	"valid_until",
	"priority",
	"auto_assign",
	"rate_or_discount",
	"discount_percentage",
	"discount_amount",
	"apply_on",
)


def available_plans(on_date: date | None = None) -> list[frappe._dict]:
	"""Enabled plans valid on the day, that the user may read."""
	on_date = getdate(on_date or today())
	return frappe.get_list(
		"Special Plan",
		filters=[["enabled", "=", 1], ["valid_from", "<=", on_date]],
		or_filters=[["valid_until", "is", "not set"], ["valid_until", ">=", on_date]],
		fields=list(PLAN_FIELDS),
		order_by="priority desc, plan_name asc",
		limit_page_length=0,
	)


def benefit_text(plan) -> str:
	if plan.rate_or_discount == "Discount Amount":
		currency = frappe.get_cached_value("Company", plan.company, "default_currency")
		return _("{0} off").format(fmt_money(plan.discount_amount, currency=currency))
	return _("{0}% off").format(flt(plan.discount_percentage, 2))


def specials_for(profile: str, on_date: date | None = None) -> dict:
	"""{"available": [...], "eligible": [...], "assigned": [...]} for one Customer Profile.

	Each plan: its fields, "benefit" (e.g. "15% off"), "items" (service names or item groups, as the front desk
	calls them), "eligible", "reasons"
	(why not, one sentence per rule) and "assignment" (the customer's active assignment, if any).
	"""
	on_date = getdate(on_date or today())
	assigned = frappe.get_all(
		"Special Plan Assignment",
		filters={"customer_profile": profile, "status": "Active"},
		fields=["name", "special_plan", "from_date", "to_date", "auto_assigned", "not_eligible_reason"],
		order_by="from_date desc",
	)
	held = {row.special_plan: row.name for row in assigned}
	available, eligible = [], []
	profile_doc = frappe.get_doc("Customer Profile", profile)  # read once, not once per plan
	for row in available_plans(on_date):
		plan = frappe.get_cached_doc("Special Plan", row.name)
		failures = eligibility.check(plan, profile_doc, on_date)
		currency = frappe.get_cached_value("Company", plan.company, "default_currency")
		entry = frappe._dict(row)
		entry.update(
			benefit=benefit_text(plan),
			items=[_item_label(plan, r) for r in plan.items],
			eligible=not failures,
			reasons=[eligibility.describe(f, currency) for f in failures],
			assignment=held.get(plan.name),
		)
		available.append(entry)
		if not failures:
			eligible.append(entry)
	return {"available": available, "eligible": eligible, "assigned": assigned}


def _item_label(plan, row) -> str:
	"""A plan line as staff name it: the item group, or the service's name (its code when it has none)."""
	if plan.apply_on == "Item Group":
		return row.item_group
	return frappe.get_cached_value("Item", row.item_code, "item_name") or row.item_code
