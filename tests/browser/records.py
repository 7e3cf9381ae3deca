"""Committed records for the browser suite (the web server runs in its own transactions, so it only sees
what this process commits), and their removal afterwards."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

import frappe

from tests.integration.committed import purge
from tests.integration.site_setup import COMPANY

PASSWORD = "Salon-Browser-Test-2026!"
CASHIER_ROLES = ("Salon Staff", "Sales User", "Accounts User")
"""What a salon cashier has: the app's Salon Staff role plus ERPNext's roles to make and submit invoices."""


def unique(prefix: str = "") -> str:
	return prefix + "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(8))


@dataclass
class Created:
	"""Everything a browser test committed, removed by `remove` (also what the browser made for them)."""

	users: list[str] = field(default_factory=list)
	profiles: list[str] = field(default_factory=list)
	discount_types: list[str] = field(default_factory=list)
	plans: list[str] = field(default_factory=list)


def make_user(created: Created, roles=CASHIER_ROLES, first_name: str = "Asha") -> str:
	email = f"{unique('browser-')}@example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": first_name,
			"last_name": "Cashier",
			"send_welcome_email": 0,
			"enabled": 1,
			"new_password": PASSWORD,
			"roles": [{"role": role} for role in roles],
		}
	)
	user.flags.ignore_password_policy = True
	user.insert(ignore_permissions=True)
	frappe.defaults.set_user_default("Company", COMPANY, user=email)
	created.users.append(email)
	return email


def mobile_number() -> str:
	"""A valid Indian mobile (+9198xxxxxxxx) that no profile on the site uses."""
	while True:
		number = "+9198" + "".join(random.choice(string.digits) for _ in range(8))
		if not frappe.db.exists("Customer Profile", {"mobile_no": number}):
			return number


def make_profile(created: Created, first_name: str = "Meera", **fields) -> frappe._dict:
	doc = frappe.get_doc(
		{
			"doctype": "Customer Profile",
			"first_name": first_name,
			"last_name": unique("Browser").capitalize(),
			"mobile_no": mobile_number(),
			**fields,
		}
	)
	doc.insert(ignore_permissions=True)
	created.profiles.append(doc.name)
	return doc


def make_discount_type(created: Created, value=4000, price=3500, services=("SVC-HAIRCUT",)) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Discount Type",
			"discount_type_name": unique("Browser Card ").title(),
			"company": COMPANY,
			"value": value,
			"price": price,
			"validity_months": 6,
			"services": [{"item": s} for s in services],
		}
	)
	doc.insert(ignore_permissions=True)
	created.discount_types.append(doc.name)
	return doc.name


def make_plan(created: Created, discount: float = 15, items=("SVC-FACIAL",)) -> frappe._dict:
	"""A Special Plan without rules: every customer is eligible."""
	doc = frappe.get_doc(
		{
			"doctype": "Special Plan",
			"plan_name": unique("Browser Special ").title(),
			"company": COMPANY,
			"enabled": 1,
			"valid_from": frappe.utils.add_days(frappe.utils.nowdate(), -1),
			"priority": 1,
			"rate_or_discount": "Discount Percentage",
			"discount_percentage": discount,
			"apply_on": "Item Code",
			"items": [{"item_code": i} for i in items],
		}
	)
	doc.insert(ignore_permissions=True)
	created.plans.append(doc.name)
	return doc


def sell_card(profile: str, discount_type: str) -> str:
	"""A card sold from the Customer Discount form's path (submit makes and submits the sale invoice)."""
	card = frappe.get_doc(
		{
			"doctype": "Customer Discount",
			"customer_profile": profile,
			"discount_type": discount_type,
			"mode_of_payment": "Cash",
		}
	)
	card.insert(ignore_permissions=True)
	card.submit()
	return card.name


def remove(created: Created) -> None:
	"""Delete what the test and the browser committed: invoices, cards and their ledger, profiles (with their
	Customer, Contact, Address), card types (with their card Item) and users."""
	frappe.db.rollback()
	frappe.set_user("Administrator")
	customers = [
		c for c in (frappe.db.get_value("Customer Profile", p, "customer") for p in created.profiles) if c
	]
	cards = frappe.get_all(
		"Customer Discount",
		filters={"customer_profile": ("in", created.profiles or [""])},
		pluck="name",
	)
	cards += frappe.get_all(
		"Customer Discount", filters={"discount_type": ("in", created.discount_types or [""])}, pluck="name"
	)
	cards = list(dict.fromkeys(cards))
	for doctype in ("Sales Invoice", "POS Invoice"):
		names = frappe.get_all(doctype, filters={"customer": ("in", customers or [""])}, pluck="name")
		purge(doctype, names)
	journals = frappe.get_all(
		"Journal Entry Account",
		filters={"party_type": "Customer", "party": ("in", customers or [""])},
		pluck="parent",
	)
	purge("Journal Entry", list(dict.fromkeys(journals)))
	if cards:
		frappe.db.delete("Customer Discount Entry", {"customer_discount": ("in", cards)})
	purge("Customer Discount", cards)
	assignments = frappe.get_all(
		"Special Plan Assignment",
		filters={"customer_profile": ("in", created.profiles or [""])},
		fields=["name", "pricing_rule"],
	)
	for row in assignments:
		if row.pricing_rule and frappe.db.exists("Pricing Rule", row.pricing_rule):
			frappe.delete_doc("Pricing Rule", row.pricing_rule, ignore_permissions=True, force=True)
		frappe.db.delete("Special Plan Assignment", {"name": row.name})
	frappe.db.delete(
		"Pricing Rule", {"salon_special_plan_assignment": ("in", [r.name for r in assignments] or [""])}
	)
	frappe.db.delete("Greeting Log", {"customer_profile": ("in", created.profiles or [""])})
	for name in created.profiles:
		if frappe.db.exists("Customer Profile", name):
			frappe.delete_doc("Customer Profile", name, ignore_permissions=True, force=True)
	for name in created.plans:
		if frappe.db.exists("Special Plan", name):
			frappe.delete_doc("Special Plan", name, ignore_permissions=True, force=True)
	for name in created.discount_types:
		item = frappe.db.get_value("Discount Type", name, "item")
		frappe.delete_doc("Discount Type", name, ignore_permissions=True, force=True)
		if item and frappe.db.exists("Item", item):
			frappe.db.delete("Item Price", {"item_code": item})
			frappe.delete_doc("Item", item, ignore_permissions=True, force=True)
	for email in created.users:
		for contact in frappe.get_all("Contact", filters={"user": email}, pluck="name"):
			frappe.delete_doc("Contact", contact, ignore_permissions=True, force=True)
		if frappe.db.exists("User", email):
			frappe.delete_doc("User", email, ignore_permissions=True, force=True)
		for doctype in ("DefaultValue", "Route History", "Activity Log", "Access Log"):
			field = "parent" if doctype == "DefaultValue" else "user"
			frappe.db.delete(doctype, {field: email})
	frappe.db.commit()
