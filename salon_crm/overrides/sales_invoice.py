"""doc_events of Sales Invoice and POS Invoice: hand the invoice to the features that use it."""

from salon_crm.cards import invoice as card_invoice
from salon_crm.utils import plain_text

CUSTOMER_TEXT_FIELDS = ("customer_name", "contact_display", "title")
"""What the invoice copies of the customer's name as text (the address is HTML ERPNext renders)."""


def before_validate(doc, method=None):
	card_invoice.before_validate(doc)


def validate(doc, method=None):
	card_invoice.validate(doc)


def on_submit(doc, method=None):
	card_invoice.on_submit(doc)


def before_cancel(doc, method=None):
	card_invoice.before_cancel(doc)


def on_cancel(doc, method=None):
	card_invoice.on_cancel(doc)


def before_print(doc, method=None, settings=None):
	"""The customer's name as text in every print format, Standard included."""
	plain_text.escape_for_print(doc, CUSTOMER_TEXT_FIELDS)
