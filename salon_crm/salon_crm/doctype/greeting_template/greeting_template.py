# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from salon_crm.messaging.templates import validate_template
from salon_crm.rules import greetings as rules


class InvalidGreetingTemplateError(frappe.ValidationError):
	pass


class TemplateNotAllowedError(InvalidGreetingTemplateError):
	pass


class GreetingTemplate(Document):
	def validate(self):
		self.clear_fields_of_other_channel()
		self.validate_subject()
		self.validate_renders()

	def clear_fields_of_other_channel(self):
		if self.channel == rules.EMAIL:
			self.sms_template_id = None

	def validate_subject(self):
		if self.channel == rules.EMAIL and not (self.subject or "").strip():
			frappe.throw(
				_("An email greeting needs a {0}").format(frappe.bold(_("Subject"))),
				title=_("Missing Subject"),
				exc=InvalidGreetingTemplateError,
			)

	def validate_renders(self):
		"""Only the documented variables and text filters (rules.templates), then a render with a sample
		context as the daily run does it, so a broken or overreaching template fails here, not at 9 am."""
		context = rules.sample_context(self.occasion)
		for fieldname in ("subject", "message"):
			validate_template(self, fieldname, context, TemplateNotAllowedError, InvalidGreetingTemplateError)
