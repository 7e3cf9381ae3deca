# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, getdate, nowdate

from salon_crm.cards import sale
from salon_crm.cards.errors import CardAlreadyUsedError, CardSaleError
from salon_crm.rules import cards as card_rules
from salon_crm.utils import plain_text


class CustomerDiscount(Document):
	def validate(self):
		self.set_customer()
		self.set_from_type()
		self.set_validity()
		if self.docstatus == 0:
			self.status = card_rules.DRAFT

	def before_submit(self):
		if not (self.flags.from_invoice or self.flags.from_opening) and not self.mode_of_payment:
			frappe.throw(
				_("Choose the Mode of Payment the customer pays the card with"),
				title=_("Mode of Payment Required"),
				exc=CardSaleError,
			)

	def before_print(self, settings=None):
		plain_text.escape_for_print(self)

	def on_submit(self):
		self.db_set("status", card_rules.ACTIVE, update_modified=False)
		if not (self.flags.from_invoice or self.flags.from_opening):
			# the invoice's submission records the sale in the card ledger and links it back here
			sale.make_sale_invoice(self)

	def before_cancel(self):
		if self.flags.from_invoice or self.flags.from_opening:
			return
		if sale.card_is_used(self.name):
			frappe.throw(
				_(
					"Customer Discount {0} has been used and cannot be cancelled; refund its balance instead"
				).format(frappe.bold(self.name)),
				title=_("Card Already Used"),
				exc=CardAlreadyUsedError,
			)

	def on_cancel(self):
		self.db_set("status", card_rules.CANCELLED, update_modified=False)
		if self.flags.from_invoice or self.flags.from_opening:
			return
		for doctype, name in (("Sales Invoice", self.sales_invoice), ("POS Invoice", self.pos_invoice)):
			if name and frappe.db.get_value(doctype, name, "docstatus") == 1:
				invoice = frappe.get_doc(doctype, name)
				invoice.flags.ignore_permissions = True
				invoice.cancel()

	# ---------------------------------------------------------------- steps

	def set_customer(self):
		profile = frappe.db.get_value(
			"Customer Profile",
			self.customer_profile,
			["customer", "full_name", "customer_number", "disabled"],
			as_dict=True,
		)
		if not profile:
			frappe.throw(_("Customer Profile {0} not found").format(escape_html(self.customer_profile)))
		if profile.disabled:
			self.refuse_disabled(
				_("Customer {0} is disabled").format(frappe.bold(escape_html(profile.full_name))),
				_("Disabled Customer"),
			)
		self.customer = profile.customer
		self.customer_name = profile.full_name
		self.customer_number = profile.customer_number

	def set_from_type(self):
		discount_type = frappe.get_cached_doc("Discount Type", self.discount_type)
		if not discount_type.enabled:
			self.refuse_disabled(
				_("Discount Type {0} is disabled").format(frappe.bold(escape_html(self.discount_type))),
				_("Disabled Discount Type"),
			)
		self.company = discount_type.company
		self.value = discount_type.value
		self.price = discount_type.price
		if not (self.flags.from_opening and self.services):  # a card brought in keeps its own list
			self.set("services", [{"item": row.item} for row in discount_type.services])

	def refuse_disabled(self, message: str, title: str) -> None:
		"""A disabled customer or card type may not be sold a new card; cards already sold keep working."""
		if self.docstatus == 0:
			frappe.throw(message, title=title, exc=CardSaleError)

	def set_validity(self):
		self.valid_from = getdate(self.valid_from or nowdate())
		if self.flags.from_opening and self.valid_until:  # the expiry the previous system gave it
			self.valid_until = getdate(self.valid_until)
			return
		months = frappe.get_cached_value("Discount Type", self.discount_type, "validity_months")
		self.valid_until = card_rules.valid_until(self.valid_from, int(months))

	@frappe.whitelist(methods=["POST"])
	def refund(self, mode_of_payment: str, posting_date: str | None = None) -> str:
		"""Pay back the unused balance (Salon Manager only)."""
		frappe.only_for(("Salon Manager", "System Manager"))
		self.check_permission("cancel")
		from salon_crm.cards.closing import refund

		return refund(self.name, mode_of_payment, posting_date)
