# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

from frappe.model.document import Document

from salon_crm.cards import opening
from salon_crm.utils import plain_text


class OpeningCardImport(Document):
	"""A card from the previous system (a Data Import row): checked like a sale, then opened in the card
	ledger with its opening Journal Entry. A record of the import; never edited afterwards."""

	def validate(self):
		if self.is_new():
			plain_text.refuse_markup(
				self, names=("customer", "card_type", "company", "old_card_number"), texts=("services",)
			)
			opening.check_row(self)

	def after_insert(self):
		opening.open_card(self)
