"""Prepaid cards end to end on a real ERPNext site: the worked example Member C (value 4000 sold for 3500)."""

import frappe
import pytest
from frappe.utils import add_months, flt, nowdate

from salon_crm.cards import closing
from salon_crm.cards.accounts import card_accounts
from salon_crm.cards.errors import (
	CardAlreadyUsedError,
	CardCustomerMismatchError,
	CardNotUsableError,
	CardSaleError,
	DiscountTypeAmountError,
	NothingEligibleError,
)
from tests.integration.card_factories import (
	card_state,
	live_entry_sum,
	make_discount_type,
	make_profile,
	redeem,
	sell_card,
)
from tests.integration.factories import account, gl_entries
from tests.integration.site_setup import COMPANY


@pytest.fixture
def accounts():
	return card_accounts(COMPANY)


def gl(voucher):
	return {r["account"]: (r["debit"], r["credit"]) for r in gl_entries(voucher)}


def test_price_must_be_below_value():
	with pytest.raises(DiscountTypeAmountError):
		make_discount_type(value=3500, price=3500)
	with pytest.raises(DiscountTypeAmountError):
		make_discount_type(value=4000, price=0)


def test_discount_type_is_sold_as_an_item_booked_to_the_liability(accounts):
	dt = make_discount_type()
	item = frappe.get_doc("Item", dt.item)
	assert item.is_stock_item == 0
	assert item.item_group == "Prepaid Cards"
	assert [d.income_account for d in item.item_defaults if d.company == COMPANY] == [
		accounts.liability_account
	]


def test_sale_credits_the_liability_and_opens_the_card(accounts):
	profile = make_profile()
	si, card = sell_card(profile, make_discount_type())
	assert gl(si.name)[accounts.liability_account] == (0.0, 3500.0)
	assert gl(si.name)[account("Cash")] == (3500.0, 0.0)
	assert card.docstatus == 1
	assert card_state(card.name)["balance_value"] == 4000
	assert card_state(card.name)["balance_money"] == 3500
	assert card_state(card.name)["status"] == "Active"
	assert live_entry_sum(card.name) == (4000.0, 3500.0)


def test_redemption_discounts_the_benefit_and_pays_from_the_liability(accounts):
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type())
	inv = redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	assert inv.status == "Paid"
	assert flt(inv.discount_amount) == 50
	assert flt(inv.net_total) == 350
	assert gl(inv.name)[accounts.liability_account] == (350.0, 0.0)
	assert gl(inv.name)[account("Sales")] == (0.0, 350.0)
	state = card_state(card.name)
	assert (state["balance_value"], state["balance_money"], state["visits"]) == (3600, 3150, 1)


def test_two_partial_redemptions_and_the_emptying_one_end_at_exactly_zero(accounts):
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type())
	redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	last = redeem(profile, card, [("SVC-SPA", 1, 2000), ("SVC-FACIAL", 1, 1200)])
	assert flt(last.salon_card_value_used) == 3200
	assert flt(last.salon_card_money_used) == 2800
	assert gl(last.name)[accounts.liability_account] == (2800.0, 0.0)
	state = card_state(card.name)
	assert state == {
		"balance_value": 0,
		"balance_money": 0,
		"visits": 3,
		"status": "Consumed",
		"used_value": 4000,
		"used_money": 3500,
	}
	assert live_entry_sum(card.name) == (0.0, 0.0)


def test_odd_amounts_leave_no_rounding_residue():
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type(value=1000, price=333.33))
	for _ in range(3):
		redeem(profile, card, [("SVC-HAIRCUT", 1, 333)])
	redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	state = card_state(card.name)
	assert (state["balance_value"], state["balance_money"], state["status"]) == (0, 0, "Consumed")
	assert state["used_money"] == 333.33


def test_mixed_invoice_pays_only_covered_items_with_the_card():
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type(services=["SVC-FACIAL"]))
	inv = redeem(profile, card, [("SVC-FACIAL", 1, 1200), ("SVC-HAIRCUT", 1, 400)], cash=400)
	assert flt(inv.salon_card_value_used) == 1200
	assert flt(inv.salon_card_money_used) == 1050
	assert flt(inv.discount_amount) == 150
	assert inv.status == "Paid"


