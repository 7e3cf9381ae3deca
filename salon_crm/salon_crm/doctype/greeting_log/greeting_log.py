# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

from frappe.model.document import Document

from salon_crm.utils import plain_text


class GreetingLog(Document):
	"""One greeting to one person for one occasion on one day through one channel; written only by
	salon_crm.greetings.service (no role may create or edit it)."""

	def before_print(self, settings=None):
		plain_text.escape_for_print(self)
