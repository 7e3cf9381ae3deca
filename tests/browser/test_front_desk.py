"""The salon's day in the Frappe desk, in headless Chromium against the bench's web server: a cashier (Salon
Staff + ERPNext Sales User/Accounts User) logs in, finds a customer by phone digits, opens the profile, sells
a card, redeems it on a POS invoice and opens the PV Status. Screenshots: tests/browser/screenshots/."""

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

PROFILE_TABS = (
	"Profile",
	"Family",
	"Contact & Restrictions",
	"Treatments & Photos",
	"Performance",
	"Specials",
)


def test_workspace_shows_salon_shortcuts_cards_and_chart(created, page):
	user = records.make_user(created)
	birthday = frappe.utils.add_years(frappe.utils.nowdate(), -30)
	profile = records.make_profile(created, date_of_birth=birthday)
	frappe.db.commit()

	desk.login(page, user, records.PASSWORD)
	desk.goto(page, "salon-crm")
	workspace = page.locator(".layout-main-section:visible")
	for shortcut in ("New Customer", "Sell a Card", "Today's Occasions"):
		expect(workspace.locator(".shortcut-widget-box", has_text=shortcut)).to_be_visible()
	for card in (
		"Active Cards",
		"Card Value Left to Spend",
		"Card Money Owed (Liability)",
		"Customers This Month",
	):
		widget = workspace.locator(".number-widget-box", has_text=card)
		expect(widget).to_be_visible()
		expect(widget).not_to_contain_text("Loading")
	chart = workspace.locator(".widget.dashboard-widget-box", has_text="Income by Month")
	expect(chart).to_be_visible()
	expect(chart.locator("svg").first).to_be_visible()
	expect(workspace.locator(".links-widget-box", has_text="Customers")).to_contain_text("Todays Occasions")
	desk.shot(page, "01-workspace")

	workspace.locator(".shortcut-widget-box", has_text="Today's Occasions").click()
	page.wait_for_url(re.compile(r"/app/query-report/Todays(%20| )Occasions"))
	report = page.locator(".dt-scrollable:visible")
	expect(report.locator(".dt-row", has_text=profile.full_name)).to_contain_text("Birthday")
	expect(report.locator(".dt-row", has_text=profile.full_name)).to_contain_text("30")
	desk.shot(page, "01b-todays-birthdays")


