"""Several tills redeeming cards at the same moment, from separate database connections: the same card
(one wins, the others get a clear message, the card never overdraws, nothing is half-written) and two cards
of the same customer (both go through, no deadlock)."""

import frappe
from frappe.utils import flt

from salon_crm.cards.errors import CardBalanceError
from tests.integration.card_factories import (
	live_entry_sum,
	make_discount_type,
	make_profile,
	redeem,
	sell_card,
)
from tests.integration.committed import purge, run_concurrently
from tests.integration.pos_factories import POS_PROFILE, open_pos_session, till_invoice


def submitter(doctype, name):
	def submit():
		doc = frappe.get_doc(doctype, name)
		doc.submit()
		return doc.name

	return submit


def redemptions_without_a_submitted_invoice(card: str) -> list[str]:
	"""Live Redemption entries whose invoice is not submitted (must never exist)."""
	entries = frappe.get_all(
		"Customer Discount Entry",
		filters={"customer_discount": card, "entry_type": "Redemption", "is_cancelled": 0},
		fields=["voucher_type", "voucher_no"],
	)
	return [
		e.voucher_no for e in entries if frappe.db.get_value(e.voucher_type, e.voucher_no, "docstatus") != 1
	]


def new_session() -> tuple:
	"""A POS session, and whether its POS Profile was made for it (then removed by cleanup)."""
	made = not frappe.db.exists("POS Profile", POS_PROFILE)
	return open_pos_session(), made


def cleanup(profile, discount_types, cards, invoices, sessions=(), pos_profile_made=False):
	frappe.db.rollback()
	frappe.db.delete("Customer Discount Entry", {"customer_discount": ("in", cards)})
	for doctype, names in invoices.items():
		purge(doctype, names)
	purge("Customer Discount", cards)
	purge("POS Opening Entry", [s.name for s in sessions])
	if pos_profile_made:
		purge("POS Profile", [POS_PROFILE])
	purge(
		"Salon Search Key",
		frappe.get_all("Salon Search Key", {"customer_profile": profile.name}, pluck="name"),
	)
	purge("Customer Profile", [profile.name])
	purge("Contact", [profile.contact])
	frappe.db.delete("Dynamic Link", {"link_name": profile.customer})
	purge("Customer", [profile.customer])
	for dt in discount_types:
		purge("Item Price", frappe.get_all("Item Price", {"item_code": dt.item}, pluck="name"))
		purge("Item", [dt.item])
		purge("Discount Type", [dt.name])
	frappe.db.commit()


def test_two_cashiers_cannot_overdraw_one_card():
	profile = make_profile("Concurrent", "Customer")
	dt = make_discount_type(name="Member Race", value=600, price=525)
	sale, card = sell_card(profile, dt)
	drafts = [redeem(profile, card, [("SVC-HAIRCUT", 1, 400)], submit=False) for _ in range(2)]
	assert [flt(d.salon_card_value_used) for d in drafts] == [400, 400]

	try:
		results = run_concurrently([submitter("Sales Invoice", d.name) for d in drafts])
		outcomes = sorted(kind for kind, _value in results)
		assert outcomes == ["error", "ok"], results
		error = next(value for kind, value in results if kind == "error")
		assert isinstance(error, CardBalanceError), repr(error)

		state = frappe.db.get_value(
			"Customer Discount", card.name, ["balance_value", "balance_money", "visits"], as_dict=True
		)
		assert (flt(state.balance_value), flt(state.balance_money), state.visits) == (200, 175, 1)
		assert live_entry_sum(card.name) == (200.0, 175.0)
		submitted = [d.name for d in drafts if frappe.db.get_value("Sales Invoice", d.name, "docstatus") == 1]
		assert len(submitted) == 1
	finally:
		cleanup(profile, [dt], [card.name], {"Sales Invoice": [sale.name] + [d.name for d in drafts]})


def test_three_tills_on_one_card_at_the_pos_one_wins_and_nothing_is_half_written():
	profile = make_profile("Concurrent", "Till")
	dt = make_discount_type(name="Member Till Race", value=600, price=525)
	sale, card = sell_card(profile, dt)
	session, made = new_session()
	drafts = [till_invoice(profile.customer, [("SVC-HAIRCUT", 1, 400)], card=card.name) for _ in range(3)]
	assert [flt(d.salon_card_money_used) for d in drafts] == [350, 350, 350]

	try:
		results = run_concurrently([submitter("POS Invoice", d.name) for d in drafts])
		assert sorted(kind for kind, _value in results) == ["error", "error", "ok"], results
		errors = [value for kind, value in results if kind == "error"]
		assert all(isinstance(e, CardBalanceError) for e in errors), [repr(e) for e in errors]
		assert all("another till used it" in str(e) or "no balance left" in str(e) for e in errors)

		assert live_entry_sum(card.name) == (200.0, 175.0)
		assert flt(frappe.db.get_value("Customer Discount", card.name, "balance_money")) == 175
		statuses = [frappe.db.get_value("POS Invoice", d.name, "docstatus") for d in drafts]
		assert sorted(statuses) == [0, 0, 1]
		for draft, status in zip(drafts, statuses, strict=True):
			entries = frappe.db.count("Customer Discount Entry", {"voucher_no": draft.name})
			assert entries == (1 if status == 1 else 0)
		assert redemptions_without_a_submitted_invoice(card.name) == []
	finally:
		cleanup(
			profile,
			[dt],
			[card.name],
			{"Sales Invoice": [sale.name], "POS Invoice": [d.name for d in drafts]},
			sessions=[session],
			pos_profile_made=made,
		)


def test_two_tills_on_two_cards_of_the_same_customer_both_go_through():
	profile = make_profile("Concurrent", "Family")
	dts = [make_discount_type(name=f"Member Pair {n}", value=600, price=525) for n in (1, 2)]
	sales, cards = zip(*(sell_card(profile, dt) for dt in dts), strict=True)
	session, made = new_session()
	drafts = [till_invoice(profile.customer, [("SVC-HAIRCUT", 1, 400)], card=c.name) for c in cards]

	try:
		results = run_concurrently([submitter("POS Invoice", d.name) for d in drafts])
		assert [kind for kind, _value in results] == ["ok", "ok"], results
		for card in cards:
			assert live_entry_sum(card.name) == (200.0, 175.0)
			assert redemptions_without_a_submitted_invoice(card.name) == []
	finally:
		cleanup(
			profile,
			dts,
			[c.name for c in cards],
			{"Sales Invoice": [s.name for s in sales], "POS Invoice": [d.name for d in drafts]},
			sessions=[session],
			pos_profile_made=made,
		)
