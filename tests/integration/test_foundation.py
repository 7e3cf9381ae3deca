"""The app installed on a real ERPNext site, and the harness able to do accounting tests."""

from pathlib import Path

import frappe

from tests.conftest import CHECKOUT
from tests.integration.factories import account, gl_entries, make_sales_invoice


def test_app_is_installed_from_this_checkout():
	assert "salon_crm" in frappe.get_installed_apps()
	assert "erpnext" in frappe.get_installed_apps()
	assert Path(frappe.get_app_path("salon_crm")).resolve() == CHECKOUT / "salon_crm"


def test_roles_workspace_and_settings_exist():
	assert frappe.db.exists("Role", "Salon Manager")
	assert frappe.db.exists("Role", "Salon Staff")
	assert frappe.db.exists("Workspace", "Salon CRM")
	assert frappe.get_meta("Salon CRM Settings").issingle


def test_custom_fields_on_erpnext_doctypes():
	for doctype, fieldname in (
		("Customer", "salon_customer_profile"),
		("Customer", "salon_customer_number"),
		("Sales Invoice", "salon_customer_number"),
		("POS Invoice", "salon_customer_number"),
	):
		assert frappe.get_meta(doctype).has_field(fieldname), (doctype, fieldname)


def test_service_invoice_submits_and_gl_entries_read_back():
	customer = frappe.get_doc(
		{"doctype": "Customer", "customer_name": "_Harness Customer", "customer_type": "Individual"}
	).insert()
	si = make_sales_invoice(customer.name, [("SVC-HAIRCUT", 1, 400)])
	assert si.docstatus == 1
	assert si.status == "Paid"
	assert gl_entries(si.name) == sorted(
		[
			{"account": account("Cash"), "debit": 400.0, "credit": 0.0},
			{"account": account("Debtors"), "debit": 400.0, "credit": 400.0},
			{"account": account("Sales"), "debit": 0.0, "credit": 400.0},
		],
		key=lambda r: r["account"],
	)
