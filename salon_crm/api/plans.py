"""Special Plans for the desk: the profile form's Specials tab and the plan form's assignment dialog."""

import frappe
from frappe import _

from salon_crm.plans import assignment as service
from salon_crm.plans import eligibility, specials


@frappe.whitelist()
def get_specials(profile: str) -> dict:
	"""{"available": plans offered now, "eligible": those this customer qualifies for, "assigned": the
	customer's active assignments}; see salon_crm.plans.specials.specials_for."""
	frappe.has_permission("Customer Profile", "read", profile, throw=True)
	frappe.has_permission("Special Plan", "read", throw=True)
	return {
		**specials.specials_for(profile),
		"may_assign": service.can_assign(),
		"may_assign_ineligible": service.can_assign_ineligible(),
	}


@frappe.whitelist(methods=["POST"])
def assign_plan(
	plan: str, profiles: str | list, from_date: str | None = None, to_date: str | None = None
) -> dict:
	"""Assign a plan to one or many Customer Profiles (a name, a list or a JSON list of names).

	Salon Staff may assign eligible customers only; a Salon Manager may assign anyone (the reason is kept
	on the assignment). Returns {"assigned": [...], "skipped": [...]}.
	"""
	_check_may_assign()
	frappe.has_permission("Special Plan", "read", plan, throw=True)
	names = _profile_list(profiles)
	for name in names:
		frappe.has_permission("Customer Profile", "read", name, throw=True)
	return service.assign(plan, names, from_date or None, to_date or None)


@frappe.whitelist(methods=["POST"])
def end_assignment(assignment: str) -> dict:
	"""End an active assignment today; its Pricing Rule stops applying."""
	_check_may_assign()
	frappe.has_permission("Special Plan Assignment", "write", assignment, throw=True)
	doc = service.end(assignment)
	return {"name": doc.name, "status": doc.status, "to_date": doc.to_date}


@frappe.whitelist()
def get_eligible_profiles(plan: str, limit: int = 500) -> dict:
	"""How many customers qualify for a plan now, and the first `limit` of them (for the plan form)."""
	frappe.has_permission("Special Plan", "read", plan, throw=True)
	frappe.has_permission("Customer Profile", "read", throw=True)
	names = eligibility.eligible_customers(plan)
	held = {row.customer_profile for row in service.active_assignments(plan, ("customer_profile",))}
	unassigned = [n for n in names if n not in held]
	return {"count": len(names), "unassigned_count": len(unassigned), "unassigned": unassigned[: int(limit)]}


def _check_may_assign() -> None:
	if not service.can_assign():
		frappe.throw(
			_("Only Salon Staff and Salon Managers may assign Special Plans"),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)
	frappe.has_permission("Special Plan Assignment", "create", throw=True)


def _profile_list(profiles) -> list[str]:
	if isinstance(profiles, str):
		profiles = frappe.parse_json(profiles) if profiles.strip().startswith("[") else [profiles]
	return [p for p in dict.fromkeys(profiles or []) if p]
