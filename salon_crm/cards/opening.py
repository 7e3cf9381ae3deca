"""Opening balances: prepaid cards sold in the previous system, brought in by Data Import of Opening Card
Import rows. Each row becomes a submitted Customer Discount (redeemed, expired and refunded like a card sold
in ERPNext), an "Opening" card ledger entry for its remaining value and money, and an opening Journal Entry
(Dr the company's Temporary Opening account, Cr the card liability) that the ledger entry names."""

from __future__ import annotations

import re

import frappe
from frappe import _
from frappe.utils import cstr, escape_html, flt, getdate, nowdate

from salon_crm.cards import ledger
from salon_crm.cards.accounts import card_accounts
from salon_crm.cards.errors import CardAlreadyImportedError, OpeningCardError
from salon_crm.cards.postings import journal
from salon_crm.customers import profile as profile_service
from salon_crm.rules import cards as card_rules
from salon_crm.rules import phone as phone_rules


def _refuse(message: str, exc=OpeningCardError) -> None:
	frappe.throw(message, title=_("Card Not Imported"), exc=exc)


def check_row(row) -> None:
	"""Resolve and check one row; every refusal names what is wrong with it. Sets the row's customer
	profile, expiry and opening date."""
	for field in ("customer", "card_type", "company", "old_card_number", "services"):
		row.set(field, cstr(row.get(field)).strip())
	p = ledger.precision()
	row.remaining_value = flt(row.remaining_value, p)
	row.remaining_money = flt(row.remaining_money, p)

	if not frappe.db.exists("Company", row.company):
		_refuse(_("Company {0} does not exist").format(frappe.bold(escape_html(row.company))))
	card_type = frappe.db.get_value(
		"Discount Type", row.card_type, ["name", "company", "validity_months"], as_dict=True
	)
	if not card_type:
		_refuse(
			_("Card type {0} does not exist: create the Discount Type first").format(
				frappe.bold(escape_html(row.card_type))
			)
		)
	if card_type.company != row.company:
		_refuse(
			_("Card type {0} belongs to company {1}, not {2}").format(
				frappe.bold(escape_html(row.card_type)),
				card_type.company,
				frappe.bold(escape_html(row.company)),
			)
		)
	row.customer_profile = find_customer(row.customer)
	_check_not_imported(row)
	_check_amounts(row)
	_check_dates(row, card_type)
	_check_services(row)
	card_accounts(row.company)
	temporary_opening_account(row.company)


def find_customer(text: str) -> str:
	"""The profile a card row names: its Previous System Number, its Customer Number, or its mobile."""
	found = profile_service.profile_with_old_number(text)
	if found:
		return found.name
	if frappe.db.exists("Customer Profile", text):
		return text
	try:
		number = phone_rules.normalize(text, profile_service.default_region())
	except phone_rules.PhoneError:
		number = None
	profiles = profile_service.profiles_with_number(number) if number else []
	if len(profiles) == 1:
		return profiles[0].name
	if len(profiles) > 1:
		_refuse(
			_("Mobile {0} belongs to several customers ({1}): use the customer's number").format(
				frappe.bold(escape_html(text)), ", ".join(p.name for p in profiles)
			)
		)
	_refuse(
		_("No customer has the number or mobile {0}: import the customers first").format(
			frappe.bold(escape_html(text))
		)
	)


def _check_not_imported(row) -> None:
	existing = frappe.db.get_value(
		"Customer Discount",
		{"old_card_number": row.old_card_number, "company": row.company, "docstatus": ("<", 2)},
		"name",
	)
	if existing:
		_refuse(
			_("Card {0} was already imported as {1}").format(
				frappe.bold(escape_html(row.old_card_number)), existing
			),
			CardAlreadyImportedError,
		)


