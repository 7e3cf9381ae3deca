"""Whitelisted endpoints for customer performance figures."""

from __future__ import annotations

import frappe

from salon_crm.performance import jobs, service


@frappe.whitelist(methods=["POST"])
def refresh_customer(profile: str) -> dict:
	"""Recompute one profile's figures now (the profile's Refresh button) and return them."""
	doc = frappe.get_doc("Customer Profile", profile)
	doc.check_permission("write")
	if doc.customer:
		service.refresh_customers([doc.customer])
	fields = [*service.FIGURES, "average_bill", "card_balance", "rfm_segment", "performance_updated_on"]
	return frappe.db.get_value("Customer Profile", profile, fields, as_dict=True)


@frappe.whitelist(methods=["POST"])
def refresh_all(full: bool = False) -> dict:
	"""Queue a refresh of every customer on the long queue (Salon Manager / System Manager)."""
	frappe.only_for(("System Manager", "Salon Manager"))
	frappe.has_permission("Salon CRM Settings", "write", throw=True)
	jobs.enqueue_refresh(full=bool(frappe.utils.cint(full)))
	return {"queued": True, "full": bool(frappe.utils.cint(full))}
