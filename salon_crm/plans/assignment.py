"""Assigning Special Plans to customers, ending assignments, and keeping their Pricing Rules in step with
the plan. The Special Plan Assignment controller calls the steps below; `assign` and `end` are what the API,
the plan form and the nightly job use."""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder import DocType
from frappe.utils import cint, escape_html, getdate, now_datetime, today

from salon_crm.plans import eligibility, pricing
from salon_crm.rules import eligibility as rules

ASSIGNMENT = "Special Plan Assignment"
ACTIVE, ENDED = "Active", "Ended"
MANAGER_ROLES = ("Salon Manager", "System Manager")
STAFF_ROLES = ("Salon Staff",)
SET_BASED_FROM = 20  # profiles in one call from which eligibility is computed for all customers at once
INLINE_RESYNC_LIMIT = 50  # assignments whose rules a plan change rewrites inline; more go to a job
BENEFIT_FIELDS = (
	"company",
	"valid_from",
	"valid_until",
	"priority",
	"rate_or_discount",
	"discount_percentage",
	"discount_amount",
	"apply_on",
)


class NotEligibleError(frappe.ValidationError):
	pass


class PlanNotAvailableError(frappe.ValidationError):
	pass


class DuplicateAssignmentError(frappe.ValidationError):
	pass


class PlanConflictError(frappe.ValidationError):
	pass


class AssignmentDatesError(frappe.ValidationError):
	pass


class NoCustomerError(frappe.ValidationError):
	pass


class AssignmentEndedError(frappe.ValidationError):
	pass


# ---------------------------------------------------------------- who may assign


def can_assign(user: str | None = None) -> bool:
	return bool(set(frappe.get_roles(user)) & set(MANAGER_ROLES + STAFF_ROLES))


def can_assign_ineligible(user: str | None = None) -> bool:
	return bool(set(frappe.get_roles(user)) & set(MANAGER_ROLES))


# ---------------------------------------------------------------- assign and end


def assign(
	plan,
	profiles: list[str] | str,
	from_date: date | str | None = None,
	to_date: date | str | None = None,
	auto: bool = False,
) -> dict:
	"""Assign `plan` to one or many Customer Profiles.

	Customers who already hold the plan are skipped. Without Salon Manager rights every customer must be
	eligible (NotEligibleError names those who are not and why); a manager's assignment of an ineligible
	customer records the reason. Returns {"assigned": [assignment names], "skipped": [{customer_profile,
	assignment, reason}]}.
	"""
	plan = eligibility.get_plan(plan)
	profiles = list(dict.fromkeys([profiles] if isinstance(profiles, str) else profiles or []))
	on_date = getdate(today())
	validate_plan_available(plan, on_date)
	held = holders(plan.name, profiles)
	skipped = [
		{"customer_profile": p, "assignment": held[p], "reason": _("Already holds this plan")}
		for p in profiles
		if p in held
	]
	to_assign = [p for p in profiles if p not in held]
	failures = failures_by_profile(plan, to_assign, on_date)
	ineligible = {p: f for p, f in failures.items() if f}
	if ineligible and not can_assign_ineligible():
		throw_not_eligible(plan, ineligible)

	assigned = []
	for profile in to_assign:
		doc = frappe.get_doc(
			{
				"doctype": ASSIGNMENT,
				"special_plan": plan.name,
				"customer_profile": profile,
				"from_date": from_date,
				"to_date": to_date,
				"auto_assigned": 1 if auto else 0,
			}
		)
		doc.flags.eligibility_failures = failures[profile]
		doc.flags.plan = plan
		doc.insert(ignore_permissions=True)  # the caller checked the user's rights
		assigned.append(doc.name)
	return {"assigned": assigned, "skipped": skipped}


def end(assignment, on_date: date | str | None = None) -> Document:
	"""End an assignment from `on_date` (today): status Ended, its Pricing Rule disabled."""
	name = assignment if isinstance(assignment, str) else assignment.name
	on_date = getdate(on_date or today())
	frappe.db.get_value(ASSIGNMENT, name, "status", for_update=True)
	doc = frappe.get_doc(ASSIGNMENT, name)
	if doc.status == ENDED:
		return doc
	doc.status = ENDED
	doc.to_date = ended_on(doc.from_date, doc.to_date, on_date)
	doc.flags.ignore_permissions = True
	doc.save()
	return doc


def ended_on(from_date, to_date, on_date: date) -> date:
	"""The last day of an assignment ended on `on_date` (never before it starts)."""
	last = min(getdate(to_date), on_date) if to_date else on_date
	return max(getdate(from_date), last)


