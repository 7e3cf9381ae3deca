"""Salon Invoice is the default print of Sales and POS Invoices where Salon CRM Settings say so (default on),
and it carries what a salon bill needs: the company's name, address, phone and tax ID, the customer number,
the card used, its benefit and the card's balance after the invoice."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import fmt_money

from salon_crm.setup import print_formats
from tests.integration.card_factories import make_discount_type, make_profile, redeem, sell_card
from tests.integration.site_setup import COMPANY


def _default(doctype: str) -> str | None:
	frappe.clear_cache(doctype=doctype)
	return frappe.get_meta(doctype).default_print_format


def _setting(value: int) -> None:
	settings = frappe.get_single("Salon CRM Settings")
	settings.invoice_print_format = value
	settings.save()


@pytest.fixture
def company_details():
	"""The test company with a phone, a tax ID and a primary address."""
	frappe.db.set_value("Company", COMPANY, {"phone_no": "+91 80 4000 1234", "tax_id": "29ABCDE1234F1Z5"})
	address = frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": COMPANY,
			"address_type": "Billing",
			"address_line1": "12 Rose Garden Road",
			"city": "Bengaluru",
			"country": "India",
			"is_your_company_address": 1,
			"is_primary_address": 1,
			"links": [{"link_doctype": "Company", "link_name": COMPANY}],
		}
	).insert()
	return address


@pytest.fixture
def redeemed():
	profile = make_profile("Kavya", "Menon")
	_si, card = sell_card(profile, make_discount_type())
	invoice = redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	return frappe._dict(profile=profile, card=card, invoice=invoice)


def test_salon_formats_are_the_invoices_default_print_formats():
	_setting(1)
	assert _default("Sales Invoice") == "Salon Invoice"
	assert _default("POS Invoice") == "Salon POS Invoice"


def test_unticking_the_setting_gives_the_default_back_to_erpnext():
	_setting(1)
	_setting(0)
	assert _default("Sales Invoice") in (None, "")
	assert _default("POS Invoice") in (None, "")


def test_a_migrate_keeps_a_default_chosen_in_customize_form():
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	_setting(1)
	make_property_setter(
		"Sales Invoice", None, "default_print_format", "Sales Invoice Print", "Data", for_doctype=True
	)

	print_formats.ensure()

	assert _default("Sales Invoice") == "Sales Invoice Print"


def test_uninstall_removes_only_the_salon_default():
	_setting(1)
	print_formats.remove()
	assert _default("Sales Invoice") in (None, "")
	assert _default("POS Invoice") in (None, "")


def test_salon_invoice_carries_company_customer_and_card(company_details, redeemed):
	inv = redeemed.invoice
	html = frappe.get_print("Sales Invoice", inv.name, print_format=_default("Sales Invoice"))

	for text in (COMPANY, "12 Rose Garden Road", "Bengaluru", "+91 80 4000 1234", "29ABCDE1234F1Z5"):
		assert text in html
	assert redeemed.profile.customer_number in html
	assert redeemed.card.name in html
	assert inv.get_formatted("salon_card_benefit") in html  # 50
	assert fmt_money(3600, currency=inv.currency) in html  # card value left after this invoice


def test_salon_pos_invoice_prints_the_same_bill_for_a_pos_invoice(company_details):
	from tests.integration.test_cards_pos import make_pos_invoice, open_pos_session

	open_pos_session()
	dt = make_discount_type()
	profile = make_profile()
	sale = make_pos_invoice(profile.customer, [(dt.item, 1, dt.price)])
	card = frappe.get_all("Customer Discount", filters={"pos_invoice": sale.name}, pluck="name")[0]
	inv = make_pos_invoice(profile.customer, [("SVC-HAIRCUT", 1, 400)], card=card)

	html = frappe.get_print("POS Invoice", inv.name, print_format=_default("POS Invoice"))

	for text in (COMPANY, "12 Rose Garden Road", "29ABCDE1234F1Z5", profile.customer_number, card):
		assert text in html
	assert fmt_money(3600, currency=inv.currency) in html