def test_items_the_card_does_not_cover_are_refused():
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type(services=["SVC-FACIAL"]))
	with pytest.raises(NothingEligibleError):
		redeem(profile, card, [("SVC-HAIRCUT", 1, 400)], cash=400)


def test_another_customers_card_is_refused():
	owner, other = make_profile(), make_profile("Anita", "Rao")
	_si, card = sell_card(owner, make_discount_type())
	with pytest.raises(CardCustomerMismatchError):
		redeem(other, card, [("SVC-HAIRCUT", 1, 400)])
	assert card_state(card.name)["balance_value"] == 4000


def test_cancelling_a_redemption_restores_the_card_and_the_visit(accounts):
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type())
	inv = redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	inv.reload()
	inv.cancel()
	state = card_state(card.name)
	assert (state["balance_value"], state["balance_money"], state["visits"]) == (4000, 3500, 0)
	assert gl(inv.name) == {}
	assert live_entry_sum(card.name) == (4000.0, 3500.0)


def test_a_return_restores_what_the_returned_items_used():
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type())
	inv = redeem(profile, card, [("SVC-HAIRCUT", 1, 400), ("SVC-FACIAL", 1, 1200)])
	assert card_state(card.name)["balance_value"] == 2400
	ret = make_sales_return(inv.name)
	ret.items = [row for row in ret.items if row.item_code == "SVC-FACIAL"]
	ret.insert()
	ret.submit()
	state = card_state(card.name)
	assert (state["balance_value"], state["balance_money"]) == (3600, 3150)
	assert state["visits"] == 1
	assert live_entry_sum(card.name) == (3600.0, 3150.0)


def test_cancelling_the_sale_of_a_used_card_is_refused():
	profile = make_profile()
	si, card = sell_card(profile, make_discount_type())
	redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	si.reload()
	with pytest.raises(CardAlreadyUsedError):
		si.cancel()


def test_cancelling_an_unused_card_sale_cancels_the_card(accounts):
	profile = make_profile()
	si, card = sell_card(profile, make_discount_type())
	si.reload()
	si.cancel()
	state = card_state(card.name)
	assert state["status"] == "Cancelled"
	assert (state["balance_value"], state["balance_money"]) == (0, 0)
	assert gl(si.name) == {}


def test_expiry_posts_the_remaining_money_as_breakage(accounts):
	profile = make_profile()
	start = add_months(nowdate(), -7)
	_si, card = sell_card(profile, make_discount_type(), posting_date=start)
	redeem(profile, card, [("SVC-HAIRCUT", 1, 400)], posting_date=add_months(nowdate(), -6))
	assert card.name in closing.due_cards()
	je = closing.expire(card.name)
	assert gl(je) == {accounts.liability_account: (3150.0, 0.0), accounts.breakage_account: (0.0, 3150.0)}
	state = card_state(card.name)
	assert (state["balance_value"], state["balance_money"], state["status"]) == (0, 0, "Expired")
	assert frappe.db.get_value("Customer Discount", card.name, "closing_journal_entry") == je
	with pytest.raises(CardNotUsableError):
		redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])


def test_refund_pays_back_the_unused_balance(accounts):
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type())
	redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	card.reload()
	je = card.refund("Cash")
	assert gl(je) == {accounts.liability_account: (3150.0, 0.0), account("Cash"): (0.0, 3150.0)}
	state = card_state(card.name)
	assert (state["balance_value"], state["balance_money"], state["status"]) == (0, 0, "Refunded")


def test_card_sold_from_the_customer_discount_form(accounts):
	profile = make_profile()
	dt = make_discount_type()
	card = frappe.get_doc(
		{
			"doctype": "Customer Discount",
			"customer_profile": profile.name,
			"discount_type": dt.name,
			"mode_of_payment": "Cash",
		}
	).insert()
	card.submit()
	card.reload()
	assert card.sales_invoice
	assert gl(card.sales_invoice)[accounts.liability_account] == (0.0, 3500.0)
	assert card_state(card.name)["balance_value"] == 4000
	assert card.value == 4000 and card.price == 3500


