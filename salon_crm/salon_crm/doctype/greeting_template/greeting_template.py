# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html

from salon_crm.greetings.service import render_text
from salon_crm.rules import greetings as rules
from salon_crm.rules import templates


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
			label = frappe.bold(self.meta.get_label(fieldname))
			found = templates.problems(self.get(fieldname), frozenset(context))
			if found:
				frappe.throw(
					_(
						"{0} uses what a message template may not use: {1}. Allowed: the variables {2} and the filters {3}."
					).format(
						label,
						", ".join(frappe.bold(p) for p in map(escape_html, found)),
						", ".join(sorted(context)),
						", ".join(sorted(templates.ALLOWED_FILTERS)),
					),
					title=_("Template Not Allowed"),
					exc=TemplateNotAllowedError,
				)
			try:
				render_text(self.get(fieldname), context)
			except Exception as e:
				frappe.throw(
					_("{0} is not a valid template: {1}").format(label, escape_html(str(e))),
					title=_("Invalid Template"),
					exc=InvalidGreetingTemplateError,
				)
