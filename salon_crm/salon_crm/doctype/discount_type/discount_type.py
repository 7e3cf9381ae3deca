# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, escape_html, flt

from salon_crm.cards import types as card_types
from salon_crm.cards.errors import DiscountTypeAmountError
from salon_crm.rules import cards as card_rules
from salon_crm.utils import plain_text


class DiscountType(Document):
	def validate(self):
		plain_text.refuse_markup(self, names=("discount_type_name",), texts=("description",))
		self.validate_amounts()
		self.validate_validity()
		self.validate_services()
		self.suggested_value = card_types.suggested_value(self)

	def on_update(self):
		card_types.sync_card_item(self)

	def validate_amounts(self):
		try:
			card_rules.check_type_amounts(flt(self.value), flt(self.price))
		except card_rules.CardRuleError as e:
			messages = {
				"value_not_positive": _("Value must be greater than zero"),
				"price_not_positive": _("Price must be greater than zero"),
				"price_not_below_value": _(
					"Price ({0}) must be lower than the value ({1}), otherwise the discount does not make sense"
				).format(frappe.bold(self.price), frappe.bold(self.value)),
			}
			frappe.throw(
				messages.get(e.code, str(e)), title=_("Invalid Value or Price"), exc=DiscountTypeAmountError
			)

	def validate_validity(self):
		if cint(self.validity_months) < 1:
			frappe.throw(
				_("Validity must be at least one month"),
				title=_("Invalid Validity"),
				exc=DiscountTypeAmountError,
			)

	def validate_services(self):
		seen = set()
		for row in self.services:
			if row.item in seen:
				frappe.throw(_("Service {0} is listed twice").format(frappe.bold(escape_html(row.item))))
			seen.add(row.item)
			if frappe.db.exists("Discount Type", {"item": row.item}):
				frappe.throw(
					_("{0} is a prepaid card item and cannot be a covered service").format(
						frappe.bold(escape_html(row.item))
					),
					title=_("Invalid Service"),
				)


@frappe.whitelist()
def get_suggested_value(services: list | str | None = None, price_list: str | None = None) -> float:
	"""Suggested value for the form while the user picks services (before saving)."""
	frappe.has_permission("Discount Type", "read", throw=True)
	services = frappe.parse_json(services) if isinstance(services, str) else (services or [])
	doc = frappe._dict(
		services=[frappe._dict(item=s.get("item") if isinstance(s, dict) else s) for s in services],
		price_list=price_list,
	)
	return card_types.suggested_value(doc)
