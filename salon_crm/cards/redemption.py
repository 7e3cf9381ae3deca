"""Paying with a card on an invoice (Sales Invoice, POS Invoice): which lines it pays, the split, the
invoice's discount and card payment, the payments around it, and the ledger entry on submit.

Redemption (worked example, card value 4000 sold for 3500): a 400 service is eligible; value used 400, money
used 350, benefit 50. The benefit is the invoice's additional discount on Net Total (revenue and tax on 350);
the 350 is paid with the "Customer Discount" mode of payment whose account is the liability (POS invoices),
or settled by a Journal Entry Dr Liability / Cr Debtors against the invoice (credit invoices, see
salon_crm.cards.postings). Decisions at submit come from the card row locked FOR UPDATE.

"Eligible amount, then split" has one home, `split_for`: the invoice form's save, the submit, and the
preview the desk and the Point of Sale page show before saving (salon_crm.api.cards) all call it.

Payments of a till invoice (is_pos): the card's payment replaces, never adds to, the line the POS pre-filled
with the whole total (`replace_prefilled_payment`), and an invoice whose other payments already pay all that
is due while the card pays too is refused (`check_payments`): its card money would be handed out as change.
"""

from __future__ import annotations

from types import SimpleNamespace

import frappe
from frappe import _
from frappe.utils import cint, flt, fmt_money

from salon_crm.cards import ledger, usable
from salon_crm.cards.accounts import card_accounts, mode_of_payment
from salon_crm.cards.errors import (
	CardBalanceError,
	CardInvoiceDiscountError,
	CardOverpaymentError,
	NothingEligibleError,
)
from salon_crm.cards.sale import card_types
from salon_crm.rules import cards as card_rules

CARD_FIELDS = [
	"name",
	"docstatus",
	"status",
	"customer",
	"customer_profile",
	"company",
	"discount_type",
	"valid_from",
	"valid_until",
	"balance_value",
	"balance_money",
]

NO_SPLIT = card_rules.Split(0, 0, 0, 0, 0)


# ---------------------------------------------------------------- eligible amount, then split


def covered_items(card: str) -> set[str]:
	"""The services a card pays for: the list it was sold with (copied from its type at sale), so later
	edits of the type do not change cards already sold. Empty = any service."""
	return set(
		frappe.get_all(
			"Discount Type Service",
			filters={"parent": card, "parenttype": "Customer Discount"},
			pluck="item",
		)
	)


def eligible_amount(doc, card: str, *, priced: bool = False) -> float:
	"""Total of the invoice lines the card pays for (rules.cards.eligible_amount on the invoice's lines).

	`priced`: the invoice has been through ERPNext's validate, so each line's `amount` is ERPNext's figure
	(rate x qty after the line's discount and Pricing Rules, before the invoice's additional discount, which
	is the card's own benefit: net_amount would count it). Otherwise the lines are estimated from what they
	hold (the provisional split, the preview of a cart)."""
	sold = card_types(doc)
	lines = [
		card_rules.Line(
			item_code=row.item_code,
			amount=flt(row.amount) if priced else _estimate(row),
			is_card=row.item_code in sold,
			is_stock=bool(
				row.item_code and cint(frappe.get_cached_value("Item", row.item_code, "is_stock_item"))
			),
		)
		for row in doc.items
	]
	return card_rules.eligible_amount(lines, covered_items(card), ledger.precision())


def _estimate(row) -> float:
	"""A line's amount before ERPNext has priced it: its rate, or (API inserts) the price list rate less
	the line's discount percentage. Only a first guess: the split made from ERPNext's figures replaces it."""
	rate = flt(row.get("rate")) or flt(row.get("price_list_rate")) * (
		1 - flt(row.get("discount_percentage")) / 100
	)
	return flt(row.get("qty")) * rate


def split_for(card, doc, *, priced: bool = False) -> tuple[float, card_rules.Split]:
	"""(eligible amount, split) of `card` (a row with balance_value and balance_money) on `doc`: what the
	card pays of this invoice. The split is all zeros when nothing is covered or the card is empty."""
	eligible = eligible_amount(doc, card.name, priced=priced)
	if eligible <= 0 or flt(card.balance_value) <= 0:
		return eligible, NO_SPLIT
	return eligible, card_rules.split_redemption(
		card.balance_value, card.balance_money, eligible, ledger.precision()
	)


def preview(card, rows: list[dict]) -> dict:
	"""The split `card` would make on a cart of plain rows (item_code, qty, rate, price_list_rate,
	discount_percentage), as the server will make it on save: {eligible, value_used, money_used, benefit,
	value_after, money_after}."""
	# what split_for reads of an invoice (a _dict would shadow `items` with dict.items)
	cart = SimpleNamespace(items=[frappe._dict(r) for r in rows or []], flags=frappe._dict())
	eligible, split = split_for(card, cart)
	return {
		"eligible": eligible,
		"value_used": split.value_used,
		"money_used": split.money_used,
		"benefit": split.benefit,
		"value_after": flt(flt(card.balance_value) - split.value_used, ledger.precision()),
		"money_after": flt(flt(card.balance_money) - split.money_used, ledger.precision()),
	}


