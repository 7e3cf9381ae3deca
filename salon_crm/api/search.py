"""Link-field searches for Customer Profile and ERPNext's Customer, and the desk's quick search."""

from __future__ import annotations

import frappe

from salon_crm.customers.search import search_profiles


def _wants_disabled(filters) -> bool:
	if isinstance(filters, dict):
		return filters.get("disabled") in (1, "1")
	return False


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def customer_profile_query(doctype, txt, searchfield, start, page_len, filters, **kwargs):
	"""Link search for Customer Profile: [name, full name, number, mobile] per match."""
	frappe.has_permission("Customer Profile", "read", throw=True)
	rows = search_profiles(txt, limit=page_len, start=start, include_disabled=_wants_disabled(filters))
	return [(r.name, r.full_name, r.customer_number, r.mobile_no) for r in rows]


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def customer_query(doctype, txt, searchfield, start, page_len, filters, **kwargs):
	"""Link search for ERPNext's Customer (Sales Invoice, POS Invoice, …): finds the person by customer
	number, name or phone digits through the profiles, then falls back to ERPNext's own search for customers
	that have no profile."""
	frappe.has_permission("Customer", "read", throw=True)
	rows = [r for r in search_profiles(txt, limit=page_len, start=start) if r.customer]
	results = [(r.customer, r.full_name, r.customer_number, r.mobile_no) for r in rows]
	if len(results) < int(page_len or 20):
		from erpnext.controllers.queries import customer_query as erpnext_customer_query

		seen = {r[0] for r in results}
		for row in erpnext_customer_query(doctype, txt, searchfield, start, page_len, filters) or []:
			if row[0] not in seen:
				results.append(tuple(row))
				seen.add(row[0])
	return results[: int(page_len or 20)]


@frappe.whitelist()
def find_customers(txt: str, limit: int = 20) -> list[dict]:
	"""The front desk's search box: profiles matching a number, name or phone digits."""
	frappe.has_permission("Customer Profile", "read", throw=True)
	return search_profiles(txt, limit=limit)
