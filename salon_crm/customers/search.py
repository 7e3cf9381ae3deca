"""Finding a customer by number (the app's, or the previous system's), first or last name (in either order,
or initials), any run of phone digits, or a name with phone digits ("priya 2345"), index-backed.

Each kind of match is one indexed query (primary key, prefix range on a name index, prefix range on the
phone-suffix index); the union is ranked number > phone (ending with the digits, then containing them;
alone or with a name: "priya 2345") > name > initials, and within a kind by the visit score (how often and
how recently the customer visits, rules.search.visit_score, from the figures kept by
salon_crm.performance): when several people match, the regulars come first, and each query takes its
best-scored matches before it is limited.

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
from salon_crm.rules import search as search_rules

PROFILE = "Customer Profile"
RESULT_FIELDS = ("name", "full_name", "customer_number", "mobile_no", "customer", "disabled")
NUMBER, PHONE, NAME, INITIALS = range(4)
"""Match kinds, best first. Among phone matches: the most specific reading of the digits first ("0123"
before "123"), and for each, a phone that ends with them (the last digits, the whole number) before one
that only contains them."""
SCORE = LiteralValue(
	"(coalesce(`tabCustomer Profile`.`visits`, 0) / (1 + greatest(datediff(curdate(), "
	"coalesce(`tabCustomer Profile`.`last_visit`, curdate())), 0) / "
	f"{search_rules.RECENCY_DAYS}))"
)
"""rules.search.visit_score in SQL, from the profile's stored visits and last visit."""


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

	ranked: dict[str, tuple[int, ...]] = {}

	def add(names, *rank):
		for name in names:
			ranked.setdefault(name, rank)

	def add_phone(runs, words=()):
		for run, digits in enumerate(runs):
			for ends in (True, False):
				add(_by_phone_digits(digits, wanted, condition, words, ends=ends), PHONE, run, not ends)

	add(_by_number(txt, condition), NUMBER)
	add(_by_old_number(txt, condition), NUMBER)
	if phone_rules.looks_like_phone_query(txt):
		add_phone(phone_rules.query_digit_runs(txt, default_region()))
	else:
		terms = search_rules.terms(txt)
		runs = phone_rules.query_digit_runs(terms.digits, default_region()) if terms.digits else []
		if terms.words and runs:  # "priya 2345": the name and the phone digits
			add_phone(runs, terms.words)
		elif terms.words:
			add(_by_name(txt, wanted, condition), NAME)
			pairs = search_rules.name_pairs(terms.words)
			initials = len(terms.words) == 1
			add(_by_name_pairs(pairs, wanted, condition), INITIALS if initials else NAME)

	if not ranked:
		return []
	Profile = DocType(PROFILE)
	rows = (
		frappe.qb.from_(Profile)
		.select(*[Profile[f] for f in RESULT_FIELDS], SCORE.as_("visit_score"))
		.where(Profile.name.isin(list(ranked)))
	)
	if not include_disabled:
		rows = rows.where(Coalesce(Profile.disabled, 0) == 0)
	rows = rows.run(as_dict=True)
	rows.sort(key=lambda r: (ranked[r.name], -float(r.visit_score or 0), r.full_name or ""))
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


def _by_phone_digits(
	digits: str,
	limit: int,
	condition: Term | None,
	words: tuple[str, ...] = (),
	ends: bool = False,
) -> list[str]:
	"""Profiles one of whose phones contains this run of digits (`ends`: ends with it, its search key is
	the digits themselves) and, with `words`, a first or last name starting with each word; best visit
	score first. A range on the phone-suffix index; names are checked on its rows."""
	Key = DocType("Salon Search Key")
	Profile = DocType(PROFILE)
	query = (
		frappe.qb.from_(Key)
		.join(Profile)
		.on(Profile.name == Key.customer_profile)
		.select(Key.customer_profile, SCORE.as_("score"))
		.distinct()
		.where(Key.search_key == digits if ends else Key.search_key.like(f"{_escape_like(digits)}%"))
	)
	for word in words:
		pattern = f"{_escape_like(word)}%"
		query = query.where(Profile.first_name.like(pattern) | Profile.last_name.like(pattern))
	if condition is not None:
		query = query.where(condition)
	return [row[0] for row in query.orderby(SCORE, order=frappe.qb.desc).limit(limit).run()]


def _by_name(txt: str, limit: int, condition: Term | None) -> list[str]:
	"""Profiles whose full name (so: first name) or last name starts with the text, best score first."""
	pattern = f"{_escape_like(txt)}%"
	Profile = DocType(PROFILE)
	names: list[str] = []
	for field in ("full_name", "last_name"):  # full_name starts with first_name
		query = frappe.qb.from_(Profile).select(Profile.name).where(Profile[field].like(pattern))
		if condition is not None:
			query = query.where(condition)
		names += query.orderby(SCORE, order=frappe.qb.desc).limit(limit).run(pluck=True)
	return names


def _by_name_pairs(pairs: list[tuple[str, str]], limit: int, condition: Term | None) -> list[str]:
	"""Profiles whose first and last names start with each pair's prefixes ("sharma priya" in both orders,
	initials), best score first: a range on the first-name index, the last name checked on its rows."""
	Profile = DocType(PROFILE)
	names: list[str] = []
	for first, last in pairs:
		query = (
			frappe.qb.from_(Profile)
			.select(Profile.name)
			.where(Profile.first_name.like(f"{_escape_like(first)}%"))
			.where(Profile.last_name.like(f"{_escape_like(last)}%"))
		)
		if condition is not None:
			query = query.where(condition)
		names += query.orderby(SCORE, order=frappe.qb.desc).limit(limit).run(pluck=True)
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
