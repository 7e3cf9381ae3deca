# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

from frappe.model.document import Document

from salon_crm.plans import assignment, plan
from salon_crm.utils import plain_text


class SpecialPlan(Document):
	"""A privilege plan: a discount on chosen services or item groups for the customers it is assigned to."""

	def validate(self):
		plain_text.refuse_markup(self, names=("plan_name",), texts=("description",))
		plan.validate_dates(self)
		plan.validate_benefit(self)
		plan.validate_items(self)
		plan.validate_rules(self)

	def on_update(self):
		assignment.plan_changed(self)
