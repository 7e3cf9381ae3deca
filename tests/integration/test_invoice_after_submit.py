"""What the desk receives after submitting an invoice paid with a card (Frappe's savedocs response): the
invoice's final state, so the form does not show a paid invoice as unpaid."""

from __future__ import annotations

import json

import frappe
import pytest

from tests.integration.card_factories import make_discount_type, make_profile, redeem, sell_card


@pytest.fixture
def card():
	profile = make_profile()
	_si, card = sell_card(profile, make_discount_type())
	return profile, card


def _submit_from_desk(doc) -> dict:
	"""Submit a saved draft the way the desk's Submit button does; returns the document sent back."""
	from frappe.desk.form.save import savedocs

	frappe.response.docs = []
	payload = doc.as_dict()
	payload["docstatus"] = 0
	savedocs(json.dumps(payload, default=str), "Submit")
	return frappe.response.docs[-1]


def test_credit_invoice_paid_by_card_is_sent_back_paid(card):
	profile, card = card
	draft = redeem(profile, card, [("SVC-HAIRCUT", 1, 400)], is_pos=0, submit=False)

	shown = _submit_from_desk(draft)

	assert shown["status"] == "Paid"
	assert shown["outstanding_amount"] == 0
	assert str(shown["modified"]) == str(frappe.db.get_value("Sales Invoice", draft.name, "modified"))


def test_credit_invoice_paid_partly_by_card_is_sent_back_with_the_rest_outstanding(card):
	profile, card = card  # 4000 of value for 3500: a 5000 spa uses it all (money 3500, benefit 500)
	draft = redeem(profile, card, [("SVC-SPA", 1, 5000)], is_pos=0, submit=False)

	shown = _submit_from_desk(draft)

	assert shown["outstanding_amount"] == 1000
	assert shown["status"] == frappe.db.get_value("Sales Invoice", draft.name, "status") == "Partly Paid"
