"""Install, migrate, uninstall and reinstall the app on the test site with the bench's own CLI (run from
this checkout: the harness points the bench at it)."""

import frappe

from tests.bench import bench_cli
from tests.conftest import BENCH


def _snapshot():
	frappe.db.rollback()
	return {
		"custom_fields": sorted(
			frappe.get_all("Custom Field", filters={"fieldname": ("like", "salon_%")}, pluck="name")
		),
		"doctypes": sorted(frappe.get_all("DocType", filters={"module": "Salon CRM"}, pluck="name")),
		"field_modified": sorted(
			frappe.get_all(
				"Custom Field",
				filters={"fieldname": ("like", "salon_%")},
				fields=["name", "modified"],
				as_list=True,
			)
		),
		"accounts": sorted(frappe.get_all("Salon CRM Company Account", pluck="liability_account")),
	}


def _cli(*args):
	frappe.db.rollback()  # release metadata locks: the CLI alters tables this connection has read
	result = bench_cli(BENCH, *args)
	assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
	return result


def test_migrate_twice_changes_nothing_the_second_time():
	_cli("migrate", "--skip-search-index")
	first = _snapshot()
	_cli("migrate", "--skip-search-index")
	assert _snapshot() == first
	assert first["custom_fields"], "custom fields missing after migrate"


def test_uninstall_removes_what_the_app_added_and_reinstall_works():
	customers_before = frappe.db.count("Customer")
	try:
		_cli("uninstall-app", "salon_crm", "--yes", "--no-backup", "--force")
		frappe.db.rollback()
		frappe.clear_cache()
		assert "salon_crm" not in frappe.get_installed_apps()
		assert not frappe.db.exists("DocType", "Customer Profile")
		assert not frappe.get_all("Custom Field", filters={"fieldname": ("like", "salon_%")})
		assert frappe.db.count("Customer") == customers_before  # users' ERPNext data untouched
	finally:
		_cli("install-app", "salon_crm")
		frappe.db.rollback()
		frappe.clear_cache()
	assert "salon_crm" in frappe.get_installed_apps()
	assert frappe.db.exists("DocType", "Customer Profile")
	assert frappe.get_meta("Sales Invoice").has_field("salon_customer_number")
	from tests.integration.site_setup import prepare_site

	prepare_site()