def _check_amounts(row) -> None:
	value, money = row.remaining_value, row.remaining_money
	if value <= 0:
		_refuse(_("Remaining Value must be more than 0, not {0}").format(value))
	if money <= 0:
		_refuse(_("Remaining Money must be more than 0, not {0}").format(money))
	if money > value:
		_refuse(_("Remaining Money {0} cannot be more than the Remaining Value {1}").format(money, value))


def _check_dates(row, card_type) -> None:
	row.sale_date = getdate(row.sale_date)
	row.posting_date = getdate(row.posting_date or nowdate())
	if row.sale_date > row.posting_date:
		_refuse(
			_("Original Sale Date {0} is after the Opening Date {1}").format(
				frappe.format(row.sale_date, "Date"), frappe.format(row.posting_date, "Date")
			)
		)
	row.expiry_date = getdate(
		row.expiry_date or card_rules.valid_until(row.sale_date, int(card_type.validity_months))
	)
	if row.expiry_date < getdate(nowdate()):
		_refuse(
			_("Card {0} already expired on {1}").format(
				frappe.bold(escape_html(row.old_card_number)), frappe.format(row.expiry_date, "Date")
			)
		)


def services_of(row) -> list[str]:
	return list(dict.fromkeys(s.strip() for s in re.split(r"[,;\n]", row.services or "") if s.strip()))


def _check_services(row) -> None:
	for item in services_of(row):
		if not frappe.db.exists("Item", item):
			_refuse(_("Covered service {0} is not an Item").format(frappe.bold(escape_html(item))))


def temporary_opening_account(company: str) -> str:
	"""ERPNext's opening account of the company ("Temporary Opening"): account type Temporary, a ledger."""
	account = frappe.db.get_value(
		"Account", {"company": company, "account_type": "Temporary", "is_group": 0, "disabled": 0}, "name"
	)
	if not account:
		_refuse(
			_("Company {0} has no Temporary Opening account (account type Temporary) in its chart").format(
				frappe.bold(escape_html(company))
			)
		)
	return account


def open_card(row) -> str:
	"""Create the card of a checked row, post its opening Journal Entry and record its Opening entry."""
	card = frappe.get_doc(
		{
			"doctype": "Customer Discount",
			"customer_profile": row.customer_profile,
			"discount_type": row.card_type,
			"valid_from": row.sale_date,
			"valid_until": row.expiry_date,
			"old_card_number": row.old_card_number,
			"services": [{"item": item} for item in services_of(row)],
		}
	)
	card.flags.from_opening = True
	card.flags.ignore_permissions = True
	card.insert()
	card.submit()

	amount = flt(row.remaining_money, ledger.precision())
	je = journal(
		row.company,
		[
			{"account": temporary_opening_account(row.company), "debit_in_account_currency": amount},
			{"account": card_accounts(row.company).liability_account, "credit_in_account_currency": amount},
		],
		row.posting_date,
		_("Opening balance of card {0} from the previous system ({1})").format(
			row.old_card_number, card.name
		),
		is_opening=True,
	)
	locked = ledger.lock_card(card.name)
	ledger.record(
		locked,
		card_rules.OPENING,
		"Journal Entry",
		je,
		row.remaining_value,
		row.remaining_money,
		posting_date=row.posting_date,
	)
	frappe.db.set_value("Customer Discount", card.name, "opening_journal_entry", je, update_modified=False)
	row.db_set({"customer_discount": card.name, "journal_entry": je}, update_modified=False)
	return card.name


def on_journal_cancel(doc) -> None:
	"""An imported card's opening Journal Entry was cancelled (its Opening entry is already reversed, which
	is refused once the card has been used): the card is cancelled too, so the row can be imported again."""
	for name in frappe.get_all(
		"Customer Discount", filters={"opening_journal_entry": doc.name, "docstatus": 1}, pluck="name"
	):
		card = frappe.get_doc("Customer Discount", name)
		card.flags.from_opening = True
		card.flags.ignore_permissions = True
		card.cancel()
