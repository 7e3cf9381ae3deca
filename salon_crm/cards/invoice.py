"""Cards on ERPNext invoices (Sales Invoice and POS Invoice): selling a card, redeeming it, returns and
cancellations. Called from salon_crm/overrides/sales_invoice.py.

Redemption (worked example, card value 4000 sold for 3500): a 400 service is eligible; value used 400, money
used 350, benefit 50. The benefit is the invoice's additional discount on Net Total (revenue and tax on 350);
the 350 is paid with the "Customer Discount" mode of payment whose account is the liability (POS invoices),
or settled by a Journal Entry Dr Liability / Cr Debtors against the invoice (credit invoices).
Decisions at submit come from the card row locked FOR UPDATE.

When: ERPNext prices the lines in its own validate (Pricing Rules, line discounts, then
calculate_taxes_and_totals). before_validate sets a provisional split from what the lines hold, so that
ERPNext validates an invoice that already carries the card's discount and payment; the validate doc_event,
which runs after ERPNext's validate, makes the split from the line amounts ERPNext computed and, if that
changes it, has ERPNext validate the invoice again so its totals, payments and checks use the final figures.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, escape_html, flt, fmt_money, getdate

from salon_crm.cards import ledger
from salon_crm.cards.accounts import card_accounts, mode_of_payment
from salon_crm.cards.errors import (
	CardBalanceError,
	CardCompanyMismatchError,
	CardCustomerMismatchError,
	CardInvoiceDiscountError,
	CardNotUsableError,
	CardSaleError,
	NothingEligibleError,
)
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


# ---------------------------------------------------------------- lookups


def card_types(doc) -> dict[str, str]:
	"""{item code: Discount Type} of the card items on this invoice, read once per set of item codes."""
	codes = tuple(sorted({row.item_code for row in doc.items if row.item_code}))
	cached = doc.flags.salon_card_types
	if cached is None or cached[0] != codes:
		found = (
			dict(
				frappe.get_all(
					"Discount Type", filters={"item": ("in", codes)}, fields=["item", "name"], as_list=True
				)
			)
			if codes
			else {}
		)
		doc.flags.salon_card_types = cached = (codes, found)
	return cached[1]


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
	"""Total of the invoice lines the card pays for: its services, or any service (non-stock, non-card
	item) when it lists none. Absolute value, so returns use the same rule.

	`priced`: the invoice has been through ERPNext's validate, so each line's `amount` is ERPNext's figure
	(rate x qty after the line's discount and Pricing Rules, before the invoice's additional discount, which
	is the card's own benefit: net_amount would count it). Otherwise the lines are estimated from what they
	hold (the provisional split, the desk's preview)."""
	covered = covered_items(card)
	cards_sold = card_types(doc)
	total = 0.0
	for row in doc.items:
		if row.item_code in cards_sold:
			continue
		if covered:
			if row.item_code not in covered:
				continue
		elif cint(frappe.get_cached_value("Item", row.item_code, "is_stock_item")):
			continue
		total += flt(row.amount) if priced else _estimate(row)
	return abs(flt(total, ledger.precision()))


def _estimate(row) -> float:
	"""A line's amount before ERPNext has priced it: its rate, or (API inserts) the price list rate less
	the line's discount percentage. Only a first guess: the split made from ERPNext's figures replaces it."""
	rate = flt(row.rate) or flt(row.price_list_rate) * (1 - flt(row.discount_percentage) / 100)
	return flt(row.qty) * rate


def _money(amount, doc) -> str:
	return fmt_money(amount, currency=doc.get("currency"))


# ---------------------------------------------------------------- validate


def before_validate(doc) -> None:
	"""Before ERPNext's validate: check a card sale and set a provisional redemption."""
	if cint(doc.get("is_consolidated")):
		return  # the POS invoices it merges already did the card work
	card_rows = [row for row in doc.items if row.item_code in card_types(doc)]
	if card_rows:
		validate_card_sale(doc, card_rows)
	if cint(doc.is_return):
		prepare_return(doc)
	elif doc.get("salon_customer_discount"):
		prepare_redemption(doc)
	else:
		clear_redemption(doc)


def validate(doc) -> None:
	"""After ERPNext's validate (lines priced, totals computed): card prices and the redemption from
	ERPNext's line amounts; if the redemption changes, ERPNext validates the invoice again with it."""
	if cint(doc.get("is_consolidated")):
		return
	for row in doc.items:
		if row.item_code in card_types(doc):
			_check_card_price(doc, row)
	if cint(doc.is_return):
		changed = prepare_return(doc, priced=True)
	elif doc.get("salon_customer_discount"):
		changed = prepare_redemption(doc, priced=True)
	else:
		return
	if changed:
		# the discount and the card payment moved: ERPNext's totals, payments, status and their checks
		doc.validate()


def validate_card_sale(doc, rows) -> None:
	if cint(doc.is_return):
		frappe.throw(
			_(
				"A card sale is not returned with a credit note: refund the card's balance from the card instead"
			),
			title=_("Card Sale"),
			exc=CardSaleError,
		)
	if doc.get("salon_customer_discount"):
		frappe.throw(
			_("An invoice cannot sell a card and redeem one at the same time"),
			title=_("Card Sale"),
			exc=CardSaleError,
		)
	if flt(doc.discount_amount) or flt(doc.additional_discount_percentage):
		frappe.throw(
			_(
				"An invoice that sells a card cannot have an additional discount (it would change the card's liability)"
			),
			title=_("Card Sale"),
			exc=CardInvoiceDiscountError,
		)
	if not frappe.db.get_value("Customer", doc.customer, "salon_customer_profile"):
		frappe.throw(
			_("Customer {0} has no Customer Profile: create one before selling a card").format(
				frappe.bold(escape_html(doc.customer))
			),
			title=_("Card Sale"),
			exc=CardSaleError,
		)
	accounts = card_accounts(doc.company)
	from salon_crm.cards.taxes import zero_tax_template

	template = zero_tax_template(doc.company, [tax.account_head for tax in doc.get("taxes") or []])
	for row in rows:
		discount_type = frappe.get_cached_doc("Discount Type", card_types(doc)[row.item_code])
		if discount_type.company != doc.company:
			frappe.throw(
				_("Row {0}: card {1} belongs to company {2}").format(
					row.idx, frappe.bold(escape_html(discount_type.name)), escape_html(discount_type.company)
				),
				title=_("Card Sale"),
				exc=CardCompanyMismatchError,
			)
		if not discount_type.enabled:
			frappe.throw(
				_("Row {0}: card {1} is disabled").format(
					row.idx, frappe.bold(escape_html(discount_type.name))
				),
				title=_("Card Sale"),
				exc=CardSaleError,
			)
		if flt(row.qty) <= 0 or flt(row.qty) != cint(row.qty):
			frappe.throw(
				_("Row {0}: cards are sold in whole, positive quantities").format(row.idx),
				title=_("Card Sale"),
				exc=CardSaleError,
			)
		_check_card_price(doc, row)
		row.income_account = accounts.liability_account
		if template:  # the sale is a liability, taxed when the card is used
			row.item_tax_template = template


def _check_card_price(doc, row) -> None:
	"""A card sells at its type's price (the liability it opens), also after ERPNext's Pricing Rules."""
	discount_type = frappe.get_cached_doc("Discount Type", card_types(doc)[row.item_code])
	if flt(row.rate, ledger.precision()) != flt(discount_type.price, ledger.precision()):
		frappe.throw(
			_("Row {0}: card {1} sells for {2}, not {3}").format(
				row.idx,
				frappe.bold(escape_html(discount_type.name)),
				_money(discount_type.price, doc),
				_money(row.rate, doc),
			),
			title=_("Card Sale"),
			exc=CardSaleError,
		)


def _usable(card, doc) -> None:
	posting = getdate(doc.posting_date)
	label = frappe.bold(card.name)
	if card.docstatus != 1 or card.status != card_rules.ACTIVE:
		frappe.throw(
			_("Customer Discount {0} is {1} and cannot be used").format(label, _(card.status)),
			title=_("Card Not Usable"),
			exc=CardNotUsableError,
		)
	if card.valid_until and posting > getdate(card.valid_until):
		frappe.throw(
			_("Customer Discount {0} expired on {1}").format(label, frappe.format(card.valid_until, "Date")),
			title=_("Card Not Usable"),
			exc=CardNotUsableError,
		)
	if card.valid_from and posting < getdate(card.valid_from):
		frappe.throw(
			_("Customer Discount {0} is valid from {1}").format(
				label, frappe.format(card.valid_from, "Date")
			),
			title=_("Card Not Usable"),
			exc=CardNotUsableError,
		)
	if card.customer != doc.customer:
		frappe.throw(
			_("Customer Discount {0} belongs to another customer").format(label),
			title=_("Wrong Customer"),
			exc=CardCustomerMismatchError,
		)
	if card.company != doc.company:
		frappe.throw(
			_("Customer Discount {0} belongs to company {1}").format(label, card.company),
			title=_("Wrong Company"),
			exc=CardCompanyMismatchError,
		)


def _check_manual_discount(doc) -> None:
	if flt(doc.additional_discount_percentage) or (
		flt(doc.discount_amount) and flt(doc.discount_amount) != flt(doc.get("salon_card_benefit"))
	):
		frappe.throw(
			_("The card's benefit is this invoice's additional discount: remove the other discount first"),
			title=_("Card and Discount"),
			exc=CardInvoiceDiscountError,
		)


def prepare_redemption(doc, priced: bool = False) -> bool:
	"""Set the card's discount and payment on the invoice; `priced` as in eligible_amount. Returns whether
	they changed. Nothing covered is refused once ERPNext has priced the lines."""
	card = frappe.db.get_value("Customer Discount", doc.salon_customer_discount, CARD_FIELDS, as_dict=True)
	if not card:
		frappe.throw(_("Customer Discount {0} not found").format(doc.salon_customer_discount))
	_usable(card, doc)
	_check_manual_discount(doc)
	eligible = eligible_amount(doc, card.name, priced=priced)
	if eligible <= 0:
		if not priced:  # ERPNext may still price the lines (Item Price): decide after its validate
			return _set_redemption(doc, 0, 0, 0)
		frappe.throw(
			_("None of the items on this invoice are covered by card {0}").format(frappe.bold(card.name)),
			title=_("Nothing to Pay with the Card"),
			exc=NothingEligibleError,
		)
	split = card_rules.split_redemption(card.balance_value, card.balance_money, eligible, ledger.precision())
	if priced and doc.docstatus == 1 and _draft_value_used(doc) not in (None, split.value_used):
		_balance_changed(card, split, doc)
	return _set_redemption(doc, split.value_used, split.money_used, split.benefit)


def _draft_value_used(doc):
	before = doc.get_doc_before_save()
	if not before or before.docstatus != 0 or not before.get("salon_customer_discount"):
		return None
	return flt(before.get("salon_card_value_used"), ledger.precision())


def _balance_changed(card, split, doc) -> None:
	if split.value_used <= 0:
		message = _("Customer Discount {0} has no balance left").format(frappe.bold(card.name))
	else:
		message = _(
			"The balance of Customer Discount {0} changed since this invoice was prepared (another till used "
			"it): it now covers {1} of value. Reload the invoice and submit again."
		).format(frappe.bold(card.name), _money(split.value_used, doc))
	frappe.throw(message, title=_("Card Balance Changed"), exc=CardBalanceError)


def _set_redemption(doc, value_used: float, money_used: float, benefit: float) -> bool:
	"""Write the split on the invoice; returns whether its discount or card payment changed."""
	before = _redemption_state(doc)
	doc.salon_card_value_used = value_used
	doc.salon_card_money_used = money_used
	doc.salon_card_benefit = benefit
	doc.apply_discount_on = "Net Total"
	doc.additional_discount_percentage = 0
	doc.discount_amount = benefit
	doc.disable_rounded_total = 1
	if cint(doc.is_pos):
		_set_card_payment(doc, money_used)
	return _redemption_state(doc) != before


def _redemption_state(doc) -> tuple:
	p = ledger.precision()
	mop = mode_of_payment()
	return (
		flt(doc.get("salon_card_value_used"), p),
		flt(doc.get("salon_card_money_used"), p),
		flt(doc.discount_amount, p),
		flt(doc.additional_discount_percentage),
		doc.get("apply_discount_on"),
		cint(doc.get("disable_rounded_total")),
		tuple(flt(row.amount, p) for row in doc.get("payments") or [] if row.mode_of_payment == mop),
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


# ---------------------------------------------------------------- returns


def _original_redemption(doc) -> tuple[str | None, frappe._dict | None]:
	if not doc.return_against:
		return None, None
	card = frappe.db.get_value(doc.doctype, doc.return_against, "salon_customer_discount")
	if not card:
		return None, None
	entries = ledger.entries_of_voucher(doc.doctype, doc.return_against, card)
	redemption = next((e for e in entries if e.entry_type == "Redemption"), None)
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
			"entry_type": "Return",
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
	card, redemption = _original_redemption(doc)
	if not card or not redemption:
		before = _redemption_state(doc)
		clear_redemption(doc)
		return _redemption_state(doc) != before
	doc.salon_customer_discount = card
	value, money, _eligible, _before = _return_split(doc, card, redemption, priced=priced)
	return _set_redemption(doc, -value, -money, -flt(value - money, ledger.precision()))


# ---------------------------------------------------------------- submit


def on_submit(doc) -> None:
	if cint(doc.get("is_consolidated")):
		return
	sell_cards(doc)
	if not doc.get("salon_customer_discount"):
		return
	if cint(doc.is_return):
		record_return(doc)
	else:
		record_redemption(doc)


def sell_cards(doc) -> None:
	from salon_crm.cards import sale

	sold = card_types(doc)
	for row in doc.items:
		if row.item_code in sold:
			sale.activate_cards_for_row(doc, row, sold[row.item_code])


def record_redemption(doc) -> None:
	card = ledger.lock_card(doc.salon_customer_discount)
	_usable(card, doc)
	eligible = eligible_amount(doc, card.name, priced=True)
	if flt(card.balance_value) <= 0:
		_balance_changed(card, card_rules.Split(0, 0, 0, 0, 0), doc)
	split = card_rules.split_redemption(card.balance_value, card.balance_money, eligible, ledger.precision())
	p = ledger.precision()
	if split.value_used != flt(doc.salon_card_value_used, p) or split.money_used != flt(
		doc.salon_card_money_used, p
	):
		_balance_changed(card, split, doc)
	ledger.record(
		card,
		"Redemption",
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
		settle_credit_invoice(doc, split.money_used)


def record_return(doc) -> None:
	card_name, redemption = _original_redemption(doc)
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
		"Return",
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
		settle_credit_invoice(doc, -money)


def settle_credit_invoice(doc, amount: float) -> str | None:
	"""Pay (or, for a return, refund) a credit invoice's card share with a Journal Entry between the card
	liability and the customer's receivable, referencing the invoice."""
	if not amount or doc.doctype != "Sales Invoice":
		return None
	liability = card_accounts(doc.company).liability_account
	amount = flt(amount, ledger.precision())
	je = frappe.new_doc("Journal Entry")
	je.voucher_type = "Journal Entry"
	je.company = doc.company
	je.posting_date = doc.posting_date
	je.user_remark = _("Customer Discount {0} on {1}").format(doc.salon_customer_discount, doc.name)
	je.append(
		"accounts",
		{
			"account": liability,
			"debit_in_account_currency": amount if amount > 0 else 0,
			"credit_in_account_currency": -amount if amount < 0 else 0,
		},
	)
	je.append(
		"accounts",
		{
			"account": doc.debit_to,
			"party_type": "Customer",
			"party": doc.customer,
			"credit_in_account_currency": amount if amount > 0 else 0,
			"debit_in_account_currency": -amount if amount < 0 else 0,
			"reference_type": doc.doctype,
			"reference_name": doc.name,
		},
	)
	je.flags.ignore_permissions = True
	je.insert()
	je.submit()
	return je.name


def settlement_journal_entries(doc) -> list[str]:
	liability = card_accounts(doc.company).liability_account
	parents = frappe.get_all(
		"Journal Entry Account",
		filters={"reference_type": doc.doctype, "reference_name": doc.name, "docstatus": 1},
		pluck="parent",
	)
	return [
		je
		for je in dict.fromkeys(parents)
		if frappe.db.exists("Journal Entry Account", {"parent": je, "account": liability})
	]


# ---------------------------------------------------------------- cancel


def before_cancel(doc) -> None:
	if cint(doc.get("is_consolidated")):
		return
	from salon_crm.cards import sale

	sale.check_cards_unused(doc)
	for je in settlement_journal_entries(doc):
		journal = frappe.get_doc("Journal Entry", je)
		journal.flags.ignore_permissions = True
		journal.cancel()


def on_cancel(doc) -> None:
	if cint(doc.get("is_consolidated")):
		return
	from salon_crm.cards import sale

	sale.cancel_cards_of(doc)
	ledger.cancel_voucher_entries(doc.doctype, doc.name, "Redemption Reversal")
