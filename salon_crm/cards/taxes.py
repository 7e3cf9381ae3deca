"""Card sales are not taxed: the sale is a liability, and tax is charged when the card is used (on the
discounted amount). ERPNext derives every line's tax rates from its Item Tax Template on each calculation,
so card lines carry a per-company zero-rate template listing the invoice's tax accounts."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html

from salon_crm.cards.errors import CardSaleError

TEMPLATE_TITLE = "Prepaid Card (No Tax)"
TAX_ACCOUNT_TYPES = (
	"Tax",
	"Chargeable",
	"Income Account",
	"Expense Account",
	"Expenses Included In Valuation",
)


def zero_tax_template(company: str, tax_accounts: list[str]) -> str | None:
	"""The company's zero-rate template, extended with any of these tax accounts it does not list yet."""
	tax_accounts = [a for a in dict.fromkeys(tax_accounts) if a]
	if not tax_accounts:
		return None
	abbr = frappe.get_cached_value("Company", company, "abbr")
	name = f"{TEMPLATE_TITLE} - {abbr}"
	if frappe.db.exists("Item Tax Template", name):
		template = frappe.get_doc("Item Tax Template", name)
	else:
		template = frappe.new_doc("Item Tax Template")
		template.title = TEMPLATE_TITLE
		template.company = company
	listed = {row.tax_type for row in template.taxes}
	missing = [a for a in tax_accounts if a not in listed]
	if not missing and not template.is_new():
		return name
	for account in missing:
		if frappe.get_cached_value("Account", account, "account_type") not in TAX_ACCOUNT_TYPES:
			frappe.throw(
				_(
					"Tax account {0} has no account type Tax: set it, so that card sales can be exempted from it"
				).format(frappe.bold(escape_html(account))),
				title=_("Card Sale"),
				exc=CardSaleError,
			)
		template.append("taxes", {"tax_type": account, "tax_rate": 0})
	template.flags.ignore_permissions = True
	template.save()
	return template.name
