"""doc_events of invoices for Special Plans (stacking with card redemptions). Filled in by the plans feature."""


def validate_invoice(doc, method=None):
	return None
