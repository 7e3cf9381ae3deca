"""Covering indexes on ERPNext's invoice tables for the performance refresh (and the Special Plan facts).

Per submitted invoice, the refresh reads its customer, posting date, return flag and net total; per line in
the last year, the stock quantity and valuation rate. With these two indexes both reads are index-only
(about 100 MB for a million lines instead of the multi-gigabyte rows), so a full refresh does not depend on
the invoice tables fitting in the InnoDB buffer pool, and one customer's figures are a few index ranges.
Created on install/migrate (re-created when an older version of the app made them with other columns),
dropped on uninstall.
"""

from __future__ import annotations

import frappe

INDEXES = {
	"Sales Invoice": (
		"salon_perf_customer",
		["customer", "docstatus", "posting_date", "is_return", "update_stock", "base_net_total"],
	),
	"Sales Invoice Item": (
		"salon_perf_lines",
		["parent", "item_code", "base_net_amount", "stock_qty", "incoming_rate", "dn_detail"],
	),
}


def index_columns(doctype: str, name: str) -> list[str]:
	"""The columns of an index of a doctype's table, in order ([] when there is no such index)."""
	rows = frappe.db.sql(f"show index from `tab{doctype}` where Key_name = %s", name, as_dict=True)
	return [r.Column_name for r in sorted(rows, key=lambda r: r.Seq_in_index)]


def ensure_indexes() -> None:
	for doctype, (name, fields) in INDEXES.items():
		existing = index_columns(doctype, name)
		if existing == fields:
			continue
		if existing:
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")
		frappe.db.add_index(doctype, fields, index_name=name)


def drop_indexes() -> None:
	for doctype, (name, _fields) in INDEXES.items():
		if index_columns(doctype, name):
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")