def test_credit_invoice_redemption_is_settled_by_a_journal_entry(accounts):
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type())
	inv = redeem(profile, card, [("SVC-HAIRCUT", 1, 400)], is_pos=0)
	inv.reload()
	assert inv.outstanding_amount == 0
	assert inv.status == "Paid"
	assert card_state(card.name)["balance_money"] == 3150
	inv.cancel()
	assert card_state(card.name)["balance_money"] == 3500


def test_liability_balance_equals_the_cards_money_balance(accounts):
	def gl_balance():
		return flt(
			frappe.db.sql(
				"""select sum(credit) - sum(debit) from `tabGL Entry`
				where account=%s and is_cancelled=0""",
				accounts.liability_account,
			)[0][0],
			2,
		)

	def cards_balance():
		return flt(
			frappe.db.sql(
				"""select sum(money_delta) from `tabCustomer Discount Entry`
				where company=%s and is_cancelled=0""",
				COMPANY,
			)[0][0],
			2,
		)

	before = gl_balance() - cards_balance()
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type())
	redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	redeem(profile, card, [("SVC-FACIAL", 1, 1200)], is_pos=0)
	assert flt(gl_balance() - cards_balance(), 2) == flt(before, 2)


def test_a_card_of_another_company_is_refused():
	from salon_crm.cards.errors import CardCompanyMismatchError

	other = frappe.db.get_value("Company", {"name": ("!=", COMPANY)}, "name")
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type())
	with pytest.raises(CardCompanyMismatchError):
		redeem(profile, card, [("SVC-HAIRCUT", 1, 400)], company=other)
	assert card_state(card.name)["balance_value"] == 4000


def test_consumed_and_cancelled_cards_are_refused():
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type(value=400, price=350))
	redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	assert card_state(card.name)["status"] == "Consumed"
	with pytest.raises(CardNotUsableError):
		redeem(profile, card, [("SVC-HAIRCUT", 1, 400)])
	sale2, card2 = sell_card(profile, make_discount_type(name="Member D"))
	sale2.reload()
	sale2.cancel()
	with pytest.raises((CardNotUsableError, frappe.CancelledLinkError)):
		redeem(profile, card2, [("SVC-HAIRCUT", 1, 400)])


def test_a_card_sold_at_another_price_is_refused():
	from salon_crm.cards.errors import CardSaleError
	from tests.integration.factories import make_sales_invoice

	profile = make_profile()
	dt = make_discount_type()
	with pytest.raises(CardSaleError):
		make_sales_invoice(profile.customer, [(dt.item, 1, 3000)])
	assert not frappe.db.exists("Customer Discount", {"customer_profile": profile.name})


def test_ledger_entries_cannot_be_written_or_deleted_by_hand():
	from salon_crm.cards.errors import ImmutableLedgerError

	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type())
	with pytest.raises(ImmutableLedgerError):
		frappe.get_doc(
			{"doctype": "Customer Discount Entry", "customer_discount": card.name, "value_delta": 100}
		).insert(ignore_permissions=True)
	entry = frappe.get_all("Customer Discount Entry", {"customer_discount": card.name}, pluck="name")[0]
	with pytest.raises(ImmutableLedgerError):
		frappe.delete_doc("Customer Discount Entry", entry, ignore_permissions=True)
	for perm in frappe.get_meta("Customer Discount Entry").permissions:
		assert not (perm.create or perm.write or perm.delete or perm.submit), perm.role


def _tax_account():
	name = frappe.db.get_value("Account", {"company": COMPANY, "account_name": "Salon Test VAT"}, "name")
	if name:
		return name
	parent = frappe.db.get_value(
		"Account", {"company": COMPANY, "account_name": "Duties and Taxes", "is_group": 1}, "name"
	)
	return (
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": "Salon Test VAT",
				"company": COMPANY,
				"parent_account": parent,
				"account_type": "Tax",
				"tax_rate": 10,
			}
		)
		.insert()
		.name
	)