def end_many(names: list[str], on_date: date | None = None) -> int:
	"""End many assignments set-based (the nightly job): one UPDATE per 1,000 plus their rules."""
	on_date = getdate(on_date or today())
	table = DocType(ASSIGNMENT)
	ended = 0
	for start in range(0, len(names), 1000):
		chunk = names[start : start + 1000]
		rows = (
			frappe.qb.from_(table)
			.select(table.name, table.from_date, table.to_date, table.pricing_rule)
			.where(table.name.isin(chunk) & (table.status == ACTIVE))
			.for_update()
			.run(as_dict=True)
		)
		by_last_day: dict[date, list[str]] = {}
		for row in rows:
			by_last_day.setdefault(ended_on(row.from_date, row.to_date, on_date), []).append(row.name)
		for last_day, group in by_last_day.items():
			frappe.qb.update(table).set(table.status, ENDED).set(table.to_date, last_day).set(
				table.modified, now_datetime()
			).where(table.name.isin(group)).run()
		pricing.set_disabled([row.pricing_rule for row in rows], True)
		ended += len(rows)
	return ended


def active_assignments(
	plans: str | list[str], fields: tuple[str, ...] = ("name",), profiles: list[str] | None = None
) -> list[frappe._dict]:
	"""The active assignments of a plan (or of any of several plans), of the given profiles only when
	`profiles` is a list; each row with `fields`."""
	plans = [plans] if isinstance(plans, str) else list(plans)
	if not plans or (profiles is not None and not profiles):
		return []
	filters = {"special_plan": ("in", plans), "status": ACTIVE}
	if profiles is not None:
		filters["customer_profile"] = ("in", profiles)
	return frappe.get_all(ASSIGNMENT, filters=filters, fields=list(fields), limit=0)


def holders(plan: str, profiles: list[str]) -> dict[str, str]:
	"""{profile: active assignment} of the given profiles that hold `plan`."""
	rows = active_assignments(plan, ("customer_profile", "name"), profiles)
	return {row.customer_profile: row.name for row in rows}


def active_assignment(plan: str, profile: str, exclude: str | None = None) -> str | None:
	"""The active assignment of `plan` held by `profile`, other than `exclude`."""
	return next(
		(row.name for row in active_assignments(plan, profiles=[profile]) if row.name != exclude), None
	)


# ---------------------------------------------------------------- eligibility


def failures_by_profile(plan, profiles: list[str], on_date: date) -> dict[str, list]:
	"""Eligibility failures per profile. From SET_BASED_FROM profiles on, the eligible set is computed for
	all customers at once and only the others are examined one by one (for their reasons)."""
	if len(profiles) >= SET_BASED_FROM:
		eligible = set(eligibility.eligible_customers(plan, on_date))
		return {p: [] if p in eligible else eligibility.check(plan, p, on_date) for p in profiles}
	return {p: eligibility.check(plan, p, on_date) for p in profiles}


def throw_not_eligible(plan, ineligible: dict[str, list]) -> None:
	currency = frappe.get_cached_value("Company", plan.company, "default_currency")
	lines = [
		_("{0}: {1}").format(
			frappe.bold(escape_html(profile)), escape_html(eligibility.describe_all(failures, currency))
		)
		for profile, failures in list(ineligible.items())[:10]
	]
	if len(ineligible) > 10:
		lines.append(_("… and {0} more").format(len(ineligible) - 10))
	frappe.throw(
		_("Not eligible for {0}; only a Salon Manager may assign it anyway:").format(
			frappe.bold(escape_html(plan.name))
		)
		+ "<br>"
		+ "<br>".join(lines),
		title=_("Customer Not Eligible"),
		exc=NotEligibleError,
	)


# ---------------------------------------------------------------- controller steps


def set_defaults(doc, plan) -> None:
	"""Dates from the plan. (customer and customer_name are fetched from the profile by Frappe's link
	validation, which runs before validate.)"""
	if not doc.from_date:
		doc.from_date = max(getdate(plan.valid_from), getdate(today()))
	if not doc.to_date and doc.is_new():
		doc.to_date = plan.valid_until


def validate_customer(doc) -> None:
	if not doc.customer:
		frappe.throw(
			_("Customer Profile {0} has no ERPNext Customer to apply the plan to").format(
				frappe.bold(escape_html(doc.customer_profile))
			),
			title=_("No Customer"),
			exc=NoCustomerError,
		)


