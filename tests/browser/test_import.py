"""Moving from another system in the desk: an administrator imports a customers file and a prepaid cards file
with Frappe's Data Import (upload, Start Import, the per-row log), then a cashier's Apply Card redeems an
imported card on a Sales Invoice. Start Import enqueues the import as on a production bench: the test runs
one RQ worker in burst mode (it works off the queue and exits) with the site's scheduler switched on."""

from __future__ import annotations

import csv
import os
import random
import subprocess

import frappe
import pytest
from frappe.utils import add_days, nowdate

from tests.browser.support import SCREENSHOTS, missing_browser_reason

REASON = missing_browser_reason()
if REASON:
	pytest.skip(REASON, allow_module_level=True)

from playwright.sync_api import expect

from tests import bench as bench_mod
from tests.browser import desk, records
from tests.integration.site_setup import COMPANY

WORKER = ("worker", "--queue", "default", "--burst", "--quiet")
CARD_HEADER = [
	"Customer",
	"Card Type",
	"Company",
	"Previous Card Number",
	"Remaining Value",
	"Remaining Money",
	"Original Sale Date",
	"Expiry Date",
]
ADMIN_ROLES = ("System Manager", "Salon Manager", "Sales User", "Accounts User")


@pytest.fixture
def imports():
	"""Data Imports made in the desk, removed afterwards with their logs, files and Opening Card Import rows;
	the site's scheduler switch is put back as it was."""
	enabled = frappe.db.get_single_value("System Settings", "enable_scheduler")
	frappe.db.set_single_value("System Settings", "enable_scheduler", 1)
	frappe.db.commit()
	made: list[str] = []
	yield made
	frappe.db.rollback()
	frappe.db.set_single_value("System Settings", "enable_scheduler", enabled)
	for name in frappe.get_all("Data Import", filters={"name": ("in", made or [""])}, pluck="name"):
		for row in frappe.get_all(
			"Data Import Log", filters={"data_import": name, "success": 1}, fields=["docname"]
		):
			frappe.db.delete("Opening Card Import", {"name": row.docname})
		frappe.db.delete("Data Import Log", {"data_import": name})
		file_url = frappe.db.get_value("Data Import", name, "import_file")
		frappe.db.delete("Data Import", {"name": name})
		frappe.db.delete("File", {"file_url": file_url})
	frappe.db.commit()


def write_csv(name: str, rows: list[list]) -> str:
	SCREENSHOTS.mkdir(exist_ok=True)
	path = SCREENSHOTS / name
	with open(path, "w", newline="") as f:
		csv.writer(f).writerows(rows)
	return str(path)


def run_worker_until_queue_is_empty() -> None:
	bench = bench_mod.find()
	subprocess.run(
		[str(bench.path / "env" / "bin" / "python"), "-m", "frappe.utils.bench_helper", "frappe", *WORKER],
		cwd=bench.sites,
		env={**os.environ},
		check=True,
		timeout=300,
		capture_output=True,
	)


def import_in_desk(page, doctype: str, path: str, made: list[str]):
	"""New Data Import of `doctype` from the file at `path`, as an administrator does it; returns the form
	after the import ran."""
	desk.goto(page, "data-import/new")
	form = desk.wait_form(page, "Data Import")
	desk.pick_link(page, form, "reference_doctype", doctype, doctype)
	desk.field(form, "import_type").locator("select").select_option("Insert New Records")
	desk.save(page)
	made.append(page.evaluate("() => cur_frm.doc.name"))
	desk.field(form, "import_file").locator("button", has_text="Attach").click()
	page.locator(".modal.show input[type=file]").set_input_files(path)
	page.locator(".modal.show .modal-footer .btn-primary", has_text="Upload").click()
	page.wait_for_function("() => cur_frm.doc.import_file && !cur_frm.is_dirty()")
	desk.wait_desk_idle(page)
	start = page.locator(".page-actions:visible .primary-action", has_text="Start Import")
	expect(start).to_be_visible()
	start.click()
	page.wait_for_function("() => cur_frm.save_disabled")  # Start Import answered: the job is queued
	run_worker_until_queue_is_empty()
	page.reload()
	return desk.wait_form(page, "Data Import")


