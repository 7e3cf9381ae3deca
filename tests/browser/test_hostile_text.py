"""Stored script in customer data runs nowhere. As Salon Staff through the REST API, markup in names, notes
and photo links is refused (417). Text an older version stored (planted here straight into the database,
JSON-wrapped as it got past Frappe's filter) is then shown, in headless Chromium, everywhere the issue found
it running: the Find box and the invoice's customer search, the duplicate-mobile alert, Apply Card, End Now,
the reports, the profile's tables, a treatment record, a greeting log, the delete refusal and the Standard
print of a card and an invoice. Each place must show the text (so it was really rendered) and run nothing:
no payload recorded in `top.__xss`, no alert. Screenshots: tests/browser/screenshots/hostile-*.png."""

from __future__ import annotations

import json
import re
import urllib.parse

import frappe
import pytest
from frappe.utils import add_years, nowdate

from tests.browser.support import missing_browser_reason

REASON = missing_browser_reason()
if REASON:
	pytest.skip(REASON, allow_module_level=True)

from playwright.sync_api import Page, expect

from tests.browser import desk, records
from tests.browser.rest import Client
from tests.integration.factories import make_sales_invoice
from tests.integration.site_setup import COMPANY


def payload(tag: str) -> str:
	"""Markup that, if a page ran it, would record `tag` in the top window (print previews are iframes)."""
	return f"<img src=x onerror=top.__xss=(top.__xss||[]).concat('{tag}')>"


def wrapped(tag: str) -> str:
	"""As it was stored: a value that parses as JSON passes Frappe's filter untouched."""
	return json.dumps([payload(tag)])


SHOWN = "onerror=top.__xss"
"""The payload's text, visible on the page when it is shown as text."""


class Watch:
	"""Whether anything planted ran: `top.__xss` and alert/confirm/prompt dialogs."""

	def __init__(self, page: Page):
		self.page = page
		self.dialogs: list[str] = []
		page.on("dialog", self._dialog)
		self.probes = 0

	def _dialog(self, dialog) -> None:
		self.dialogs.append(dialog.message)
		dialog.dismiss()

	def nothing_ran(self, where: str) -> None:
		"""Wait until a probe image of our own failed to load (the planted ones, shown earlier, failed before
		it), then check that no planted handler ran."""
		self.probes += 1
		probe = f"{where}-{self.probes}"
		self.page.evaluate(
			"""(probe) => { const img = new Image(); img.onerror = () => { window.__probe = probe; };
			img.src = '/salon-xss-probe-' + probe; }""",
			probe,
		)
		self.page.wait_for_function("(probe) => window.__probe === probe", arg=probe)
		ran = self.page.evaluate("() => window.__xss || []")
		assert ran == [], f"{where}: script ran from {ran}"
		assert self.dialogs == [], f"{where}: dialogs {self.dialogs}"


def shown_as_text(scope, where: str, watch: Watch) -> None:
	expect(scope).to_contain_text(SHOWN)
	desk.shot(watch.page, f"hostile-{where}")
	watch.nothing_ran(where)


def open_report(page: Page, report: str, filters: dict) -> None:
	"""As the app's buttons open a report: route options become its filters."""
	page.evaluate(
		"([report, filters]) => { frappe.route_options = filters; frappe.set_route('query-report', report); }",
		[report, filters],
	)
	page.wait_for_function(
		"(report) => frappe.query_report && frappe.query_report.report_name === report", arg=report
	)
	desk.wait_desk_idle(page)


def plant(doctype: str, name: str, **values) -> None:
	frappe.db.set_value(doctype, name, values, update_modified=False)


def plant_rows(doctype: str, parent: str, **values) -> None:
	frappe.db.set_value(doctype, {"parent": parent}, values, update_modified=False)


