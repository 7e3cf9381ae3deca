"""Cards on ERPNext invoices (Sales Invoice and POS Invoice): the doc_event entry points, called from
salon_crm/overrides/sales_invoice.py. What each step does lives in its own module:

- salon_crm.cards.sale: the lines that sell a card (checks, price) and the card they open on submit;
- salon_crm.cards.redemption: paying with a card (eligible amount then split, the invoice's discount and
  card payment, the till's other payments, the Redemption entry);
- salon_crm.cards.returns: what a return gives back to the card;
- salon_crm.cards.postings: the Journal Entries (credit invoices' settlement);
- salon_crm.cards.closing: money given back to a card that has closed.

When: ERPNext prices the lines in its own validate (Pricing Rules, line discounts, then
calculate_taxes_and_totals). before_validate sets a provisional split from what the lines hold, so that
ERPNext validates an invoice that already carries the card's discount and payment; the validate doc_event,
which runs after ERPNext's validate, makes the split from the line amounts ERPNext computed and, if that
changes it (or the line the POS pre-filled must give way to the card), has ERPNext validate the invoice
again so its totals, payments and checks use the final figures. Consolidated invoices (POS closing) are
left alone: the POS invoices they merge did the card work.
"""

from __future__ import annotations

from frappe.utils import cint, nowdate

from salon_crm.cards import closing, ledger, postings, redemption, returns, sale


def before_validate(doc) -> None:
	"""Before ERPNext's validate: check a card sale and set a provisional redemption."""
	if cint(doc.get("is_consolidated")):
		return
	redemption.remember_payments(doc)
	rows = sale.card_rows(doc)
	if rows:
		sale.validate_card_sale(doc, rows)
	if cint(doc.is_return):
		returns.prepare_return(doc)
	elif doc.get("salon_customer_discount"):
		redemption.prepare_redemption(doc)
	else:
		redemption.clear_redemption(doc)
	redemption.settle_till_payments(doc, priced=False)


def validate(doc) -> None:
	"""After ERPNext's validate (lines priced, totals computed): card prices and the redemption from
	ERPNext's line amounts; if the redemption changes, ERPNext validates the invoice again with it."""
	if cint(doc.get("is_consolidated")):
		return
	for row in sale.card_rows(doc):
		sale.check_card_price(doc, row)
	if cint(doc.is_return):
		changed = returns.prepare_return(doc, priced=True)
	elif doc.get("salon_customer_discount"):
		changed = redemption.prepare_redemption(doc, priced=True)
	else:
		changed = False
	if changed:
		# the discount and the card payment moved: ERPNext's totals, payments, status and their checks
		doc.validate()
	if redemption.settle_till_payments(doc, priced=True):
		doc.validate()
	redemption.check_payments(doc)


def on_submit(doc) -> None:
	if cint(doc.get("is_consolidated")):
		return
	sale.sell_cards(doc)
	if not doc.get("salon_customer_discount"):
		return
	if cint(doc.is_return):
		returns.record_return(doc)
	else:
		redemption.record_redemption(doc)


def before_cancel(doc) -> None:
	if cint(doc.get("is_consolidated")):
		return
	sale.check_cards_unused(doc)
	postings.cancel_settlements(doc)


def on_cancel(doc) -> None:
	"""Cards this invoice sold are cancelled; what it took from (or gave back to) a card is reversed. Money
	that comes back to a closed card is posted at once (closing.close_restored); the closing entries an
	earlier return of this voucher made are cancelled first (closing.reopen_for_cancel)."""
	if cint(doc.get("is_consolidated")):
		return
	sale.cancel_cards_of(doc)
	status_before = closing.reopen_for_cancel(doc.doctype, doc.name)
	for name in ledger.cancel_voucher_entries(doc.doctype, doc.name, "Redemption Reversal"):
		card = ledger.lock_card(name)
		closing.restore_status(card, status_before.get(name))
		closing.close_restored(card, nowdate(), doc.doctype, doc.name)
