"""The payments of a till invoice paid partly by card: the card's payment replaces the line the POS
pre-filled with the whole total, and an invoice whose other payments already pay everything beside the card
is refused (the issue's ₹1,125 paid on a ₹525 bill with ₹600 "change").

Cart: a 400 haircut (covered by Member C, value 4000 for 3500) and a 500 shampoo (a product, not covered):
the card pays 350 of money for 400 of value, the benefit 50 is the discount, 850 is due, 500 is left."""

import frappe
import pytest
from erpnext.accounts.doctype.pos_invoice.pos_invoice import make_sales_return
from frappe.utils import flt

from salon_crm.cards.accounts import mode_of_payment
from salon_crm.cards.errors import CardOverpaymentError
from tests.integration.card_factories import card_state, make_discount_type, make_profile, sell_card
from tests.integration.factories import make_sales_invoice
from tests.integration.pos_factories import (
	open_pos_session,
	pay,
	payment_amounts,
	prefill_return,
	till_invoice,
)

ITEMS = [("SVC-HAIRCUT", 1, 400), ("PRD-SHAMPOO", 1, 500)]


@pytest.fixture
def till():
	open_pos_session()
	profile = make_profile()
	_sale, card = sell_card(profile, make_discount_type())
	return frappe._dict(customer=profile.customer, card=card.name, mop=mode_of_payment())


def test_the_card_replaces_the_cash_line_the_till_prefilled(till):
	inv = till_invoice(till.customer, ITEMS, card=till.card)
	assert (flt(inv.discount_amount), flt(inv.grand_total)) == (50, 850)
	assert payment_amounts(inv) == {"Cash": 500, till.mop: 350}
	assert (flt(inv.paid_amount), flt(inv.change_amount)) == (850, 0)


def test_the_prefilled_line_follows_the_card_when_the_cart_changes(till):
	inv = till_invoice(till.customer, ITEMS, card=till.card)
	inv.append("items", {"item_code": "SVC-FACIAL", "qty": 1, "rate": 1200})
	cash = next(p for p in inv.payments if p.mode_of_payment == "Cash")
	cash.amount = (
		2050  # what a till that knows nothing of the card pre-fills: the new total less the old benefit
	)
	inv.save()
	assert (flt(inv.salon_card_value_used), flt(inv.salon_card_money_used)) == (1600, 1400)
	assert flt(inv.grand_total) == 1900
	assert payment_amounts(inv) == {"Cash": 500, till.mop: 1400}


def test_other_payments_that_already_pay_everything_beside_the_card_are_refused(till):
	inv = till_invoice(till.customer, ITEMS, card=till.card)
	pay(inv, "Cash", 850)
	with pytest.raises(CardOverpaymentError):
		inv.save()


def test_the_refusal_also_stops_the_submit(till):
	inv = till_invoice(till.customer, ITEMS, card=till.card)
	pay(inv, "Cash", 850)
	with pytest.raises(CardOverpaymentError):
		inv.submit()
	assert card_state(till.card)["balance_value"] == 4000


def test_cash_above_what_is_left_gives_change_from_the_cash(till):
	inv = till_invoice(till.customer, ITEMS, card=till.card)
	pay(inv, "Cash", 600)
	inv.submit()
	assert (flt(inv.paid_amount), flt(inv.change_amount)) == (950, 100)
	assert card_state(till.card)["balance_money"] == 3150


def test_removing_the_card_gives_the_whole_total_back_to_the_prefilled_line(till):
	inv = till_invoice(till.customer, ITEMS, card=till.card)
	inv.salon_customer_discount = None
	inv.save()
	assert (flt(inv.discount_amount), flt(inv.grand_total)) == (0, 900)
	assert payment_amounts(inv) == {"Cash": 900}


def test_a_sales_invoice_at_the_till_follows_the_same_rule(till):
	inv = make_sales_invoice(
		till.customer, ITEMS, payments=[("Cash", 900)], salon_customer_discount=till.card
	)
	assert payment_amounts(inv) == {"Cash": 500, till.mop: 350}
	assert (flt(inv.paid_amount), flt(inv.change_amount)) == (850, 0)


def test_returning_the_card_line_gives_the_card_back_and_no_cash(till):
	inv = till_invoice(till.customer, ITEMS, card=till.card, submit=True)
	ret = make_sales_return(inv.name)
	ret.items = [row for row in ret.items if row.item_code == "SVC-HAIRCUT"]
	prefill_return(ret)
	ret.insert()
	assert flt(ret.grand_total) == -350
	assert payment_amounts(ret) == {till.mop: -350}
	ret.submit()
	assert card_state(till.card)["balance_money"] == 3500
