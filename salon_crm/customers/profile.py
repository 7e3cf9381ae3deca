"""Customer Profile services: the ERPNext Customer, Contact and Address kept in step with a profile, the
phone search keys, referral counts and the deletion guard. Called by the Customer Profile controller."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Coalesce
from frappe.utils import cstr, escape_html
from pypika import CustomFunction

from salon_crm.rules import phone as phone_rules


class InvalidPhoneError(frappe.ValidationError):
	pass


class InvalidDateError(frappe.ValidationError):
	pass


class ReferralError(frappe.ValidationError):
	pass


class DuplicateMobileError(frappe.ValidationError):
	pass


class ProfileHasTransactionsError(frappe.ValidationError):
	pass


class DuplicateProfileError(frappe.ValidationError):
	"""The person is already a profile (same previous system number, or same name and mobile)."""


class AmbiguousCustomerError(frappe.ValidationError):
	"""Several ERPNext Customers without a profile have the profile's mobile: which one is the person?"""


PHONE_FIELDS = ("mobile_no", "mobile_no_2", "phone")
RegexpReplace = CustomFunction("REGEXP_REPLACE", ["text", "pattern", "replacement"])


def default_region() -> str:
	"""ISO country code used to read phone numbers typed without a country code."""
	country = frappe.db.get_single_value("Salon CRM Settings", "default_country") or "India"
	return (frappe.get_cached_value("Country", country, "code") or "in").upper()


def normalize_phone(raw: str | None, label: str, region: str | None = None) -> str | None:
	raw = cstr(raw).strip()
	if not raw:
		return None
	try:
		return phone_rules.normalize(raw, region or default_region())
	except phone_rules.PhoneError:
		frappe.throw(
			_("{0}: {1} is not a valid phone number").format(
				escape_html(_(label)), frappe.bold(escape_html(raw))
			),
			title=_("Invalid Phone Number"),
			exc=InvalidPhoneError,
		)


# ---------------------------------------------------------------- ERPNext Customer


CUSTOMER_FIELDS = {  # Customer field: profile field
	"customer_name": "full_name",
	"customer_group": "customer_group",
	"territory": "territory",
	"default_price_list": "default_price_list",
	"gender": "gender",
	"disabled": "disabled",
	"image": "image",
	"salon_customer_profile": "name",
	"salon_customer_number": "customer_number",
}
CONTACT_FIELDS = ("first_name", "last_name", "gender", "email_id", *PHONE_FIELDS)
ADDRESS_FIELDS = ("full_name", "address_line1", "address_line2", "city", "state", "pincode", "country")


def sync_customer(profile) -> None:
	"""Create or update the profile's ERPNext Customer, its primary Contact and Address: each is saved only
	when a field it takes from the profile changed (or it does not exist yet)."""
	# read what changed before anything is written (db_set reloads the doc-before-save)
	contact_due = _changed(profile, CONTACT_FIELDS)
	address_due = _changed(profile, ADDRESS_FIELDS)
	newly_linked = False
	existing = profile.customer or existing_customer_of(profile)
	if existing:
		customer = frappe.get_doc("Customer", existing)
		newly_linked = customer.salon_customer_profile != profile.name
	else:
		customer = frappe.new_doc("Customer")
		customer.customer_type = "Individual"

	changed = False
	for field, source in CUSTOMER_FIELDS.items():
		value = profile.get(source)
		if field in ("customer_group", "territory"):
			value = value or customer.get(field)
		if cstr(customer.get(field)) != cstr(value):
			customer.set(field, value)
			changed = True
	customer.flags.ignore_permissions = True
	if customer.is_new():
		customer.insert()
	elif changed:
		customer.save()
	if profile.customer != customer.name:
		profile.db_set("customer", customer.name, update_modified=False)

	if newly_linked:
		link_invoices_to_profiles(customer.name)

	contact = profile.contact
	if contact_due or newly_linked:
		contact = _sync_contact(profile, customer.name)
	address = profile.address
	if address_due or newly_linked:
		address = _sync_address(profile, customer.name)
	updates = {
		"customer_primary_contact": contact,
		"mobile_no": profile.mobile_no if contact else None,
		"email_id": profile.email_id if contact else None,
		"customer_primary_address": address,
	}
	if any(customer.get(k) != v for k, v in updates.items()):
		frappe.db.set_value("Customer", customer.name, updates, update_modified=False)
	if profile.contact != contact or profile.address != address:
		profile.db_set({"contact": contact, "address": address}, update_modified=False)