def test_cashier_finds_customer_sells_card_redeems_it_and_sees_pv_status(created, page):
	user = records.make_user(created)
	profile = records.make_profile(created)
	card_type = records.make_discount_type(created, value=4000, price=3500, services=("SVC-HAIRCUT",))
	frappe.db.commit()
	digits = profile.mobile_no[-8:-2]  # a run of digits from the middle of the mobile number

	desk.login(page, user, records.PASSWORD)

	# 1. find the customer by phone digits with the list's Find box (the app's search), open the profile
	desk.goto(page, "customer-profile")
	list_page = page.locator('[id="page-List/Customer Profile/List"]')
	row = list_page.locator(".list-row-container", has_text=profile.full_name)
	expect(row.locator(".indicator-pill").first).to_contain_text("Active")
	found = desk.pick_link(
		page, list_page, "salon_find_customer", digits, profile.full_name, screenshot="02-find-by-digits"
	)
	assert profile.customer_number in found
	assert profile.mobile_no in found

	# 2. the profile: tabs, headline with number and mobile, the history and PV Status buttons
	profile_form = desk.wait_form(page, "Customer Profile")
	tabs = profile_form.locator(".form-tabs .nav-link")
	for tab in PROFILE_TABS:
		expect(tabs.filter(has_text=re.compile(rf"^\s*{re.escape(tab)}\s*$"))).to_have_count(1)
	expect(profile_form.locator(".form-message").first).to_contain_text(profile.customer_number)
	expect(page.locator(".page-actions:visible")).to_contain_text("PV Status")
	desk.shot(page, "03-profile")
	desk.open_tab(profile_form, "Performance")
	# no worker has run the new profile's queued refresh: its figures are not shown as zeros
	expect(desk.field(profile_form, "performance_html")).to_contain_text("Not computed yet")
	desk.open_tab(profile_form, "Specials")
	expect(desk.field(profile_form, "specials_html")).to_contain_text("Available Specials")

	# 3. sell a card on the Customer Discount form: customer by digits, card type, Cash; save, submit
	desk.goto(page, "customer-discount/new")
	card_form = desk.wait_form(page, "Customer Discount")
	desk.pick_link(page, card_form, "customer_profile", digits, profile.full_name)
	expect(desk.field(card_form, "customer_number")).to_contain_text(profile.customer_number)
	desk.pick_link(page, card_form, "discount_type", card_type[:14], card_type)
	expect(desk.field(card_form, "value")).to_contain_text("4,000")
	expect(desk.field(card_form, "price")).to_contain_text("3,500")
	desk.pick_link(page, card_form, "mode_of_payment", "Cash", "Cash")
	desk.save(page)
	desk.submit(page, card_form)
	expect(desk.indicator(page)).to_have_text("Active")
	expect(card_form.locator(".form-dashboard")).to_contain_text("Balance: ₹ 4,000.00")
	expect(desk.field(card_form, "ledger_html")).to_contain_text("Sale")
	card = page.evaluate("() => cur_frm.doc.name")
	desk.shot(page, "04-card-sold")

	# 4. redeem it on a POS Sales Invoice: customer by digits, a haircut, Apply Card, save, submit
	invoice = desk.new_invoice_for(page, digits, profile.full_name)
	expect(desk.field(invoice, "salon_customer_number")).to_contain_text(profile.customer_number)
	desk.paid_at_the_till(page, invoice, "SVC-HAIRCUT", 400)
	choice = desk.card_choice(page, card)
	expect(choice).to_contain_text("benefit ₹ 50.00")
	desk.shot(page, "05-apply-card")
	choice.locator(".salon-use-card").click()
	banner = invoice.locator(".salon-card-banner")
	expect(banner).to_contain_text("expected benefit ₹ 50.00")
	desk.save(page)
	expect(banner).to_contain_text("card benefit ₹ 50.00")
	desk.submit(page, invoice)
	expect(desk.indicator(page)).to_have_text("Paid")
	expect(banner).to_contain_text("paid from card ₹ 350.00")
	desk.shot(page, "06-invoice-paid-with-card")

	# 5. PV Status from the profile: the card's balance after the haircut
	desk.goto(page, f"customer-profile/{profile.name}")
	desk.wait_form(page, "Customer Profile")
	page.locator(".page-actions:visible button", has_text="PV Status").click()
	page.wait_for_url(re.compile(r"/app/query-report/Customer(%20| )Discount(%20| )Balance"))
	report = page.locator(".dt-scrollable:visible")
	expect(report).to_contain_text(card)
	expect(report).to_contain_text("3,600.00")
	desk.shot(page, "07-pv-status")


def test_profile_shows_photos_figures_and_assigns_an_eligible_special(created, page):
	from tests.integration.factories import make_sales_invoice

	user = records.make_user(created)
	profile = records.make_profile(
		created,
		image="/assets/frappe/images/frappe-framework-logo.png",
		photos=[
			{"image": "/assets/frappe/images/fallback-thumbnail.jpg", "step": "Before", "caption": "Facial"}
		],
	)
	plan = records.make_plan(created)
	make_sales_invoice(profile.customer, [("SVC-FACIAL", 1, 1200)])
	frappe.db.commit()

	desk.login(page, user, records.PASSWORD)
	desk.goto(page, f"customer-profile/{profile.name}")
	form = desk.wait_form(page, "Customer Profile")

	desk.open_tab(form, "Treatments & Photos")
	gallery = desk.field(form, "photos_html")
	expect(gallery.locator(".salon-gallery-tile img")).to_have_count(2)
	expect(gallery).to_contain_text("Before · Facial")

	desk.open_tab(form, "Performance")
	performance = desk.field(form, "performance_html")
	performance.locator("button.salon-refresh-performance").click()
	expect(performance.locator(".salon-figure", has_text="Lifetime Income")).to_contain_text("₹ 1,200.00")
	expect(performance.locator(".salon-figure", has_text="Visits")).to_contain_text("1")
	expect(performance.locator(".salon-performance-chart svg").first).to_be_visible()
	page.wait_for_function(  # the chart draws zeros first, then its data
		"() => [...document.querySelectorAll('.salon-performance-chart rect')]"
		".some((bar) => parseFloat(bar.getAttribute('height')) > 0)"
	)
	desk.shot(page, "08-profile-performance")

	desk.open_tab(form, "Specials")
	specials = desk.field(form, "specials_html")
	eligible = specials.locator(".salon-specials-block", has_text="Eligible Specials")
	plan_row = eligible.locator("tr", has_text=plan.plan_name)
	expect(plan_row).to_contain_text("15.0% off")
	plan_row.locator("button.salon-assign-plan").click()
	expect(
		specials.locator(".salon-specials-block", has_text="Eligible Specials").locator(
			"tr", has_text=plan.plan_name
		)
	).to_contain_text("Assigned")
	desk.shot(page, "09-profile-specials")
	frappe.db.rollback()
	assert frappe.db.exists(
		"Special Plan Assignment",
		{"customer_profile": profile.name, "special_plan": plan.name, "status": "Active"},
	)


