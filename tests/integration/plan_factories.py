"""Factories for the Special Plan tests: plans, customers built to match or miss a rule, invoices created the
way a REST client creates them, and users with one salon role."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, add_months, getdate, nowdate

from tests.integration.factories import make_customer_profile, make_sales_invoice, unique_mobile
from tests.integration.site_setup import COMPANY

_n = {"plan": 0, "profile": 0}


def make_plan(
	rules=(),
	items=("SVC-FACIAL",),
	apply_on="Item Code",
	discount=15,
	discount_amount=0,
	priority=1,
	valid_from=None,
	valid_until=None,
	enabled=1,
	auto_assign=0,
	name=None,
):
	"""A Special Plan; `rules` are dicts of Special Plan Rule fields."""
	_n["plan"] += 1
	field = "item_group" if apply_on == "Item Group" else "item_code"
	doc = frappe.get_doc(
		{
			"doctype": "Special Plan",
			"plan_name": name or f"_Test Plan {_n['plan']} {frappe.generate_hash(length=6)}",
			"company": COMPANY,
			"enabled": enabled,
			"auto_assign": auto_assign,
			"valid_from": valid_from or add_days(nowdate(), -30),
			"valid_until": valid_until,
			"priority": priority,
			"rate_or_discount": "Discount Amount" if discount_amount else "Discount Percentage",
			"discount_percentage": 0 if discount_amount else discount,
			"discount_amount": discount_amount,
			"apply_on": apply_on,
			"items": [{field: value} for value in items],
			"rules": list(rules),
		}
	)
	doc.insert()
	return doc


def make_person(**fields):
	"""A Customer Profile (with its ERPNext Customer) with the given profile fields."""
	_n["profile"] += 1
	return make_customer_profile(
		fields.pop("first_name", f"Plan{_n['profile']}"),
		fields.pop("last_name", frappe.generate_hash(length=6)),
		mobile_no=unique_mobile(),
		**fields,
	)


def years_ago(years: int, months: int = 0):
	return add_months(getdate(nowdate()), -12 * years - months)


def other_month_day():
	"""The 1st of next month, 30 years ago: a date not in the current month."""
	today = getdate(nowdate())
	return getdate(f"{today.year - 30}-{today.month % 12 + 1:02d}-01")


def this_month_day(years_back: int = 30):
	today = getdate(nowdate())
	return getdate(f"{today.year - years_back}-{today.month:02d}-01")


def past_invoice(profile, amount, days_ago=0, is_pos=1, item="SVC-HAIRCUT"):
	"""A submitted invoice of `amount` (one line at that rate) posted `days_ago` days ago."""
	return make_sales_invoice(
		profile.customer, [(item, 1, amount)], is_pos=is_pos, posting_date=add_days(nowdate(), -days_ago)
	)


def days_ago(day) -> int:
	"""How many days before today `day` is (for past_invoice)."""
	return (getdate(nowdate()) - getdate(day)).days


def pos_invoice(customer, pos_profile, items=(("SVC-FACIAL", 1),), **fields):
	"""A submitted POS Invoice made as the POS screen makes it (the server fills prices and pricing rules),
	paid in full; not consolidated. `fields`: more POS Invoice fields (e.g. coupon_code)."""
	pos = frappe.new_doc(
		"POS Invoice",
		company=COMPANY,
		pos_profile=pos_profile,
		customer=customer,
		items=[{"item_code": code, "qty": qty} for code, qty in items],
		**fields,
	)
	pos.set_missing_values()  # what the POS screen has the server fill before saving
	pos.calculate_taxes_and_totals()
	pos.payments[0].amount = pos.rounded_total or pos.grand_total
	pos.insert()
	pos.submit()
	return pos


def credit_note(invoice):
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

	ret = make_sales_return(invoice.name)
	ret.insert()
	ret.submit()
	return ret


def api_invoice(customer, items, submit=True, doctype="Sales Invoice", **fields):
	"""An invoice created as POST /api/resource/Sales Invoice does (frappe.api.v1.create_doc): the item
	codes and quantities only; ERPNext fills prices and applies pricing rules on the server."""
	data = {
		"company": COMPANY,
		"customer": customer,
		"currency": "INR",
		"selling_price_list": "Standard Selling",
		"items": [{"item_code": code, "qty": qty} for code, qty in items],
		**fields,
	}
	doc = frappe.new_doc(doctype, **data)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def ensure_tag(name: str) -> str:
	if not frappe.db.exists("Tag", name):
		frappe.get_doc({"doctype": "Tag", "name": name}).insert(ignore_permissions=True)
	return name


def make_user(role: str | None) -> str:
	"""A desk user with only `role` (or no salon role at all)."""
	email = f"plan-{frappe.generate_hash(length=8)}@example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Plan Tester",
			"send_welcome_email": 0,
			"user_type": "System User",
			"roles": [{"role": role}] if role else [],
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	return email


def pricing_rule_of(assignment_name: str) -> frappe._dict | None:
	name = frappe.db.get_value("Special Plan Assignment", assignment_name, "pricing_rule")
	return frappe.get_doc("Pricing Rule", name) if name else None


def open_pos(name: str = "_Plan Test POS") -> str:
	"""A POS Profile of the test company with an open POS Opening Entry for the current user."""
	from frappe.utils import now_datetime

	if not frappe.db.exists("POS Profile", name):
		cost_center = frappe.get_cached_value("Company", COMPANY, "cost_center")
		frappe.get_doc(
			{
				"doctype": "POS Profile",
				"__newname": name,
				"name": name,
				"company": COMPANY,
				"currency": "INR",
				"selling_price_list": "Standard Selling",
				"warehouse": frappe.db.get_value("Warehouse", {"company": COMPANY, "is_group": 0}, "name"),
				"cost_center": cost_center,
				"write_off_account": frappe.get_cached_value("Company", COMPANY, "write_off_account")
				or frappe.db.get_value("Account", {"company": COMPANY, "account_name": "Write Off"}, "name"),
				"write_off_cost_center": cost_center,
				"payments": [{"mode_of_payment": "Cash", "default": 1}],
			}
		).insert(ignore_permissions=True)
	opening = frappe.get_doc(
		{
			"doctype": "POS Opening Entry",
			"period_start_date": now_datetime(),
			"posting_date": nowdate(),
			"user": frappe.session.user,
			"company": COMPANY,
			"pos_profile": name,
			"balance_details": [{"mode_of_payment": "Cash", "opening_amount": 0}],
		}
	)
	opening.insert(ignore_permissions=True)
	opening.submit()
	return name
