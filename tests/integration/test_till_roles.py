"""A cashier with exactly the README's roles (Salon Staff, Sales User, Accounts User) works the Point of Sale
page: opens a session, sells with a card, closes. ERPNext gives POS Opening and Closing Entries only to Sales
Manager (and UOM, which the item details panel links to, only to stock roles); the app grants Salon Staff those,
the sessions on their own documents, as Custom DocPerm rows made on install and removed on uninstall
(salon_crm.setup.permissions)."""

import json

import frappe
import pytest
from erpnext.accounts.doctype.pos_closing_entry.pos_closing_entry import make_closing_entry_from_opening
from erpnext.selling.page.point_of_sale.point_of_sale import create_opening_voucher
from frappe.utils import flt

from salon_crm.setup import permissions
from tests.integration.card_factories import make_discount_type, make_profile, sell_card
from tests.integration.factories import make_user
from tests.integration.pos_factories import make_pos_profile, merge_invoices, payment_amounts, till_invoice
from tests.integration.site_setup import COMPANY


def open_session_as(user: str) -> frappe._dict:
	"""What the page does when the cashier submits the "Create POS Opening Entry" dialog."""
	frappe.set_user(user)
	balance = [{"mode_of_payment": "Cash", "opening_amount": 0}]
	return frappe._dict(create_opening_voucher(make_pos_profile(), COMPANY, json.dumps(balance)))


@pytest.fixture
def cashier():
	make_pos_profile()
	return make_user()


@pytest.fixture
def card():
	profile = make_profile()
	_sale, card = sell_card(profile, make_discount_type())
	return frappe._dict(customer=profile.customer, name=card.name)


def test_a_cashier_opens_a_session_from_the_page(cashier):
	opening = open_session_as(cashier)
	assert opening.docstatus == 1 and opening.user == cashier


def test_a_cashier_sells_with_a_card_in_her_session(cashier, card):
	open_session_as(cashier)
	inv = till_invoice(card.customer, [("SVC-HAIRCUT", 1, 400), ("PRD-SHAMPOO", 1, 500)], card=card.name)
	inv.submit()
	assert inv.owner == cashier
	assert flt(inv.salon_card_money_used) == 350 and payment_amounts(inv)["Cash"] == 500


def test_a_cashier_closes_her_session(cashier, card):
	opening = open_session_as(cashier)
	till_invoice(card.customer, [("SVC-HAIRCUT", 1, 400)], card=card.name, submit=True)
	closing = make_closing_entry_from_opening(frappe.get_doc("POS Opening Entry", opening.name))
	for row in closing.payment_reconciliation:
		row.closing_amount = row.expected_amount
	closing.insert()
	assert frappe.has_permission("POS Closing Entry", "submit", closing, user=cashier)
	# what the closing's submit does (without ERPNext's commit): merge the invoices, link the opening entry
	logs = merge_invoices(closing)
	assert frappe.db.get_value("Sales Invoice", logs[0].consolidated_invoice, "docstatus") == 1
	closing.update_opening_entry()
	assert frappe.db.get_value("POS Opening Entry", opening.name, "pos_closing_entry") == closing.name


def test_a_cashier_neither_cancels_nor_sees_another_cashiers_session(cashier):
	opening = frappe.get_doc("POS Opening Entry", open_session_as(cashier).name)
	assert not frappe.has_permission("POS Opening Entry", "cancel", opening, user=cashier)
	other = make_user()
	frappe.set_user(other)
	assert not frappe.has_permission("POS Opening Entry", "read", opening, user=other)


def test_a_cashier_may_pick_a_unit_in_the_item_details(cashier):
	frappe.set_user(cashier)
	assert frappe.has_permission("UOM", "select")
	assert not frappe.has_permission("UOM", "write")


def test_without_the_apps_grant_the_same_cashier_is_not_permitted(cashier):
	try:
		permissions.remove_cashier_permissions()
		with pytest.raises(frappe.PermissionError):
			open_session_as(cashier)
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for doctype in permissions.CASHIER_DOCTYPES:
			frappe.clear_cache(doctype=doctype)


def test_uninstall_leaves_erpnexts_own_rules_and_install_is_idempotent():
	try:
		permissions.ensure_cashier_permissions()
		for doctype in permissions.CASHIER_DOCTYPES:
			rules = frappe.get_all("Custom DocPerm", {"parent": doctype, "role": permissions.ROLE})
			assert len(rules) == 1
		permissions.remove_cashier_permissions()
		for doctype in permissions.CASHIER_DOCTYPES:
			assert frappe.db.count("Custom DocPerm", {"parent": doctype}) == 0
	finally:
		frappe.db.rollback()
		for doctype in permissions.CASHIER_DOCTYPES:
			frappe.clear_cache(doctype=doctype)
