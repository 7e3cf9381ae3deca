"""doc_events of Sales Invoice and POS Invoice for Special Plans: a plan discount and a card redemption on
the same invoice only when Salon CRM Settings allow it (allow_plan_with_card)."""

import frappe
from frappe import _
from frappe.utils import cint

from salon_crm.plans import pricing


class PlanCardStackingError(frappe.ValidationError):
	pass


def validate_invoice(doc, method=None):
	if not doc.get("salon_customer_discount") or cint(doc.get("is_return")):
		return
	if cint(doc.get("ignore_pricing_rule")) or cint(doc.get("is_consolidated")):
		return
	if cint(frappe.db.get_single_value("Salon CRM Settings", "allow_plan_with_card")):
		return
	found = pricing.plan_discounts_on(doc)
	if not found:
		return
	first = found[0]
	frappe.throw(
		_(
			"Row {0}: {1} is discounted by the Special Plan {2}, and this invoice also redeems the Customer"
			" Discount {3}. The salon does not combine a plan discount with a card (Salon CRM Settings: Allow"
			" Special Plan Discount on an Invoice that Redeems a Card). Remove the card, or tick Ignore Pricing"
			" Rule to bill without the plan discount."
		).format(
			first.idx,
			frappe.bold(first.item_code),
			frappe.bold(first.special_plan or first.assignment),
			frappe.bold(doc.salon_customer_discount),
		),
		title=_("Plan and Card Cannot Be Combined"),
		exc=PlanCardStackingError,
	)
