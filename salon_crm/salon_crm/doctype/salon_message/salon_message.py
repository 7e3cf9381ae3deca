# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class SalonMessage(Document):
	"""One message to one person through one channel (a greeting or a campaign message): the outbox row,
	written only by salon_crm.messaging.outbox (no role may create or edit it)."""

	pass


def on_doctype_update():
	"""The sending job looks for due rows by status and next attempt; history and reports by profile and day."""
	frappe.db.add_index("Salon Message", ["status", "next_attempt_at"])
	frappe.db.add_index("Salon Message", ["customer_profile", "message_date"])
