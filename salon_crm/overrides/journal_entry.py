"""doc_events of Journal Entry."""

from salon_crm.cards import closing


def on_cancel(doc, method=None):
	closing.on_journal_cancel(doc)
