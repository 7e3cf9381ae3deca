"""Whitelisted endpoints for a customer's history (the profile's Service History, Purchase History and
PV Status buttons, and the Customer History report)."""

from __future__ import annotations

import frappe
from frappe import _

from salon_crm.history import service


class UnknownHistoryButtonError(frappe.ValidationError):
	pass


BUTTON_KINDS = {
	"service_history": [service.SERVICES],
	"purchase_history": [service.PRODUCTS],
	"pv_status": [service.CARDS],
}
"""The profile's buttons and the history kinds each shows (PV Status: prepaid value, i.e. the cards)."""


def readable_kinds(kinds: list[str] | None = None) -> list[str]:
	"""The requested kinds (all by default) whose source documents the user may read."""
	wanted = [k for k in (kinds or service.KINDS) if k in service.KINDS]
	return [
		kind
		for kind in wanted
		if all(frappe.has_permission(dt, "read") for dt in service.SOURCE_DOCTYPES[kind] if _exists(dt))
	]


def _exists(doctype: str) -> bool:
	return bool(frappe.db.exists("DocType", doctype))


@frappe.whitelist()
def get_history(
	customer_profile: str,
	kinds: list[str] | str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	limit: int = 100,
	start: int = 0,
) -> list[dict]:
	"""History rows of one profile, newest first, limited to the kinds the user may read."""
	frappe.get_doc("Customer Profile", customer_profile).check_permission("read")
	if isinstance(kinds, str):
		kinds = frappe.parse_json(kinds) if kinds.startswith("[") else [kinds]
	return service.get_history(
		customer_profile,
		kinds=readable_kinds(kinds),
		from_date=from_date,
		to_date=to_date,
		limit=limit,
		start=start,
	)


@frappe.whitelist()
def history_route(customer_profile: str, button: str) -> dict:
	"""Where a profile button leads: the Customer History report filtered to the button's kind."""
	frappe.get_doc("Customer Profile", customer_profile).check_permission("read")
	kinds = BUTTON_KINDS.get(button)
	if not kinds:
		frappe.throw(
			_("Unknown history button {0}").format(frappe.bold(button)),
			title=_("Customer History"),
			exc=UnknownHistoryButtonError,
		)
	return {
		"route": ["query-report", "Customer History"],
		"filters": {"customer_profile": customer_profile, "kind": kinds[0]},
	}