def validate_plan_available(plan, on_date: date | None = None) -> None:
	on_date = getdate(on_date or today())
	if not cint(plan.enabled):
		frappe.throw(
			_("Special Plan {0} is disabled").format(frappe.bold(escape_html(plan.name))),
			title=_("Plan Not Available"),
			exc=PlanNotAvailableError,
		)
	if plan.valid_until and getdate(plan.valid_until) < on_date:
		frappe.throw(
			_("Special Plan {0} ended on {1}").format(
				frappe.bold(escape_html(plan.name)), frappe.format(plan.valid_until, "Date")
			),
			title=_("Plan Not Available"),
			exc=PlanNotAvailableError,
		)


def validate_dates(doc, plan) -> None:
	if not (doc.is_new() or doc.has_value_changed("from_date") or doc.has_value_changed("to_date")):
		return
	from_date, to_date = getdate(doc.from_date), getdate(doc.to_date) if doc.to_date else None
	if to_date and to_date < from_date:
		frappe.throw(
			_("To Date {0} is before From Date {1}").format(
				frappe.format(to_date, "Date"), frappe.format(from_date, "Date")
			),
			title=_("Invalid Dates"),
			exc=AssignmentDatesError,
		)
	if doc.status != ACTIVE:
		return
	if from_date < getdate(plan.valid_from) or (
		plan.valid_until and (not to_date or to_date > getdate(plan.valid_until))
	):
		frappe.throw(
			_("The assignment must lie within the plan's validity ({0} to {1})").format(
				frappe.format(plan.valid_from, "Date"),
				frappe.format(plan.valid_until, "Date") if plan.valid_until else _("open"),
			),
			title=_("Invalid Dates"),
			exc=AssignmentDatesError,
		)


