"""What the front desk shows on the first click, in headless Chromium against the bench's web server: each
test clicks once, as a cashier would, and asserts the page's content (rows, status, figures), never only
that the page opened."""

from __future__ import annotations

import re

import frappe
import pytest

from tests.browser.support import missing_browser_reason

REASON = missing_browser_reason()
if REASON:
	pytest.skip(REASON, allow_module_level=True)

from playwright.sync_api import expect

from tests.browser import desk, records


def _report_rows(page):
	"""The visible report's data rows (Frappe's datatable)."""
	return page.locator(".dt-scrollable:visible .dt-row")


def _open_profile(page, profile: str):
	desk.goto(page, f"customer-profile/{profile}")
	return desk.wait_form(page, "Customer Profile")


def test_pv_status_from_a_profile_lists_only_that_customers_cards(created, page):
	user = records.make_user(created)
	sunita = records.make_profile(created, first_name="Sunita")
	priya = records.make_profile(created, first_name="Priya")
	card_type = records.make_discount_type(created)
	hers = records.sell_card(sunita.name, card_type)
	other = records.sell_card(priya.name, card_type)
	frappe.db.commit()

	desk.login(page, user, records.PASSWORD)
	_open_profile(page, sunita.name)
	page.locator(".page-actions:visible button", has_text="PV Status").click()
	page.wait_for_url(re.compile(r"/app/query-report/Customer(%20| )Discount(%20| )Balance"))

	rows = _report_rows(page)
	expect(rows.filter(has_text=hers)).to_have_count(1)
	desk.wait_desk_idle(page)
	expect(rows).to_have_count(1)
	expect(page.locator(".dt-scrollable:visible")).not_to_contain_text(other)
	desk.shot(page, "20-pv-status-first-click")


@pytest.mark.parametrize(
	("button", "shown", "hidden"),
	[
		("Service History", "SVC-HAIRCUT", "PRD-SHAMPOO"),
		("Purchase History", "PRD-SHAMPOO", "SVC-HAIRCUT"),
		("All History", "PRD-SHAMPOO", None),
	],
)
def test_history_buttons_show_the_customers_rows_at_once(created, page, button, shown, hidden):
	from tests.integration.factories import make_sales_invoice

	user = records.make_user(created)
	profile = records.make_profile(created)
	records.make_profile(created)  # another customer, whose rows must not show
	make_sales_invoice(profile.customer, [("SVC-HAIRCUT", 1, 400), ("PRD-SHAMPOO", 1, 500)])
	frappe.db.commit()

	desk.login(page, user, records.PASSWORD)
	_open_profile(page, profile.name)
	page.locator(".page-actions:visible .inner-group-button button", has_text="History").click()
	page.locator(".page-actions:visible .dropdown-menu a:visible", has_text=button).click()
	page.wait_for_url(re.compile(r"/app/query-report/Customer(%20| )History"))

	report = page.locator(".dt-scrollable:visible")
	expect(report).to_contain_text(shown)
	if hidden:
		expect(report).not_to_contain_text(hidden)
	expect(page.locator(".layout-main-section:visible")).not_to_contain_text("Please set filters")


def test_a_link_to_a_customers_history_shows_her_rows_at_once(created, page):
	from tests.integration.factories import make_sales_invoice

	user = records.make_user(created)
	profile = records.make_profile(created)
	make_sales_invoice(profile.customer, [("SVC-HAIRCUT", 1, 400)])
	frappe.db.commit()

	desk.login(page, user, records.PASSWORD)
	page.goto(f"/app/query-report/Customer History?customer_profile={profile.name}")
	expect(page.locator(".dt-scrollable:visible")).to_contain_text("SVC-HAIRCUT")
	expect(desk.field(page.locator(".page-form:visible"), "customer_profile").locator("input")).to_have_value(
		profile.full_name
	)


def test_a_credit_invoice_paid_by_card_reads_paid_right_after_submit(created, page):
	user = records.make_user(created)
	profile = records.make_profile(created)
	card_type = records.make_discount_type(created, value=4000, price=3500, services=("SVC-HAIRCUT",))
	card = records.sell_card(profile.name, card_type)
	frappe.db.commit()

	desk.login(page, user, records.PASSWORD)
	desk.goto(page, "sales-invoice/new")
	invoice = desk.wait_form(page, "Sales Invoice")
	desk.pick_link(page, invoice, "customer", profile.mobile_no[-6:], profile.full_name)
	items = desk.field(invoice, "items")
	items.locator(".grid-body .grid-row .grid-static-col[data-fieldname='item_code']").first.click()
	desk.pick_link(page, items, "item_code", "SVC-HAIRCUT", "SVC-HAIRCUT")
	page.wait_for_function("() => cur_frm.doc.items[0].rate === 400")
	page.locator(".page-actions:visible button", has_text="Apply Card").click()
	page.locator(".modal.show .salon-card-choices tr", has_text=card).locator(".salon-use-card").click()
	desk.save(page)
	desk.submit(page, invoice)

	expect(desk.indicator(page)).to_have_text("Paid")
	assert page.evaluate("() => cur_frm.doc.outstanding_amount") == 0
	expect(page.locator(".page-actions:visible")).not_to_contain_text("Payment")  # no "Create > Payment"
	desk.shot(page, "21-credit-card-invoice-paid")


