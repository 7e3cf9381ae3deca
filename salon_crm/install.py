"""Install, migrate and uninstall hooks.

Everything salon_crm adds to ERPNext (custom fields, accounts, a mode of payment, an item group, default
templates) is created here idempotently on install and on every migrate, and removed on uninstall where
nothing of the users' depends on it. Records that users' transactions already reference (accounts with GL
entries, a mode of payment used on invoices, card items on invoices) are disabled rather than deleted, so the
ledgers stay intact.
"""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from salon_crm.setup import permissions, records
from salon_crm.setup.custom_fields import get_custom_fields

APP = "salon_crm"


def before_install() -> None:
	"""Make Frappe's install of this app see the app's own modules, whatever the site's cache holds.

	Root cause (Frappe 15 `frappe.installer.install_app`): the process's module map
	(`frappe.local.app_modules`, `frappe.local.module_app`) is built once, in `frappe.init`, from the
	site's Redis key `app_modules` when that key exists. Any `bench --site SITE ...` command run while
	`sites/apps.txt` did not list salon_crm yet leaves that key without our module. `install_app` then
	calls `frappe.clear_cache()`, which deletes the Redis keys but does not rebuild the process's map, so
	`sync_for("salon_crm")` walks an empty module list (no doctype is created) and `after_install` meets
	doctypes that do not exist ("No module named frappe.core.doctype.salon_crm_settings"). A site created
	after the app was on the bench never has the stale key, which is why it showed only on existing sites.

	This hook runs after that `clear_cache()` and before the doctypes are synced: it rebuilds the map from
	`apps.txt`, and removes what an earlier failed install of this app may have left (its Module Def, which
	Frappe would otherwise refuse to insert twice)."""
	refresh_module_map()
	if APP not in frappe.get_installed_apps():
		frappe.db.delete("Module Def", {"app_name": APP})


def refresh_module_map() -> None:
	frappe.cache.delete_value(["app_modules", "installed_app_modules"])
	frappe.setup_module_map()


def after_install() -> None:
	"""Everything the app adds, or nothing marked installed: when a step fails, the app is taken off the
	site's installed apps again so that simply running `install-app` again installs it completely (a
	half-done install marked as installed would only be finished by `bench migrate`)."""
	try:
		setup()
	except Exception:
		frappe.db.rollback()
		from frappe.installer import remove_from_installed_apps

		remove_from_installed_apps(APP)
		frappe.db.commit()
		raise


def after_migrate() -> None:
	setup()


def setup() -> None:
	create_custom_fields(get_custom_fields(), ignore_validate=True)
	records.ensure_all()
	permissions.ensure_cashier_permissions()


def before_uninstall() -> None:
	permissions.remove_cashier_permissions()
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
