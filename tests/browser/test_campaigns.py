"""An owner builds a campaign to bring lapsed clients back in the desk, in headless Chromium against the bench's
web server: the audience as rule rows (last visit more than 60 days ago), the message, Preview (who is excluded and why, a sample), Send a Test to
her own number through the SMS gateway stub on 127.0.0.1, and a time to send it; the scheduler's tick at that
time messages the customers who may get offers. Screenshots: tests/browser/screenshots/."""

from __future__ import annotations

import datetime

import frappe
import pytest

from tests.browser.support import missing_browser_reason

REASON = missing_browser_reason()
if REASON:
	pytest.skip(REASON, allow_module_level=True)

from playwright.sync_api import expect

from tests.browser import desk, records
from tests.integration.gateway import Gateway, configure_sms_settings
from tests.integration.test_greetings import committed_state, restore_committed_state


@pytest.fixture
def gateway():
	"""The SMS gateway stub, committed in SMS Settings (the web server reads them); restored afterwards."""
	from salon_crm.messaging import outbox

	state = committed_state()
	server = Gateway()
	configure_sms_settings(server.url)
	frappe.db.set_single_value("Salon CRM Settings", "quiet_hours_start", "09:00:00")
	frappe.db.set_single_value("Salon CRM Settings", "quiet_hours_end", "21:00:00")
	frappe.db.set_single_value("Salon CRM Settings", "salon_name", "Glow Studio")
	frappe.db.commit()
	outbox.resume("SMS")
	try:
		yield server
	finally:
		server.stop()
		frappe.db.rollback()
		restore_committed_state(state)


