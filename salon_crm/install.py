"""Install, migrate and uninstall hooks.

Everything salon_crm adds to ERPNext (custom fields, accounts, a mode of payment, an item group, default
templates) is created here idempotently on install and on every migrate, and removed on uninstall where
nothing of the users' depends on it. Records that users' transactions already reference (accounts with GL
entries, a mode of payment used on invoices, card items on invoices) are disabled rather than deleted, so the
ledgers stay intact.
"""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from salon_crm.setup import records
from salon_crm.setup.custom_fields import get_custom_fields


def after_install() -> None:
	setup()


def after_migrate() -> None:
	setup()


def setup() -> None:
	create_custom_fields(get_custom_fields(), ignore_validate=True)
	records.ensure_all()


def before_uninstall() -> None:
	records.remove_all()
	delete_custom_fields(get_custom_fields())


def before_tests() -> None:
	"""Frappe's `bench run-tests` hook: the app's records for every company on the test site."""
	setup()


def delete_custom_fields(custom_fields: dict) -> None:
	"""Remove the field definitions (and their property setters). Column data stays in the tables: users'
	invoices are never rewritten."""
	for doctypes, fields in custom_fields.items():
		if isinstance(doctypes, str):
			doctypes = (doctypes,)
		fieldnames = [df["fieldname"] for df in fields]
		for doctype in doctypes:
			frappe.db.delete("Custom Field", {"dt": doctype, "fieldname": ("in", fieldnames)})
			frappe.db.delete("Property Setter", {"doc_type": doctype, "field_name": ("in", fieldnames)})
			frappe.clear_cache(doctype=doctype)