def _run_queued_refresh(customer: str) -> None:
	"""Do what a worker does with the customer's queued performance job: run its method (in this process, not
	RQ's execute_job, which would open its own site connection), commit, and take the job off the queue."""
	from frappe.utils.background_jobs import get_job

	from salon_crm.performance import jobs

	job = get_job(jobs.CUSTOMER_JOB_ID.format(customer))
	assert job is not None, "no refresh was queued for the customer"
	frappe.get_attr(job.kwargs["method"])(**job.kwargs["kwargs"])
	frappe.db.commit()
	job.delete()


def test_performance_tab_shows_figures_of_a_new_invoice_without_a_refresh(created, page):
	from tests.integration.factories import make_sales_invoice

	user = records.make_user(created)
	profile = records.make_profile(created)
	frappe.db.commit()
	_run_queued_refresh(profile.customer)  # the new profile's own job
	make_sales_invoice(profile.customer, [("SVC-FACIAL", 1, 1200)])
	frappe.db.commit()
	_run_queued_refresh(profile.customer)

	desk.login(page, user, records.PASSWORD)
	form = _open_profile(page, profile.name)
	desk.open_tab(form, "Performance")
	performance = desk.field(form, "performance_html")
	expect(performance.locator(".salon-figure", has_text="Lifetime Income")).to_contain_text("₹ 1,200.00")
	expect(performance.locator(".salon-figure", has_text="Visits")).to_contain_text("1")
	desk.shot(page, "22-performance-after-queue")


def test_performance_tab_of_never_computed_figures_says_so_instead_of_zeros(created, page):
	user = records.make_user(created)
	profile = records.make_profile(created)
	frappe.db.set_value("Customer Profile", profile.name, "performance_updated_on", None)
	frappe.db.commit()

	desk.login(page, user, records.PASSWORD)
	form = _open_profile(page, profile.name)
	desk.open_tab(form, "Performance")
	performance = desk.field(form, "performance_html")
	expect(performance).to_contain_text("Not computed yet")
	expect(performance).not_to_contain_text("₹ 0.00")
	expect(form.locator('.frappe-control[data-fieldname="lifetime_income"]:visible')).to_have_count(0)


def test_print_of_a_card_invoice_is_the_salon_invoice_with_the_card(created, page):
	user = records.make_user(created)
	profile = records.make_profile(created)
	card_type = records.make_discount_type(created, value=4000, price=3500, services=("SVC-HAIRCUT",))
	card = records.sell_card(profile.name, card_type)
	from tests.integration.card_factories import redeem

	invoice = redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	frappe.db.commit()

	desk.login(page, user, records.PASSWORD)
	desk.goto(page, f"sales-invoice/{invoice.name}")
	desk.wait_form(page, "Sales Invoice")
	page.locator(".page-head:visible .page-icon-group button.icon-btn").filter(
		has=page.locator("use[href='#icon-printer']")
	).first.click()
	page.wait_for_url(re.compile(r"/app/print/Sales(%20| )Invoice/"))
	selector = page.locator('.print-preview-sidebar:visible [data-fieldname="print_format"] input').first
	expect(selector).to_have_value("Salon Invoice")
	preview = page.frame_locator(".print-format-container:visible").locator("body")
	expect(preview).to_contain_text("Card Used")
	expect(preview).to_contain_text(card)
	expect(preview).to_contain_text(profile.customer_number)
	expect(preview).to_contain_text("Card Balance After This Invoice")
	desk.shot(page, "23-salon-invoice-print")


def test_a_cashiers_first_page_after_login_is_the_salon_workspace(created, page):
	user = records.make_user(created)  # Salon Staff with ERPNext's Sales User and Accounts User
	frappe.db.commit()

	page.goto("/login")
	page.locator("#login_email").fill(user)
	page.locator("#login_password").fill(records.PASSWORD)
	page.locator(".btn-login").first.click()

	page.wait_for_url(re.compile(r"/app/salon-crm$"))
	desk.wait_desk_idle(page)
	workspace = page.locator(".layout-main-section:visible")
	expect(workspace.locator(".shortcut-widget-box", has_text="Sell a Card")).to_be_visible()
	desk.shot(page, "24-cashier-lands-on-workspace")