def _ten_percent_tax():
	return [
		{
			"charge_type": "On Net Total",
			"account_head": _tax_account(),
			"description": "VAT 10%",
			"rate": 10,
		}
	]


def test_redemption_is_taxed_on_the_discounted_amount(accounts):
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type())
	inv = redeem(profile, card, [("SVC-HAIRCUT", 1, 400)], cash=35, taxes=_ten_percent_tax())
	assert flt(inv.net_total) == 350
	assert flt(inv.total_taxes_and_charges) == 35
	assert flt(inv.grand_total) == 385
	assert inv.status == "Paid"
	ledger = gl(inv.name)
	assert ledger[accounts.liability_account] == (350.0, 0.0)
	assert ledger[_tax_account()] == (0.0, 35.0)
	assert ledger[account("Sales")] == (0.0, 350.0)


def test_a_card_sale_is_not_taxed(accounts):
	from tests.integration.factories import make_sales_invoice

	profile = make_profile()
	dt = make_discount_type()
	si = make_sales_invoice(
		profile.customer,
		[(dt.item, 1, 3500), ("SVC-HAIRCUT", 1, 400)],
		taxes=_ten_percent_tax(),
	)
	assert flt(si.total_taxes_and_charges) == 40  # only the haircut is taxed
	assert gl(si.name)[accounts.liability_account] == (0.0, 3500.0)


def test_a_salon_manager_can_create_a_discount_type():
	from tests.integration.test_customer_profile import _user_with_roles

	manager = _user_with_roles("card.manager@example.com", ["Salon Manager"])
	frappe.set_user(manager)
	dt = make_discount_type(name="Member M")
	assert frappe.db.get_value("Item Price", {"item_code": dt.item}, "price_list_rate") == 3500


def test_income_chart_leaves_card_sales_out():
	import json

	from salon_crm.salon_crm.dashboard_chart_source.salon_income_by_month.salon_income_by_month import get

	chart = json.dumps({"name": "Income by Month", "filters_json": json.dumps({"company": COMPANY})})
	profile = make_profile()
	before = sum(get(chart=chart, no_cache=1)["datasets"][0]["values"])
	sell_card(profile, make_discount_type())
	from tests.integration.factories import make_sales_invoice

	make_sales_invoice(profile.customer, [("SVC-HAIRCUT", 1, 400)])
	after = sum(get(chart=chart, no_cache=1)["datasets"][0]["values"])
	assert flt(after - before, 2) == 400


def test_the_invoice_preview_is_the_servers_split():
	from salon_crm.api.cards import active_cards

	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type(services=["SVC-FACIAL"]))
	items = [
		{"item_code": "SVC-FACIAL", "qty": 1, "rate": 1200},
		{"item_code": "SVC-HAIRCUT", "qty": 1, "rate": 400},
	]
	(listed,) = active_cards(profile.customer, COMPANY, items=items)
	assert listed.services == ["SVC-FACIAL"]
	assert listed.preview == {
		"eligible": 1200.0,
		"value_used": 1200.0,
		"money_used": 1050.0,
		"benefit": 150.0,
		"value_after": 2800.0,
		"money_after": 2450.0,
	}
	inv = redeem(profile, card, [("SVC-FACIAL", 1, 1200), ("SVC-HAIRCUT", 1, 400)], cash=400)
	assert (flt(inv.salon_card_value_used), flt(inv.salon_card_benefit)) == (1200, 150)


def test_cards_not_yet_valid_are_not_offered():
	from salon_crm.api.cards import active_cards

	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type(), posting_date=frappe.utils.add_days(nowdate(), 5))
	assert active_cards(profile.customer, COMPANY) == []


