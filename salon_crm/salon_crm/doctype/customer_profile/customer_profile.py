# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cstr, escape_html, getdate, today

from salon_crm.customers import profile as service
from salon_crm.customers.written import read_written_values
from salon_crm.rules import dates as date_rules
from salon_crm.utils import plain_text

NAME_FIELDS = (
	"first_name",
	"last_name",
	"qualification",
	"profession",
	"mobile_no",
	"mobile_no_2",
	"phone",
	"email_id",
	"address_line1",
	"address_line2",
	"city",
	"state",
	"pincode",
)
"""Plain names, places and numbers: no markup, no `<` or `>` (they become the ERPNext Customer, Contact and
Address too)."""
FAMILY_NAME_FIELDS = ("member_name", "relation", "mobile_no")
PHOTO_NAME_FIELDS = ("step",)
PHOTO_TEXT_FIELDS = ("caption",)


class CustomerProfile(Document):
	def validate(self):
		self.validate_plain_text()
		self.read_columns_as_written()
		self.set_names()
		self.set_defaults_from_settings()
		self.normalize_phones()
		self.validate_email()
		self.validate_dates()
		self.validate_family()
		self.validate_referral()
		self.check_previous_number()
		self.check_duplicate_mobiles()

	def on_update(self):
		before = self.get_doc_before_save()
		phones_changed = any(self.has_value_changed(f) for f in service.PHONE_FIELDS)
		referrer_changed = self.has_value_changed("referred_by")
		service.sync_customer(self)
		if phones_changed:
			service.update_search_keys(self)
		if referrer_changed:
			service.refresh_referral_counts([self.referred_by, before.referred_by if before else None])

	def on_trash(self):
		service.before_delete(self)

	def after_delete(self):
		service.after_delete(self)

	def before_print(self, settings=None):
		plain_text.escape_for_print(self)

	# ---------------------------------------------------------------- steps

	def validate_plain_text(self):
		plain_text.refuse_markup(self, names=NAME_FIELDS)
		plain_text.refuse_unsafe_links(self, ("image",))
		for row in self.family_members:
			plain_text.refuse_markup(row, names=FAMILY_NAME_FIELDS)
		for row in self.tags:
			plain_text.refuse_markup(row, names=("tag",))
		for row in self.photos:
			plain_text.refuse_markup(row, names=PHOTO_NAME_FIELDS, texts=PHOTO_TEXT_FIELDS)
			plain_text.refuse_unsafe_links(row, ("image",))

	def read_columns_as_written(self):
		"""The import file's dates, gender, marital status and relations typed as text (see written.py)."""
		read_written_values(self)

	def set_names(self):
		self.first_name = cstr(self.first_name).strip()
		self.last_name = cstr(self.last_name).strip()
		if not self.first_name:
			frappe.throw(
				_("{0} is required").format(frappe.bold(_("First Name"))),
				title=_("Missing Name"),
				exc=frappe.MandatoryError,
			)
		self.full_name = " ".join(p for p in (self.first_name, self.last_name) if p)
		self.customer_number = self.name

	def set_defaults_from_settings(self):
		settings = frappe.get_cached_doc("Salon CRM Settings")
		self.customer_group = self.customer_group or settings.customer_group
		self.territory = self.territory or settings.territory
		self.default_price_list = self.default_price_list or settings.default_price_list
		if self.is_new() and self.customer:
			self.validate_existing_customer()

	def validate_existing_customer(self):
		other = frappe.db.get_value("Customer", self.customer, "salon_customer_profile")
		if other and other != self.name:
			frappe.throw(
				_("Customer {0} already has the profile {1}").format(
					frappe.bold(escape_html(self.customer)), frappe.bold(escape_html(other))
				),
				title=_("Customer Already Has a Profile"),
				exc=frappe.DuplicateEntryError,
			)

	def normalize_phones(self):
		region = service.default_region()
		for fieldname in service.PHONE_FIELDS:
			label = self.meta.get_label(fieldname)
			self.set(fieldname, service.normalize_phone(self.get(fieldname), label, region))
		for row in self.family_members:
			row.mobile_no = service.normalize_phone(
				row.mobile_no, _("Mobile of family member {0}").format(row.member_name), region
			)

	def validate_email(self):
		if self.email_id:
			self.email_id = frappe.utils.validate_email_address(self.email_id.strip(), throw=True)

	def validate_dates(self):
		on = getdate(today())
		self.date_of_birth = getdate(self.date_of_birth) if self.date_of_birth else None
		self.anniversary = getdate(self.anniversary) if self.anniversary else None
		_check_birth_date(self.date_of_birth, on, _("Date of Birth"))
		problem = date_rules.anniversary_problem(
			self.anniversary, self.date_of_birth, self.marital_status, on
		)
		if problem:
			messages = {
				"not_married": _("Anniversary can only be set when the marital status is Married"),
				"before_birth": _("Anniversary cannot be before the Date of Birth"),
				"future": _("Anniversary cannot be in the future"),
			}
			frappe.throw(messages[problem], title=_("Invalid Anniversary"), exc=service.InvalidDateError)
		self.birth_month_day = date_rules.month_day(self.date_of_birth) if self.date_of_birth else 0
		self.anniversary_month_day = date_rules.month_day(self.anniversary) if self.anniversary else 0

	def validate_family(self):
		on = getdate(today())
		for row in self.family_members:
			row.member_name = cstr(row.member_name).strip()
			if not row.member_name:
				frappe.throw(
					_("Row {0}: the family member's name is required").format(row.idx),
					title=_("Missing Name"),
					exc=frappe.MandatoryError,
				)
			row.date_of_birth = getdate(row.date_of_birth) if row.date_of_birth else None
			row.anniversary = getdate(row.anniversary) if row.anniversary else None
			_check_birth_date(
				row.date_of_birth, on, _("Date of Birth of family member {0}").format(row.member_name)
			)
			if row.anniversary and (
				row.anniversary > on or (row.date_of_birth and row.anniversary < row.date_of_birth)
			):
				frappe.throw(
					_("Anniversary of family member {0} must be after birth and not in the future").format(
						frappe.bold(escape_html(row.member_name))
					),
					title=_("Invalid Anniversary"),
					exc=service.InvalidDateError,
				)
			row.birth_month_day = date_rules.month_day(row.date_of_birth) if row.date_of_birth else 0
			row.anniversary_month_day = date_rules.month_day(row.anniversary) if row.anniversary else 0

	def validate_referral(self):
		if not self.referred_by:
			return
		if self.referred_by == self.name:
			frappe.throw(
				_("A customer cannot refer themselves"),
				title=_("Invalid Referral"),
				exc=service.ReferralError,
			)
		if not self.is_new() and service.referral_chain_has(self.referred_by, self.name):
			frappe.throw(
				_(
					"{0} was referred (directly or through others) by this customer: that would be a cycle"
				).format(frappe.bold(escape_html(self.referred_by))),
				title=_("Invalid Referral"),
				exc=service.ReferralError,
			)

	def check_previous_number(self):
		"""The old system's number names one profile: a second row with it (a file imported again) is
		refused, naming the profile it was imported as."""
		self.old_customer_number = cstr(self.old_customer_number).strip() or None
		if not self.old_customer_number:
			return
		other = service.profile_with_old_number(self.old_customer_number, exclude=self.name)
		if other:
			frappe.throw(
				_("Previous System Number {0} was already imported as {1} ({2})").format(
					frappe.bold(escape_html(self.old_customer_number)),
					frappe.bold(escape_html(other.full_name)),
					other.name,
				),
				title=_("Already Imported"),
				exc=service.DuplicateProfileError,
			)

	def check_duplicate_mobiles(self):
		"""A mobile of another profile: warned or refused as Salon CRM Settings say; always refused on a
		Data Import row, which must never merge two people silently (the same person again is reported as
		already imported)."""
		importing = bool(frappe.flags.in_import)
		action = frappe.db.get_single_value("Salon CRM Settings", "duplicate_mobile_action") or "Warn"
		for fieldname in ("mobile_no", "mobile_no_2"):
			number = self.get(fieldname)
			if not number:
				continue
			others = service.profiles_with_number(number, exclude=None if self.is_new() else self.name)
			if not others:
				continue
			names = ", ".join(escape_html(f"{o.full_name} ({o.customer_number})") for o in others)
			if importing and any(o.full_name == self.full_name for o in others):
				frappe.throw(
					_("{0} with mobile {1} already exists as {2}").format(
						frappe.bold(escape_html(self.full_name)), frappe.bold(escape_html(number)), names
					),
					title=_("Already Imported"),
					exc=service.DuplicateProfileError,
				)
			message = _("Mobile {0} already belongs to {1}").format(frappe.bold(escape_html(number)), names)
			if action == "Block" or importing:
				frappe.throw(message, title=_("Duplicate Mobile Number"), exc=service.DuplicateMobileError)
			frappe.msgprint(message, title=_("Duplicate Mobile Number"), indicator="orange", alert=True)


def _check_birth_date(dob, on, label):
	problem = date_rules.birth_date_problem(dob, on)
	if problem == "future":
		frappe.throw(
			_("{0} cannot be in the future").format(escape_html(label)),
			title=_("Invalid Date of Birth"),
			exc=service.InvalidDateError,
		)
	if problem == "too_old":
		frappe.throw(
			_("{0} is more than 120 years ago").format(escape_html(label)),
			title=_("Invalid Date of Birth"),
			exc=service.InvalidDateError,
		)
