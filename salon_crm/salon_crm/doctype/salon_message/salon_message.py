# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from salon_crm.utils import plain_text


class SalonMessage(Document):
	"""One message to one person through one channel (a greeting or a campaign message): the outbox row,
	written only by salon_crm.messaging.outbox (no role may create or edit it)."""

	def before_print(self, settings=None):
		plain_text.escape_for_print(self)


def on_doctype_update():
	"""The sending job looks for due rows by status and next attempt; history and reports by profile and day."""
	frappe.db.add_index("Salon Message", ["status", "next_attempt_at"])
	frappe.db.add_index("Salon Message", ["customer_profile", "message_date"])
