"""Closing a card's balance: expiry (breakage income) and refund (paid back). Each posts a Journal Entry
from the card liability and an immutable ledger entry, decided from the locked card row.

Money that comes back to a card after it closed (a redemption cancelled or returned later) is posted at once
by `close_restored`, the way the card's closing posted the rest, so a closed card never shows spendable money
and the GL is right the same day:

- expired card, or a card whose validity is over (consumed, then a return after its last valid day):
  breakage, Dr Card Liability / Cr Breakage Income, ledger entry "Expiry", status Expired;
- refunded card: the customer was paid out and the card is closed, so the money is owed to her, Dr Card
  Liability / Cr Debtors (party: the customer), an unallocated credit paid out or set against her next
  invoice; ledger entry "Refund", status stays Refunded;
- a consumed card still within its validity simply becomes Active again with the money (she can spend it).

Each such Journal Entry carries the invoice that gave the money back as its Reference Number (cheque_no);
cancelling that invoice later cancels it first (`reopen_for_cancel`).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, flt, getdate, nowdate

from salon_crm.cards import ledger, postings
from salon_crm.cards.accounts import card_accounts
from salon_crm.cards.errors import CardNotUsableError
from salon_crm.rules import cards as card_rules

_CLOSING = {  # entry type: (the card's status after it, the card field that keeps the money closed)
	card_rules.EXPIRY: (card_rules.EXPIRED, "expired_money"),
	card_rules.REFUND: (card_rules.REFUNDED, "refunded_money"),
}


def _close(
	card,
	entry_type: str,
	value: float,
	money: float,
	posting_date,
	credit_row: dict,
	remark: str,
	given_back_by: str | None = None,
) -> str | None:
	"""Close `value` / `money` of the locked card: a Journal Entry Dr Liability, Cr `credit_row` (when
	there is money; referencing the invoice that gave it back, if any) and the ledger entry of
	`entry_type`. Every expiry and refund, at the daily job, by a manager or at once on a closed card."""
	je = None
	if money > 0:
		je = postings.from_liability(card.company, money, credit_row, posting_date, remark)
		if given_back_by:
			_reference(je, given_back_by, posting_date)
	status, money_field = _CLOSING[entry_type]
	ledger.record(
		card,
		entry_type,
		"Journal Entry" if je else "Customer Discount",
		je or card.name,
		-value,
		-money,
		0,
		posting_date=posting_date,
		status=status,
		**{money_field: money},
	)
	return je


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
	je = _close(
		card,
		card_rules.EXPIRY,
		flt(card.balance_value),
		money,
		posting_date,
		{"account": card_accounts(card.company).breakage_account},
		_("Breakage of expired Customer Discount {0}").format(card.name),
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
	je = _close(
		card,
		card_rules.REFUND,
		value,
		money,
		posting_date,
		{"account": account},
		_("Refund of Customer Discount {0}").format(card.name),
	)
	frappe.db.set_value("Customer Discount", card.name, "closing_journal_entry", je, update_modified=False)
	return je


def on_journal_cancel(doc) -> None:
	"""An accountant cancelled an expiry or refund Journal Entry: the card gets its balance back."""
	for card in ledger.cancel_voucher_entries("Journal Entry", doc.name):
		if frappe.db.get_value("Customer Discount", card, "closing_journal_entry") == doc.name:
			frappe.db.set_value(
				"Customer Discount", card, "closing_journal_entry", None, update_modified=False
			)


# ---------------------------------------------------------------- money back on a closed card


def close_restored(card: frappe._dict, posting_date, voucher_type: str, voucher_no: str) -> str | None:
	"""Post at once what a cancellation or return gave back to a closed card (see the module's note).
	`card` is the locked row, already holding the restored balance. Returns the Journal Entry, if any."""
	value, money = flt(card.balance_value), flt(card.balance_money)
	if card.docstatus != 1 or (value <= 0 and money <= 0):
		return None
	posting_date = getdate(posting_date or nowdate())
	if card.status == card_rules.REFUNDED:
		return _owe_back(card, value, money, posting_date, voucher_no)
	over = card.valid_until and getdate(card.valid_until) < getdate(nowdate())
	if card.status == card_rules.EXPIRED or (card.status == card_rules.ACTIVE and over):
		return _break(card, value, money, posting_date, voucher_no)
	return None


def _break(card, value: float, money: float, posting_date, voucher_no: str) -> str | None:
	money = card_rules.breakage(money, ledger.precision())
	posting_date = max(posting_date, getdate(add_days(card.valid_until, 1)))
	return _close(
		card,
		card_rules.EXPIRY,
		value,
		money,
		posting_date,
		{"account": card_accounts(card.company).breakage_account},
		_("Breakage of Customer Discount {0}: given back by {1} after the card closed").format(
			card.name, voucher_no
		),
		given_back_by=voucher_no,
	)


def _owe_back(card, value: float, money: float, posting_date, voucher_no: str) -> str | None:
	from erpnext.accounts.party import get_party_account

	value, money = card_rules.refund_amounts(value, money, ledger.precision())
	return _close(
		card,
		card_rules.REFUND,
		value,
		money,
		posting_date,
		{
			"account": get_party_account("Customer", card.customer, card.company),
			"party_type": "Customer",
			"party": card.customer,
		},
		_("Owed to the customer of refunded Customer Discount {0}: given back by {1}").format(
			card.name, voucher_no
		),
		given_back_by=voucher_no,
	)


def _reference(je: str, voucher_no: str, posting_date) -> None:
	"""The invoice that gave the money back, as the Journal Entry's Reference Number and Date."""
	frappe.db.set_value(
		"Journal Entry", je, {"cheque_no": voucher_no, "cheque_date": posting_date}, update_modified=False
	)


def closings_of(card: str, voucher_no: str) -> list[str]:
	"""The live closing Journal Entries `close_restored` posted on `card` for the invoice `voucher_no`."""
	journals = frappe.get_all(
		"Customer Discount Entry",
		filters={
			"customer_discount": card,
			"entry_type": ("in", [card_rules.EXPIRY, card_rules.REFUND]),
			"voucher_type": "Journal Entry",
			"is_cancelled": 0,
		},
		pluck="voucher_no",
	)
	if not journals:
		return []
	return frappe.get_all(
		"Journal Entry",
		filters={"name": ("in", journals), "cheque_no": voucher_no, "docstatus": 1},
		pluck="name",
	)


def reopen_for_cancel(voucher_type: str, voucher_no: str) -> dict[str, str]:
	"""Before a voucher's card entries are reversed: cancel the closing Journal Entries posted for the money
	it gave back (their ledger entries are reversed with them). Returns {card: status before}, so that
	`restore_status` can put a closed card's status back once the voucher's own entries are reversed."""
	cards = {
		e.customer_discount
		for e in ledger.entries_of_voucher(voucher_type, voucher_no)
		if e.entry_type in (card_rules.RETURN, card_rules.REDEMPTION)
	}
	before = {}
	for name in sorted(cards):
		card = ledger.lock_card(name)
		before[name] = card.status
		for je in closings_of(name, voucher_no):
			journal_entry = frappe.get_doc("Journal Entry", je)
			journal_entry.flags.ignore_permissions = True
			journal_entry.cancel()
	return before


def restore_status(card: frappe._dict, status_before: str | None) -> None:
	"""A closed card stays closed when a voucher's entries are reversed (it must not turn Consumed or
	Active because its closing Journal Entry was cancelled on the way)."""
	if status_before in (card_rules.EXPIRED, card_rules.REFUNDED) and card.status != status_before:
		ledger.write_card(card, status_before)
