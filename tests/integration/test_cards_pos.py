"""Cards on the POS Invoice path: a card sold and redeemed on POS Invoices (no GL), then POS closing merges
them into a consolidated Sales Invoice that carries the GL.

ERPNext's POS Closing Entry submit runs the merge in create_merge_logs(), which commits (in a `finally`);
these tests build the same POS Invoice Merge Log for the (draft) closing entry and submit it, which is the
document that creates the consolidated Sales Invoice, so everything stays in the test's transaction."""

import frappe
import pytest
from frappe.utils import add_to_date, flt, get_datetime, nowdate

from salon_crm.cards import ledger
from salon_crm.cards.accounts import card_accounts, mode_of_payment
from salon_crm.cards.reporting import AWAITING_POS_CLOSING
from salon_crm.salon_crm.report.card_liability_reconciliation import card_liability_reconciliation
from tests.integration.card_factories import card_state, make_discount_type, make_profile
from tests.integration.factories import account
from tests.integration.site_setup import COMPANY, PRICE_LIST

POS_PROFILE = "Salon Test POS"


# ---------------------------------------------------------------- factories


def make_pos_profile() -> str:
	if frappe.db.exists("POS Profile", POS_PROFILE):
		return POS_PROFILE
	profile = frappe.get_doc(
		{
			"doctype": "POS Profile",
			"name": POS_PROFILE,
			"company": COMPANY,
			"currency": "INR",
			"warehouse": frappe.db.get_value("Warehouse", {"company": COMPANY, "is_group": 0}, "name"),
			"cost_center": frappe.get_cached_value("Company", COMPANY, "cost_center"),
			"write_off_account": frappe.get_cached_value("Company", COMPANY, "write_off_account")
			or account("Write Off"),
			"write_off_cost_center": frappe.get_cached_value("Company", COMPANY, "cost_center"),
			"selling_price_list": PRICE_LIST,
			"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
			"payments": [
				{"mode_of_payment": "Cash", "default": 1},
				{"mode_of_payment": mode_of_payment()},
			],
		}
	)
	profile.insert()
	return profile.name


def open_pos_session() -> frappe._dict:
	profile = frappe.get_doc("POS Profile", make_pos_profile())
	opening = frappe.get_doc(
		{
			"doctype": "POS Opening Entry",
			"pos_profile": profile.name,
			"company": COMPANY,
			"user": frappe.session.user,
			"period_start_date": add_to_date(get_datetime(), minutes=-5),
			"posting_date": nowdate(),
			"balance_details": [{"mode_of_payment": p.mode_of_payment} for p in profile.payments],
		}
	)
	opening.submit()
	return opening


def make_pos_invoice(customer, items, cash=None, card=None) -> "frappe.Document":
	"""A submitted POS Invoice for `items` [(item_code, qty, rate)]: paid in Cash (the total unless `cash`
	is given) or, with `card`, by the card (the app fills the benefit discount and card payment)."""
	inv = frappe.new_doc("POS Invoice")
	inv.company = COMPANY
	inv.customer = customer
	inv.pos_profile = make_pos_profile()
	inv.is_pos = 1
	inv.posting_date = nowdate()
	if card:
		inv.salon_customer_discount = card
	for code, qty, rate in items:
		inv.append("items", {"item_code": code, "qty": qty, "rate": rate})
	inv.set_missing_values()
	for row, (_c, _q, rate) in zip(inv.items, items, strict=True):
		row.rate = rate
		row.price_list_rate = row.price_list_rate or rate
	inv.calculate_taxes_and_totals()
	for payment in inv.payments:
		payment.amount = 0
		if payment.mode_of_payment == "Cash":
			payment.amount = cash if cash is not None else (0 if card else inv.grand_total)
	inv.insert()
	inv.submit()
	return inv


def close_pos_session(opening) -> frappe._dict:
	"""The POS Closing Entry of the session and the merge of its invoices into consolidated Sales
	Invoices, as ERPNext's create_merge_logs() does it, one Merge Log per customer, without its commit."""
	from erpnext.accounts.doctype.pos_closing_entry.pos_closing_entry import (
		make_closing_entry_from_opening,
	)

	closing = make_closing_entry_from_opening(opening)
	for row in closing.payment_reconciliation:
		row.closing_amount = row.expected_amount
	closing.insert()
	logs = []
	by_customer = {}
	for row in closing.pos_transactions:
		by_customer.setdefault(row.customer, []).append(row)
	for customer, rows in by_customer.items():
		log = frappe.new_doc("POS Invoice Merge Log")
		log.posting_date = closing.posting_date
		log.posting_time = closing.posting_time
		log.company = closing.company
		log.customer = customer
		log.pos_closing_entry = closing.name
		for row in rows:
			log.append(
				"pos_invoices",
				{
					"pos_invoice": row.pos_invoice,
					"posting_date": row.posting_date,
					"grand_total": row.grand_total,
					"customer": row.customer,
				},
			)
		log.save(ignore_permissions=True)
		log.submit()
		logs.append(log)
	return frappe._dict(closing=closing, logs=logs)


def gl_rows(voucher: str, account_name: str) -> tuple[float, float]:
	row = frappe.db.sql(
		"""select coalesce(sum(debit), 0), coalesce(sum(credit), 0) from `tabGL Entry`
		where voucher_no=%s and account=%s and is_cancelled=0""",
		(voucher, account_name),
	)[0]
	return flt(row[0], 2), flt(row[1], 2)


