"""doc_events of Sales Invoice and POS Invoice for Special Plans."""

from salon_crm.plans.pricing import check_card_stacking


def validate_invoice(doc, method=None):
	check_card_stacking(doc)
