"""Salon CRM Settings as the administrator first opens them after install: the declared defaults, saved."""

import frappe
from playwright.sync_api import expect

from tests.browser import records
from tests.browser.desk import field, goto, login, shot, wait_form


def test_settings_open_saved_with_the_declared_greeting_window(created, page):
	manager = records.make_user(created, roles=("System Manager", "Salon Manager"), first_name="Owner")
	frappe.db.commit()  # the web server reads the user in its own transaction
	login(page, manager, records.PASSWORD)
	goto(page, "salon-crm-settings")
	settings = wait_form(page, "Salon CRM Settings")
	expect(field(settings, "quiet_hours_start").locator("input")).to_have_value("09:00:00")
	expect(field(settings, "quiet_hours_end").locator("input")).to_have_value("21:00:00")
	shot(page, "settings-greeting-window")
	assert page.evaluate("() => cur_frm.is_dirty()") is False
	expect(page.locator(".indicator-pill:visible", has_text="Not Saved")).to_have_count(0)