def existing_customer_of(profile) -> str | None:
	"""The ERPNext Customer without a profile that is this person, so a new profile (typed in or imported)
	takes it over instead of creating a second Customer: the one whose mobile is the profile's mobile,
	whatever way it was typed; among several, the one with the profile's full name (name + mobile).
	Several and none by that name: refused, the user picks the Customer on the profile."""
	if not profile.mobile_no:
		return None
	digits = phone_rules.national_digits(profile.mobile_no)
	Customer = DocType("Customer")
	candidates = (
		frappe.qb.from_(Customer)
		.select(Customer.name, Customer.customer_name, Customer.mobile_no)
		.where(Coalesce(Customer.salon_customer_profile, "") == "")
		.where(RegexpReplace(Customer.mobile_no, "[^0-9]", "").like(f"%{digits}"))
		.orderby(Customer.creation)
		.run(as_dict=True)
	)
	region = default_region()
	same = [c for c in candidates if _same_number(c.mobile_no, profile.mobile_no, region)]
	if len(same) > 1:
		same = [c for c in same if cstr(c.customer_name).strip().lower() == profile.full_name.lower()] or same
	if len(same) > 1:
		frappe.throw(
			_("Customers {0} all have mobile {1}: choose the ERPNext Customer of {2} on the profile").format(
				", ".join(frappe.bold(escape_html(c.name)) for c in same),
				profile.mobile_no,
				frappe.bold(escape_html(profile.full_name)),
			),
			title=_("Several Customers"),
			exc=AmbiguousCustomerError,
		)
	return same[0].name if same else None


def _same_number(typed: str | None, e164: str, region: str) -> bool:
	try:
		return phone_rules.normalize(typed, region) == e164
	except phone_rules.PhoneError:
		return False


def _changed(profile, fields) -> bool:
	return any(profile.has_value_changed(f) for f in fields)


def _sync_contact(profile, customer: str) -> str | None:
	phones = [p for p in (profile.mobile_no, profile.mobile_no_2, profile.phone) if p]
	if not (phones or profile.email_id) and not profile.contact:
		return None
	if profile.contact and frappe.db.exists("Contact", profile.contact):
		contact = frappe.get_doc("Contact", profile.contact)
	else:
		contact = frappe.new_doc("Contact")
		contact.append("links", {"link_doctype": "Customer", "link_name": customer})
		contact.is_primary_contact = 1

	contact.first_name = profile.first_name
	contact.last_name = profile.last_name
	contact.gender = profile.gender
	contact.set("phone_nos", [])
	if profile.mobile_no:
		contact.append("phone_nos", {"phone": profile.mobile_no, "is_primary_mobile_no": 1})
	if profile.mobile_no_2:
		contact.append("phone_nos", {"phone": profile.mobile_no_2})
	if profile.phone:
		contact.append("phone_nos", {"phone": profile.phone, "is_primary_phone": 1})
	contact.set("email_ids", [])
	if profile.email_id:
		contact.append("email_ids", {"email_id": profile.email_id, "is_primary": 1})
	contact.flags.ignore_permissions = True
	contact.save()
	return contact.name


def _sync_address(profile, customer: str) -> str | None:
	if not (profile.address_line1 and profile.city):
		return profile.address if profile.address and frappe.db.exists("Address", profile.address) else None
	if profile.address and frappe.db.exists("Address", profile.address):
		address = frappe.get_doc("Address", profile.address)
	else:
		address = frappe.new_doc("Address")
		address.address_type = "Billing"
		address.append("links", {"link_doctype": "Customer", "link_name": customer})
		address.is_primary_address = 1
	address.address_title = profile.full_name
	for field in ("address_line1", "address_line2", "city", "state", "pincode"):
		address.set(field, profile.get(field))
	address.country = profile.country or frappe.db.get_single_value("Salon CRM Settings", "default_country")
	address.flags.ignore_permissions = True
	address.save()
	return address.name


def link_invoices_to_profiles(customer: str | None = None) -> None:
	"""Fill the invoices' Customer Profile link (the profile dashboard counts invoices through it) from
	their Customer: one set-based UPDATE per invoice doctype, for one customer or all."""
	for doctype in ("Sales Invoice", "POS Invoice"):
		if not frappe.db.has_column(doctype, "salon_customer_profile"):
			continue
		condition = "and inv.customer = %(customer)s" if customer else ""
		frappe.db.sql(
			f"""update `tab{doctype}` inv join `tabCustomer` c on c.name = inv.customer
			set inv.salon_customer_profile = c.salon_customer_profile
			where c.salon_customer_profile is not null and c.salon_customer_profile != ''
			and coalesce(inv.salon_customer_profile, '') != c.salon_customer_profile {condition}""",
			{"customer": customer},
		)


