# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

from frappe.model.document import Document

from salon_crm.utils import plain_text

TEXT_FIELDS = ("symptoms", "products_used")
PHOTO_FIELDS = ("before_photo", "after_photo")


class TreatmentRecord(Document):
	def validate(self):
		self.validate_plain_text()

	def before_print(self, settings=None):
		plain_text.escape_for_print(self)

	def validate_plain_text(self):
		plain_text.refuse_markup(self, texts=TEXT_FIELDS)
		plain_text.refuse_unsafe_links(self, PHOTO_FIELDS)
		plain_text.sanitize_rich_text(self, ("notes",))
