# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

from frappe.model.document import Document
from frappe.utils import getdate, today

from salon_crm.rules.dates import age_on


class FamilyMember(Document):
	@property
	def age(self) -> int | None:
		"""Derived from the date of birth on the day it is read (a virtual field, never stale)."""
		if not self.date_of_birth:
			return None
		return age_on(getdate(self.date_of_birth), getdate(today()))