def hostile_customer(created: records.Created, **fields) -> frappe._dict:
	"""A profile (with Customer, a sold card and its invoice, family, photos) whose text is then replaced,
	in the database, by JSON-wrapped payloads tagged with where each one sits."""
	profile = records.make_profile(
		created,
		date_of_birth=add_years(nowdate(), -30),
		family_members=[
			{"member_name": "Arjun", "relation": "Son", "date_of_birth": add_years(nowdate(), -9)}
		],
		photos=[{"image": "/files/salon-before.jpg", "step": "Before", "caption": "Facial"}],
		**fields,
	)
	card_type = records.make_discount_type(created)
	card = records.sell_card(profile.name, card_type)
	invoice = frappe.db.get_value("Customer Discount", card, "sales_invoice")
	make_sales_invoice(profile.customer, [("SVC-HAIRCUT", 1, 99999)])  # first in Customer Performance
	plant(
		"Customer Profile",
		profile.name,
		first_name=wrapped("first-name"),
		last_name=wrapped("last-name"),
		full_name=wrapped("full-name"),
	)
	plant_rows("Family Member", profile.name, member_name=wrapped("family"))
	plant_rows(
		"Customer Photo",
		profile.name,
		step=wrapped("photo-step"),
		caption=wrapped("photo-caption"),
		image="javascript:top.__xss=['photo-link']",
	)
	plant("Customer", profile.customer, customer_name=wrapped("customer"))
	plant("Customer Discount", card, customer_name=wrapped("card"))
	plant("Sales Invoice", invoice, customer_name=wrapped("invoice"), title=wrapped("invoice-title"))
	return frappe._dict(profile=profile, card=card, invoice=invoice, digits=profile.mobile_no[-8:-2])


# ---------------------------------------------------------------- input over REST


def test_rest_api_refuses_markup_from_salon_staff(web_server, created):
	user = records.make_user(created, roles=("Salon Staff",), first_name="Rest")
	frappe.db.commit()
	client = Client(web_server)
	client.login(user, records.PASSWORD)

	def refused(path: str, data: dict, exc_type: str = "MarkupNotAllowedError", method: str = "POST"):
		status, body = client.call(method, path, data)
		assert (status, body.get("exc_type")) == (417, exc_type), body
		assert "<img" not in json.dumps(body.get("_server_messages", ""))

	profiles = "/api/resource/Customer%20Profile"
	mobile = records.mobile_number()
	refused(profiles, {"first_name": wrapped("rest"), "mobile_no": mobile})
	refused(profiles, {"first_name": "Rekha", "last_name": "&lt;img src=x onerror=alert(1)&gt;"})
	refused(profiles, {"first_name": "Rekha", "city": "<ScRiPt>alert(1)</sCrIpT>"})
	refused(profiles, {"first_name": "Rekha", "family_members": [{"member_name": wrapped("rest-family")}]})
	refused(profiles, {"first_name": "Rekha", "photos": [{"image": "/files/a.jpg", "caption": payload("c")}]})
	refused(profiles, {"first_name": "Rekha", "image": "javascript:alert(1)"}, "UnsafeLinkError")
	refused(
		profiles, {"first_name": "Rekha", "photos": [{"image": " JaVaScRiPt:alert(1)"}]}, "UnsafeLinkError"
	)

	status, body = client.call("POST", profiles, {"first_name": "Rekha", "last_name": "D'Souza & Co"})
	assert status == 200, body
	name = body["data"]["name"]
	created.profiles.append(name)
	assert body["data"]["full_name"] == "Rekha D'Souza & Co"
	refused(f"{profiles}/{name}", {"last_name": wrapped("rest-edit")}, method="PUT")
	refused(
		"/api/resource/Treatment%20Record",
		{"customer_profile": name, "date": nowdate(), "symptoms": wrapped("rest-symptoms")},
	)
	refused(
		"/api/resource/Treatment%20Record",
		{"customer_profile": name, "date": nowdate(), "before_photo": "javascript:alert(1)"},
		"UnsafeLinkError",
	)

	frappe.db.rollback()
	for doctype, field in (
		("Customer Profile", "first_name"),
		("Customer", "customer_name"),
		("Contact", "first_name"),
	):
		assert not frappe.db.exists(doctype, {field: ("like", "%onerror%")}), doctype
	assert frappe.db.get_value("Customer Profile", name, "last_name") == "D'Souza & Co"


