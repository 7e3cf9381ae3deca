"""Finding a customer by number (the app's, or the previous system's), first or last name, or any run of
phone digits, index-backed.

Each kind of match is one indexed query (primary key, prefix range on a name index, prefix range on the
phone-suffix index); the union is ranked number > phone > name and limited.

Unless told to ignore permissions, every one of those queries also carries the conditions Frappe's own list
and link search (frappe.get_list) add for the session user: User Permissions on the profile or on any of its
links (Customer, Territory, …), permission query conditions and shared documents. They sit inside each
query, so the limit counts profiles the user may read; for a user who may read every profile there are
none and the queries are the plain indexed ones.
"""

from __future__ import annotations

import frappe
from frappe.model.db_query import DatabaseQuery
from frappe.query_builder import DocType
from frappe.query_builder.functions import Coalesce
from pypika.terms import LiteralValue, Term

from salon_crm.customers.profile import default_region
from salon_crm.rules import numbers as number_rules
from salon_crm.rules import phone as phone_rules

PROFILE = "Customer Profile"
RESULT_FIELDS = ("name", "full_name", "customer_number", "mobile_no", "customer", "disabled")


def search_profiles(
	txt: str,
	limit: int = 20,
	start: int = 0,
	include_disabled: bool = False,
	*,
	ignore_permissions: bool = False,
	reference_doctype: str | None = None,
) -> list[dict]:
	"""Profiles matching `txt` that the session user may read (all of them with `ignore_permissions`).

	`reference_doctype` is the doctype of the form whose link field is searching, for User Permissions
	that apply only to it (as frappe.get_list). Raises PermissionError if the user may read no profile."""
	condition = None if ignore_permissions else read_condition(reference_doctype)
	txt = (txt or "").strip()
	limit = max(1, min(int(limit or 20), 100))
	wanted = limit + int(start or 0)
	if not txt:
		return _recent(wanted, include_disabled, condition)[start:]

	ranked: dict[str, int] = {}

	def add(names, rank):
		for name in names:
			ranked.setdefault(name, rank)

	add(_by_number(txt, condition), 0)
	add(_by_old_number(txt, condition), 0)
	if phone_rules.looks_like_phone_query(txt):
		digits = phone_rules.query_digits(txt, default_region())
		if digits:
			add(_by_phone_digits(digits, wanted, condition), 1)
	if not txt.replace(" ", "").isdigit():
		add(_by_name(txt, wanted, condition), 2)

	if not ranked:
		return []
	Profile = DocType(PROFILE)
	rows = (
		frappe.qb.from_(Profile)
		.select(*[Profile[f] for f in RESULT_FIELDS])
		.where(Profile.name.isin(list(ranked)))
	)
	if not include_disabled:
		rows = rows.where(Coalesce(Profile.disabled, 0) == 0)
	rows = rows.run(as_dict=True)
	rows.sort(key=lambda r: (ranked[r.name], r.full_name or ""))
	return rows[start : start + limit]


def read_condition(reference_doctype: str | None = None) -> Term | None:
	"""What limits the session user's reads of Customer Profile, as one condition on `tabCustomer Profile`,
	or None when the user may read every profile.

	It is the SQL frappe.get_list itself would add (DatabaseQuery: the role check, then User Permission,
	permission query and share conditions, with values escaped by Frappe), the same source ERPNext's link
	queries use through get_match_cond. Raises PermissionError like frappe.get_list when the user may read
	no profile at all."""
	query = DatabaseQuery(PROFILE)
	query.check_read_permission(PROFILE)
	query.reference_doctype = reference_doctype or PROFILE
	match = query.build_match_conditions()
	conditions = [*query.conditions, match] if match else list(query.conditions)
	if not conditions:
		return None
	sql = " and ".join(f"({c})" for c in conditions)
	# qb runs with named parameters, so a literal % must be doubled (as get_match_cond does)
	return LiteralValue(f"({sql})".replace("%", "%%"))


def _series() -> list[str]:
	options = frappe.get_meta(PROFILE).get_options("naming_series") or ""
	return [o.strip() for o in options.split("\n") if o.strip()]


def _by_number(txt: str, condition: Term | None) -> list[str]:
	candidates = number_rules.number_candidates(txt, _series())
	if not candidates:
		return []
	Profile = DocType(PROFILE)
	query = frappe.qb.from_(Profile).select(Profile.name).where(Profile.name.isin(candidates))
	if condition is not None:
		query = query.where(condition)
	return query.run(pluck=True)


def _by_old_number(txt: str, condition: Term | None) -> list[str]:
	"""The profile whose previous system number is exactly the text typed (unique index)."""
	Profile = DocType(PROFILE)
	query = frappe.qb.from_(Profile).select(Profile.name).where(Profile.old_customer_number == txt)
	if condition is not None:
		query = query.where(condition)
	return query.run(pluck=True)


def _by_phone_digits(digits: str, limit: int, condition: Term | None) -> list[str]:
	Key = DocType("Salon Search Key")
	query = (
		frappe.qb.from_(Key)
		.select(Key.customer_profile)
		.distinct()
		.where(Key.search_key.like(f"{_escape_like(digits)}%"))
	)
	if condition is not None:
		Profile = DocType(PROFILE)
		query = query.join(Profile).on(Profile.name == Key.customer_profile).where(condition)
	return query.limit(limit).run(pluck=True)


def _by_name(txt: str, limit: int, condition: Term | None) -> list[str]:
	pattern = f"{_escape_like(txt)}%"
	Profile = DocType(PROFILE)
	names: list[str] = []
	for field in ("full_name", "last_name"):  # full_name starts with first_name
		query = frappe.qb.from_(Profile).select(Profile.name).where(Profile[field].like(pattern))
		if condition is not None:
			query = query.where(condition)
		names += query.orderby(Profile[field]).limit(limit).run(pluck=True)
	return names


def _recent(limit: int, include_disabled: bool, condition: Term | None) -> list[dict]:
	Profile = DocType(PROFILE)
	query = (
		frappe.qb.from_(Profile)
		.select(*[Profile[f] for f in RESULT_FIELDS])
		.orderby(Profile.modified, order=frappe.qb.desc)
	)
	if not include_disabled:
		query = query.where(Coalesce(Profile.disabled, 0) == 0)
	if condition is not None:
		query = query.where(condition)
	return query.limit(limit).run(as_dict=True)


def _escape_like(text: str) -> str:
	return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
