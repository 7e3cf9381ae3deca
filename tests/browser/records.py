"""Committed records for the browser suite (the web server runs in its own transactions, so it only sees
what this process commits), and their removal afterwards."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

import frappe

from salon_crm.setup.masters import sell_card  # (records.sell_card: the tests' name for it)
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
	pos_profiles: list[str] = field(default_factory=list)


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


def make_pos_profile(created: Created) -> str:
	"""A till as the demo makes it (salon_crm.demo.ensure_pos_profile), on the test company's stock."""
	from salon_crm.demo import ensure_pos_profile
	from tests.integration.site_setup import PRICE_LIST

	warehouse = frappe.db.get_value("Warehouse", {"company": COMPANY, "is_group": 0}, "name")
	name = ensure_pos_profile(COMPANY, PRICE_LIST, name=unique("Browser Till ").title(), warehouse=warehouse)
	created.pos_profiles.append(name)
	return name


def remove(created: Created) -> None:
	"""Delete what the test and the browser committed: invoices and journals with their ledger rows, cards and
	their card ledger, plan assignments and their Pricing Rules, treatment records, profiles (with their
	Customer, Contact, Address), plans, card types (with their card Item) and users; and the Version, Comment
	and Deleted Document rows about them, so the site is left as it was."""
	frappe.db.rollback()
	frappe.set_user("Administrator")
	gone: dict[str, list[str]] = {}
	profiles = created.profiles or [""]
	customers = [c for c in (frappe.db.get_value("Customer Profile", p, "customer") for p in profiles) if c]
	cards = frappe.get_all("Customer Discount", filters={"customer_profile": ("in", profiles)}, pluck="name")
	cards += frappe.get_all(
		"Customer Discount", filters={"discount_type": ("in", created.discount_types or [""])}, pluck="name"
	)
	cards = list(dict.fromkeys(cards)) or [""]

	for doctype in ("Sales Invoice", "POS Invoice"):
		gone[doctype] = frappe.get_all(doctype, filters={"customer": ("in", customers or [""])}, pluck="name")
	_remove_pos_sessions(created, gone)
	journals = frappe.get_all(
		"Journal Entry Account",
		filters={"party_type": "Customer", "party": ("in", customers or [""])},
		pluck="parent",
	)
	# refunds and expiries post Journal Entries without a party: the card and its ledger name them
	journals += frappe.get_all(
		"Customer Discount Entry",
		filters={"customer_discount": ("in", cards), "voucher_type": "Journal Entry"},
		pluck="voucher_no",
	)
	journals += frappe.get_all(
		"Customer Discount",
		filters={"name": ("in", cards), "closing_journal_entry": ("is", "set")},
		pluck="closing_journal_entry",
	)
	gone["Journal Entry"] = list(dict.fromkeys(journals))
	gone["Customer Discount"] = [c for c in cards if c]
	for doctype in ("Sales Invoice", "POS Invoice", "Journal Entry", "Customer Discount"):
		purge(doctype, gone[doctype])
	frappe.db.delete("Customer Discount Entry", {"customer_discount": ("in", cards)})

	assignments = frappe.get_all(
		"Special Plan Assignment", filters={"customer_profile": ("in", profiles)}, pluck="name"
	)
	gone["Pricing Rule"] = frappe.get_all(
		"Pricing Rule",
		filters={"salon_special_plan_assignment": ("in", assignments or [""])},
		pluck="name",
	)
	gone["Special Plan Assignment"] = assignments
	purge("Pricing Rule", gone["Pricing Rule"])
	purge("Special Plan Assignment", assignments)
	frappe.db.delete("Salon Message", {"customer_profile": ("in", profiles)})
	gone["Treatment Record"] = frappe.get_all(
		"Treatment Record", filters={"customer_profile": ("in", profiles)}, pluck="name"
	)
	purge("Treatment Record", gone["Treatment Record"])

	gone["Customer Profile"] = created.profiles
	gone["Customer"] = customers
	for doctype in ("Contact", "Address"):
		gone[doctype] = frappe.get_all(
			"Dynamic Link",
			filters={
				"parenttype": doctype,
				"link_doctype": "Customer",
				"link_name": ("in", customers or [""]),
			},
			pluck="parent",
		)
	for name in created.profiles:  # its after_delete removes the Customer, Contact and Address
		_delete("Customer Profile", name)
	gone["Special Plan"] = created.plans
	for name in created.plans:
		_delete("Special Plan", name)
	gone["Discount Type"] = created.discount_types
	gone["Item"] = []
	for name in created.discount_types:
		item = frappe.db.get_value("Discount Type", name, "item")
		_delete("Discount Type", name)
		if item:
			gone["Item"].append(item)
			frappe.db.delete("Item Price", {"item_code": item})
			_delete("Item", item)
	gone["User"] = created.users
	gone["Notification Settings"] = created.users
	user_contacts = frappe.get_all("Contact", filters={"user": ("in", created.users or [""])}, pluck="name")
	gone["Contact"] += user_contacts
	for name in user_contacts:
		_delete("Contact", name)
	for email in created.users:
		_delete("User", email)
		frappe.db.delete("DefaultValue", {"parent": email})
		for doctype in ("Route History", "Activity Log", "Access Log"):
			frappe.db.delete(doctype, {"user": email})
	for doctype, names in gone.items():
		_forget(doctype, names)
	frappe.db.commit()
	_drop_queued_refreshes(customers)


