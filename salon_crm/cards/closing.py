"""Closing a card's balance: expiry (breakage income) and refund (paid back). Each posts a Journal Entry
from the card liability and an immutable ledger entry, decided from the locked card row."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, flt, getdate, nowdate

from salon_crm.cards import ledger
from salon_crm.cards.accounts import card_accounts
from salon_crm.cards.errors import CardNotUsableError
from salon_crm.rules import cards as card_rules


def journal(
	company: str, debit: str, credit: str, amount: float, posting_date, remark: str, is_opening: bool = False
) -> str:
	"""A submitted two-line Journal Entry moving `amount` of a card's money (every card posting that is not
	an invoice: expiry, refund, the opening balance of an imported card)."""
	je = frappe.new_doc("Journal Entry")
	je.voucher_type = "Opening Entry" if is_opening else "Journal Entry"
	je.is_opening = "Yes" if is_opening else "No"
	je.company = company
	je.posting_date = posting_date
	je.user_remark = remark
	je.append("accounts", {"account": debit, "debit_in_account_currency": amount})
	je.append("accounts", {"account": credit, "credit_in_account_currency": amount})
	je.flags.ignore_permissions = True
	je.insert()
	je.submit()
	return je.name


def _journal(card, credit_account: str, amount: float, posting_date, remark: str) -> str:
	liability = card_accounts(card.company).liability_account
	return journal(card.company, liability, credit_account, amount, posting_date, remark)


def expire(card_name: str, on_date=None) -> str | None:
	"""Expire one card whose validity ended before `on_date`: its remaining money becomes breakage income
	(Dr Liability, Cr Breakage Income). Returns the Journal Entry, or None when nothing was due."""
	on_date = getdate(on_date or nowdate())
	card = ledger.lock_card(card_name)
	if (
		card.docstatus != 1
		or card.status in (card_rules.REFUNDED, card_rules.CANCELLED)
		or not card.valid_until
		or getdate(card.valid_until) >= on_date
		or (flt(card.balance_value) <= 0 and flt(card.balance_money) <= 0)
	):
		return None
	money = card_rules.breakage(card.balance_money, ledger.precision())
	posting_date = add_days(card.valid_until, 1)
	if getdate(posting_date) > on_date:
		posting_date = on_date
	je = None
	if money > 0:
		je = _journal(
			card,
			card_accounts(card.company).breakage_account,
			money,
			posting_date,
			_("Breakage of expired Customer Discount {0}").format(card.name),
		)
	ledger.record(
		card,
		"Expiry",
		"Journal Entry" if je else "Customer Discount",
		je or card.name,
		-flt(card.balance_value),
		-money,
		0,
		posting_date=posting_date,
		status=card_rules.EXPIRED,
		expired_money=money,
	)
	if je:
		frappe.db.set_value(
			"Customer Discount", card.name, "closing_journal_entry", je, update_modified=False
		)
	return je


def due_cards(on_date=None) -> list[str]:
	on_date = getdate(on_date or nowdate())
	Card = frappe.qb.DocType("Customer Discount")
	return (
		frappe.qb.from_(Card)
		.select(Card.name)
		.where(Card.docstatus == 1)
		.where(Card.valid_until < on_date)
		.where(Card.status.notin([card_rules.REFUNDED, card_rules.CANCELLED]))
		.where((Card.balance_value > 0) | (Card.balance_money > 0))
		.orderby(Card.valid_until)
		.run(pluck=True)
	)


def refund(card_name: str, mode_of_payment: str, posting_date=None) -> str:
	"""Pay back an unused balance (Dr Liability, Cr the mode of payment's account) and close the card."""
	posting_date = getdate(posting_date or nowdate())
	card = ledger.lock_card(card_name)
	if card.docstatus != 1 or card.status in (card_rules.REFUNDED, card_rules.CANCELLED, card_rules.CONSUMED):
		frappe.throw(
			_("Customer Discount {0} is {1}: there is nothing to refund").format(
				frappe.bold(card.name), _(card.status)
			),
			title=_("Cannot Refund"),
			exc=CardNotUsableError,
		)
	value, money = card_rules.refund_amounts(card.balance_value, card.balance_money, ledger.precision())
	if money <= 0:
		frappe.throw(
			_("Customer Discount {0} has no money balance to refund").format(frappe.bold(card.name)),
			title=_("Cannot Refund"),
			exc=CardNotUsableError,
		)
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import get_bank_cash_account

	account = get_bank_cash_account(mode_of_payment, card.company).get("account")
	je = _journal(card, account, money, posting_date, _("Refund of Customer Discount {0}").format(card.name))
	ledger.record(
		card,
		"Refund",
		"Journal Entry",
		je,
		-value,
		-money,
		0,
		posting_date=posting_date,
		status=card_rules.REFUNDED,
		refunded_money=money,
	)
	frappe.db.set_value("Customer Discount", card.name, "closing_journal_entry", je, update_modified=False)
	return je


def on_journal_cancel(doc) -> None:
	"""An accountant cancelled an expiry or refund Journal Entry: the card gets its balance back."""
	for card in ledger.cancel_voucher_entries("Journal Entry", doc.name):
		frappe.db.set_value("Customer Discount", card, "closing_journal_entry", None, update_modified=False)
