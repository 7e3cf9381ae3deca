# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html

from salon_crm.utils import plain_text


class InvalidCardAccountError(frappe.ValidationError):
	pass


class SalonCRMSettings(Document):
	def validate(self):
		plain_text.refuse_markup(self, names=("salon_name",))
		self.validate_company_accounts()
		self.validate_multiplier()

	def validate_company_accounts(self):
		seen = set()
		for row in self.company_accounts:
			if row.company in seen:
				frappe.throw(
					_("Row {0}: company {1} is listed twice").format(
						row.idx, frappe.bold(escape_html(row.company))
					),
					title=_("Duplicate Company"),
				)
			seen.add(row.company)
			_check_account(row.idx, row.liability_account, row.company, "Liability")
			_check_account(row.idx, row.breakage_account, row.company, "Income")

	def validate_multiplier(self):
		if self.suggested_value_multiplier is not None and self.suggested_value_multiplier <= 0:
			frappe.throw(_("The suggested value multiplier must be positive"), title=_("Invalid Multiplier"))


def _check_account(idx: int, account: str, company: str, root_type: str) -> None:
	details = frappe.db.get_value("Account", account, ["company", "root_type", "is_group"], as_dict=True)
	if not details or details.company != company or details.root_type != root_type or details.is_group:
		frappe.throw(
			_("Row {0}: {1} must be a {2} ledger (not a group) of company {3}").format(
				idx, frappe.bold(escape_html(account)), _(root_type), frappe.bold(escape_html(company))
			),
			title=_("Invalid Account"),
			exc=InvalidCardAccountError,
		)
