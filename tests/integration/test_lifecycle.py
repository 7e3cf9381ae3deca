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


# The first install on a site that existed before the app was on the bench
# ---------------------------------------------------------------------------


def _app_doctypes_in_checkout() -> set[str]:
	"""Every doctype the checkout ships (its folders' JSON), which a complete install must have created."""
	import json

	from tests.conftest import CHECKOUT

	return {
		json.loads(path.read_text())["name"]
		for path in (CHECKOUT / "salon_crm" / "salon_crm" / "doctype").glob("*/*.json")
		if path.parent.name == path.stem
	}


def _plant_module_map_without_the_app() -> None:
	"""What any `bench --site SITE ...` command leaves in the site's cache when it runs while sites/apps.txt
	does not list salon_crm yet: Frappe's module map (Redis keys app_modules / installed_app_modules)
	without the app's module. The next process's `frappe.init` loads it as is."""
	stale = {
		app: [frappe.scrub(module) for module in frappe.get_module_list(app)]
		for app in frappe.get_all_apps(with_internal_apps=True)
		if app != "salon_crm"
	}
	frappe.cache.set_value("app_modules", stale)
	frappe.cache.set_value("installed_app_modules", stale)


def _installed_apps_in_db() -> list[str]:
	"""The site's installed apps as stored (frappe.get_installed_apps() may answer from this process's
	request cache)."""
	import json

	return json.loads(frappe.db.get_global("installed_apps") or "[]")


def _assert_completely_installed() -> None:
	frappe.db.rollback()
	frappe.clear_cache()
	assert _installed_apps_in_db().count("salon_crm") == 1
	created = set(frappe.get_all("DocType", filters={"module": "Salon CRM"}, pluck="name"))
	assert created == _app_doctypes_in_checkout()
	assert frappe.get_all("Custom Field", filters={"fieldname": ("like", "salon_%")})
	assert frappe.db.exists("Role", "Salon Staff")
	assert frappe.db.exists("Mode of Payment", "Customer Discount")
	settings = frappe.db.get_singles_dict("Salon CRM Settings")
	# the declared defaults, read back as stored (not the install moment Frappe puts in Time fields)
	assert (settings.quiet_hours_start, settings.quiet_hours_end) == ("09:00:00", "21:00:00")
	assert settings.greeting_batch_size == "200"
	assert settings.enable_greetings == "1"
	assert settings.card_taxation == "At Redemption"
	assert settings.duplicate_mobile_action == "Warn"
	assert settings.default_validity_months == "6"
	assert settings.card_mode_of_payment == "Customer Discount"
	assert settings.card_item_group == "Prepaid Cards"
	company = frappe.db.get_value("Company", {}, "name")
	assert frappe.db.exists("Salon CRM Company Account", {"company": company})


def _reinstall_if_needed() -> None:
	frappe.db.rollback()
	frappe.clear_cache()
	if "salon_crm" not in _installed_apps_in_db():
		_cli("install-app", "salon_crm")
		frappe.db.rollback()
		frappe.clear_cache()
	assert frappe.get_installed_apps().count("salon_crm") == 1  # twice would run every doc_event twice
	from tests.integration.site_setup import prepare_site

	prepare_site()


def test_first_install_on_a_site_whose_cache_predates_the_app():
	"""`bench --site SITE install-app salon_crm`, the user's first command, on a site that was used before
	the app was on the bench: complete on the first try."""
	try:
		_cli("uninstall-app", "salon_crm", "--yes", "--no-backup", "--force")
		_plant_module_map_without_the_app()
		result = _cli("install-app", "salon_crm")
		assert "error" not in result.stdout.lower(), result.stdout[-3000:]
		_assert_completely_installed()
	finally:
		_reinstall_if_needed()


def test_a_failed_install_is_not_left_half_done_and_install_again_completes(monkeypatch):
	"""A step of after_install fails (here: the records step): the app is not left marked installed, and
	simply running install-app again installs it completely."""
	from frappe.installer import install_app

	from salon_crm.setup import records

	def broken():
		raise RuntimeError("disk full while creating the card accounts")

	try:
		_cli("uninstall-app", "salon_crm", "--yes", "--no-backup", "--force")
		frappe.db.rollback()
		frappe.clear_cache()
		monkeypatch.setattr(records, "ensure_all", broken)
		try:
			install_app("salon_crm", set_as_patched=True)
			raise AssertionError("the broken install did not fail")
		except RuntimeError as e:
			assert "disk full" in str(e)
		finally:
			frappe.flags.in_install = False
			monkeypatch.undo()
		frappe.db.rollback()
		frappe.clear_cache()
		assert "salon_crm" not in _installed_apps_in_db()

		_cli("install-app", "salon_crm")
		_assert_completely_installed()
	finally:
		_reinstall_if_needed()


def test_an_interrupted_install_is_finished_by_migrate():
	"""An install stopped after Frappe marked the app installed but before any doctype was created (what
	the first-install bug left on sites, or a killed process): `bench migrate` finishes it."""
	import json

	try:
		_cli("uninstall-app", "salon_crm", "--yes", "--no-backup", "--force")
		frappe.db.rollback()
		apps = [app for app in _installed_apps_in_db() if app != "salon_crm"]
		frappe.db.set_global("installed_apps", json.dumps([*apps, "salon_crm"]))
		frappe.get_doc({"doctype": "Module Def", "module_name": "Salon CRM", "app_name": "salon_crm"}).insert(
			ignore_permissions=True, ignore_if_duplicate=True
		)
		frappe.db.commit()
		frappe.clear_cache()
		assert not frappe.db.exists("DocType", "Customer Profile")

		_cli("migrate", "--skip-search-index")
		_assert_completely_installed()
	finally:
		_reinstall_if_needed()
