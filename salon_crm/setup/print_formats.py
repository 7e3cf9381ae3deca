"""Salon Invoice as the default print format of Sales and POS Invoices, where Salon CRM Settings say so
(default on): a Property Setter `default_print_format` per doctype, which the desk's Print button and the
print view take as their default. Created on install and migrate, set or removed when the setting changes,
removed on uninstall. A default an administrator chose in Customize Form is never replaced by a migrate."""

from __future__ import annotations

import frappe
from frappe.utils import cint

SETTINGS = "Salon CRM Settings"
SETTING = "invoice_print_format"
PROPERTY = "default_print_format"
FORMATS = {"Sales Invoice": "Salon Invoice", "POS Invoice": "Salon POS Invoice"}
"""Each invoice doctype's salon format (a print format belongs to one doctype: both print one template)."""


def ensure(changed: bool = False) -> None:
	"""Make the doctypes' default print format follow the setting. `changed`: the setting was just changed
	by an administrator, who then also replaces a default chosen elsewhere."""
	wanted = cint(frappe.db.get_single_value(SETTINGS, SETTING))
	for doctype, print_format in FORMATS.items():
		current = _current(doctype)
		if wanted:
			if current == print_format or not frappe.db.exists("Print Format", print_format):
				continue
			if current and not changed:
				continue  # another default chosen in Customize Form
			_set(doctype, print_format)
		elif current == print_format:
			remove(doctype)


def remove(doctype: str | None = None) -> None:
	"""Remove the salon default (only where it is ours)."""
	for name, print_format in FORMATS.items():
		if doctype in (None, name) and _current(name) == print_format:
			frappe.db.delete("Property Setter", {"doc_type": name, "property": PROPERTY})
			frappe.clear_cache(doctype=name)


def _current(doctype: str) -> str | None:
	return frappe.db.get_value(
		"Property Setter", {"doc_type": doctype, "property": PROPERTY, "doctype_or_field": "DocType"}, "value"
	)


def _set(doctype: str, print_format: str) -> None:
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	make_property_setter(doctype, None, PROPERTY, print_format, "Data", for_doctype=True)
	frappe.clear_cache(doctype=doctype)
