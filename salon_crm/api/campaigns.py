"""Salon Campaigns for the desk: preview, test send, send now; and a customer's marketing opt-out."""

import frappe
from frappe import _

from salon_crm.campaigns import consent, results, service


@frappe.whitelist()
def preview(campaign: str) -> dict:
	"""Audience count, who would be excluded and why, and a sample of recipients with their message."""
	frappe.has_permission(service.DOCTYPE, "read", campaign, throw=True)
	frappe.has_permission("Customer Profile", "read", throw=True)
	return service.preview(campaign)


@frappe.whitelist()
def get_results(campaign: str) -> dict:
	"""The campaign's figures for its form's dashboard (see Campaign Results)."""
	frappe.has_permission(service.DOCTYPE, "read", campaign, throw=True)
	return results.summary(campaign)


@frappe.whitelist(methods=["POST"])
def send_test(campaign: str, recipient: str) -> dict:
	"""Send the campaign's message now to one number or email address (not a customer of the results)."""
	frappe.has_permission(service.DOCTYPE, "write", campaign, throw=True)
	if not (recipient or "").strip():
		frappe.throw(_("Enter a mobile number or an email address"), exc=frappe.ValidationError)
	return service.test_message(campaign, recipient.strip())


@frappe.whitelist(methods=["POST"])
def send_now(campaign: str) -> dict:
	"""Run a campaign now, in a background job (an audience may be 100,000 customers): its messages are
	planned into the outbox and sent by the sending job. A campaign already sent is refused here."""
	frappe.has_permission(service.DOCTYPE, "write", campaign, throw=True)
	return service.enqueue_run(campaign)


@frappe.whitelist(methods=["POST"])
def opt_out(profile: str, channel: str = "SMS") -> dict:
	"""The customer asked the salon to stop marketing on `channel` (SMS or Email): a restriction for
	Promotions on the profile, honoured at once, also by messages already queued."""
	frappe.has_permission("Customer Profile", "write", profile, throw=True)
	return {"added": consent.opt_out(profile, channel)}
