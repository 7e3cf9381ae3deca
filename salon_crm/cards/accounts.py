"""The card accounts of a company: liability and breakage income. They are created at install and migrate
for every company and when a company is saved (doc_events Company.on_update), and can be changed in
Salon CRM Settings; reading them never writes."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html

from salon_crm.cards.errors import CardAccountsMissingError


def card_accounts(company: str) -> frappe._dict:
	row = frappe.db.get_value(
		"Salon CRM Company Account",
		{"parent": "Salon CRM Settings", "company": company},
		["liability_account", "breakage_account"],
		as_dict=True,
	)
	if not row or not row.liability_account or not row.breakage_account:
		frappe.throw(
			_("Set the card liability and breakage accounts of company {0} in Salon CRM Settings").format(
				frappe.bold(escape_html(company))
			),
			title=_("Card Accounts Missing"),
			exc=CardAccountsMissingError,
		)
	return row


def mode_of_payment() -> str:
	from salon_crm.setup.records import CARD_MODE_OF_PAYMENT

	return frappe.db.get_single_value("Salon CRM Settings", "card_mode_of_payment") or CARD_MODE_OF_PAYMENT
