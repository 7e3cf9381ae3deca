"""Prepares the test site once per session, idempotently: the app installed and synced from this checkout,
and the ERPNext masters the tests need (a company with its chart of accounts, a fiscal year, services and
products with prices). Committed, because DDL commits anyway and every later test rolls back to here."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, getdate, nowdate

from salon_crm.setup.masters import ensure_item, item_group

COMPANY = "Salon Test Company"
ABBR = "STC"
PRICE_LIST = "Standard Selling"

SERVICES = {  # item_code: (item_name, selling price)
	"SVC-HAIRCUT": ("Haircut", 400),
	"SVC-FACIAL": ("Facial", 1200),
	"SVC-SPA": ("Spa Massage", 2000),
	"SVC-MANICURE": ("Manicure", 600),
}
PRODUCTS = {  # item_code: (item_name, selling price, valuation rate)
	"PRD-SHAMPOO": ("Argan Shampoo", 500, 200),
	"PRD-SERUM": ("Vitamin C Serum", 1500, 900),
}


def prepare_site() -> None:
	install_or_sync_app()
	ensure_masters()
	frappe.db.commit()


def install_or_sync_app() -> None:
	from frappe.model.sync import sync_for
	from frappe.utils.fixtures import sync_fixtures

	if "salon_crm" not in frappe.get_installed_apps():
		from frappe.installer import install_app

		install_app("salon_crm", set_as_patched=True)
		frappe.local.doc_events_hooks = None  # Frappe caches doc_events per process: reload with ours
	else:
		from frappe.utils.dashboard import sync_dashboards

		sync_for("salon_crm", reset_permissions=True)
		sync_fixtures("salon_crm")
		sync_dashboards("salon_crm")
		from salon_crm.install import setup

		setup()
	frappe.clear_cache()


def ensure_masters() -> None:
	ensure_company()
	ensure_fiscal_year()
	ensure_items()
	from salon_crm.install import setup

	setup()  # accounts of the (new) test company


def ensure_company() -> None:
	if frappe.db.exists("Company", COMPANY):
		return
	frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": COMPANY,
			"abbr": ABBR,
			"default_currency": "INR",
			"country": "India",
			"create_chart_of_accounts_based_on": "Standard Template",
			"chart_of_accounts": "Standard",
		}
	).insert(ignore_permissions=True)


def ensure_fiscal_year() -> None:
	from erpnext.accounts.utils import get_fiscal_year

	for day in [add_days(nowdate(), offset) for offset in range(-950, 401, 90)]:
		try:
			get_fiscal_year(day, company=COMPANY)
			continue
		except Exception:
			pass
		date = getdate(day)
		start_year = date.year if date.month >= 4 else date.year - 1
		name = f"{start_year}-{start_year + 1}"
		if frappe.db.exists("Fiscal Year", name):
			fy = frappe.get_doc("Fiscal Year", name)
			if fy.companies and not any(c.company == COMPANY for c in fy.companies):
				fy.append("companies", {"company": COMPANY})
				fy.save(ignore_permissions=True)
			continue
		frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": name,
				"year_start_date": f"{start_year}-04-01",
				"year_end_date": f"{start_year + 1}-03-31",
			}
		).insert(ignore_permissions=True)
		frappe.cache.delete_value("fiscal_years")


def ensure_items() -> None:
	services, products = item_group("Services"), item_group("Products")
	warehouse = frappe.db.get_value("Warehouse", {"company": COMPANY, "is_group": 0}, "name")
	for code, (name, price) in SERVICES.items():
		ensure_item(code, name, services, price_list=PRICE_LIST, rate=price)
	for code, (name, price, valuation) in PRODUCTS.items():
		ensure_item(
			code, name, products, is_stock=True, valuation=valuation, price_list=PRICE_LIST, rate=price
		)
		if warehouse:
			_ensure_stock(code, valuation, warehouse)


def _ensure_stock(code: str, valuation: float, warehouse: str) -> None:
	"""Plenty of `code` in `warehouse`, received long ago at `valuation`, so tests never run short."""
	qty = frappe.db.get_value("Bin", {"item_code": code, "warehouse": warehouse}, "actual_qty") or 0
	if qty >= 1000:
		return
	se = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Receipt",
			"company": COMPANY,
			"posting_date": add_days(nowdate(), -900),
			"set_posting_time": 1,
			"items": [
				{
					"item_code": code,
					"qty": 100000,
					"t_warehouse": warehouse,
					"basic_rate": valuation,
					"allow_zero_valuation_rate": 0,
				}
			],
		}
	)
	se.insert(ignore_permissions=True)
	se.submit()
