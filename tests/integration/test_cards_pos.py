"""Cards on the POS Invoice path: a card sold and redeemed on POS Invoices (no GL), then POS closing merges
them into a consolidated Sales Invoice that carries the GL.

ERPNext's POS Closing Entry submit runs the merge in create_merge_logs(), which commits (in a `finally`);
these tests build the same POS Invoice Merge Log for the (draft) closing entry and submit it, which is the
document that creates the consolidated Sales Invoice, so everything stays in the test's transaction."""

import frappe
import pytest
from frappe.utils import flt

from salon_crm.cards import ledger
from salon_crm.cards.accounts import card_accounts, mode_of_payment
from salon_crm.cards.reporting import AWAITING_POS_CLOSING
from tests.integration.card_factories import card_state, make_discount_type, make_profile
from tests.integration.factories import account
from tests.integration.pos_factories import (
	close_pos_session,
	gl_rows,
	make_pos_invoice,
	open_pos_session,
	reconciliation,
)
from tests.integration.site_setup import COMPANY


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


def test_a_day_at_the_till_closes_with_exact_gl_and_a_zero_reconciliation():
	"""A card sold, used beside cash, one line returned, then POS closing: the consolidated invoice and credit
	note post exactly the card's movements and the reconciliation shows 0.00."""
	from erpnext.accounts.doctype.pos_invoice.pos_invoice import make_sales_return

	from tests.integration.pos_factories import payment_amounts, prefill_return, till_invoice

	opening = open_pos_session()
	profile = make_profile()
	sale = make_pos_invoice(profile.customer, [(make_discount_type().item, 1, 3500)])
	(card,) = frappe.get_all("Customer Discount", filters={"pos_invoice": sale.name}, pluck="name")
	items = [("SVC-HAIRCUT", 1, 400), ("PRD-SHAMPOO", 1, 500)]
	paid = till_invoice(profile.customer, items, card=card, submit=True)
	assert payment_amounts(paid) == {"Cash": 500, mode_of_payment(): 350}
	ret = make_sales_return(paid.name)
	ret.items = [row for row in ret.items if row.item_code == "SVC-HAIRCUT"]
	prefill_return(ret)
	ret.insert()
	ret.submit()

	merged = close_pos_session(opening)
	liability = card_accounts(COMPANY).liability_account
	invoices = [log.consolidated_invoice for log in merged.logs]
	credit_notes = [log.consolidated_credit_note for log in merged.logs if log.consolidated_credit_note]
	assert len(invoices) == 1 and len(credit_notes) == 1
	assert gl_rows(invoices[0], liability) == (350.0, 3500.0)
	assert gl_rows(credit_notes[0], liability) == (0.0, 350.0)
	assert gl_rows(invoices[0], account("Cash")) == (4000.0, 0.0)
	assert card_state(card)["balance_money"] == 3500
	company_row, vouchers = reconciliation()
	assert (company_row["difference"], company_row["awaiting_money"], vouchers) == (0, 0, [])