def reconciliation():
	_columns, rows, *_rest = card_liability_reconciliation.execute({"company": COMPANY})
	company_row = next(r for r in rows if r["row_type"] == "Summary")
	return company_row, [r for r in rows if r["row_type"] != "Summary"]


@pytest.fixture
def session():
	"""An open POS session, and Member C (value 4000 for 3500) sold and used for a 400 haircut on it."""
	opening = open_pos_session()
	dt = make_discount_type()
	profile = make_profile()
	sale = make_pos_invoice(profile.customer, [(dt.item, 1, dt.price)])
	card = frappe.get_all("Customer Discount", filters={"pos_invoice": sale.name}, pluck="name")
	assert len(card) == 1, card
	redemption = make_pos_invoice(profile.customer, [("SVC-HAIRCUT", 1, 400)], card=card[0])
	return frappe._dict(opening=opening, profile=profile, sale=sale, card=card[0], redemption=redemption)


# ---------------------------------------------------------------- tests


def test_card_sold_on_a_pos_invoice_opens_the_card_without_gl(session):
	card = frappe.get_doc("Customer Discount", session.card)
	assert card.docstatus == 1
	assert card.pos_invoice == session.sale.name
	assert not card.sales_invoice
	entries = ledger.entries_of_voucher("POS Invoice", session.sale.name)
	assert [(e.entry_type, e.value_delta, e.money_delta) for e in entries] == [("Sale", 4000, 3500)]
	assert frappe.db.count("GL Entry", {"voucher_no": session.sale.name}) == 0


def test_card_redeemed_on_a_pos_invoice_gets_the_benefit_discount_and_card_payment(session):
	inv = session.redemption
	assert flt(inv.discount_amount) == 50
	assert flt(inv.grand_total) == 350
	card_rows = [p for p in inv.payments if p.mode_of_payment == mode_of_payment()]
	assert [(flt(p.amount), p.account) for p in card_rows] == [
		(350, card_accounts(COMPANY).liability_account)
	]
	state = card_state(session.card)
	assert (state["balance_value"], state["balance_money"], state["visits"]) == (3600, 3150, 1)


def test_unconsolidated_pos_invoices_await_pos_closing_in_the_reconciliation(session):
	company_row, vouchers = reconciliation()
	assert company_row["difference"] == 0
	assert company_row["awaiting_money"] == 3150
	awaiting = {v["voucher_no"]: v for v in vouchers}
	assert set(awaiting) == {session.sale.name, session.redemption.name}
	assert {v["row_type"] for v in vouchers} == {AWAITING_POS_CLOSING}
	assert awaiting[session.sale.name]["awaiting_money"] == 3500
	assert awaiting[session.redemption.name]["awaiting_money"] == -350


def test_pos_closing_posts_the_card_sale_and_use_on_the_consolidated_invoice(session):
	merged = close_pos_session(session.opening)
	invoice = merged.logs[0].consolidated_invoice
	assert invoice
	assert frappe.db.get_value("POS Invoice", session.sale.name, "consolidated_invoice") == invoice
	assert frappe.db.get_value("POS Invoice", session.redemption.name, "consolidated_invoice") == invoice
	liability = card_accounts(COMPANY).liability_account
	assert gl_rows(invoice, liability) == (350.0, 3500.0)  # Dr card money used, Cr card sold
	assert gl_rows(invoice, account("Cash")) == (3500.0, 0.0)
	assert gl_rows(invoice, account("Sales")) == (0.0, 350.0)


def test_card_payment_row_survives_consolidation(session):
	invoice = frappe.get_doc("Sales Invoice", close_pos_session(session.opening).logs[0].consolidated_invoice)
	assert invoice.is_consolidated == 1
	card_rows = [p for p in invoice.payments if p.mode_of_payment == mode_of_payment()]
	assert [(flt(p.amount), p.account) for p in card_rows] == [
		(350, card_accounts(COMPANY).liability_account)
	]


def test_consolidated_invoice_does_not_duplicate_card_entries(session):
	invoice = close_pos_session(session.opening).logs[0].consolidated_invoice
	assert ledger.entries_of_voucher("Sales Invoice", invoice) == []
	assert frappe.get_all("Customer Discount", filters={"sales_invoice": invoice}) == []
	entries = frappe.get_all(
		"Customer Discount Entry",
		filters={"customer_discount": session.card},
		fields=["entry_type", "voucher_type", "voucher_no", "is_cancelled"],
		order_by="creation asc",
	)
	assert [(e.entry_type, e.voucher_type, e.voucher_no, e.is_cancelled) for e in entries] == [
		("Sale", "POS Invoice", session.sale.name, 0),
		("Redemption", "POS Invoice", session.redemption.name, 0),
	]
	state = card_state(session.card)
	assert (state["balance_value"], state["balance_money"], state["visits"]) == (3600, 3150, 1)


def test_reconciliation_matches_pos_card_entries_through_the_consolidated_invoice(session):
	invoice = close_pos_session(session.opening).logs[0].consolidated_invoice
	company_row, vouchers = reconciliation()
	assert company_row["difference"] == 0
	assert company_row["awaiting_money"] == 0
	assert vouchers == []
	assert gl_rows(invoice, card_accounts(COMPANY).liability_account) == (350.0, 3500.0)
