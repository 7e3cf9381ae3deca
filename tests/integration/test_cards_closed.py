"""Money that comes back to a card after it closed (a redemption cancelled or returned later) is posted at
once, the way the card's closing posted the rest (salon_crm.cards.closing.close_restored): breakage for an
expired card or one whose validity is over, owed to the customer for a refunded one. A consumed card still
within its validity opens again. GL rows are read back.

Member C (value 4000 for 3500): a 400 haircut uses 400 of value and 350 of money."""

import frappe
import pytest
from frappe.utils import add_months, flt, nowdate

from salon_crm.cards import closing
from salon_crm.cards.accounts import card_accounts
from tests.integration.card_factories import card_state, make_discount_type, make_profile, redeem, sell_card
from tests.integration.factories import gl_entries
from tests.integration.pos_factories import reconciliation
from tests.integration.site_setup import COMPANY


@pytest.fixture
def accounts():
	return card_accounts(COMPANY)


def gl(voucher) -> dict:
	return {r["account"]: (r["debit"], r["credit"]) for r in gl_entries(voucher)}


def live_entries(card: str) -> list[tuple]:
	return [
		(e.entry_type, e.voucher_type, flt(e.value_delta), flt(e.money_delta))
		for e in frappe.get_all(
			"Customer Discount Entry",
			filters={"customer_discount": card, "is_cancelled": 0},
			fields=["entry_type", "voucher_type", "value_delta", "money_delta"],
			order_by="creation asc",
		)
	]


def closings(card: str, voucher: str) -> list[str]:
	return closing.closings_of(card, voucher)


@pytest.fixture
def expired():
	"""Member C sold seven months ago, a haircut paid with it six months ago, then expired by the job."""
	profile = make_profile()
	_sale, card = sell_card(profile, make_discount_type(), posting_date=add_months(nowdate(), -7))
	inv = redeem(profile, card, [("SVC-HAIRCUT", 1, 400)], posting_date=add_months(nowdate(), -6))
	expiry = closing.expire(card.name)
	assert card_state(card.name)["status"] == "Expired"
	return frappe._dict(profile=profile, card=card.name, invoice=inv, expiry=expiry)


def return_of(invoice_name, items=None):
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

	ret = make_sales_return(invoice_name)
	if items:
		ret.items = [row for row in ret.items if row.item_code in items]
	ret.posting_date = nowdate()
	ret.insert()
	ret.submit()
	return ret


def test_cancelling_a_redemption_of_an_expired_card_posts_its_money_as_breakage_at_once(expired, accounts):
	expired.invoice.reload()
	expired.invoice.cancel()
	(je,) = closings(expired.card, expired.invoice.name)
	assert gl(je) == {accounts.liability_account: (350.0, 0.0), accounts.breakage_account: (0.0, 350.0)}
	assert str(frappe.db.get_value("Journal Entry", je, "posting_date")) == nowdate()
	state = card_state(expired.card)
	assert (state["balance_value"], state["balance_money"], state["status"]) == (0, 0, "Expired")
	assert flt(frappe.db.get_value("Customer Discount", expired.card, "expired_money")) == 3500
	assert live_entries(expired.card)[-1] == ("Expiry", "Journal Entry", -400.0, -350.0)


def test_a_return_after_expiry_posts_the_returned_money_as_breakage_at_once(expired, accounts):
	ret = return_of(expired.invoice.name)
	assert gl(ret.name)[accounts.liability_account] == (0.0, 350.0)  # the card's share comes back
	(je,) = closings(expired.card, ret.name)
	assert gl(je) == {accounts.liability_account: (350.0, 0.0), accounts.breakage_account: (0.0, 350.0)}
	state = card_state(expired.card)
	assert (state["balance_value"], state["balance_money"], state["status"]) == (0, 0, "Expired")
	assert reconciliation()[0]["difference"] == 0


def test_cancelling_that_return_cancels_its_breakage_and_the_card_stays_expired(expired, accounts):
	ret = return_of(expired.invoice.name)
	(je,) = closings(expired.card, ret.name)
	ret.reload()
	ret.cancel()
	assert frappe.db.get_value("Journal Entry", je, "docstatus") == 2
	assert gl(je) == {} and gl(ret.name) == {}
	state = card_state(expired.card)
	assert (state["balance_value"], state["balance_money"], state["status"]) == (0, 0, "Expired")
	assert flt(frappe.db.get_value("Customer Discount", expired.card, "expired_money")) == 3150
	assert frappe.db.get_value("Customer Discount", expired.card, "closing_journal_entry") == expired.expiry
	assert reconciliation()[0]["difference"] == 0


def test_cancelling_a_redemption_of_a_refunded_card_owes_the_money_to_the_customer(accounts):
	profile = make_profile()
	_sale, card = sell_card(profile, make_discount_type())
	inv = redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	card.reload()
	card.refund("Cash")
	inv.reload()
	inv.cancel()
	(je,) = closings(card.name, inv.name)
	rows = frappe.get_all(
		"GL Entry",
		filters={"voucher_no": je, "is_cancelled": 0},
		fields=["account", "debit", "credit", "party_type", "party"],
		order_by="debit desc",
	)
	receivable = frappe.get_cached_value("Company", COMPANY, "default_receivable_account")
	assert [(r.account, flt(r.debit), flt(r.credit), r.party_type, r.party) for r in rows] == [
		(accounts.liability_account, 350.0, 0.0, None, None),
		(receivable, 0.0, 350.0, "Customer", profile.customer),
	]
	state = card_state(card.name)
	assert (state["balance_value"], state["balance_money"], state["status"]) == (0, 0, "Refunded")
	assert flt(frappe.db.get_value("Customer Discount", card.name, "refunded_money")) == 3500
	assert reconciliation()[0]["difference"] == 0


def test_a_consumed_card_still_valid_opens_again_with_the_money(accounts):
	profile = make_profile()
	_sale, card = sell_card(profile, make_discount_type(value=400, price=350))
	inv = redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	assert card_state(card.name)["status"] == "Consumed"
	inv.reload()
	inv.cancel()
	state = card_state(card.name)
	assert (state["balance_value"], state["balance_money"], state["status"]) == (400, 350, "Active")
	assert closings(card.name, inv.name) == []


def test_a_return_on_a_consumed_card_past_its_validity_posts_breakage_at_once(accounts):
	profile = make_profile()
	start = add_months(nowdate(), -7)
	_sale, card = sell_card(profile, make_discount_type(value=400, price=350), posting_date=start)
	inv = redeem(profile, card, [("SVC-HAIRCUT", 1, 400)], posting_date=add_months(nowdate(), -6))
	assert card_state(card.name)["status"] == "Consumed"
	ret = return_of(inv.name)
	(je,) = closings(card.name, ret.name)
	assert gl(je) == {accounts.liability_account: (350.0, 0.0), accounts.breakage_account: (0.0, 350.0)}
	state = card_state(card.name)
	assert (state["balance_value"], state["balance_money"], state["status"]) == (0, 0, "Expired")
	assert card.name not in closing.due_cards()
