"""doc_events of Journal Entry."""

from salon_crm.cards import closing, opening


def on_cancel(doc, method=None):
	closing.on_journal_cancel(doc)
	opening.on_journal_cancel(doc)
