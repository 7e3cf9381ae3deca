"""Bringing prepaid cards sold in the previous system in as opening balances (Data Import of Opening Card
Import rows, the shipped template): cards that redeem, expire and refund like cards sold in ERPNext, and an
opening Journal Entry per card that keeps the card liability reconciled."""

from __future__ import annotations

import random

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from salon_crm.cards import closing, reporting
from salon_crm.cards.accounts import card_accounts
from tests.integration.card_factories import card_state, make_discount_type, redeem
from tests.integration.factories import account, gl_entries, make_customer_profile, unique_mobile
from tests.integration.import_factories import csv_text, log_of_row, run_data_import, template_rows
from tests.integration.import_factories import swept as swept  # fixture
from tests.integration.site_setup import COMPANY

pytestmark = pytest.mark.usefixtures("swept")

HEADER = template_rows("opening_cards.csv")[0]


def _number(prefix: str) -> str:
	return f"{prefix}-{random.randint(10**8, 10**9)}"


def card_row(customer, card_type, old_card=None, value=4000, money=3500, sale_date=None, expiry=None, **more):
	values = {
		"Customer": customer,
		"Card Type": card_type,
		"Company": COMPANY,
		"Previous Card Number": old_card or _number("PC"),
		"Remaining Value": value,
		"Remaining Money": money,
		"Original Sale Date": sale_date or add_days(nowdate(), -100),
		"Expiry Date": expiry or add_days(nowdate(), 200),
		**more,
	}
	assert set(values) <= set(HEADER), set(values) - set(HEADER)
	return [str(values.get(h, "")) for h in HEADER]


@pytest.fixture
def setup():
	"""A customer imported earlier (previous system number) and a card type of the test company."""
	card_type = make_discount_type(_number("Opening Member"), value=4000, price=3500, months=12)
	profile = make_customer_profile(
		"Gauri", "Joshi", mobile_no=unique_mobile(), old_customer_number=_number("OLD")
	)
	frappe.db.commit()
	return frappe._dict(card_type=card_type, profile=profile)


def import_cards(rows):
	return run_data_import("Opening Card Import", csv_text([HEADER, *rows]), "opening_cards.csv")


def imported_card(old_card: str):
	return frappe.get_doc("Customer Discount", {"old_card_number": old_card, "company": COMPANY})


def reconciliation(as_of=None):
	return reporting.reconcile(COMPANY, card_accounts(COMPANY).liability_account, as_of)


def test_imported_card_is_an_active_card_with_its_remaining_balances(setup):
	old = _number("PC")
	expiry = add_days(nowdate(), 150)
	data_import, logs = import_cards(
		[card_row(setup.profile.old_customer_number, setup.card_type.name, old, 2500, 2187.5, expiry=expiry)]
	)

	assert data_import.status == "Success", [log.message for log in logs]
	card = imported_card(old)
	assert (card.docstatus, card.customer_profile, card.customer) == (
		1,
		setup.profile.name,
		setup.profile.customer,
	)
	assert card_state(card.name) | {"valid_until": card.valid_until} == {
		"balance_value": 2500.0,
		"balance_money": 2187.5,
		"visits": 0,
		"status": "Active",
		"used_value": 0.0,
		"used_money": 0.0,
		"valid_until": getdate(expiry),
	}
	assert not card.sales_invoice


def test_opening_entry_is_an_opening_journal_entry_from_temporary_opening_to_the_card_liability(setup):
	old = _number("PC")
	import_cards([card_row(setup.profile.name, setup.card_type.name, old, 4000, 3500)])
	card = imported_card(old)

	entry = frappe.get_all(
		"Customer Discount Entry",
		filters={"customer_discount": card.name},
		fields=["entry_type", "voucher_type", "voucher_no", "value_delta", "money_delta"],
	)
	assert entry == [
		{
			"entry_type": "Opening",
			"voucher_type": "Journal Entry",
			"voucher_no": card.opening_journal_entry,
			"value_delta": 4000.0,
			"money_delta": 3500.0,
		}
	]
	je = frappe.get_doc("Journal Entry", card.opening_journal_entry)
	assert (je.docstatus, je.is_opening, je.company) == (1, "Yes", COMPANY)
	assert gl_entries(je.name) == sorted(
		[
			{"account": account("Temporary Opening"), "debit": 3500.0, "credit": 0.0},
			{"account": card_accounts(COMPANY).liability_account, "debit": 0.0, "credit": 3500.0},
		],
		key=lambda r: r["account"],
	)
	assert reconciliation().difference == 0


def test_imported_card_is_found_by_customer_mobile_and_keeps_its_covered_services(setup):
	old = _number("PC")
	import_cards(
		[
			card_row(
				setup.profile.mobile_no,
				setup.card_type.name,
				old,
				**{"Covered Services": "SVC-HAIRCUT; SVC-SPA"},
			)
		]
	)
	card = imported_card(old)
	assert card.customer_profile == setup.profile.name
	assert sorted(s.item for s in card.services) == ["SVC-HAIRCUT", "SVC-SPA"]


def test_imported_card_redeems_like_a_sold_card_and_the_liability_reconciles(setup):
	old = _number("PC")
	import_cards([card_row(setup.profile.name, setup.card_type.name, old, 4000, 3500)])
	card = imported_card(old)

	si = redeem(setup.profile, card, [("SVC-HAIRCUT", 1, 400)])

	assert card_state(card.name)["balance_value"] == 3600.0
	assert card_state(card.name)["balance_money"] == 3150.0
	liability = card_accounts(COMPANY).liability_account
	assert {"account": liability, "debit": 350.0, "credit": 0.0} in gl_entries(si.name)
	assert reconciliation().difference == 0


