"""The workspace's card figures are named for what they count: the value customers can still spend and the
money the salon owes for it are two numbers (a 4000 card sold for 3500 holds 4000 of value and 3500 owed)."""

from __future__ import annotations

import frappe
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.utils import flt

from tests.integration.card_factories import make_discount_type, make_profile, sell_card


def _card_figure(name: str) -> float:
	card = frappe.get_doc("Number Card", name)
	return flt(get_result(card.as_dict(), card.filters_json))


def test_value_customers_can_spend_and_money_owed_are_two_figures():
	spend_before = _card_figure("Card Value Left to Spend")
	owed_before = _card_figure("Card Money Owed")

	sell_card(make_profile(), make_discount_type(value=4000, price=3500))

	assert _card_figure("Card Value Left to Spend") - spend_before == 4000
	assert _card_figure("Card Money Owed") - owed_before == 3500
	assert frappe.db.get_value("Number Card", "Card Money Owed", "label") == "Card Money Owed (Liability)"


def test_workspace_shows_both_card_figures_and_todays_occasions():
	workspace = frappe.get_doc("Workspace", "Salon CRM")
	assert {c.number_card_name for c in workspace.number_cards} >= {
		"Card Value Left to Spend",
		"Card Money Owed",
	}
	assert "Today's Occasions" in {s.label for s in workspace.shortcuts}


def test_patch_removes_the_old_ambiguous_card():
	from salon_crm.patches.v0_1 import split_outstanding_card_value

	if not frappe.db.exists("Number Card", "Outstanding Card Value"):
		old = frappe.get_doc("Number Card", "Card Money Owed").as_dict()
		old.update(name="Outstanding Card Value", label="Outstanding Card Value", is_standard=0)
		frappe.get_doc(old).db_insert()

	split_outstanding_card_value.execute()

	assert not frappe.db.exists("Number Card", "Outstanding Card Value")
