"""Checking a message template a user saves (greetings, campaigns): the one place that turns the rules of
salon_crm.rules.templates into the form's messages."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html

from salon_crm.rules import templates


def validate_template(doc, fieldname: str, context: dict, not_allowed_exc, invalid_exc) -> None:
	"""Refuse `doc.<fieldname>` when it uses anything but `context`'s variables and the text filters
	(`not_allowed_exc`, naming each thing), or does not render with `context` (`invalid_exc`)."""
	label = frappe.bold(escape_html(_(doc.meta.get_label(fieldname))))
	found = templates.problems(doc.get(fieldname), frozenset(context))
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
			exc=not_allowed_exc,
		)
	try:
		templates.render(doc.get(fieldname), context)
	except Exception as e:
		frappe.throw(
			_("{0} is not a valid template: {1}").format(label, escape_html(str(e))),
			title=_("Invalid Template"),
			exc=invalid_exc,
		)


def salon_name(settings=None) -> str:
	"""The salon's name in every message (greetings, campaigns): the setting, else the default company."""
	settings = settings or frappe.get_single("Salon CRM Settings")
	return (
		settings.salon_name
		or frappe.db.get_single_value("Global Defaults", "default_company")
		or frappe.db.get_value("Company", {}, "name", order_by="creation asc")
		or ""
	)
