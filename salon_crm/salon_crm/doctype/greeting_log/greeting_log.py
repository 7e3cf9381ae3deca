# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

from frappe.model.document import Document


class GreetingLog(Document):
	"""One greeting to one person for one occasion on one day through one channel; written only by
	salon_crm.greetings.service (no role may create or edit it)."""

	pass