def test_a_new_company_gets_its_card_accounts():
	company = frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": "Salon Second Branch",
			"abbr": "SSB",
			"default_currency": "INR",
			"country": "India",
			"create_chart_of_accounts_based_on": "Standard Template",
			"chart_of_accounts": "Standard",
		}
	).insert()
	accounts = card_accounts(company.name)
	assert frappe.db.get_value("Account", accounts.liability_account, ["company", "root_type"]) == (
		company.name,
		"Liability",
	)
	assert frappe.db.get_value("Account", accounts.breakage_account, "root_type") == "Income"


# The card pays what ERPNext priced the lines at (line discounts, Pricing Rules)
# ------------------------------------------------------------------------------


def _redeem_as_erpnext_prices_it(profile, card, items, **fields):
	"""A POS redemption sent without rates (as an API client would): ERPNext prices the lines in its own
	validate from the price list, the lines' discounts and any Pricing Rule. items: [(code, qty, fields)]."""
	si = frappe.new_doc("Sales Invoice")
	si.update(
		{
			"company": COMPANY,
			"customer": profile.customer,
			"selling_price_list": "Standard Selling",
			"is_pos": 1,
			"salon_customer_discount": card.name,
			**fields,
		}
	)
	for code, qty, line in items:
		si.append("items", {"item_code": code, "qty": qty, **line})
	si.insert()
	si.submit()
	return si


def _ten_percent_off_for(customer, item_code):
	return frappe.get_doc(
		{
			"doctype": "Pricing Rule",
			"title": f"Ten off {item_code} for {customer}",
			"apply_on": "Item Code",
			"items": [{"item_code": item_code}],
			"price_or_product_discount": "Price",
			"selling": 1,
			"applicable_for": "Customer",
			"customer": customer,
			"company": COMPANY,
			"currency": "INR",
			"rate_or_discount": "Discount Percentage",
			"discount_percentage": 10,
		}
	).insert()


def test_card_pays_the_line_at_its_discount_percentage(accounts):
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type())
	inv = _redeem_as_erpnext_prices_it(profile, card, [("SVC-FACIAL", 1, {"discount_percentage": 25})])
	assert (flt(inv.items[0].price_list_rate), flt(inv.items[0].amount)) == (1200, 900)
	# 900 of value at 3500/4000 = 787.50 of money, 112.50 benefit
	assert (flt(inv.salon_card_value_used), flt(inv.salon_card_money_used)) == (900, 787.5)
	assert flt(inv.discount_amount) == 112.5
	assert flt(inv.grand_total) == 787.5
	assert inv.status == "Paid"
	assert gl(inv.name)[accounts.liability_account] == (787.5, 0.0)
	assert gl(inv.name)[account("Sales")] == (0.0, 787.5)
	state = card_state(card.name)
	assert (state["balance_value"], state["balance_money"]) == (3100, 2712.5)


def test_card_pays_the_line_at_the_price_a_pricing_rule_gives(accounts):
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type())
	rule = _ten_percent_off_for(profile.customer, "SVC-HAIRCUT")
	inv = _redeem_as_erpnext_prices_it(profile, card, [("SVC-HAIRCUT", 1, {"rate": 400})])
	assert rule.name in (inv.items[0].pricing_rules or "")
	assert flt(inv.items[0].amount) == 360
	assert (flt(inv.salon_card_value_used), flt(inv.salon_card_money_used)) == (360, 315)
	assert flt(inv.discount_amount) == 45
	assert inv.status == "Paid"
	assert gl(inv.name)[accounts.liability_account] == (315.0, 0.0)
	assert gl(inv.name)[account("Sales")] == (0.0, 315.0)
	state = card_state(card.name)
	assert (state["balance_value"], state["balance_money"]) == (3640, 3185)
	assert live_entry_sum(card.name) == (3640.0, 3185.0)


def test_a_card_sold_below_its_price_by_a_pricing_rule_is_refused():
	from tests.integration.factories import make_sales_invoice

	profile = make_profile()
	dt = make_discount_type()
	_ten_percent_off_for(profile.customer, dt.item)
	with pytest.raises(CardSaleError):  # already on save, where ERPNext applies the rule
		make_sales_invoice(profile.customer, [(dt.item, 1, 3500)], submit=False)
