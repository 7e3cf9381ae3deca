"""Uninstall: the Pricing Rules Special Plans created. Rules no invoice refers to are deleted; rules that
invoices (even drafts) refer to are disabled, so those documents keep their links."""

from __future__ import annotations

import frappe
from frappe.query_builder import DocType

from salon_crm.plans.pricing import LINK_FIELD, set_disabled


def remove_pricing_rules() -> None:
	if not frappe.get_meta("Pricing Rule").has_field(LINK_FIELD) and not frappe.db.has_column(
		"Pricing Rule", LINK_FIELD
	):
		return
	rule, detail = DocType("Pricing Rule"), DocType("Pricing Rule Detail")
	ours = (
		frappe.qb.from_(rule)
		.select(rule.name)
		.where(rule[LINK_FIELD].isnotnull() & (rule[LINK_FIELD] != ""))
		.run(pluck=True)
	)
	if not ours:
		return
	if frappe.db.table_exists("Special Plan Assignment"):
		assignment = DocType("Special Plan Assignment")
		frappe.qb.update(assignment).set(assignment.pricing_rule, None).where(
			assignment.pricing_rule.isin(ours)
		).run()
	used = set(
		frappe.qb.from_(detail)
		.select(detail.pricing_rule)
		.distinct()
		.where(detail.pricing_rule.isin(ours))
		.run(pluck=True)
	)
	set_disabled(sorted(used), True)
	unused = [name for name in ours if name not in used]
	for start in range(0, len(unused), 1000):
		chunk = unused[start : start + 1000]
		for child in ("Pricing Rule Item Code", "Pricing Rule Item Group", "Pricing Rule Brand"):
			table = DocType(child)
			frappe.qb.from_(table).delete().where(table.parent.isin(chunk)).run()
		frappe.qb.from_(rule).delete().where(rule.name.isin(chunk)).run()
		for name in chunk:
			frappe.clear_document_cache("Pricing Rule", name)
