"""Finding a customer by number, first or last name, or any run of phone digits, index-backed.

Each kind of match is one indexed query (primary key, prefix range on a name index, prefix range on the
phone-suffix index); the union is ranked number > phone > name and limited.
"""

from __future__ import annotations

import frappe
from frappe.query_builder import DocType
from frappe.query_builder.functions import Coalesce

from salon_crm.customers.profile import default_region
from salon_crm.rules import numbers as number_rules
from salon_crm.rules import phone as phone_rules

RESULT_FIELDS = ("name", "full_name", "customer_number", "mobile_no", "customer", "disabled")


def search_profiles(txt: str, limit: int = 20, start: int = 0, include_disabled: bool = False) -> list[dict]:
	txt = (txt or "").strip()
	limit = max(1, min(int(limit or 20), 100))
	wanted = limit + int(start or 0)
	if not txt:
		return _recent(wanted, include_disabled)[start:]

	ranked: dict[str, int] = {}

	def add(names, rank):
		for name in names:
			ranked.setdefault(name, rank)

	add(_by_number(txt), 0)
	if phone_rules.looks_like_phone_query(txt):
		digits = phone_rules.query_digits(txt, default_region())
		if digits:
			add(_by_phone_digits(digits, wanted), 1)
	if not txt.replace(" ", "").isdigit():
		add(_by_name(txt, wanted), 2)

	if not ranked:
		return []
	Profile = DocType("Customer Profile")
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


def _series() -> list[str]:
	options = frappe.get_meta("Customer Profile").get_options("naming_series") or ""
	return [o.strip() for o in options.split("\n") if o.strip()]


def _by_number(txt: str) -> list[str]:
	candidates = number_rules.number_candidates(txt, _series())
	if not candidates:
		return []
	Profile = DocType("Customer Profile")
	return frappe.qb.from_(Profile).select(Profile.name).where(Profile.name.isin(candidates)).run(pluck=True)


def _by_phone_digits(digits: str, limit: int) -> list[str]:
	Key = DocType("Salon Search Key")
	return (
		frappe.qb.from_(Key)
		.select(Key.customer_profile)
		.distinct()
		.where(Key.search_key.like(f"{_escape_like(digits)}%"))
		.limit(limit)
		.run(pluck=True)
	)


def _by_name(txt: str, limit: int) -> list[str]:
	pattern = f"{_escape_like(txt)}%"
	Profile = DocType("Customer Profile")
	names: list[str] = []
	for field in ("full_name", "last_name"):  # full_name starts with first_name
		names += (
			frappe.qb.from_(Profile)
			.select(Profile.name)
			.where(Profile[field].like(pattern))
			.orderby(Profile[field])
			.limit(limit)
			.run(pluck=True)
		)
	return names


def _recent(limit: int, include_disabled: bool) -> list[dict]:
	Profile = DocType("Customer Profile")
	query = (
		frappe.qb.from_(Profile)
		.select(*[Profile[f] for f in RESULT_FIELDS])
		.orderby(Profile.modified, order=frappe.qb.desc)
	)
	if not include_disabled:
		query = query.where(Coalesce(Profile.disabled, 0) == 0)
	return query.limit(limit).run(as_dict=True)


def _escape_like(text: str) -> str:
	return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
