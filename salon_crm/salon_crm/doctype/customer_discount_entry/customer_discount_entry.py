# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from salon_crm.cards.errors import ImmutableLedgerError


class CustomerDiscountEntry(Document):
	"""An immutable card ledger row, written only by salon_crm.cards.ledger."""

	def validate(self):
		if not self.flags.from_card_ledger:
			frappe.throw(
				_("Card ledger entries are created by the app only"),
				title=_("Not Allowed"),
				exc=ImmutableLedgerError,
			)

	def on_trash(self):
		if not frappe.flags.in_uninstall:
			frappe.throw(
				_("Card ledger entries cannot be deleted"), title=_("Not Allowed"), exc=ImmutableLedgerError
			)