def test_imported_card_expires_like_a_sold_card_and_the_liability_reconciles(setup):
	old = _number("PC")
	expiry = add_days(nowdate(), 1)
	import_cards([card_row(setup.profile.name, setup.card_type.name, old, 4000, 3500, expiry=expiry)])
	card = imported_card(old)

	je = closing.expire(card.name, on_date=add_days(expiry, 1))

	assert card_state(card.name)["status"] == "Expired"
	breakage = card_accounts(COMPANY).breakage_account
	assert {"account": breakage, "debit": 0.0, "credit": 3500.0} in gl_entries(je)
	assert reconciliation(as_of=add_days(expiry, 1)).difference == 0


def test_imported_card_refunds_like_a_sold_card_and_the_liability_reconciles(setup):
	old = _number("PC")
	import_cards([card_row(setup.profile.name, setup.card_type.name, old, 4000, 3500)])
	card = imported_card(old)

	je = closing.refund(card.name, "Cash")

	assert card_state(card.name)["status"] == "Refunded"
	assert {
		"account": card_accounts(COMPANY).liability_account,
		"debit": 3500.0,
		"credit": 0.0,
	} in gl_entries(je)
	assert reconciliation().difference == 0


def test_rows_that_cannot_be_cards_are_refused_each_with_its_reason(setup):
	customer, card_type = setup.profile.name, setup.card_type.name
	good = _number("PC")
	rows = [
		card_row(customer, card_type, good),
		card_row(customer, card_type, value=1000, money=1200),
		card_row(customer, card_type, value=0, money=0),
		card_row(customer, card_type, value=500, money=-1),
		card_row(customer, card_type, expiry=add_days(nowdate(), -1)),
		card_row("NOBODY-1", card_type),
		card_row(customer, "No Such Card"),
		card_row(customer, card_type, Company="No Such Company"),
	]

	data_import, logs = import_cards(rows)

	assert data_import.status == "Partial Success"
	messages = [log_of_row(logs, n).message for n in range(3, 10)]
	assert log_of_row(logs, 2).success == 1
	assert "Remaining Money 1200.0 cannot be more than the Remaining Value 1000.0" in messages[0]
	assert "Remaining Value must be more than 0" in messages[1]
	assert "Remaining Money must be more than 0" in messages[2]
	assert "already expired on" in messages[3]
	assert "No customer has the number or mobile NOBODY-1" in messages[4]
	assert "Card type No Such Card does not exist" in messages[5]
	assert "Company No Such Company does not exist" in messages[6]
	assert frappe.db.count("Customer Discount", {"customer_profile": customer}) == 1
	assert reconciliation().difference == 0


def test_importing_the_same_cards_twice_creates_nothing_twice(setup):
	old = _number("PC")
	rows = [card_row(setup.profile.name, setup.card_type.name, old)]
	import_cards(rows)
	card = imported_card(old)
	journal_entries = frappe.db.count("Journal Entry", {"company": COMPANY})

	data_import, logs = import_cards(rows)

	assert data_import.status == "Error"
	assert f"Card {old} was already imported as {card.name}" in log_of_row(logs, 2).message
	assert frappe.db.count("Customer Discount", {"old_card_number": old}) == 1
	assert frappe.db.count("Journal Entry", {"company": COMPANY}) == journal_entries
	assert card_state(card.name)["balance_money"] == 3500.0


def test_imported_card_opening_shows_in_the_customer_history_and_balance_report(setup):
	from salon_crm.history import service as history

	old = _number("PC")
	import_cards([card_row(setup.profile.name, setup.card_type.name, old, 4000, 3500)])
	card = imported_card(old)

	rows = [r for r in history.get_history(setup.profile.name) if r.get("reference_name") == card.name]
	assert [(r["detail"], r["amount"]) for r in rows] == [("Opening", 3500.0)]
	balance = reporting.card_balances({"customer_profile": setup.profile.name})
	assert [(b.sold_money, b.balance_money) for b in balance] == [(3500.0, 3500.0)]


def test_cancelling_the_opening_journal_entry_takes_the_card_back_so_it_can_be_imported_again(setup):
	old = _number("PC")
	rows = [card_row(setup.profile.name, setup.card_type.name, old)]
	import_cards(rows)
	card = imported_card(old)

	frappe.get_doc("Journal Entry", card.opening_journal_entry).cancel()

	assert frappe.db.get_value("Customer Discount", card.name, ["docstatus", "balance_money"]) == (2, 0)
	data_import, _logs = import_cards(rows)
	assert data_import.status == "Success"
	assert reconciliation().difference == 0


def test_the_opening_journal_entry_of_a_used_card_cannot_be_cancelled(setup):
	from salon_crm.cards.errors import CardBalanceError

	old = _number("PC")
	import_cards([card_row(setup.profile.name, setup.card_type.name, old)])
	card = imported_card(old)
	redeem(setup.profile, card, [("SVC-HAIRCUT", 1, 400)])

	with pytest.raises(CardBalanceError):
		frappe.get_doc("Journal Entry", card.opening_journal_entry).cancel()