# ---------------------------------------------------------------- search keys


def update_search_keys(profile) -> None:
	"""Store every phone-digit suffix of the profile so any run of digits is an index prefix search."""
	numbers = [profile.get(f) for f in PHONE_FIELDS if profile.get(f)]
	keys = phone_rules.search_keys(numbers)
	frappe.db.delete("Salon Search Key", {"customer_profile": profile.name})
	if keys:
		frappe.db.bulk_insert(
			"Salon Search Key",
			["name", "customer_profile", "search_key"],
			[(frappe.generate_hash(length=12), profile.name, key) for key in keys],
		)


def profile_with_old_number(number: str, exclude: str | None = None) -> frappe._dict | None:
	"""The profile that keeps this previous system number (indexed), other than `exclude`."""
	Profile = DocType("Customer Profile")
	query = (
		frappe.qb.from_(Profile)
		.select(Profile.name, Profile.full_name)
		.where(Profile.old_customer_number == number)
		.limit(1)
	)
	if exclude:
		query = query.where(Profile.name != exclude)
	rows = query.run(as_dict=True)
	return rows[0] if rows else None


def profiles_with_number(e164: str, exclude: str | None = None) -> list[dict]:
	"""Profiles one of whose phones is this exact number (found through the search keys index)."""
	key = phone_rules.national_digits(e164)
	Key = DocType("Salon Search Key")
	Profile = DocType("Customer Profile")
	query = (
		frappe.qb.from_(Key)
		.join(Profile)
		.on(Profile.name == Key.customer_profile)
		.select(Profile.name, Profile.full_name, Profile.customer_number)
		.where(Key.search_key == key)
		.where((Profile.mobile_no == e164) | (Profile.mobile_no_2 == e164) | (Profile.phone == e164))
		.distinct()
	)
	if exclude:
		query = query.where(Profile.name != exclude)
	return query.run(as_dict=True)


# ---------------------------------------------------------------- referrals


def referral_chain_has(start: str | None, target: str, limit: int = 10000) -> bool:
	"""True when following referred_by from `start` reaches `target` (a cycle if target referred start)."""
	seen = set()
	current = start
	while current and current not in seen and len(seen) < limit:
		if current == target:
			return True
		seen.add(current)
		current = frappe.db.get_value("Customer Profile", current, "referred_by")
	return False


def refresh_referral_counts(names) -> None:
	"""Recount referrals from the data (never increment), so concurrent saves cannot drift."""
	for name in {n for n in names if n}:
		count = frappe.db.count("Customer Profile", {"referred_by": name})
		frappe.db.set_value("Customer Profile", name, "referral_count", count, update_modified=False)


# ---------------------------------------------------------------- deletion guard


TRANSACTION_DOCTYPES = ("Sales Invoice", "POS Invoice", "Sales Order", "Payment Entry", "GL Entry")


def transactions_of(customer: str | None) -> list[str]:
	if not customer:
		return []
	found = []
	for doctype in TRANSACTION_DOCTYPES:
		field = "party" if doctype in ("Payment Entry", "GL Entry") else "customer"
		if frappe.db.exists(doctype, {field: customer}):
			found.append(doctype)
	return found


def before_delete(profile) -> None:
	found = transactions_of(profile.customer)
	if found:
		frappe.throw(
			_(
				"Customer {0} has transactions ({1}) and cannot be deleted. Disable the profile instead."
			).format(frappe.bold(escape_html(profile.full_name)), ", ".join(_(d) for d in found)),
			title=_("Cannot Delete Customer"),
			exc=ProfileHasTransactionsError,
		)
	frappe.db.delete("Salon Search Key", {"customer_profile": profile.name})
	if profile.customer and frappe.db.exists("Customer", profile.customer):
		frappe.db.set_value(
			"Customer",
			profile.customer,
			{"salon_customer_profile": None, "salon_customer_number": None},
			update_modified=False,
		)


def after_delete(profile) -> None:
	"""Remove the Customer (and its contact and address) the profile owned, now that nothing uses it."""
	refresh_referral_counts([profile.referred_by])
	if profile.customer and frappe.db.exists("Customer", profile.customer):
		# ERPNext's Customer.on_trash deletes the contact and address linked only to it
		frappe.delete_doc("Customer", profile.customer, ignore_permissions=True)
