"""The card ledger: every change to a card is an immutable Customer Discount Entry, written here only,
deciding from the card row locked FOR UPDATE (never from a balance read earlier in the transaction)."""

from __future__ import annotations

import frappe
from frappe.utils import cint, escape_html, flt, getdate, nowdate

from salon_crm.rules import cards as card_rules

BALANCE_FIELDS = (
	"name",
	"docstatus",
	"status",
	"customer_profile",
	"customer",
	"company",
	"discount_type",
	"value",
	"price",
	"valid_from",
	"valid_until",
	"balance_value",
	"balance_money",
	"visits",
	"used_value",
	"used_money",
	"expired_money",
	"refunded_money",
)


def lock_card(card: str) -> frappe._dict:
	"""The card's row, locked until the transaction ends. Every balance decision starts here."""
	row = frappe.db.get_value("Customer Discount", card, BALANCE_FIELDS, as_dict=True, for_update=True)
	if not row:
		frappe.throw(
			frappe._("Customer Discount {0} not found").format(escape_html(card)),
			exc=frappe.DoesNotExistError,
		)
	return row


def precision() -> int:
	return cint(frappe.db.get_default("currency_precision")) or 2


def record(
	card: frappe._dict,
	entry_type: str,
	voucher_type: str,
	voucher_no: str,
	value_delta: float,
	money_delta: float,
	visits_delta: int = 0,
	posting_date=None,
	eligible_amount: float = 0,
	is_cancelled: int = 0,
	status: str | None = None,
	**totals,
) -> str:
	"""Move the locked card's balances by the deltas, write one ledger entry with the balances after, and
	save the card's balances, totals (deltas of used_value, used_money, expired_money, refunded_money) and
	status. `card` must come from lock_card() in this transaction; it is updated in place."""
	from salon_crm.cards.errors import CardBalanceError

	p = precision()
	value_after = flt(flt(card.balance_value, p) + flt(value_delta, p), p)
	money_after = flt(flt(card.balance_money, p) + flt(money_delta, p), p)
	if value_after < 0 or money_after < 0:
		frappe.throw(
			frappe._("Customer Discount {0} cannot go below zero").format(frappe.bold(card.name)),
			title=frappe._("Card Balance"),
			exc=CardBalanceError,
		)
	entry = frappe.get_doc(
		{
			"doctype": "Customer Discount Entry",
			"customer_discount": card.name,
			"customer_profile": card.customer_profile,
			"customer": card.customer,
			"company": card.company,
			"posting_date": getdate(posting_date or nowdate()),
			"entry_type": entry_type,
			"voucher_type": voucher_type,
			"voucher_no": voucher_no,
			"eligible_amount": flt(eligible_amount, p),
			"value_delta": flt(value_delta, p),
			"money_delta": flt(money_delta, p),
			"visits_delta": visits_delta,
			"value_balance": value_after,
			"money_balance": money_after,
			"is_cancelled": is_cancelled,
		}
	)
	entry.flags.from_card_ledger = True
	entry.insert(ignore_permissions=True)

	card.balance_value = value_after
	card.balance_money = money_after
	card.visits = cint(card.visits) + cint(visits_delta)
	for key, delta in totals.items():
		card[key] = flt(flt(card.get(key), p) + flt(delta, p), p)
	write_card(card, status)
	return entry.name


def write_card(card: frappe._dict, status: str | None = None) -> None:
	"""Save the locked card's balances and status (named by a closing step, else rules.cards.status_after)."""
	card.status = status or card_rules.status_after(
		card.status, card.balance_value, card.balance_money, card.docstatus
	)
	frappe.db.set_value(
		"Customer Discount",
		card.name,
		{
			"balance_value": card.balance_value,
			"balance_money": card.balance_money,
			"visits": card.visits,
			"used_value": card.used_value,
			"used_money": card.used_money,
			"expired_money": card.expired_money,
			"refunded_money": card.refunded_money,
			"status": card.status,
		},
		update_modified=True,
	)


def entries_of_voucher(voucher_type: str, voucher_no: str, card: str | None = None) -> list[frappe._dict]:
	filters = {"voucher_type": voucher_type, "voucher_no": voucher_no, "is_cancelled": 0}
	if card:
		filters["customer_discount"] = card
	return frappe.get_all(
		"Customer Discount Entry",
		filters=filters,
		fields=[
			"name",
			"customer_discount",
			"entry_type",
			"value_delta",
			"money_delta",
			"visits_delta",
			"eligible_amount",
			"posting_date",
		],
		order_by="creation asc",
	)


TOTALS_OF_ENTRY = {
	card_rules.REDEMPTION: ("used_value", "used_money"),
	card_rules.RETURN: ("used_value", "used_money"),
	card_rules.EXPIRY: (None, "expired_money"),
	card_rules.REFUND: (None, "refunded_money"),
}
"""The card totals an entry type moved (value total, money total): a reversal moves them back."""


def cancel_voucher_entries(
	voucher_type: str, voucher_no: str, reversal_type: str | None = None, cards: list[str] | None = None
) -> list[str]:
	"""Reverse every live entry of a cancelled voucher, as ERPNext does with GL Entries: the originals are
	flagged is_cancelled and a reversing entry (also flagged) records the change while the card's balances
	and totals move back. A card's balance is always the sum of its live entries. The reversal is named
	`reversal_type`, or "<entry type> Reversal". Returns the cards touched."""
	touched = []
	entries = entries_of_voucher(voucher_type, voucher_no)
	if cards is not None:
		entries = [e for e in entries if e.customer_discount in cards]
	for card_name in dict.fromkeys(e.customer_discount for e in entries):
		card = lock_card(card_name)
		for entry in (e for e in entries if e.customer_discount == card_name):
			frappe.db.set_value(
				"Customer Discount Entry", entry.name, "is_cancelled", 1, update_modified=False
			)
			value_total, money_total = TOTALS_OF_ENTRY.get(entry.entry_type, (None, None))
			totals = {}
			if value_total:
				totals[value_total] = entry.value_delta
			if money_total:
				totals[money_total] = entry.money_delta
			if entry.entry_type in (card_rules.EXPIRY, card_rules.REFUND):
				card.status = card_rules.ACTIVE  # the balance comes back: status follows it again
			record(
				card,
				reversal_type or f"{entry.entry_type} Reversal",
				voucher_type,
				voucher_no,
				-flt(entry.value_delta),
				-flt(entry.money_delta),
				-cint(entry.visits_delta),
				posting_date=entry.posting_date,
				eligible_amount=-flt(entry.eligible_amount),
				is_cancelled=1,
				**totals,
			)
		touched.append(card_name)
	return touched
