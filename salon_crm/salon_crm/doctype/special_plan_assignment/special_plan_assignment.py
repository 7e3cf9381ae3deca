# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

from frappe.model.document import Document

from salon_crm.plans import assignment as service
from salon_crm.plans import pricing
from salon_crm.plans.eligibility import get_plan
from salon_crm.utils import plain_text


class SpecialPlanAssignment(Document):
	"""One customer holding one Special Plan, applied by ERPNext through its own Pricing Rule."""

	@property
	def plan(self):
		if not self.flags.plan or self.flags.plan.name != self.special_plan:
			self.flags.plan = get_plan(self.special_plan)
		return self.flags.plan

	def validate(self):
		service.set_defaults(self, self.plan)
		service.validate_customer(self)
		if self.is_new():
			service.validate_plan_available(self.plan)
		service.validate_status_change(self)
		service.validate_dates(self, self.plan)
		service.lock_profile(self)
		service.validate_not_duplicate(self)
		service.validate_no_conflict(self, self.plan)
		service.check_eligibility(self, self.plan)

	def before_print(self, settings=None):
		plain_text.escape_for_print(self)

	def on_update(self):
		pricing.sync_pricing_rule(self, self.plan)

	def on_trash(self):
		pricing.remove_pricing_rule(self)