# ---------------------------------------------------------------- the invoice's discount and card payment


def prepare_redemption(doc, priced: bool = False) -> bool:
	"""Set the card's discount and payment on the invoice; `priced` as in eligible_amount. Returns whether
	they changed. Nothing covered is refused once ERPNext has priced the lines."""
	card = frappe.db.get_value("Customer Discount", doc.salon_customer_discount, CARD_FIELDS, as_dict=True)
	if not card:
		frappe.throw(
			_("Customer Discount {0} not found").format(doc.salon_customer_discount),
			exc=frappe.DoesNotExistError,
		)
	usable.check(card, doc.customer, doc.company, doc.posting_date)
	_check_manual_discount(doc)
	eligible, split = split_for(card, doc, priced=priced)
	if eligible <= 0:
		if not priced:  # ERPNext may still price the lines (Item Price): decide after its validate
			return set_redemption(doc, 0, 0, 0)
		frappe.throw(
			_("None of the items on this invoice are covered by card {0}").format(frappe.bold(card.name)),
			title=_("Nothing to Pay with the Card"),
			exc=NothingEligibleError,
		)
	if split.value_used <= 0:
		balance_changed(card, split, doc)
	if priced and doc.docstatus == 1 and _draft_value_used(doc) not in (None, split.value_used):
		balance_changed(card, split, doc)
	return set_redemption(doc, split.value_used, split.money_used, split.benefit)


def _check_manual_discount(doc) -> None:
	if flt(doc.additional_discount_percentage) or (
		flt(doc.discount_amount) and flt(doc.discount_amount) != flt(doc.get("salon_card_benefit"))
	):
		frappe.throw(
			_("The card's benefit is this invoice's additional discount: remove the other discount first"),
			title=_("Card and Discount"),
			exc=CardInvoiceDiscountError,
		)


def _draft_value_used(doc):
	before = doc.get_doc_before_save()
	if not before or before.docstatus != 0 or not before.get("salon_customer_discount"):
		return None
	return flt(before.get("salon_card_value_used"), ledger.precision())


def balance_changed(card, split, doc) -> None:
	if split.value_used <= 0:
		message = _("Customer Discount {0} has no balance left: pay this invoice another way").format(
			frappe.bold(card.name)
		)
	else:
		message = _(
			"The balance of Customer Discount {0} changed since this invoice was prepared (another till used "
			"it): it now covers {1} of value. Apply the card again to use what is left, or pay another way."
		).format(frappe.bold(card.name), _money(split.value_used, doc))
	frappe.throw(message, title=_("Card Balance Changed"), exc=CardBalanceError)


def set_redemption(doc, value_used: float, money_used: float, benefit: float) -> bool:
	"""Write the split on the invoice; returns whether its discount or card payment changed."""
	before = redemption_state(doc)
	doc.salon_card_value_used = value_used
	doc.salon_card_money_used = money_used
	doc.salon_card_benefit = benefit
	doc.apply_discount_on = "Net Total"
	doc.additional_discount_percentage = 0
	doc.discount_amount = benefit
	doc.disable_rounded_total = 1
	if cint(doc.is_pos):
		_set_card_payment(doc, money_used)
	return redemption_state(doc) != before


def redemption_state(doc) -> tuple:
	p = ledger.precision()
	return (
		flt(doc.get("salon_card_value_used"), p),
		flt(doc.get("salon_card_money_used"), p),
		flt(doc.discount_amount, p),
		flt(doc.additional_discount_percentage),
		doc.get("apply_discount_on"),
		cint(doc.get("disable_rounded_total")),
		card_payment(doc),
	)


def card_payment(doc) -> float:
	"""The invoice's payment with the card (its rows of the card's mode of payment)."""
	mop = mode_of_payment()
	return flt(
		sum(flt(row.amount) for row in doc.get("payments") or [] if row.mode_of_payment == mop),
		ledger.precision(),
	)


def _set_card_payment(doc, amount: float) -> None:
	mop = mode_of_payment()
	rows = [p for p in doc.get("payments") or [] if p.mode_of_payment == mop]
	for extra in rows[1:]:
		doc.remove(extra)
	if not amount:
		if rows:
			doc.remove(rows[0])
		return
	liability = card_accounts(doc.company).liability_account
	if rows:
		row = rows[0]
	else:
		row = doc.append("payments", {"mode_of_payment": mop})
	row.amount = amount
	row.base_amount = flt(amount * flt(doc.conversion_rate or 1), ledger.precision())
	row.account = liability
	row.type = "General"


def clear_redemption(doc) -> None:
	if flt(doc.get("salon_card_value_used")) or flt(doc.get("salon_card_benefit")):
		if flt(doc.discount_amount) == flt(doc.salon_card_benefit):
			doc.discount_amount = 0
		doc.salon_card_value_used = doc.salon_card_money_used = doc.salon_card_benefit = 0
	if cint(doc.is_pos) and any(p.mode_of_payment == mode_of_payment() for p in doc.get("payments") or []):
		_set_card_payment(doc, 0)


# ---------------------------------------------------------------- the other payments of a till invoice


