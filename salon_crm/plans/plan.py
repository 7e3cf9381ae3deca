"""Special Plan validation: what it gives and who may get it, checked when the plan is saved."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, escape_html, flt, getdate

from salon_crm.plans.eligibility import rule_from_row, rule_problem_message
from salon_crm.rules import eligibility as rules


class InvalidPlanError(frappe.ValidationError):
	pass


class InvalidPlanRuleError(frappe.ValidationError):
	pass


def _invalid(message: str, exc=InvalidPlanError) -> None:
	frappe.throw(message, title=_("Invalid Special Plan"), exc=exc)


def validate_dates(plan) -> None:
	if plan.valid_until and getdate(plan.valid_until) < getdate(plan.valid_from):
		_invalid(_("Valid Until cannot be before Valid From"))


def validate_benefit(plan) -> None:
	if not 1 <= cint(plan.priority) <= 20:
		_invalid(_("Priority must be between 1 and 20 (ERPNext Pricing Rule priority)"))
	if plan.rate_or_discount == "Discount Percentage":
		plan.discount_amount = 0
		if not 0 < flt(plan.discount_percentage) <= 100:
			_invalid(_("Discount Percentage must be above 0 and at most 100"))
	elif plan.rate_or_discount == "Discount Amount":
		plan.discount_percentage = 0
		if flt(plan.discount_amount) <= 0:
			_invalid(_("Discount Amount must be above zero"))


def validate_items(plan) -> None:
	field = "item_group" if plan.apply_on == "Item Group" else "item_code"
	other = "item_code" if field == "item_group" else "item_group"
	label = _("Item Group") if field == "item_group" else _("Item Code")
	seen = set()
	for row in plan.items:
		row.set(other, None)
		value = row.get(field)
		if not value:
			_invalid(_("Row {0}: {1} is required").format(row.idx, label))
		if value in seen:
			_invalid(
				_("Row {0}: {1} {2} is listed twice").format(row.idx, label, frappe.bold(escape_html(value)))
			)
		seen.add(value)
	if not seen:
		_invalid(_("Add at least one {0} the plan discounts").format(label))


def validate_rules(plan) -> None:
	for row in plan.rules:
		problem = rules.validate_rule(rule_from_row(row))
		if problem:
			_invalid(
				_("Eligibility rule row {0} ({1}): {2}").format(
					row.idx, _(row.rule_type or ""), rule_problem_message(problem)
				),
				exc=InvalidPlanRuleError,
			)