def _drop_queued_refreshes(customers: list[str]) -> None:
	"""The performance refreshes the committed records queued (no worker runs them during tests)."""
	from frappe.utils.background_jobs import get_job

	from salon_crm.performance.jobs import CUSTOMER_JOB_ID

	for customer in customers:
		job = get_job(CUSTOMER_JOB_ID.format(customer))
		if job:
			job.delete()


def _remove_pos_sessions(created: Created, gone: dict) -> None:
	"""The tills' sessions (opening, closing, merge logs), the stock their consolidated invoices moved (the
	bins are recomputed from what is left) and the POS Profiles."""
	from erpnext.stock.stock_balance import repost_stock

	tills = created.pos_profiles or [""]
	gone["POS Opening Entry"] = frappe.get_all(
		"POS Opening Entry", {"pos_profile": ("in", tills)}, pluck="name"
	)
	gone["POS Closing Entry"] = frappe.get_all(
		"POS Closing Entry", {"pos_profile": ("in", tills)}, pluck="name"
	)
	gone["POS Invoice Merge Log"] = frappe.get_all(
		"POS Invoice Merge Log",
		{"pos_closing_entry": ("in", gone["POS Closing Entry"] or [""])},
		pluck="name",
	)
	moved = frappe.get_all(
		"Stock Ledger Entry",
		filters={"voucher_type": "Sales Invoice", "voucher_no": ("in", gone["Sales Invoice"] or [""])},
		fields=["item_code", "warehouse"],
		distinct=True,
	)
	for doctype in ("POS Invoice Merge Log", "POS Closing Entry", "POS Opening Entry"):
		purge(doctype, gone[doctype])
	purge("Sales Invoice", gone["Sales Invoice"])
	for row in moved:
		repost_stock(row.item_code, row.warehouse, only_actual=True)
	gone["POS Profile"] = created.pos_profiles
	purge("POS Profile", created.pos_profiles)


def _delete(doctype: str, name: str) -> None:
	if frappe.db.exists(doctype, name):
		frappe.delete_doc(doctype, name, ignore_permissions=True, force=True, delete_permanently=True)


def _forget(doctype: str, names: list[str]) -> None:
	"""The rows Frappe keeps about documents: versions, comments, deleted-document copies."""
	names = [n for n in names if n]
	if not names:
		return
	frappe.db.delete("Version", {"ref_doctype": doctype, "docname": ("in", names)})
	frappe.db.delete("Comment", {"reference_doctype": doctype, "reference_name": ("in", names)})
	frappe.db.delete("Deleted Document", {"deleted_doctype": doctype, "deleted_name": ("in", names)})
	frappe.db.delete(
		"Comment",
		{
			"comment_type": "Deleted",
			"reference_doctype": doctype,
			"subject": ("in", [f"{doctype} {n}" for n in names]),
		},
	)
