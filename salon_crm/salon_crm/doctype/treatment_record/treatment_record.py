# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

from frappe.model.document import Document


class TreatmentRecord(Document):
	pass
