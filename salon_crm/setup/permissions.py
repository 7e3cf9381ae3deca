"""What a cashier needs of ERPNext beyond Sales User and Accounts User to work the Point of Sale page.

ERPNext lets only Sales Manager and System Manager make POS Opening and Closing Entries (opening a session at
the till and closing it), while the page itself, the POS Invoice and the POS Profile are open to Sales User
and Accounts User. Sales Manager would give a cashier far more (pricing rules, customer groups, cancelling
sales documents), so the app grants **Salon Staff** exactly the missing rights, the way the Role Permission
Manager would: read, create, write and submit (no cancel, no delete) on POS Opening Entry and POS Closing
Entry, limited to the documents the user made ("only if creator"); and "select" on UOM, which the page's
item details panel links to (a unit picker; ERPNext gives UOM only to stock and item roles). Closing a session
consolidates its POS Invoices into a Sales Invoice, which Accounts User may already create and submit.

They are Custom DocPerm rows, made on install and migrate and removed on uninstall. Frappe reads a doctype's
permissions from Custom DocPerm as soon as it has any, so the doctype's standard rules are copied first (as
the Role Permission Manager does); on uninstall, when what is left is exactly that copy, it is removed too and
the doctype is back on ERPNext's own rules.
"""

from __future__ import annotations

import frappe
from frappe.permissions import reset_perms, setup_custom_perms

from salon_crm.rules.access import RIGHTS

ROLE = "Salon Staff"
SESSION_RIGHTS = {"read": 1, "write": 1, "create": 1, "submit": 1, "print": 1, "email": 1, "report": 1}
CASHIER_GRANTS = {
	# doctype: (rights, only the documents the user made)
	"POS Opening Entry": (SESSION_RIGHTS, 1),
	"POS Closing Entry": (SESSION_RIGHTS, 1),
	"UOM": ({"select": 1}, 0),
}
CASHIER_DOCTYPES = tuple(CASHIER_GRANTS)
RULE_FIELDS = ("role", "permlevel", "if_owner", *RIGHTS)  # a permission row, as compared


def ensure_cashier_permissions() -> None:
	if not frappe.db.exists("Role", ROLE):  # on first install, fixtures (the roles) load after after_install
		frappe.get_doc({"doctype": "Role", "role_name": ROLE, "desk_access": 1}).insert(
			ignore_permissions=True
		)
	for doctype, (rights, if_owner) in CASHIER_GRANTS.items():
		if not frappe.db.exists("DocType", doctype):
			continue
		setup_custom_perms(doctype)
		rule = {"parent": doctype, "role": ROLE, "permlevel": 0, "if_owner": if_owner}
		name = frappe.db.get_value("Custom DocPerm", rule)
		if name:
			frappe.db.set_value("Custom DocPerm", name, rights)
		else:
			frappe.get_doc(
				{"doctype": "Custom DocPerm", "parenttype": "DocType", "parentfield": "permissions", **rule}
				| rights
			).insert(ignore_permissions=True)
		frappe.clear_cache(doctype=doctype)


def remove_cashier_permissions() -> None:
	for doctype, (_rights, if_owner) in CASHIER_GRANTS.items():
		frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": ROLE, "if_owner": if_owner})
		if _rules("Custom DocPerm", doctype) == _rules("DocPerm", doctype):
			reset_perms(doctype)
		frappe.clear_cache(doctype=doctype)


def _rules(table: str, doctype: str) -> list[tuple]:
	rows = frappe.get_all(table, filters={"parent": doctype}, fields=list(RULE_FIELDS))
	return sorted(tuple(row.get(f) or 0 for f in RULE_FIELDS) for row in rows)