@pytest.fixture
def campaigns():
	"""Names of the campaigns a test made in the browser; deleted with their messages afterwards."""
	made: list[str] = []
	yield made
	frappe.db.rollback()
	for name in made:
		frappe.db.delete("Salon Message", {"reference_doctype": "Salon Campaign", "reference_name": name})
		frappe.delete_doc("Salon Campaign", name, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_an_owner_builds_previews_tests_and_schedules_a_lapsed_client_campaign(
	created, page, gateway, campaigns
):
	from salon_crm.campaigns import jobs

	# the owner: the salon's manager role, and ERPNext's Accounts User to see the company
	owner = records.make_user(created, roles=("Salon Manager", "Accounts User"), first_name="Owner")
	tag = records.unique("_Lapsed ")
	frappe.get_doc({"doctype": "Tag", "name": tag}).insert(ignore_permissions=True)
	meera = records.make_profile(created, "Meera", tags=[{"tag": tag}])
	nisha = records.make_profile(
		created,
		"Nisha",
		tags=[{"tag": tag}],
		communication_restrictions=[{"channel": "SMS", "purpose": "Promotions"}],
	)
	from tests.integration.factories import make_sales_invoice

	recent = records.make_profile(created, "Riya", tags=[{"tag": tag}])
	for profile, days_ago in ((meera, 75), (nisha, 70), (recent, 20)):
		make_sales_invoice(
			profile.customer,
			[("SVC-HAIRCUT", 1, 500)],
			posting_date=frappe.utils.add_days(frappe.utils.nowdate(), -days_ago),
		)
	name = records.unique("We miss you ").title()
	campaigns.append(name)
	frappe.db.commit()

	desk.login(page, owner, records.PASSWORD)
	desk.goto(page, "salon-campaign/new")
	form = desk.wait_form(page, "Salon Campaign")
	desk.field(form, "campaign_name").locator("input").fill(name)
	expect(desk.field(form, "company").locator("input")).to_have_value("Salon Test Company")  # her default
	desk.field(form, "sms_message").locator("textarea").fill(
		"Hi {{ first_name }}, we miss you at {{ salon_name }}! 20% off this week."
	)
	rules = desk.field(form, "rules")

	def add_rule(rule_type: str, fill) -> None:
		rules.locator(".grid-add-row").click()
		rules.locator(".grid-body .grid-row").last.locator(".btn-open-row").click()
		row = page.locator(".grid-row-open:visible .form-in-grid")
		row.locator('.frappe-control[data-fieldname="rule_type"] select').select_option(rule_type)
		fill(row)
		page.keyboard.press("Escape")  # closes the row editor (its ESC shortcut), which froze the page behind
		expect(page.locator(".grid-row-open:visible")).to_have_count(0)
		desk.wait_desk_idle(page)

	def lapsed(row) -> None:
		days = desk.field(row, "days").locator("input")
		days.fill("60")
		days.press("Tab")

	def tagged(row) -> None:
		box = desk.field(row, "tag").locator("input").first
		box.click()
		box.press_sequentially(tag, delay=40)
		page.locator(".awesomplete ul[role=listbox]:visible [role=option]", has_text=tag).first.click()
		expect(box).to_have_value(tag)

	add_rule("Last Visit More Than N Days Ago", lapsed)
	add_rule("Customer Tag", tagged)  # keeps the audience to this test's customers
	desk.shot(page, "campaign-01-built")
	desk.save(page)

	page.locator(".page-actions:visible button", has_text="Preview").click()
	dialog = page.locator(".modal.show", has_text="Preview of")
	# (the first preview on a freshly started web worker on a busy 2-core machine can take tens of seconds)
	expect(dialog).to_contain_text(
		"Audience: 2 customers, 2 entering this run, 1 to message, 0 held out.", timeout=90_000
	)
	expect(dialog).not_to_contain_text("Riya")  # came 20 days ago: not lapsed
	expect(dialog).to_contain_text("SMS marketing is restricted on the profile")
	expect(dialog).to_contain_text("Hi Meera, we miss you at Glow Studio! 20% off this week.")
	desk.shot(page, "campaign-02-preview")
	dialog.locator(".btn-modal-close").first.click()

	page.locator(".page-actions:visible button", has_text="Send a Test").click()
	prompt = page.locator(".modal.show", has_text="Mobile Number or Email")
	prompt.locator('input[data-fieldname="recipient"]').fill("+919800099999")
	prompt.locator(".btn-primary", has_text="Send").click()
	expect(page.locator(".modal.show", has_text="Test Sent")).to_be_visible()
	assert [m["to"] for m in gateway.messages()] == ["+919800099999"]
	assert gateway.messages()[0]["text"] == "Hi Meera, we miss you at Glow Studio! 20% off this week."
	desk.shot(page, "campaign-03-test-sent")
	page.locator(".modal.show .btn-modal-close").first.click()

	send_at = datetime.datetime.combine(
		datetime.date.today() + datetime.timedelta(days=1), datetime.time(10, 30)
	)
	form = desk.form(page, "Salon Campaign")
	desk.field(form, "send_mode").locator("select").select_option("At a Date and Time")
	shown = page.evaluate(
		"(value) => frappe.datetime.str_to_user(value)", send_at.strftime("%Y-%m-%d %H:%M:%S")
	)
	when = desk.field(form, "send_at").locator("input")
	when.fill(shown)
	when.press("Escape")
	desk.save(page)
	desk.shot(page, "campaign-04-scheduled")
	saved = frappe.db.get_value("Salon Campaign", name, ["send_mode", "send_at", "last_run_on"], as_dict=True)
	assert (saved.send_mode, saved.send_at, saved.last_run_on) == ("At a Date and Time", send_at, None)

	frappe.db.rollback()
	assert name not in jobs.every_five_minutes(at=send_at - datetime.timedelta(minutes=5))
	done = jobs.every_five_minutes(at=send_at + datetime.timedelta(minutes=2))

	assert done[name]["to_send"] == 1
	assert [m["to"] for m in gateway.messages()] == ["+919800099999", meera.mobile_no]
	assert nisha.mobile_no not in [m["to"] for m in gateway.messages()]
	frappe.db.commit()
	assert page.js_errors == []