def test_manager_sets_up_a_card_type_prints_the_membership_card_and_refunds(created, page):
	from salon_crm.cards import types as card_types

	user = records.make_user(created, roles=("Salon Manager", "Accounts User"), first_name="Ravi")
	profile = records.make_profile(created)
	card_type = records.make_discount_type(created)
	card = records.sell_card(profile.name, card_type)
	frappe.db.commit()
	suggested = card_types.suggested_value(frappe._dict(services=[frappe._dict(item="SVC-FACIAL")]))
	assert suggested > 0

	desk.login(page, user, records.PASSWORD)

	# Discount Type: picking a service fills the suggested value (and the empty value) at once
	desk.goto(page, "discount-type/new")
	form = desk.wait_form(page, "Discount Type")
	type_name = records.unique("Browser Type ").title()
	created.discount_types.append(type_name)
	desk.field(form, "discount_type_name").locator("input").fill(type_name)
	desk.pick_link(page, form, "company", "Salon Test", "Salon Test Company")
	desk.pick_link(page, form, "services", "SVC-FAC", "SVC-FACIAL")
	shown = f"{suggested:,.2f}"
	expect(desk.field(form, "suggested_value")).to_contain_text(shown)
	expect(desk.field(form, "value").locator("input")).to_have_value(re.compile(re.escape(shown)))

	# a price not below the value is flagged on the field and refused before saving
	price = desk.field(form, "price").locator("input")
	price.fill(str(int(suggested) + 500))
	price.press("Tab")
	expect(desk.field(form, "price")).to_contain_text("Not below the value")
	page.keyboard.press("Control+s")
	dialog = page.locator(".modal.show", has_text="must be lower than the value")
	expect(dialog).to_be_visible()
	desk.shot(page, "10-discount-type-price-warning")
	dialog.locator(".btn-modal-close").first.click()
	assert page.evaluate("() => cur_frm.is_new()")
	price.fill(str(int(suggested) - 1000))
	price.press("Tab")
	expect(desk.field(form, "price")).to_contain_text("The customer gains")
	desk.save(page)
	frappe.db.rollback()  # a fresh snapshot: see what the browser committed
	assert frappe.db.get_value("Discount Type", type_name, "suggested_value") == suggested

	# the card: Membership Card print, then a refund (Salon Manager)
	desk.goto(page, f"customer-discount/{card}")
	card_form = desk.wait_form(page, "Customer Discount")
	expect(desk.indicator(page)).to_have_text("Active")
	with page.expect_popup() as popup_info:
		page.locator(".page-actions:visible button", has_text="Membership Card").click()
	printed = popup_info.value
	printed.wait_for_load_state()
	expect(printed.locator("body")).to_contain_text(profile.customer_number)
	expect(printed.locator("body")).to_contain_text(card_type)
	printed.screenshot(path=str(desk.SCREENSHOTS / "11-membership-card.png"))
	printed.close()

	page.locator(".page-actions:visible button", has_text="Refund").click()
	refund = page.locator(".modal.show", has_text="Pay back")
	expect(refund).to_contain_text("₹ 3,500.00")
	expect(desk.field(refund, "mode_of_payment").locator("input")).to_have_value("Cash")
	refund.locator(".btn-primary", has_text="Refund").click()
	expect(desk.indicator(page)).to_have_text("Refunded")
	expect(card_form.locator(".form-dashboard")).to_contain_text("Paid Balance: ₹ 0.00")
	desk.shot(page, "12-card-refunded")

	desk.goto(page, "customer-discount")
	row = page.locator('[id="page-List/Customer Discount/List"] .list-row-container', has_text=card)
	expect(row.locator(".indicator-pill").first).to_have_text("Refunded")
	expect(row.locator(".indicator-pill").first).to_have_class(re.compile(r"\bblue\b"))
