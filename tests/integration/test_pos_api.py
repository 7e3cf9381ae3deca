"""The Point of Sale page's endpoints (salon_crm.api.pos): the customer panel and the card figures of a sale,
with their permission checks."""

import frappe
import pytest
from frappe.utils import flt

from salon_crm.api.pos import customer_panel, sale_card
from tests.integration.card_factories import make_discount_type, make_profile, sell_card
from tests.integration.factories import make_user
from tests.integration.pos_factories import open_pos_session, till_invoice
from tests.integration.site_setup import COMPANY

CART = [
	{"item_code": "SVC-HAIRCUT", "qty": 1, "rate": 400},
	{"item_code": "PRD-SHAMPOO", "qty": 1, "rate": 500},
]


@pytest.fixture
def customer():
	profile = make_profile()
	_sale, card = sell_card(profile, make_discount_type())
	return frappe._dict(profile=profile, card=card.name)


def test_the_panel_shows_the_customer_number_and_her_cards_with_the_split_on_this_cart(customer):
	panel = customer_panel(customer.profile.customer, COMPANY, items=CART)
	assert panel["customer_number"] == customer.profile.customer_number
	(card,) = panel["cards"]
	assert card.name == customer.card and flt(card.balance_value) == 4000
	assert {k: card.preview[k] for k in ("value_used", "money_used", "benefit", "value_after")} == {
		"value_used": 400.0,
		"money_used": 350.0,
		"benefit": 50.0,
		"value_after": 3600.0,
	}
	assert panel["card_mode_of_payment"] == "Customer Discount"


def test_the_panel_of_another_company_lists_no_card(customer):
	other = frappe.db.get_value("Company", {"name": ("!=", COMPANY)}, "name")
	assert customer_panel(customer.profile.customer, other)["cards"] == []


def test_the_panel_needs_read_on_the_customer(customer):
	frappe.set_user(make_user(roles=("Salon Staff",)))
	with pytest.raises(frappe.PermissionError):
		customer_panel(customer.profile.customer, COMPANY)


def test_a_sales_card_figures_give_the_balance_after(customer):
	open_pos_session()
	inv = till_invoice(customer.profile.customer, [("SVC-HAIRCUT", 1, 400)], card=customer.card, submit=True)
	assert sale_card("POS Invoice", inv.name) == {
		"card": customer.card,
		"value_used": 400.0,
		"money_used": 350.0,
		"benefit": 50.0,
		"value_after": 3600.0,
	}


def test_sale_card_only_reads_invoices():
	with pytest.raises(frappe.ValidationError):
		sale_card("User", "Administrator")
