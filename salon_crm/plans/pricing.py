"""The ERPNext side of Special Plans: one Pricing Rule per assignment, kept in step with the assignment and
its plan, and the plan discounts found on an invoice.

ERPNext applies the rules itself on the server (SellingController.set_missing_values -> get_item_details ->
get_pricing_rule_for_item) and in the desk (the same get_item_details / apply_pricing_rule calls): a rule is
customer-specific, selling, on the plan's item codes or item groups, with the plan's discount, the
assignment's dates and the plan's priority. It carries the assignment's name in the custom field
`salon_special_plan_assignment` (plain data, so deleting either side is never blocked by the other).
"""

from __future__ import annotations

import frappe
from erpnext.accounts.doctype.pricing_rule.utils import get_applied_pricing_rules
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import cint, escape_html, getdate, now_datetime

ACTIVE = "Active"
LINK_FIELD = "salon_special_plan_assignment"
TITLE_LENGTH = 140


def priority(plan) -> int:
	"""The plan's priority as its Pricing Rules carry it (ERPNext allows 1 to 20)."""
	return min(max(cint(plan.priority), 1), 20)


def rule_values(assignment, plan) -> dict:
	"""Field values of the Pricing Rule of an assignment."""
	valid_from = max(getdate(assignment.from_date), getdate(plan.valid_from))
	ends = [getdate(d) for d in (assignment.to_date, plan.valid_until) if d]
	valid_upto = min(ends) if ends else None
	disable = not (assignment.status == ACTIVE and cint(plan.enabled))
	if valid_upto and valid_upto < valid_from:
		# the plan's dates moved away from the assignment's: nothing left to discount
		valid_upto, disable = valid_from, True
	title = f"{plan.name} · {assignment.customer_name or assignment.customer} · {assignment.name}"
	values = {
		"title": title[:TITLE_LENGTH],
		"disable": 1 if disable else 0,
		"apply_on": plan.apply_on,
		"price_or_product_discount": "Price",
		"selling": 1,
		"buying": 0,
		"applicable_for": "Customer",
		"customer": assignment.customer,
		"company": plan.company,
		"currency": frappe.get_cached_value("Company", plan.company, "default_currency"),
		"valid_from": valid_from,
		"valid_upto": valid_upto,
		"rate_or_discount": plan.rate_or_discount,
		"discount_percentage": plan.discount_percentage
		if plan.rate_or_discount == "Discount Percentage"
		else 0,
		"discount_amount": plan.discount_amount if plan.rate_or_discount == "Discount Amount" else 0,
		"has_priority": 1,
		"priority": str(priority(plan)),
		"apply_multiple_pricing_rules": 0,
		LINK_FIELD: assignment.name,
	}
	return values


def sync_pricing_rule(assignment, plan) -> str:
	"""Create or update the assignment's Pricing Rule; returns its name."""
	name = assignment.pricing_rule
	if name and frappe.db.exists("Pricing Rule", name):
		rule = frappe.get_doc("Pricing Rule", name)
	else:
		rule = frappe.new_doc("Pricing Rule")
	rule.update(rule_values(assignment, plan))
	if plan.apply_on == "Item Group":
		rule.set("items", [])
		rule.set("item_groups", [{"item_group": row.item_group} for row in plan.items if row.item_group])
	else:
		rule.set("item_groups", [])
		rule.set("items", [{"item_code": row.item_code} for row in plan.items if row.item_code])
	rule.flags.ignore_permissions = True
	rule.save()
	if assignment.pricing_rule != rule.name:
		assignment.db_set("pricing_rule", rule.name, update_modified=False)
	return rule.name


def remove_pricing_rule(assignment) -> None:
	"""Delete the rule of a deleted assignment; disable it instead when invoices refer to it."""
	name = assignment.pricing_rule
	if not name or not frappe.db.exists("Pricing Rule", name):
		return
	assignment.db_set("pricing_rule", None, update_modified=False)
	frappe.db.savepoint("salon_plan_rule")
	try:
		frappe.delete_doc("Pricing Rule", name, ignore_permissions=True)
	except frappe.LinkExistsError:
		frappe.db.rollback(save_point="salon_plan_rule")
		set_disabled([name], True)


def set_disabled(rule_names: list[str], disabled: bool) -> None:
	"""Disable or enable Pricing Rules in one statement per 1,000."""
	rule = DocType("Pricing Rule")
	names = [n for n in rule_names if n]
	for start in range(0, len(names), 1000):
		chunk = names[start : start + 1000]
		frappe.qb.update(rule).set(rule.disable, 1 if disabled else 0).set(
			rule.modified, now_datetime()
		).where(rule.name.isin(chunk)).run()
		for name in chunk:
			frappe.clear_document_cache("Pricing Rule", name)


def plan_discounts_on(doc) -> list[frappe._dict]:
	"""The invoice rows discounted by a Special Plan assignment: [{idx, item_code, pricing_rule,
	assignment, special_plan}]."""
	rules_by_row = {}
	for item in doc.get("items") or []:
		names = [n for n in get_applied_pricing_rules(item.get("pricing_rules")) if n]
		if names:
			rules_by_row[item.idx] = (item, names)
	if not rules_by_row:
		return []
	all_names = sorted({n for _item, names in rules_by_row.values() for n in names})
	rule, assignment = DocType("Pricing Rule"), DocType("Special Plan Assignment")
	rows = (
		frappe.qb.from_(rule)
		.left_join(assignment)
		.on(assignment.name == rule[LINK_FIELD])
		.select(rule.name, rule[LINK_FIELD].as_("assignment"), assignment.special_plan)
		.where(rule.name.isin(all_names) & rule[LINK_FIELD].isnotnull() & (rule[LINK_FIELD] != ""))
		.run(as_dict=True)
	)
	plan_rules = {r.name: r for r in rows}
	found = []
	for idx, (item, names) in sorted(rules_by_row.items()):
		for name in names:
			if name in plan_rules:
				found.append(
					frappe._dict(
						idx=idx,
						item_code=item.item_code,
						pricing_rule=name,
						assignment=plan_rules[name].assignment,
						special_plan=plan_rules[name].special_plan,
					)
				)
	return found


class PlanCardStackingError(frappe.ValidationError):
	pass


def check_card_stacking(doc) -> None:
	"""A plan discount and a card redemption on one invoice only when Salon CRM Settings allow it."""
	if not doc.get("salon_customer_discount") or cint(doc.get("is_return")):
		return
	if cint(doc.get("ignore_pricing_rule")) or cint(doc.get("is_consolidated")):
		return
	if cint(frappe.db.get_single_value("Salon CRM Settings", "allow_plan_with_card")):
		return
	found = plan_discounts_on(doc)
	if not found:
		return
	first = found[0]
	frappe.throw(
		_(
			"Row {0}: {1} is discounted by the Special Plan {2}, and this invoice also redeems the Customer"
			" Discount {3}. The salon does not combine a plan discount with a card (Salon CRM Settings: Allow"
			" Special Plan Discount on an Invoice that Redeems a Card). Remove the card, or tick Ignore Pricing"
			" Rule to bill without the plan discount."
		).format(
			first.idx,
			frappe.bold(escape_html(first.item_code)),
			frappe.bold(escape_html(first.special_plan or first.assignment)),
			frappe.bold(escape_html(doc.salon_customer_discount)),
		),
		title=_("Plan and Card Cannot Be Combined"),
		exc=PlanCardStackingError,
	)
