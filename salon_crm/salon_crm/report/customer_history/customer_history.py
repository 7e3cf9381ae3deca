# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt
"""One customer's history, newest first; each row links to the document it came from."""

from __future__ import annotations

import frappe
from frappe import _

from salon_crm.history import service
from salon_crm.rules.text import is_safe_link
from salon_crm.utils.report import column, currency_column, document_columns, text_shown_as_html

MAX_ROWS = 5000
PHOTO_FIELDS = ("before_photo", "after_photo")


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
	for row in rows:  # the report's formatter shows these as images: links of this site or http(s) only
		for field in PHOTO_FIELDS:
			if row.get(field) and not is_safe_link(row[field]):
				row[field] = None
	cols = columns()
	return cols, text_shown_as_html(cols, rows)


def columns() -> list[dict]:
	return [
		column("date", _("Date"), "Date", 100),
		column("kind", _("Kind"), width=95),
		column("title", _("What"), width=180),
		column("detail", _("Detail"), width=150),
		column("qty", _("Qty / Value"), "Float", 90),
		currency_column("amount", _("Amount"), 110),
		column("status", _("Status"), width=90),
		*document_columns("reference_doctype", "reference_name", _("Document Type"), _("Document"), 130, 160),
		*document_columns("voucher_type", "voucher_no", _("Related Type"), _("Related Document"), 120, 150),
		column("before_photo", _("Before"), width=70),
		column("after_photo", _("After"), width=70),
	]
