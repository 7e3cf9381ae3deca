"""doc_events of Sales Invoice and POS Invoice: hand the invoice to the features that use it."""

from salon_crm.cards import invoice as card_invoice
from salon_crm.performance import jobs as performance_jobs


def before_validate(doc, method=None):
	card_invoice.before_validate(doc)


def validate(doc, method=None):
	card_invoice.validate(doc)


def on_submit(doc, method=None):
	card_invoice.on_submit(doc)
	performance_jobs.queue_customer_refresh(doc.customer)


def before_cancel(doc, method=None):
	card_invoice.before_cancel(doc)


def on_cancel(doc, method=None):
	card_invoice.on_cancel(doc)
	performance_jobs.queue_customer_refresh(doc.customer)
