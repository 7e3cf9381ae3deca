"""Returns of an invoice a card paid: the return gives back to the card what its returned lines used, in
proportion to their eligible amount (rules.cards.split_return), drift-free over several partial returns.

A card that is closed by then (expired, refunded, or consumed with its validity over) does not keep the
money: salon_crm.cards.closing.close_restored posts it at once, as the card's closing posted the rest.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, flt

from salon_crm.cards import ledger
from salon_crm.cards.errors import CardBalanceError
from salon_crm.cards.redemption import clear_redemption, eligible_amount, redemption_state, set_redemption
from salon_crm.rules import cards as card_rules


def original_redemption(doc) -> tuple[str | None, frappe._dict | None]:
	"""(card, its live Redemption entry) of the invoice this return is against, or (None, None)."""
	if not doc.return_against:
		return None, None
	card = frappe.db.get_value(doc.doctype, doc.return_against, "salon_customer_discount")
	if not card:
		return None, None
	entries = ledger.entries_of_voucher(doc.doctype, doc.return_against, card)
	redemption = next((e for e in entries if e.entry_type == card_rules.REDEMPTION), None)
	return card, redemption


def _returned_so_far(doc, card: str) -> tuple[float, float, float]:
	"""Value, money and eligible amount restored to the card by earlier returns of the same invoice."""
	returns = frappe.get_all(
		doc.doctype,
		filters={"return_against": doc.return_against, "docstatus": 1, "name": ("!=", doc.name)},
		pluck="name",
	)
	if not returns:
		return 0.0, 0.0, 0.0
	entries = frappe.get_all(
		"Customer Discount Entry",
		filters={
			"customer_discount": card,
			"voucher_type": doc.doctype,
			"voucher_no": ("in", returns),
			"entry_type": card_rules.RETURN,
			"is_cancelled": 0,
		},
		fields=["value_delta", "money_delta", "eligible_amount"],
	)
	return (
		sum(flt(e.value_delta) for e in entries),
		sum(flt(e.money_delta) for e in entries),
		sum(flt(e.eligible_amount) for e in entries),
	)


def _return_split(doc, card: str, redemption, priced: bool = True) -> tuple[float, float, float, float]:
	"""(value, money) to restore for this return, its eligible amount, and the eligible amount returned
	before it; `priced` as in eligible_amount."""
	returned_eligible = eligible_amount(doc, card, priced=priced)
	value_so_far, money_so_far, eligible_so_far = _returned_so_far(doc, card)
	value, money = card_rules.split_return(
		used_value=-flt(redemption.value_delta),
		used_money=-flt(redemption.money_delta),
		used_eligible=flt(redemption.eligible_amount),
		returned_eligible=returned_eligible,
		restored_value_so_far=value_so_far,
		restored_money_so_far=money_so_far,
		precision=ledger.precision(),
		returned_eligible_so_far=eligible_so_far,
	)
	return value, money, returned_eligible, eligible_so_far


def prepare_return(doc, priced: bool = False) -> bool:
	"""A return gives back to the card what its lines used; returns whether the invoice's card figures
	changed."""
	card, redemption = original_redemption(doc)
	if not card or not redemption:
		before = redemption_state(doc)
		clear_redemption(doc)
		return redemption_state(doc) != before
	doc.salon_customer_discount = card
	value, money, _eligible, _before = _return_split(doc, card, redemption, priced=priced)
	return set_redemption(doc, -value, -money, -flt(value - money, ledger.precision()))


def record_return(doc) -> None:
	"""On submit: the Return entry, decided under the card's lock; a closed card's share is then posted
	at once (closing.close_restored)."""
	card_name, redemption = original_redemption(doc)
	if not card_name or not redemption:
		return
	card = ledger.lock_card(card_name)
	value, money, returned_eligible, eligible_so_far = _return_split(doc, card_name, redemption)
	p = ledger.precision()
	if value != -flt(doc.salon_card_value_used, p) or money != -flt(doc.salon_card_money_used, p):
		frappe.throw(
			_("The card amounts of this return changed while it was prepared: reload and submit again"),
			title=_("Card Balance Changed"),
			exc=CardBalanceError,
		)
	full = flt(eligible_so_far + returned_eligible, p) >= flt(redemption.eligible_amount, p)
	ledger.record(
		card,
		card_rules.RETURN,
		doc.doctype,
		doc.name,
		value,
		money,
		-1 if full else 0,
		posting_date=doc.posting_date,
		eligible_amount=returned_eligible,
		used_value=-value,
		used_money=-money,
	)
	if not cint(doc.is_pos) and money:
		from salon_crm.cards.postings import settle_credit_invoice

		settle_credit_invoice(doc, -money)
	from salon_crm.cards.closing import close_restored

	close_restored(card, doc.posting_date, doc.doctype, doc.name)
