"""The card print formats render for real submitted documents: Salon Invoice (Sales Invoice), Membership
Card and PV Status Statement (Customer Discount)."""

import frappe
import pytest
from frappe.utils import fmt_money

from tests.integration.card_factories import make_discount_type, make_profile, redeem, sell_card


@pytest.fixture
def redeemed():
	profile = make_profile("Kavya", "Menon")
	_si, card = sell_card(profile, make_discount_type())
	invoice = redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	card.reload()
	return frappe._dict(profile=profile, card=card, invoice=invoice)


def money(amount, doc) -> str:
	return fmt_money(amount, currency=doc.currency)


def test_salon_invoice_shows_the_customer_number_and_the_card_used(redeemed):
	inv = redeemed.invoice
	html = frappe.get_print("Sales Invoice", inv.name, print_format="Salon Invoice")
	assert redeemed.profile.customer_number in html
	assert redeemed.profile.full_name in html
	assert redeemed.card.name in html
	assert "Haircut" in html
	assert inv.get_formatted("salon_card_value_used") in html  # 400
	assert inv.get_formatted("salon_card_benefit") in html  # 50
	assert "- " + money(50, inv) in html  # the benefit as the invoice's discount, shown positive
	assert inv.get_formatted("salon_card_money_used") in html  # 350, also the card payment row
	assert "Customer Discount" in html  # the payment row's mode
	assert money(3600, inv) in html  # card value left after this invoice


def test_membership_card_shows_the_card_and_a_qr_code_of_its_name(redeemed):
	card = redeemed.card
	html = frappe.get_print("Customer Discount", card.name, print_format="Membership Card")
	assert card.name in html
	assert card.customer_number in html
	assert card.discount_type in html
	assert card.get_formatted("value") in html
	assert card.get_formatted("valid_until") in html
	assert 'src="data:image/png;base64,' in html


def test_pv_status_statement_lists_the_ledger_with_running_balances(redeemed):
	card, inv = redeemed.card, redeemed.invoice
	html = frappe.get_print("Customer Discount", card.name, print_format="PV Status Statement")
	assert card.name in html
	assert card.customer_number in html
	assert card.sales_invoice in html
	assert inv.name in html
	for amount in (4000, 3500, 3600, 3150):
		assert money(amount, card) in html
	assert html.index(money(3600, card)) < html.rindex(money(3150, card))


def test_salon_pos_receipt_shows_the_customer_number_the_card_its_benefit_and_the_balance_after():
	from tests.integration.pos_factories import open_pos_session, till_invoice

	open_pos_session()
	profile = make_profile("Kavya", "Menon")
	_si, card = sell_card(profile, make_discount_type())
	inv = till_invoice(
		profile.customer, [("SVC-HAIRCUT", 1, 400), ("PRD-SHAMPOO", 1, 500)], card=card.name, submit=True
	)
	html = frappe.get_print("POS Invoice", inv.name, print_format="Salon POS Receipt")
	assert profile.customer_number in html
	assert card.name in html
	assert "Card Benefit" in html and "- " + money(50, inv) in html
	assert money(400, inv) in html  # card value used
	assert money(350, inv) in html and money(500, inv) in html  # the card and cash payment rows
	assert f'<b class="card-balance-after">{money(3600, inv)}</b>' in html
