# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

from frappe.model.document import Document

from salon_crm.campaigns import setup


class SalonCampaign(Document):
	"""A marketing message to an audience described by rules, sent now, at a time or on a schedule through
	the outbox; see salon_crm.campaigns.service."""

	def validate(self):
		setup.validate_messages(self)
		setup.validate_schedule(self)
		setup.validate_offer(self)
		setup.validate_rules(self)
