"""Salon users land on the Salon CRM workspace after logging in.

Frappe 15 sends a desk user after login to `User.default_workspace` (frappe.auth.LoginManager.set_user_info),
and /app resolves to it too (frappe.router: the user's default workspace, then Home); `Role.home_page` is read
for website users only. So a user holding a salon role and no default workspace of their own gets Salon CRM
as theirs: when the user is saved (a new cashier, roles added later) and, for users made before, on install
and migrate. A default workspace someone chose is never replaced."""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Coalesce

WORKSPACE = "Salon CRM"
SALON_ROLES = ("Salon Staff", "Salon Manager")
NOT_FOR = ("Administrator", "Guest")


def set_default_workspace(user) -> None:
	"""On saving a User: Salon CRM as the default workspace of a desk user with a salon role and none set."""
	if user.name in NOT_FOR or user.get("default_workspace") or user.get("user_type") == "Website User":
		return
	if any(row.role in SALON_ROLES for row in user.get("roles") or []) and frappe.db.exists(
		"Workspace", WORKSPACE
	):
		user.default_workspace = WORKSPACE


def ensure_for_existing_users() -> None:
	"""The same for users made before the app was installed or updated."""
	if not frappe.db.exists("Workspace", WORKSPACE):
		return
	users = frappe.get_all(
		"Has Role",
		filters={"parenttype": "User", "role": ("in", SALON_ROLES), "parent": ("not in", NOT_FOR)},
		pluck="parent",
		distinct=True,
	)
	if users:
		User = frappe.qb.DocType("User")
		(
			frappe.qb.update(User)
			.set(User.default_workspace, WORKSPACE)
			.where(User.name.isin(users))
			.where(Coalesce(User.default_workspace, "") == "")
			.run()
		)


def remove() -> None:
	"""On uninstall: the workspace goes, so does it as anyone's default."""
	frappe.db.set_value(
		"User", {"default_workspace": WORKSPACE}, "default_workspace", None, update_modified=False
	)
