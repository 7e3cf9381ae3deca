"""Covering indexes on ERPNext's invoice tables for the performance refresh.

The refresh reads, per submitted invoice, its customer, posting date and return flag, and, per line, the
item, net amount, stock quantity and valuation rate. With these two indexes both reads are index-only
(about 100 MB for a million lines instead of the multi-gigabyte rows), so a full refresh no longer depends
on the invoice tables fitting in the InnoDB buffer pool, and one customer's figures are a few index ranges.
Created on install/migrate, dropped on uninstall.
"""

from __future__ import annotations

import frappe

INDEXES = {
	"Sales Invoice": (
		"salon_perf_customer",
		["customer", "docstatus", "posting_date", "is_return", "update_stock"],
	),
	"Sales Invoice Item": (
		"salon_perf_lines",
		["parent", "item_code", "base_net_amount", "stock_qty", "incoming_rate", "dn_detail"],
	),
}


def ensure_indexes() -> None:
	for doctype, (name, fields) in INDEXES.items():
		frappe.db.add_index(doctype, fields, index_name=name)


def drop_indexes() -> None:
	for doctype, (name, _fields) in INDEXES.items():
		if frappe.db.has_index(f"tab{doctype}", name):
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")