def test_a_new_profile_asks_a_walk_ins_fields_first_and_shows_one_banner_after_saving(created, page):
	user = records.make_user(created)
	frappe.db.commit()
	mobile = records.mobile_number()

	desk.login(page, user, records.PASSWORD)
	desk.goto(page, "customer-profile/new")
	form = desk.wait_form(page, "Customer Profile")
	first_screen = form.locator(".tab-pane.active")
	for fieldname in ("first_name", "last_name", "mobile_no", "date_of_birth"):
		expect(desk.field(first_screen, fieldname).locator("input")).to_be_visible()
	desk.field(first_screen, "first_name").locator("input").fill("Walkin")
	last_name = records.unique("Browser").capitalize()
	desk.field(first_screen, "last_name").locator("input").fill(last_name)
	desk.field(first_screen, "mobile_no").locator("input").fill(mobile)
	desk.save(page)
	created.profiles.append(page.evaluate("() => cur_frm.doc.name"))

	number = page.evaluate("() => cur_frm.doc.customer_number")
	banners = form.locator(".form-message:visible", has_text=number)
	expect(banners).to_have_count(1)
	desk.shot(page, "25-new-profile-saved")


def test_quick_entry_from_a_customer_link_asks_a_walk_ins_fields(created, page):
	user = records.make_user(created)
	frappe.db.commit()

	desk.login(page, user, records.PASSWORD)
	desk.goto(page, "customer-discount/new")
	form = desk.wait_form(page, "Customer Discount")
	expect(page.locator(".page-head:visible .title-text")).to_have_text("Sell a Card")
	box = desk.field(form, "customer_profile").locator("input").first
	box.click()
	box.press_sequentially("Nobody Yet", delay=40)
	create = page.locator(".awesomplete ul[role=listbox]:visible [role=option]", has_text="Create a new")
	create.click()
	dialog = page.locator(".modal.show", has_text="New Customer Profile")
	for fieldname in ("first_name", "last_name", "mobile_no", "date_of_birth"):
		expect(desk.field(dialog, fieldname).locator("input")).to_be_visible()
	desk.shot(page, "26-profile-quick-entry")


def test_a_sales_invoice_shows_the_customer_number_once(created, page):
	from tests.integration.factories import make_sales_invoice

	user = records.make_user(created)
	profile = records.make_profile(created)
	draft = make_sales_invoice(profile.customer, [("SVC-HAIRCUT", 1, 400)], submit=False)
	frappe.db.commit()

	desk.login(page, user, records.PASSWORD)
	desk.goto(page, f"sales-invoice/{draft.name}")
	form = desk.wait_form(page, "Sales Invoice")
	expect(desk.field(form, "salon_customer_number")).to_contain_text(profile.customer_number)
	assert form.inner_text().count(profile.customer_number) == 1


def test_changing_the_marital_status_hides_the_anniversary_and_keeps_it(created, page):
	user = records.make_user(created)
	anniversary = frappe.utils.add_years(frappe.utils.nowdate(), -5)
	profile = records.make_profile(created, marital_status="Married", anniversary=anniversary)
	frappe.db.commit()

	desk.login(page, user, records.PASSWORD)
	form = _open_profile(page, profile.name)
	anniversary_field = desk.field(form, "anniversary")
	status = desk.field(form, "marital_status").locator("select")
	status.select_option("Divorced")
	expect(anniversary_field).to_be_hidden()
	desk.save(page)
	assert page.evaluate("() => cur_frm.doc.anniversary") == anniversary

	status.select_option("Married")
	expect(anniversary_field).to_be_visible()
	expect(anniversary_field.locator("input")).to_have_value(frappe.utils.formatdate(anniversary))


def test_specials_on_a_profile_name_their_services(created, page):
	user = records.make_user(created)
	profile = records.make_profile(created)
	plan = records.make_plan(created, items=("SVC-FACIAL",))
	frappe.db.commit()

	desk.login(page, user, records.PASSWORD)
	form = _open_profile(page, profile.name)
	desk.open_tab(form, "Specials")
	row = desk.field(form, "specials_html").locator("tr", has_text=plan.plan_name).first
	expect(row).to_contain_text("Facial")
	expect(row).not_to_contain_text("SVC-FACIAL")
