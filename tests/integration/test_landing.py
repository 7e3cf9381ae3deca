"""Salon users land on the Salon CRM workspace: Frappe 15 sends a desk user after login to their default
workspace (Role.home_page serves website users only), so salon users get Salon CRM as theirs."""

from __future__ import annotations

import frappe

from salon_crm.setup import landing


def _user(roles, **fields):
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"landing-{frappe.generate_hash(length=8)}@example.com",
			"first_name": "Asha",
			"send_welcome_email": 0,
			"roles": [{"role": r} for r in roles],
			**fields,
		}
	)
	return user.insert(ignore_permissions=True)


def _login_home_page(user: str) -> str:
	"""Where Frappe's login sends this user (LoginManager.set_user_info)."""
	from frappe.auth import LoginManager

	manager = LoginManager.__new__(LoginManager)
	manager.user = user
	manager.info = frappe.db.get_value(
		"User",
		user,
		["user_type", "first_name", "last_name", "user_image", "default_workspace"],
		as_dict=True,
	)
	frappe.local.response = frappe._dict()
	frappe.local.cookie_manager = frappe.auth.CookieManager()
	manager.set_user_info()
	return frappe.local.response["home_page"]


def test_a_new_cashier_lands_on_the_salon_workspace():
	cashier = _user(["Salon Staff", "Sales User"])
	assert cashier.default_workspace == "Salon CRM"
	assert _login_home_page(cashier.name) == "/app/salon-crm"


def test_a_user_given_the_salon_role_later_lands_on_the_salon_workspace():
	user = _user(["Sales User"])
	assert not user.default_workspace
	user.append("roles", {"role": "Salon Staff"})
	user.save(ignore_permissions=True)
	assert user.default_workspace == "Salon CRM"


def test_a_default_workspace_someone_chose_is_kept():
	user = _user(["Salon Staff"], default_workspace="Home")
	assert user.default_workspace == "Home"


def test_users_without_a_salon_role_are_left_alone():
	assert not _user(["Sales User"]).default_workspace


def test_migrate_gives_existing_salon_users_the_workspace():
	user = _user(["Salon Manager"])
	frappe.db.set_value("User", user.name, "default_workspace", None)

	landing.ensure_for_existing_users()

	assert frappe.db.get_value("User", user.name, "default_workspace") == "Salon CRM"