def validate_status_change(doc) -> None:
	"""An ended assignment stays ended: assigning again makes a new one (and checks eligibility)."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	if before and before.status == ENDED and doc.status == ACTIVE:
		frappe.throw(
			_("An ended assignment cannot be made active again: assign the plan again instead"),
			title=_("Assignment Ended"),
			exc=AssignmentEndedError,
		)


def lock_profile(doc) -> None:
	"""Serialise assignments of one customer (check-then-insert below)."""
	frappe.db.get_value("Customer Profile", doc.customer_profile, "name", for_update=True)


def validate_not_duplicate(doc) -> None:
	if doc.status != ACTIVE:
		return
	existing = active_assignment(
		doc.special_plan, doc.customer_profile, exclude=None if doc.is_new() else doc.name
	)
	if existing:
		frappe.throw(
			_("{0} already holds {1} ({2})").format(
				frappe.bold(escape_html(doc.customer_name or doc.customer_profile)),
				frappe.bold(escape_html(doc.special_plan)),
				existing,
			),
			title=_("Already Assigned"),
			exc=DuplicateAssignmentError,
		)


def validate_no_conflict(doc, plan) -> None:
	"""Two plans of the same priority on the same items would make ERPNext refuse the customer's invoices
	("Multiple Price Rules exists with same criteria"): refuse the second assignment instead."""
	if doc.status != ACTIVE:
		return
	others = frappe.get_all(
		ASSIGNMENT,
		filters={
			"customer_profile": doc.customer_profile,
			"status": ACTIVE,
			"special_plan": ("!=", plan.name),
			"name": ("!=", doc.name or ""),
		},
		fields=["name", "special_plan", "from_date", "to_date"],
	)
	scope, priority = None, pricing.priority(plan)
	for other in others:
		other_plan = frappe.get_cached_doc("Special Plan", other.special_plan)
		if not cint(other_plan.enabled) or pricing.priority(other_plan) != priority:
			continue
		if not rules.periods_overlap(
			getdate(doc.from_date),
			getdate(doc.to_date) if doc.to_date else None,
			getdate(other.from_date),
			getdate(other.to_date) if other.to_date else None,
		):
			continue
		scope = scope or plan_scope(plan)
		if scopes_overlap(scope, plan_scope(other_plan)):
			frappe.throw(
				_(
					"{0} already holds {1} ({2}), which discounts some of the same items at the same priority {3}."
					" Give one of the plans a different priority, or end that assignment first."
				).format(
					frappe.bold(escape_html(doc.customer_name or doc.customer_profile)),
					frappe.bold(escape_html(other_plan.name)),
					other.name,
					priority,
				),
				title=_("Plans Conflict"),
				exc=PlanConflictError,
			)


def check_eligibility(doc, plan) -> None:
	"""On a new assignment: staff may assign eligible customers only; a manager's assignment of an
	ineligible customer records why."""
	if not doc.is_new():
		return
	failures = doc.flags.eligibility_failures
	if failures is None:
		failures = eligibility.check(plan, doc.customer_profile, getdate(today()))
	if not failures:
		doc.not_eligible_reason = None
		return
	if not can_assign_ineligible():
		throw_not_eligible(plan, {doc.customer_profile: failures})
	currency = frappe.get_cached_value("Company", plan.company, "default_currency")
	doc.not_eligible_reason = eligibility.describe_all(failures, currency)


# ---------------------------------------------------------------- plan scope and conflicts


def plan_scope(plan) -> tuple[set[str], list[tuple[int, int]], dict[str, int]]:
	"""(item codes, item group ranges, item code -> lft of its item group) of a plan."""
	if plan.apply_on == "Item Group":
		names = [row.item_group for row in plan.items if row.item_group]
		groups = [
			(cint(r.lft), cint(r.rgt))
			for r in frappe.get_all(
				"Item Group", filters={"name": ("in", names or [""])}, fields=["lft", "rgt"]
			)
		]
		return set(), groups, {}
	codes = {row.item_code for row in plan.items if row.item_code}
	item, group = DocType("Item"), DocType("Item Group")
	positions = {}
	if codes:
		rows = (
			frappe.qb.from_(item)
			.join(group)
			.on(group.name == item.item_group)
			.select(item.name, group.lft)
			.where(item.name.isin(list(codes)))
			.run()
		)
		positions = {name: cint(lft) for name, lft in rows}
	return codes, [], positions


def scopes_overlap(scope_a: tuple, scope_b: tuple) -> bool:
	"""Whether two plan scopes (plan_scope) can discount the same item."""
	codes_a, groups_a, positions_a = scope_a
	codes_b, groups_b, positions_b = scope_b
	return rules.scopes_overlap(codes_a, groups_a, codes_b, groups_b, {**positions_a, **positions_b})


def conflicting_plans(plan) -> list[str]:
	"""Enabled plans of the same priority that can discount the same items."""
	priority = pricing.priority(plan)
	others = frappe.get_all(
		"Special Plan", filters={"enabled": 1, "name": ("!=", plan.name)}, fields=["name", "priority"]
	)
	same_priority = [o.name for o in others if pricing.priority(o) == priority]
	if not same_priority:
		return []
	scope = plan_scope(plan)
	return [
		name
		for name in same_priority
		if scopes_overlap(scope, plan_scope(frappe.get_cached_doc("Special Plan", name)))
	]


# ---------------------------------------------------------------- plan changes


def plan_changed(plan) -> None:
	"""Special Plan on_update: carry the change to the Pricing Rules of its active assignments."""
	before = plan.get_doc_before_save()
	if not before:
		return
	benefit_changed = any(
		str(before.get(f) or "") != str(plan.get(f) or "") for f in BENEFIT_FIELDS
	) or _items(before) != _items(plan)
	enabled_changed = cint(before.enabled) != cint(plan.enabled)
	if not (benefit_changed or enabled_changed):
		return
	rows = active_assignments(plan.name, ("name", "pricing_rule"))
	if not rows:
		return
	if len(rows) <= INLINE_RESYNC_LIMIT:
		resync_assignments(plan, [row.name for row in rows])
	elif not benefit_changed:
		pricing.set_disabled([row.pricing_rule for row in rows], not cint(plan.enabled))
	else:
		frappe.enqueue(
			"salon_crm.plans.assignment.resync_plan",
			queue="long",
			plan_name=plan.name,
			enqueue_after_commit=True,
			job_id=f"salon_crm_plan_resync::{plan.name}",
			deduplicate=True,
		)


def resync_plan(plan_name: str, chunk_size: int = 200) -> None:
	"""Job: rewrite the Pricing Rules of all active assignments of a plan, committing per chunk."""
	plan = frappe.get_doc("Special Plan", plan_name)
	names = [row.name for row in active_assignments(plan_name)]
	for start in range(0, len(names), chunk_size):
		resync_assignments(plan, names[start : start + chunk_size])
		if not frappe.flags.in_test:
			frappe.db.commit()  # a job commits per chunk


def resync_assignments(plan, names: list[str]) -> None:
	for name in names:
		pricing.sync_pricing_rule(frappe.get_doc(ASSIGNMENT, name), plan)


def _items(plan) -> list[tuple]:
	return [(row.item_code or "", row.item_group or "") for row in plan.items]
