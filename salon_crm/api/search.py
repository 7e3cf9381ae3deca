"""Link-field searches for Customer Profile and ERPNext's Customer, and the desk's quick search."""

from __future__ import annotations

import frappe
from frappe.utils import cint

from salon_crm.customers.search import search_profiles
from salon_crm.utils.plain_text import html_text


def _wants_disabled(filters) -> bool:
	if isinstance(filters, dict):
		return filters.get("disabled") in (1, "1")
	return False


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def customer_profile_query(
	doctype,
	txt,
	searchfield,
	start,
	page_len,
	filters,
	reference_doctype=None,
	ignore_user_permissions=False,
	**kwargs,
):
	"""Link search for Customer Profile: [name, full name, number, mobile] per match the user may read. The
	link field shows the full name as the entry's label and the rest as its description, both as HTML, and
	puts the label into the input as text: they are `html_text`.

	Permissions as in Frappe's stock link search (frappe.desk.search.search_widget): no read (or select)
	right on Customer Profile raises PermissionError; User Permissions, permission query conditions and
	shares limit the matches, unless the link field ignores user permissions."""
	ptype = "select" if frappe.only_has_select_perm("Customer Profile") else "read"
	frappe.has_permission("Customer Profile", ptype, throw=True)
	rows = search_profiles(
		txt,
		limit=page_len,
		start=start,
		include_disabled=_wants_disabled(filters),
		ignore_permissions=bool(cint(ignore_user_permissions)),
		reference_doctype=reference_doctype,
	)
	return [_shown(r.name, r.full_name, r.customer_number, r.mobile_no) for r in rows]


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def customer_query(doctype, txt, searchfield, start, page_len, filters, **kwargs):
	"""Link search for ERPNext's Customer (Sales Invoice, POS Invoice, …): finds the person by customer
	number, name or phone digits through the profiles, then adds customers that have no profile by name.
	The link field's filters and the user's permissions apply to both (frappe.get_list)."""
	frappe.has_permission("Customer", "read", throw=True)
	page_len = int(page_len or 20)
	# the profiles only lead to customers here: the Customer permissions below decide what is shown
	rows = [
		r for r in search_profiles(txt, limit=page_len, start=start, ignore_permissions=True) if r.customer
	]
	if rows:
		allowed = set(
			frappe.get_list(
				"Customer",
				filters=_and(filters, {"name": ("in", [r.customer for r in rows])}),
				pluck="name",
				limit_page_length=0,
			)
		)
		rows = [r for r in rows if r.customer in allowed]
	results = [_shown(r.customer, r.full_name, r.customer_number, r.mobile_no) for r in rows]
	if len(results) < page_len and (txt or "").strip():
		seen = {r[0] for r in results}
		others = frappe.get_list(
			"Customer",
			filters=_and(filters, {"disabled": 0, "salon_customer_profile": ("is", "not set")}),
			or_filters={"name": ("like", f"{txt.strip()}%"), "customer_name": ("like", f"{txt.strip()}%")},
			fields=["name", "customer_name", "mobile_no"],
			limit_page_length=page_len - len(results),
		)
		results += [_shown(c.name, c.customer_name, None, c.mobile_no) for c in others if c.name not in seen]
	return results[:page_len]


def _shown(value: str, *shown) -> tuple:
	"""A link search result: the value (the document's name, what the field stores) as it is, the label and
	description parts safe to show (`html_text`)."""
	return (value, *(html_text(part) for part in shown))


def _and(filters, extra: dict):
	"""A link field's filters (dict or list form) with `extra` conditions added."""
	if not filters:
		return extra
	if isinstance(filters, dict):
		return {**filters, **extra}
	return [
		*filters,
		*(
			["Customer", field, *(condition if isinstance(condition, tuple) else ("=", condition))]
			for field, condition in extra.items()
		),
	]


@frappe.whitelist()
def find_customers(txt: str, limit: int = 20) -> list[dict]:
	"""The front desk's search box: profiles the user may read matching a number, name or phone digits."""
	frappe.has_permission("Customer Profile", "read", throw=True)
	return search_profiles(txt, limit=limit)