def remember_payments(doc) -> None:
	"""Before anything of ours runs: the card payment the invoice arrived with, so that the validate step
	knows whether the card's share changed in this save."""
	doc.flags.salon_card_payment_in = card_payment(doc)


def _money(amount: float, doc) -> str:
	return fmt_money(amount, currency=doc.get("currency"))


def _due(doc) -> float:
	return flt(doc.rounded_total) or flt(doc.grand_total)


def settle_till_payments(doc, *, priced: bool) -> bool:
	"""When the card's share of a till invoice changed in this save, the line the POS pre-filled with the
	whole amount due gives way to it (replace_prefilled_payment), and the invoice's paid and change amounts
	follow (POS Invoices compute them only in the browser). Before ERPNext's validate (`priced` false) the
	amount due is estimated from a copy's totals, so that ERPNext's own payment checks (a return's paid
	amount) already see the final lines. Returns whether a line changed."""
	if not cint(doc.is_pos) or doc.flags.salon_card_payment_in is None:
		return False
	if flt(doc.flags.salon_card_payment_in, ledger.precision()) == card_payment(doc):
		return False
	due = None
	if not priced:
		# totals of a copy: computing them on the invoice before ERPNext has priced its lines would fill the
		# lines' empty price fields with zeros, and ERPNext would then apply no Pricing Rule to them
		estimate = frappe.get_doc(doc.as_dict())
		estimate.calculate_taxes_and_totals()
		due = _due(estimate)
	if not replace_prefilled_payment(doc, due):
		return False
	if hasattr(doc, "set_paid_amount"):
		doc.set_paid_amount()
	doc.change_amount = doc.base_change_amount = 0
	return True


def replace_prefilled_payment(doc, due: float | None = None) -> bool:
	"""The line the POS pre-filled with the whole amount due (the default mode of payment, or the only line
	with an amount) is set to what is left after the card, as ERPNext does for loyalty points and as its
	POS re-fills that line whenever the total changes. Lines the cashier split across several modes are
	left alone (check_payments decides). Returns whether the line changed."""
	p = ledger.precision()
	card = card_payment(doc)
	mop = mode_of_payment()
	others = [row for row in doc.get("payments") or [] if row.mode_of_payment != mop]
	filled = [row for row in others if flt(row.amount, p)]
	target = next((row for row in others if cint(row.get("default"))), None) or (
		filled[0] if len(filled) == 1 else None
	)
	if target is None or any(row is not target for row in filled):
		return False
	rest = card_rules.rest_after_card(_due(doc) if due is None else due, card, p)
	if flt(target.amount, p) == rest:
		return False
	target.amount = rest
	target.base_amount = flt(rest * flt(doc.conversion_rate or 1), p)
	return True


def check_payments(doc) -> None:
	"""Refuse a till sale whose other payments already pay all that is due while the card pays too."""
	if not cint(doc.is_pos) or cint(doc.is_return) or not doc.get("salon_customer_discount"):
		return
	p = ledger.precision()
	card = card_payment(doc)
	mop = mode_of_payment()
	others = flt(sum(flt(row.amount) for row in doc.payments if row.mode_of_payment != mop), p)
	due = _due(doc)
	if card_rules.card_overpays(due, card, others, p):
		frappe.throw(
			_(
				"Payments exceed what is due: the card pays {0} of {1}, and the other payments ({2}) already "
				"pay it all, so the card's money would be handed back as change. Set the other payments to "
				"the {3} left after the card, or remove the card."
			).format(
				frappe.bold(_money(card, doc)),
				_money(due, doc),
				_money(others, doc),
				frappe.bold(_money(card_rules.rest_after_card(due, card, p), doc)),
			),
			title=_("Overpaid with the Card"),
			exc=CardOverpaymentError,
		)


# ---------------------------------------------------------------- submit


def record_redemption(doc) -> None:
	"""The ledger entry of the redemption, decided from the card locked FOR UPDATE: the locked balance must
	still give the split the invoice was validated with, else nothing is written."""
	card = ledger.lock_card(doc.salon_customer_discount)
	if any(
		e.entry_type == card_rules.REDEMPTION
		for e in ledger.entries_of_voucher(doc.doctype, doc.name, card.name)
	):
		return  # one redemption per invoice, whatever runs this twice
	usable.check(card, doc.customer, doc.company, doc.posting_date)
	eligible, split = split_for(card, doc, priced=True)
	p = ledger.precision()
	if (
		split.value_used <= 0
		or split.value_used != flt(doc.salon_card_value_used, p)
		or split.money_used != flt(doc.salon_card_money_used, p)
	):
		balance_changed(card, split, doc)
	ledger.record(
		card,
		card_rules.REDEMPTION,
		doc.doctype,
		doc.name,
		-split.value_used,
		-split.money_used,
		1,
		posting_date=doc.posting_date,
		eligible_amount=eligible,
		used_value=split.value_used,
		used_money=split.money_used,
	)
	if not cint(doc.is_pos):
		from salon_crm.cards.postings import settle_credit_invoice

		settle_credit_invoice(doc, split.money_used)
