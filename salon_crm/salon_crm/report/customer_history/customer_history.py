# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt
"""One customer's history, newest first; each row links to the document it came from."""

from __future__ import annotations

import frappe
from frappe import _

from salon_crm.history import service
from salon_crm.utils.report import document_columns

MAX_ROWS = 5000


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.get("customer_profile"):
		return columns(), []
	frappe.get_doc("Customer Profile", filters.customer_profile).check_permission("read")
	kind = filters.get("kind") or "All"
	kinds = None if kind == "All" else [kind]
	rows = service.get_history(
		filters.customer_profile,
		kinds=service.readable_kinds(kinds),
		from_date=filters.get("from_date"),
		to_date=filters.get("to_date"),
		limit=MAX_ROWS,
	)
	return columns(), rows


def columns() -> list[dict]:
	return [
		{"fieldname": "date", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "kind", "label": _("Kind"), "fieldtype": "Data", "width": 95},
		{"fieldname": "title", "label": _("What"), "fieldtype": "Data", "width": 180},
		{"fieldname": "detail", "label": _("Detail"), "fieldtype": "Data", "width": 150},
		{"fieldname": "qty", "label": _("Qty / Value"), "fieldtype": "Float", "width": 90},
		{"fieldname": "amount", "label": _("Amount"), "fieldtype": "Currency", "width": 110},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 90},
		*document_columns("reference_doctype", "reference_name", _("Document Type"), _("Document"), 130, 160),
		*document_columns("voucher_type", "voucher_no", _("Related Type"), _("Related Document"), 120, 150),
		{"fieldname": "before_photo", "label": _("Before"), "fieldtype": "Data", "width": 70},
		{"fieldname": "after_photo", "label": _("After"), "fieldtype": "Data", "width": 70},
	]