def test_administrator_imports_customers_and_cards_then_a_cashier_redeems_an_imported_card(
	created, imports, page
):
	discount_type = records.make_discount_type(created, value=4000, price=3500, services=("SVC-HAIRCUT",))
	admin = records.make_user(created, roles=ADMIN_ROLES, first_name="Ira")
	frappe.db.commit()
	run = random.randint(10**6, 10**7)
	mobile = records.mobile_number()
	customers = write_csv(
		f"customers-{run}.csv",
		[
			["Previous System Number", "First Name", "Last Name", "Mobile", "Birthday as Written"],
			[f"OLD-{run}-1", "Sarita", f"Imported{run}", f"{mobile[3:8]} {mobile[8:]}", "17/05/1988"],
			[f"OLD-{run}-2", "Bad", f"Phone{run}", "12345", ""],
			[f"OLD-{run}-3", "No", f"Such Day{run}", "", "31.02.1990"],
		],
	)
	cards = write_csv(
		f"cards-{run}.csv",
		[
			CARD_HEADER,
			[f"OLD-{run}-1", discount_type, COMPANY, f"PC-{run}-1", 4000, 3500, add_days(nowdate(), -60), ""],
			[f"OLD-{run}-1", discount_type, COMPANY, f"PC-{run}-2", 1000, 1200, add_days(nowdate(), -60), ""],
		],
	)
	desk.login(page, admin, records.PASSWORD)

	# 1. customers: one imported, a bad phone and a day that does not exist refused on their own rows
	form = import_in_desk(page, "Customer Profile", customers, imports)
	expect(desk.indicator(page)).to_have_text("Partial Success")
	log = desk.field(form, "import_log_preview")
	failures = log.locator("tr", has_text="Failure")
	expect(failures).to_have_count(2)
	expect(failures.filter(has_text="12345 is not a valid phone number")).to_have_count(1)
	expect(failures.filter(has_text="Birthday as Written: 31.02.1990 is not a real date")).to_have_count(1)
	desk.shot(page, "import-01-customers")
	frappe.db.rollback()
	profile = frappe.get_doc("Customer Profile", {"old_customer_number": f"OLD-{run}-1"})
	created.profiles.append(profile.name)
	expect(log.locator("tr", has_text="Success")).to_contain_text(f"Successfully imported {profile.name}")
	assert (profile.mobile_no, str(profile.date_of_birth)) == (mobile, "1988-05-17")

	# 2. cards: the good card imported, money above value refused
	form = import_in_desk(page, "Opening Card Import", cards, imports)
	expect(desk.indicator(page)).to_have_text("Partial Success")
	log = desk.field(form, "import_log_preview")
	expect(log.locator("tr", has_text="Failure")).to_contain_text("cannot be more than the Remaining Value")
	expect(log.locator("tr", has_text="Success")).to_have_count(1)
	desk.shot(page, "import-02-cards")
	frappe.db.rollback()
	card = frappe.db.get_value("Customer Discount", {"old_card_number": f"PC-{run}-1"}, "name")
	assert card

	# 3. the imported card redeems on a POS Sales Invoice with Apply Card
	invoice = desk.new_invoice_for(page, f"OLD-{run}-1", profile.full_name)
	desk.paid_at_the_till(page, invoice, "SVC-HAIRCUT", 400)
	choice = desk.card_choice(page, card)
	expect(choice).to_contain_text("benefit ₹ 50.00")
	choice.locator(".salon-use-card").click()
	desk.save(page)
	desk.submit(page, invoice)
	expect(desk.indicator(page)).to_have_text("Paid")
	expect(invoice.locator(".salon-card-banner")).to_contain_text("paid from card ₹ 350.00")
	desk.shot(page, "import-03-imported-card-redeemed")
	frappe.db.rollback()
	assert frappe.db.get_value("Customer Discount", card, ["balance_value", "balance_money"]) == (3600, 3150)
