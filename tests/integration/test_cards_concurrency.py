"""Two cashiers redeeming the same card at the same moment, from two database connections."""

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


def test_two_cashiers_cannot_overdraw_one_card():
	profile = make_profile("Concurrent", "Customer")
	dt = make_discount_type(name="Member Race", value=600, price=525)
	sale, card = sell_card(profile, dt)
	drafts = [redeem(profile, card, [("SVC-HAIRCUT", 1, 400)], submit=False) for _ in range(2)]
	assert [flt(d.salon_card_value_used) for d in drafts] == [400, 400]

	def submitter(name):
		def submit():
			doc = frappe.get_doc("Sales Invoice", name)
			doc.submit()
			return doc.name

		return submit

	try:
		results = run_concurrently([submitter(d.name) for d in drafts])
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
		frappe.db.rollback()
		frappe.db.delete("Customer Discount Entry", {"customer_discount": card.name})
		purge("Sales Invoice", [sale.name] + [d.name for d in drafts])
		purge("Customer Discount", [card.name])
		purge(
			"Salon Search Key",
			frappe.get_all("Salon Search Key", {"customer_profile": profile.name}, pluck="name"),
		)
		purge("Customer Profile", [profile.name])
		contact = profile.contact
		purge("Contact", [contact])
		frappe.db.delete("Dynamic Link", {"link_name": profile.customer})
		purge("Customer", [profile.customer])
		item = dt.item
		purge("Item Price", frappe.get_all("Item Price", {"item_code": item}, pluck="name"))
		purge("Item", [item])
		purge("Discount Type", [dt.name])
		frappe.db.commit()
