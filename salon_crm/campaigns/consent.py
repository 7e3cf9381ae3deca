"""A customer's marketing opt-out: a Communication Restriction (channel, Promotions) on the profile. The
outbox asks consent again right before each message, so an opt-out also stops marketing already queued.
An unsubscribe from a marketing email (Frappe's link, an Email Unsubscribe record) becomes the same
restriction on every profile with that address."""

from __future__ import annotations

import frappe
from frappe import _

from salon_crm.rules import restrictions

PROFILE = "Customer Profile"


class OptOutError(frappe.ValidationError):
	pass


def opt_out(profile: str, channel: str) -> bool:
	"""Add the (channel, Promotions) restriction unless the profile already refuses marketing on the channel.
	Returns whether a row was added."""
	if channel not in (restrictions.SMS, restrictions.EMAIL):
		frappe.throw(_("Opt out of SMS or Email"), exc=OptOutError)
	doc = frappe.get_doc(PROFILE, profile)
	rows = [(r.channel, r.purpose) for r in doc.get("communication_restrictions")]
	if not restrictions.is_allowed(rows, False, channel, restrictions.PROMOTIONS):
		return False
	doc.append("communication_restrictions", {"channel": channel, "purpose": restrictions.PROMOTIONS})
	doc.flags.ignore_permissions = (
		True  # the caller checked write rights (or it is the customer's unsubscribe)
	)
	doc.save()
	return True


def on_email_unsubscribe(doc, method=None) -> None:
	"""Email Unsubscribe after_insert: an unsubscribe from a campaign email (or from all email) stops email
	marketing to every profile with that address."""
	if doc.reference_doctype not in ("Salon Campaign", PROFILE) and not doc.global_unsubscribe:
		return
	for profile in frappe.get_all(PROFILE, filters={"email_id": doc.email}, pluck="name"):
		opt_out(profile, restrictions.EMAIL)
