"""A small demo salon for looking around: services with prices, customers with family members, a prepaid
card sold and used once, a special plan assigned, a treatment record, and a till: the POS Profile "Salon Till"
(Cash and the card's Customer Discount mode of payment, the Salon POS Receipt) for the Point of Sale page.
Idempotent: run it again and it adds nothing twice. Run with `bench --site SITE execute
salon_crm.demo.load_demo` (scripts/demo.sh does)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, add_years, nowdate

from salon_crm.setup.masters import ensure_item, item_group, sell_card

SERVICES = {"Haircut": 400, "Facial": 1200, "Spa Massage": 2000, "Manicure": 600}
CUSTOMERS = [
	# first, last, mobile, dob years ago, marital status, family
	("Priya", "Sharma", "+919845012345", 34, "Married", [("Raja", "Son", "Male", 13)]),
	("Anita", "Rao", "+919845022222", 41, "Married", [("Kiran", "Spouse", "Male", 44)]),
	("Meera", "Nair", "+919845033333", 27, "Single", []),
	("Kavya", "Reddy", "+919845044444", 52, "Married", [("Asha", "Daughter", "Female", 19)]),
]


def load_demo(company: str | None = None) -> dict:
	frappe.only_for(("System Manager", "Administrator"))
	company = company or frappe.defaults.get_global_default("company") or frappe.db.get_value("Company", {})
	if not company:
		frappe.throw(_("The site has no company: complete the ERPNext setup wizard first"))
	from salon_crm.install import setup

	setup()
	price_list = frappe.db.get_single_value("Selling Settings", "selling_price_list") or "Standard Selling"
	items = {name: _service(name, rate, price_list) for name, rate in SERVICES.items()}
	profiles = [_profile(*row) for row in CUSTOMERS]
	card = _card(company, profiles[0], items)
	plan = _plan(company, items)
	_treatment(profiles[1], items["Facial"])
	till = ensure_pos_profile(company, price_list)
	return {
		"company": company,
		"profiles": [p.name for p in profiles],
		"card": card,
		"plan": plan,
		"pos_profile": till,
	}


POS_PROFILE = "Salon Till"


def ensure_pos_profile(
	company: str, price_list: str, name: str = POS_PROFILE, warehouse: str | None = None
) -> str:
	"""The till of the Point of Sale page: Cash (pre-filled) and the card's mode of payment, the company's
	stores (or `warehouse`) and accounts, the Salon POS Receipt. A profile of that name is left as it is."""
	if frappe.db.exists("POS Profile", name):
		return name
	from salon_crm.cards.accounts import mode_of_payment

	cost_center = frappe.get_cached_value("Company", company, "cost_center")
	profile = frappe.get_doc(
		{
			"doctype": "POS Profile",
			"name": name,
			"company": company,
			"currency": frappe.get_cached_value("Company", company, "default_currency"),
			"warehouse": warehouse or _stores(company),
			"cost_center": cost_center,
			"write_off_account": frappe.get_cached_value("Company", company, "write_off_account")
			or frappe.db.get_value("Account", {"company": company, "account_type": "Round Off"}, "name"),
			"write_off_cost_center": cost_center,
			"selling_price_list": price_list,
			"print_format": "Salon POS Receipt"
			if frappe.db.exists("Print Format", "Salon POS Receipt")
			else None,
			"payments": [{"mode_of_payment": "Cash", "default": 1}, {"mode_of_payment": mode_of_payment()}],
		}
	)
	profile.insert(ignore_permissions=True)
	return profile.name


def _service(name: str, rate: float, price_list: str) -> str:
	code = f"SVC-{name.upper().replace(' ', '-')}"
	return ensure_item(code, name, item_group("Services"), price_list=price_list, rate=rate)


def _profile(first, last, mobile, age, marital, family):
	existing = frappe.db.get_value("Customer Profile", {"mobile_no": mobile}, "name")
	if existing:
		return frappe.get_doc("Customer Profile", existing)
	dob = add_years(nowdate(), -age)
	doc = frappe.get_doc(
		{
			"doctype": "Customer Profile",
			"first_name": first,
			"last_name": last,
			"mobile_no": mobile,
			"email_id": f"{first.lower()}.{last.lower()}@example.com",
			"gender": "Female",
			"date_of_birth": add_days(dob, 3),
			"marital_status": marital,
			"anniversary": add_years(dob, 26) if marital == "Married" else None,
			"family_members": [
				{
					"member_name": name,
					"relation": relation,
					"gender": gender,
					"date_of_birth": add_years(nowdate(), -member_age),
				}
				for name, relation, gender, member_age in family
			],
		}
	)
	doc.insert(ignore_permissions=True)
	return doc


def _card(company: str, profile, items: dict) -> str | None:
	existing = frappe.db.get_value("Customer Discount", {"customer_profile": profile.name, "docstatus": 1})
	if existing:
		return existing
	name = "Member C"
	discount_type = _ensure_named(
		"Discount Type",
		name,
		discount_type_name=name,
		company=company,
		value=4000,
		price=3500,
		validity_months=6,
	)
	card = sell_card(profile.name, discount_type)
	si = frappe.new_doc("Sales Invoice")
	si.company = company
	si.customer = profile.customer
	si.is_pos = 1
	si.salon_customer_discount = card
	si.append("items", {"item_code": items["Haircut"], "qty": 1})
	si.set_missing_values()
	si.set("payments", [])
	si.insert(ignore_permissions=True)
	si.submit()
	return card


def _stores(company: str) -> str | None:
	"""The company's "Stores" warehouse ERPNext's setup makes, else its first warehouse."""
	filters = {"company": company, "is_group": 0, "disabled": 0}
	return frappe.db.get_value(
		"Warehouse", {**filters, "warehouse_name": _("Stores")}, "name"
	) or frappe.db.get_value("Warehouse", filters, "name", order_by="creation asc")


def _plan(company: str, items: dict) -> str:
	name = "Senior Citizens 15% off Facials"
	return _ensure_named(
		"Special Plan",
		name,
		plan_name=name,
		company=company,
		valid_from=nowdate(),
		rate_or_discount="Discount Percentage",
		discount_percentage=15,
		apply_on="Item Code",
		items=[{"item_code": items["Facial"]}],
		rules=[{"rule_type": "Age Range", "min_age": 50}],
	)


def _ensure_named(doctype: str, name: str, **fields) -> str:
	"""The `doctype` record `name`, inserted with `fields` if the site has none by that name."""
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **fields}).insert(ignore_permissions=True)
	return name


def _treatment(profile, item: str) -> None:
	if frappe.db.exists("Treatment Record", {"customer_profile": profile.name}):
		return
	frappe.get_doc(
		{
			"doctype": "Treatment Record",
			"customer_profile": profile.name,
			"date": nowdate(),
			"treatment_item": item,
			"symptoms": "Dry skin, mild pigmentation",
			"products_used": "Vitamin C serum, hydrating mask",
		}
	).insert(ignore_permissions=True)
