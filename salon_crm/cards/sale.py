"""Selling cards: the checks on an invoice line that sells a card, and the card it opens. A card is created
(or activated) by the submission of the invoice that sells it, whether the sale started on the Customer
Discount form, on a Sales/POS Invoice form or at the Point of Sale page. One card, one sale."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, escape_html, flt, fmt_money, nowdate

from salon_crm.cards import ledger
from salon_crm.cards.accounts import card_accounts
from salon_crm.cards.errors import (
	CardAlreadyUsedError,
	CardCompanyMismatchError,
	CardInvoiceDiscountError,
	CardSaleError,
)
from salon_crm.rules import cards as card_rules


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


def card_rows(doc) -> list:
	"""The invoice lines that sell a card."""
	sold = card_types(doc)
	return [row for row in doc.items if row.item_code in sold]


# ---------------------------------------------------------------- checks on the invoice


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
		check_card_price(doc, row)
		row.income_account = accounts.liability_account
		if template:  # the sale is a liability, taxed when the card is used
			row.item_tax_template = template


def check_card_price(doc, row) -> None:
	"""A card sells at its type's price (the liability it opens), also after ERPNext's Pricing Rules."""
	discount_type = frappe.get_cached_doc("Discount Type", card_types(doc)[row.item_code])
	if flt(row.rate, ledger.precision()) != flt(discount_type.price, ledger.precision()):
		frappe.throw(
			_("Row {0}: card {1} sells for {2}, not {3}").format(
				row.idx,
				frappe.bold(escape_html(discount_type.name)),
				fmt_money(discount_type.price, currency=doc.get("currency")),
				fmt_money(row.rate, currency=doc.get("currency")),
			),
			title=_("Card Sale"),
			exc=CardSaleError,
		)


# ---------------------------------------------------------------- the cards an invoice sells


def sell_cards(doc) -> None:
	"""On submit: open (or activate) the card of every card line."""
	sold = card_types(doc)
	for row in doc.items:
		if row.item_code in sold:
			activate_cards_for_row(doc, row, sold[row.item_code])


def cards_sold_by(doc, docstatus: int | None = 1) -> list[str]:
	field = "pos_invoice" if doc.doctype == "POS Invoice" else "sales_invoice"
	filters = {field: doc.name}
	if docstatus is not None:
		filters["docstatus"] = docstatus
	return frappe.get_all("Customer Discount", filters=filters, pluck="name")


def activate_cards_for_row(doc, row, discount_type: str) -> None:
	profile = frappe.db.get_value("Customer", doc.customer, "salon_customer_profile")
	if row.get("salon_card"):
		cards = [row.salon_card]
	else:
		cards = [_new_card(doc, discount_type, profile) for _ in range(cint(row.qty))]
		if len(cards) == 1:
			frappe.db.set_value(row.doctype, row.name, "salon_card", cards[0], update_modified=False)
	field = "pos_invoice" if doc.doctype == "POS Invoice" else "sales_invoice"
	for name in cards:
		card = ledger.lock_card(name)
		if card.docstatus != 1 or card.customer != doc.customer or card.discount_type != discount_type:
			frappe.throw(
				_("Row {0}: Customer Discount {1} does not match this sale").format(row.idx, name),
				title=_("Card Sale"),
				exc=CardSaleError,
			)
		if ledger.entries_of_voucher(doc.doctype, doc.name, name):
			continue
		frappe.db.set_value("Customer Discount", name, field, doc.name, update_modified=False)
		ledger.record(
			card,
			card_rules.SALE,
			doc.doctype,
			doc.name,
			flt(card.value),
			flt(card.price),
			0,
			posting_date=doc.posting_date,
		)


def _new_card(doc, discount_type: str, profile: str) -> str:
	card = frappe.get_doc(
		{
			"doctype": "Customer Discount",
			"customer_profile": profile,
			"discount_type": discount_type,
			"valid_from": doc.posting_date,
			"sales_invoice": doc.name if doc.doctype == "Sales Invoice" else None,
			"pos_invoice": doc.name if doc.doctype == "POS Invoice" else None,
		}
	)
	card.flags.from_invoice = True
	card.flags.ignore_permissions = True
	card.insert()
	card.submit()
	return card.name


def card_is_used(card: str) -> bool:
	"""Anything but its sale in the card's live ledger (a redemption, return, expiry or refund; or the
	opening balance of an imported card, which only cancelling its opening Journal Entry takes back)."""
	return bool(
		frappe.db.exists(
			"Customer Discount Entry",
			{"customer_discount": card, "is_cancelled": 0, "entry_type": ("!=", card_rules.SALE)},
		)
	)


def check_cards_unused(doc) -> None:
	"""A card sale can be cancelled only while none of its cards has been used."""
	for name in cards_sold_by(doc):
		if card_is_used(name):
			frappe.throw(
				_(
					"Customer Discount {0} sold by this invoice has already been used: cancel its redemptions "
					"first, or refund its balance instead"
				).format(frappe.bold(name)),
				title=_("Card Already Used"),
				exc=CardAlreadyUsedError,
			)


def cancel_cards_of(doc) -> None:
	cards = cards_sold_by(doc, docstatus=None)
	if not cards:
		return
	ledger.cancel_voucher_entries(doc.doctype, doc.name, "Sale Cancellation", cards=cards)
	for name in cards:
		if frappe.db.get_value("Customer Discount", name, "docstatus") == 1:
			card = frappe.get_doc("Customer Discount", name)
			card.flags.from_invoice = True
			card.flags.ignore_permissions = True
			card.cancel()


def make_sale_invoice(card) -> str:
	"""The invoice that sells a card started on the Customer Discount form: POS, paid in full."""
	from salon_crm.cards.types import card_item

	item_code = card_item(card.discount_type)
	si = frappe.new_doc("Sales Invoice")
	si.company = card.company
	si.customer = card.customer
	si.posting_date = card.valid_from or nowdate()
	si.set_posting_time = 1
	si.is_pos = 1
	si.append("items", {"item_code": item_code, "qty": 1, "rate": card.price, "salon_card": card.name})
	si.set_missing_values()
	for row in si.items:
		row.rate = card.price
		row.price_list_rate = row.price_list_rate or card.price
		row.salon_card = card.name
	si.set("payments", [])
	si.append("payments", {"mode_of_payment": card.mode_of_payment, "amount": flt(card.price)})
	si.flags.ignore_permissions = True
	si.insert()
	si.submit()
	return si.name