# ---------------------------------------------------------------- stored text, shown to a cashier


def test_stored_markup_runs_nowhere_a_cashier_looks(created, page):
	user = records.make_user(created)
	data = hostile_customer(created)
	profile = data.profile
	plan = records.make_plan(created)
	assignment = frappe.get_doc(
		{"doctype": "Special Plan Assignment", "special_plan": plan.name, "customer_profile": profile.name}
	).insert(ignore_permissions=True)
	treatment = frappe.get_doc(
		{"doctype": "Treatment Record", "customer_profile": profile.name, "date": nowdate()}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	plant("Special Plan Assignment", assignment.name, customer_name=wrapped("assignment"))
	plant(
		"Treatment Record",
		treatment.name,
		customer_name=wrapped("treatment-name"),
		symptoms=wrapped("symptoms"),
		products_used=wrapped("products"),
		before_photo="javascript:top.__xss=['before-photo']",
	)
	frappe.db.commit()

	watch = Watch(page)
	desk.login(page, user, records.PASSWORD)
	page.evaluate(
		f"() => {{ document.body.insertAdjacentHTML('beforeend', {json.dumps(payload('control'))}); }}"
	)
	page.wait_for_function("() => (window.__xss || []).includes('control')")  # the payload runs when raw
	page.evaluate("() => { window.__xss = undefined; }")

	# the Customer Profile list's Find box: the app's search labels
	desk.goto(page, "customer-profile")
	list_page = page.locator('[id="page-List/Customer Profile/List"]')
	box = desk.field(list_page, "salon_find_customer").locator("input").first
	box.click()
	box.press_sequentially(data.digits, delay=40)
	option = page.locator(".awesomplete ul[role=listbox]:visible [role=option]", has_text=profile.name)
	shown_as_text(option.first, "find-box", watch)
	box.fill("")

	# the profile: Family and Photos tables, the gallery (an unsafe photo link is not shown as a link)
	desk.goto(page, f"customer-profile/{profile.name}")
	form = desk.wait_form(page, "Customer Profile")
	shown_as_text(desk.open_tab(form, "Family").locator(".grid-body"), "family-table", watch)
	photos = desk.open_tab(form, "Treatments & Photos")
	shown_as_text(desk.field(form, "photos").locator(".grid-body"), "photos-table", watch)
	expect(photos.locator('a[href^="javascript" i]')).to_have_count(0)

	# another profile with the same mobile: the duplicate-mobile alert names the first one
	desk.goto(page, "customer-profile/new")
	new_form = desk.wait_form(page, "Customer Profile")
	desk.field(new_form, "first_name").locator("input").fill("Duplicate")
	desk.field(new_form, "mobile_no").locator("input").fill(profile.mobile_no)  # on the first screen
	desk.save(page)
	created.profiles.append(page.evaluate("() => cur_frm.doc.name"))
	shown_as_text(page.locator(".desk-alert", has_text="already belongs to"), "duplicate-mobile", watch)

	# a treatment record
	desk.goto(page, f"treatment-record/{treatment.name}")
	treatment_form = desk.wait_form(page, "Treatment Record")
	shown_as_text(desk.field(treatment_form, "customer_name"), "treatment-record", watch)

	# a Special Plan Assignment's End Now confirmation
	desk.goto(page, f"special-plan-assignment/{assignment.name}")
	desk.wait_form(page, "Special Plan Assignment")
	page.locator(".page-actions:visible button", has_text="End Now").click()
	confirm = page.locator(".modal.show", has_text="End this plan for")
	shown_as_text(confirm, "end-now", watch)
	confirm.locator(".btn-modal-secondary, .btn-secondary", has_text="No").first.click()

	# a new Sales Invoice: the customer search by digits, then Apply Card
	desk.goto(page, "sales-invoice/new")
	invoice = desk.wait_form(page, "Sales Invoice")
	desk.pick_link(page, invoice, "customer", data.digits, profile.name)
	watch.nothing_ran("invoice-customer-search")
	shown_as_text(desk.field(invoice, "customer_name"), "invoice-customer-name", watch)
	page.locator(".page-actions:visible button", has_text="Apply Card").click()
	dialog = page.locator(".modal.show", has_text="Apply a Card of")
	shown_as_text(dialog.locator(".modal-title"), "apply-card", watch)
	dialog.locator(".btn-modal-close").first.click()

	# the reports
	for report, filters in (
		("Customer Discount Balance", {"customer_profile": profile.name}),
		("Customer Discount Ledger", {"customer_profile": profile.name}),
		("Customer Performance", {"company": COMPANY}),
		("Customer History", {"customer_profile": profile.name}),
		("Todays Occasions", {}),
	):
		open_report(page, report, filters)
		shown_as_text(page.locator(".dt-scrollable:visible"), report.lower().replace(" ", "-"), watch)

	# the Standard print of the card (the desk's preview) and of its invoice (the print page)
	page.goto(f"/app/print/Customer Discount/{data.card}")
	desk.wait_desk_idle(page)
	preview = page.frame_locator("iframe.print-format-container")
	shown_as_text(preview.locator("body"), "card-print-preview", watch)
	query = urllib.parse.urlencode({"doctype": "Sales Invoice", "name": data.invoice, "format": "Standard"})
	page.goto(f"/printview?{query}")
	shown_as_text(page.locator("body"), "invoice-print", watch)


# ---------------------------------------------------------------- stored text, shown to a manager


def test_stored_markup_runs_nowhere_a_manager_looks(created, page):
	user = records.make_user(created, roles=("Salon Manager", "System Manager"), first_name="Ravi")
	data = hostile_customer(created)
	profile = data.profile
	log = frappe.get_doc(
		{
			"doctype": "Salon Message",
			"customer_profile": profile.name,
			"purpose": "Greeting",
			"occasion": "Birthday",
			"channel": "SMS",
			"message_date": nowdate(),
			"status": "Skipped",
			"recipient": profile.mobile_no,
		}
	)
	log.name = frappe.generate_hash(length=10)
	log.db_insert()
	plant(
		"Salon Message",
		log.name,
		recipient_name=wrapped("greeting-name"),
		message=wrapped("greeting-message"),
		reason=wrapped("greeting-reason"),
	)
	frappe.db.commit()

	watch = Watch(page)
	desk.login(page, user, records.PASSWORD)

	desk.goto(page, f"salon-message/{log.name}")
	log_form = desk.wait_form(page, "Salon Message")
	shown_as_text(desk.field(log_form, "message"), "greeting-log", watch)
	expect(desk.field(log_form, "reason")).to_contain_text(SHOWN)

	open_report(page, "Greeting Report", {"customer_profile": profile.name})
	shown_as_text(page.locator(".dt-scrollable:visible"), "greeting-report", watch)

	# deleting the profile (it has invoices): the refusal names the customer
	desk.goto(page, f"customer-profile/{profile.name}")
	desk.wait_form(page, "Customer Profile")
	page.evaluate("(name) => frappe.model.delete_doc('Customer Profile', name)", profile.name)
	page.locator(".modal.show", has_text="Permanently delete").locator(".btn-primary", has_text="Yes").click()
	message = page.locator(".modal.show", has_text=re.compile("has transactions"))
	shown_as_text(message, "delete-refused", watch)
	frappe.db.rollback()
	assert frappe.db.exists("Customer Profile", profile.name)
