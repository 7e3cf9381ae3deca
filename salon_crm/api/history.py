"""The whitelisted endpoint for a customer's history (the rows of the Customer History report, over REST)."""

from __future__ import annotations

import frappe

from salon_crm.history import service

MAX_ROWS = 1000


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
		kinds=service.readable_kinds(kinds),
		from_date=from_date,
		to_date=to_date,
		limit=min(int(limit or 100), MAX_ROWS),
		start=start,
	)
