"""The demo salon (scripts/demo.sh) ends with a working till."""

import frappe
from frappe.utils import flt

from salon_crm.cards.accounts import mode_of_payment
from salon_crm.demo import load_demo
from tests.integration.pos_factories import open_pos_session, payment_amounts, till_invoice
from tests.integration.site_setup import COMPANY


def test_the_demo_makes_a_till_with_cash_and_the_card():
	result = load_demo(COMPANY)
	profile = frappe.get_doc("POS Profile", result["pos_profile"])
	assert [(p.mode_of_payment, p.default) for p in profile.payments] == [("Cash", 1), (mode_of_payment(), 0)]
	assert profile.print_format == "Salon POS Receipt"


def test_the_demo_card_pays_at_the_demo_till():
	result = load_demo(COMPANY)
	open_pos_session(result["pos_profile"])
	customer = frappe.db.get_value("Customer Discount", result["card"], "customer")
	inv = till_invoice(
		customer, [("SVC-FACIAL", 1, 1200)], card=result["card"], pos_profile=result["pos_profile"]
	)
	inv.submit()
	assert flt(inv.salon_card_value_used) == 1200
	assert payment_amounts(inv) == {mode_of_payment(): flt(inv.grand_total)}
