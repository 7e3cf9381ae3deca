"""Nightly Special Plan job: end assignments whose time is over, then auto-assign plans marked so to newly
eligible customers and end them for customers no longer eligible. Eligibility is computed set-based for all
customers (salon_crm.plans.eligibility.eligible_customers); the writes go in chunks, committed per chunk."""

from __future__ import annotations

from datetime import date

import frappe
from frappe.query_builder import DocType
from frappe.utils import getdate, today

from salon_crm.plans import assignment, eligibility

CHUNK_SIZE = 200


def nightly_auto_assign(on_date: date | None = None) -> dict:
	"""Returns {"ended_expired": n, "plans": {plan: {"assigned": n, "ended": n, "failed": n}}}."""
	on_date = getdate(on_date or today())
	result = {"ended_expired": end_expired(on_date), "plans": {}}
	_commit()
	for plan in auto_assign_plans(on_date):
		result["plans"][plan] = auto_assign(plan, on_date)
	return result


def auto_assign_plans(on_date: date) -> list[str]:
	plan = DocType("Special Plan")
	return (
		frappe.qb.from_(plan)
		.select(plan.name)
		.where(
			(plan.enabled == 1)
			& (plan.auto_assign == 1)
			& (plan.valid_from <= on_date)
			& (plan.valid_until.isnull() | (plan.valid_until >= on_date))
		)
		.orderby(plan.name)
		.run(pluck=True)
	)


def end_expired(on_date: date) -> int:
	"""End active assignments whose last day, or whose plan's last day, has passed."""
	table, plan = DocType("Special Plan Assignment"), DocType("Special Plan")
	names = (
		frappe.qb.from_(table)
		.join(plan)
		.on(plan.name == table.special_plan)
		.select(table.name)
		.where(
			(table.status == assignment.ACTIVE) & ((table.to_date < on_date) | (plan.valid_until < on_date))
		)
		.run(pluck=True)
	)
	return assignment.end_many(names, on_date)


def auto_assign(plan_name: str, on_date: date) -> dict:
	"""Assign the plan to the eligible customers who do not hold it (nor a conflicting plan), and end the
	automatic assignments of those no longer eligible: set differences of the set-based eligible
	customers and the plan's active assignments, written CHUNK_SIZE at a time."""
	plan = frappe.get_doc("Special Plan", plan_name)
	eligible = set(eligibility.eligible_customers(plan, on_date))
	active = assignment.active_assignments(plan_name, ("name", "customer_profile", "auto_assigned"))
	held = {row.customer_profile for row in active}
	to_end = [row.name for row in active if row.auto_assigned and row.customer_profile not in eligible]
	ended = 0
	for start in range(0, len(to_end), CHUNK_SIZE):
		ended += assignment.end_many(to_end[start : start + CHUNK_SIZE], on_date)
		_commit()

	candidates = sorted(eligible - held - _blocked_profiles(plan))
	assigned = failed = 0
	for start in range(0, len(candidates), CHUNK_SIZE):
		for profile in _with_customer(candidates[start : start + CHUNK_SIZE]):
			if _assign_one(plan, profile):
				assigned += 1
			else:
				failed += 1
		_commit()
	return {"assigned": assigned, "ended": ended, "failed": failed}


def _blocked_profiles(plan) -> set[str]:
	"""Profiles holding a plan that would conflict with this one (same priority, same items)."""
	conflicting = assignment.conflicting_plans(plan)
	return {row.customer_profile for row in assignment.active_assignments(conflicting, ("customer_profile",))}


def _with_customer(profiles: list[str]) -> list[str]:
	"""Those of `profiles` linked to an ERPNext Customer (a plan applies to the Customer), in order."""
	profile = DocType("Customer Profile")
	linked = set(
		frappe.qb.from_(profile)
		.select(profile.name)
		.where(profile.name.isin(profiles) & profile.customer.isnotnull() & (profile.customer != ""))
		.run(pluck=True)
	)
	return [p for p in profiles if p in linked]


def _assign_one(plan, profile: str) -> bool:
	doc = frappe.get_doc(
		{
			"doctype": "Special Plan Assignment",
			"special_plan": plan.name,
			"customer_profile": profile,
			"auto_assigned": 1,
		}
	)
	doc.flags.eligibility_failures = []  # computed set-based above
	doc.flags.plan = plan
	frappe.db.savepoint("salon_plan_auto_assign")
	try:
		doc.insert(ignore_permissions=True)
		return True
	except frappe.ValidationError:
		frappe.db.rollback(save_point="salon_plan_auto_assign")
		frappe.log_error(title=f"Special Plan auto-assign: {plan.name} to {profile}")
		return False


def _commit() -> None:
	if not frappe.flags.in_test:
		frappe.db.commit()  # a job commits per chunk
