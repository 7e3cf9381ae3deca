"""Which cards can pay: the one home of "usable card" for everything that uses Frappe.

The rule itself is pure (salon_crm.rules.cards.unusable_reason: submitted, Active, the day within
valid_from..valid_until). Here it is applied to one card at an invoice (`check`, with the customer and company
tests and a message per reason), and written once as a query (`usable_filters`, `sql_condition`) for the lists
that show or count usable cards: the invoice form's and the till's card picker (salon_crm.api.cards) and the
Special Plan rule "holds an active card" (salon_crm.plans.eligibility).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from salon_crm.cards.errors import CardCompanyMismatchError, CardCustomerMismatchError, CardNotUsableError
from salon_crm.rules import cards as card_rules

PICKER_FIELDS = ("name", "discount_type", "balance_value", "balance_money", "value", "price", "valid_until")


def check(card, customer: str, company: str, on_date) -> None:
	"""Raise unless `card` (a row with docstatus, status, validity, customer and company) can pay an invoice
	of `customer` and `company` dated `on_date`."""
	on_date = getdate(on_date)
	label = frappe.bold(card.name)
	reason = card_rules.unusable_reason(
		card.docstatus,
		card.status,
		getdate(card.valid_from) if card.valid_from else None,
		getdate(card.valid_until) if card.valid_until else None,
		on_date,
	)
	if reason == card_rules.NOT_ACTIVE:
		frappe.throw(
			_("Customer Discount {0} is {1} and cannot be used").format(label, _(card.status)),
			title=_("Card Not Usable"),
			exc=CardNotUsableError,
		)
	if reason == card_rules.PAST_VALIDITY:
		frappe.throw(
			_("Customer Discount {0} expired on {1}").format(label, frappe.format(card.valid_until, "Date")),
			title=_("Card Not Usable"),
			exc=CardNotUsableError,
		)
	if reason == card_rules.NOT_YET_VALID:
		frappe.throw(
			_("Customer Discount {0} is valid from {1}").format(
				label, frappe.format(card.valid_from, "Date")
			),
			title=_("Card Not Usable"),
			exc=CardNotUsableError,
		)
	if card.customer != customer:
		frappe.throw(
			_("Customer Discount {0} belongs to another customer").format(label),
			title=_("Wrong Customer"),
			exc=CardCustomerMismatchError,
		)
	if card.company != company:
		frappe.throw(
			_("Customer Discount {0} belongs to company {1}").format(label, card.company),
			title=_("Wrong Company"),
			exc=CardCompanyMismatchError,
		)


def usable_filters(on_date) -> list[list]:
	"""Frappe list filters of the cards usable on `on_date` (the rule above, as a query). Every submitted
	card has both dates (valid_from is mandatory, valid_until is computed from it on validate)."""
	on_date = getdate(on_date)
	return [
		["docstatus", "=", 1],
		["status", "=", card_rules.ACTIVE],
		["valid_from", "<=", on_date],
		["valid_until", ">=", on_date],
	]


def usable_cards(customer: str, company: str | None = None, on_date=None, fields=PICKER_FIELDS) -> list[dict]:
	"""The customer's cards usable on `on_date` that the session user may read, soonest to end first."""
	filters = [["customer", "=", customer], *usable_filters(on_date)]
	if company:
		filters.append(["company", "=", company])
	return frappe.get_list(
		"Customer Discount", filters=filters, fields=list(fields), order_by="valid_until asc, name asc"
	)


def sql_condition(
	alias: str = "cd", on_date_param: str = "on_date", status_param: str = "card_status"
) -> str:
	"""The rule as a SQL condition on the Customer Discount aliased `alias`, for set-based queries; the
	query's parameters must give %(on_date_param)s the day and %(status_param)s card_rules.ACTIVE."""
	return (
		f"{alias}.docstatus = 1 and {alias}.status = %({status_param})s"
		f" and {alias}.valid_from <= %({on_date_param})s and {alias}.valid_until >= %({on_date_param})s"
	)


def has_usable_card(profile: str, on_date) -> bool:
	"""Whether the profile holds a card usable on `on_date` (any company)."""
	if not profile:
		return False
	return bool(
		frappe.get_all(
			"Customer Discount",
			filters=[["customer_profile", "=", profile], *usable_filters(on_date)],
			limit=1,
			pluck="name",
		)
	)
