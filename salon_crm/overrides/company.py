"""doc_events of Company: a new company gets its card accounts once ERPNext made its chart of accounts."""

from salon_crm.setup.records import ensure_company_accounts


def on_update(doc, method=None):
	ensure_company_accounts(doc.name)
