"""Driving the Frappe desk like a person does: log in, open routes, type in link fields and pick from the
dropdown, save and submit; each step waits for what the page shows, never for a fixed time."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.support import SCREENSHOTS

expect.set_options(timeout=15_000)  # the dev server answers one page's requests a few at a time


def shot(page: Page, name: str) -> None:
	"""Keep a screenshot for review (tests/browser/screenshots/, git-ignored)."""
	SCREENSHOTS.mkdir(exist_ok=True)
	page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def wait_desk_idle(page: Page) -> None:
	"""The desk has booted, no request is running and no freeze overlay is up."""
	page.wait_for_function(
		"() => window.frappe && frappe.boot && frappe.container && "
		"!(frappe.request && frappe.request.ajax_count) && !(frappe.dom && frappe.dom.freeze_count)"
	)


def login(page: Page, email: str, password: str) -> None:
	page.goto("/login")
	page.locator("#login_email").fill(email)
	page.locator("#login_password").fill(password)
	page.locator(".btn-login").first.click()
	page.wait_for_url(re.compile(r"/app(/|$)"))
	wait_desk_idle(page)


def goto(page: Page, route: str) -> None:
	page.goto(f"/app/{route}")
	wait_desk_idle(page)


def form(page: Page, doctype: str) -> Locator:
	"""The visible form of a doctype (the desk keeps earlier pages in the DOM, hidden)."""
	return page.locator(f'[id="page-{doctype}"]:visible')


def wait_form(page: Page, doctype: str) -> Locator:
	page.wait_for_function(
		"(doctype) => window.cur_frm && cur_frm.doctype === doctype && cur_frm.doc && "
		"cur_frm.layout && !cur_frm.refresh_if_stale_in && frappe.container.page && "
		"frappe.container.page.id === 'page-' + doctype",
		arg=doctype,
	)
	wait_desk_idle(page)
	return form(page, doctype)


def field(scope: Locator, fieldname: str) -> Locator:
	return scope.locator(f'.frappe-control[data-fieldname="{fieldname}"]').first


def pick_link(
	page: Page,
	scope: Locator,
	fieldname: str,
	text: str,
	expect_in_result: str,
	screenshot: str | None = None,
) -> str:
	"""Type `text` into a link field as a person would and click the dropdown entry that shows
	`expect_in_result`; returns the text that entry showed."""
	box = field(scope, fieldname).locator("input").first
	box.click()
	box.fill("")
	box.press_sequentially(text, delay=40)
	option = page.locator(
		".awesomplete ul[role=listbox]:visible [role=option]", has_text=expect_in_result
	).first
	expect(option).to_be_visible()
	text_shown = option.inner_text()
	if screenshot:
		shot(page, screenshot)
	option.click()
	wait_desk_idle(page)
	return text_shown


def save(page: Page) -> None:
	page.keyboard.press("Control+s")
	page.wait_for_function(
		"() => cur_frm && !cur_frm.is_new() && !cur_frm.is_dirty() && !cur_frm.save_disabled"
	)
	wait_desk_idle(page)


def submit(page: Page, scope: Locator) -> None:
	scope.page.locator(".page-actions:visible .primary-action", has_text="Submit").click()
	confirm = page.locator(".modal.show .modal-footer .btn-primary", has_text="Yes")
	confirm.click()
	page.wait_for_function("() => cur_frm && cur_frm.doc.docstatus === 1")
	wait_desk_idle(page)


def open_tab(scope: Locator, label: str) -> Locator:
	"""Click a form tab and wait until its pane is the only one shown (Bootstrap fades tabs: a second click
	during the fade would leave two panes shown); returns the pane."""
	link = scope.locator(".form-tabs .nav-link", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
	link.click()
	expect(link).to_have_class(re.compile(r"\bactive\b"))
	pane = scope.locator(f".tab-pane{link.get_attribute('href')}")
	expect(pane).to_have_class(re.compile(r"\bactive\b"))
	expect(scope.locator(".tab-pane.active")).to_have_count(1)
	return pane


def indicator(page: Page) -> Locator:
	"""The status pill beside the page title."""
	return page.locator(".page-head:visible .indicator-pill").first


def new_invoice_for(page: Page, customer_text: str, full_name: str) -> Locator:
	"""A new Sales Invoice with the customer found by what a cashier types (digits, a number, a name)."""
	goto(page, "sales-invoice/new")
	invoice = wait_form(page, "Sales Invoice")
	pick_link(page, invoice, "customer", customer_text, full_name)
	return invoice


def paid_at_the_till(page: Page, invoice: Locator, item_code: str, rate: float) -> None:
	"""Tick Include Payment (POS) and put one `item_code` on the invoice; waits for ERPNext's price."""
	field(invoice, "is_pos").locator("input[data-fieldname=is_pos]").check()
	wait_desk_idle(page)
	items = field(invoice, "items")
	items.locator(".grid-body .grid-row .grid-static-col[data-fieldname='item_code']").first.click()
	pick_link(page, items, "item_code", item_code, item_code)
	page.wait_for_function(f"() => cur_frm.doc.items[0].rate === {rate}")


def card_choice(page: Page, card: str) -> Locator:
	"""Open Apply Card; the dialog's row of `card`."""
	page.locator(".page-actions:visible button", has_text="Apply Card").click()
	return page.locator(".modal.show .salon-card-choices tr", has_text=card)
