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


@pytest.fixture
def created():
	"""Committed records of one test, deleted afterwards (also what the browser made for them)."""
	made = records.Created()
	try:
		yield made
	finally:
		records.remove(made)


def test_workspace_shows_salon_shortcuts_cards_and_chart(page, created):
	user = records.make_user(created)
	frappe.db.commit()

	desk.login(page, user, records.PASSWORD)
	desk.goto(page, "salon-crm")
	workspace = page.locator(".layout-main-section:visible")
	for shortcut in ("New Customer", "Sell a Card", "Today's Birthdays"):
		expect(workspace.locator(".shortcut-widget-box", has_text=shortcut)).to_be_visible()
	for card in ("Active Cards", "Outstanding Card Value", "Customers This Month"):
		widget = workspace.locator(".number-widget-box", has_text=card)
		expect(widget).to_be_visible()
		expect(widget).not_to_contain_text("Loading")
	chart = workspace.locator(".widget.dashboard-widget-box", has_text="Income by Month")
	expect(chart).to_be_visible()
	expect(chart.locator("svg").first).to_be_visible()
	expect(workspace.locator(".links-widget-box", has_text="Customers")).to_contain_text("Todays Occasions")
	desk.shot(page, "01-workspace")


def test_cashier_finds_customer_sells_card_redeems_it_and_sees_pv_status(page, created):
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
	tabs.filter(has_text="Performance").click()
	expect(desk.field(profile_form, "performance_html")).to_contain_text("Lifetime Income")
	tabs.filter(has_text="Specials").click()
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
	desk.goto(page, "sales-invoice/new")
	invoice = desk.wait_form(page, "Sales Invoice")
	desk.pick_link(page, invoice, "customer", digits, profile.full_name)
	expect(desk.field(invoice, "customer")).to_contain_text(profile.customer_number)
	desk.field(invoice, "is_pos").locator("input[data-fieldname=is_pos]").check()
	desk.wait_desk_idle(page)
	items = desk.field(invoice, "items")
	items.locator(".grid-body .grid-row .grid-static-col[data-fieldname='item_code']").first.click()
	desk.pick_link(page, items, "item_code", "SVC-HAIRCUT", "SVC-HAIRCUT")
	page.wait_for_function("() => cur_frm.doc.items[0].rate === 400")
	page.locator(".page-actions:visible button", has_text="Apply Card").click()
	choice = page.locator(".modal.show .salon-card-choices tr", has_text=card)
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
