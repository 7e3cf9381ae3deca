"""Customer Profile on a real site: ERPNext Customer sync, search, referrals, restrictions, bad input."""

import frappe
import pytest
from frappe.utils import add_days, add_years, nowdate

from salon_crm.api.search import customer_profile_query, customer_query, find_customers
from salon_crm.customers.profile import (
	DuplicateMobileError,
	InvalidDateError,
	InvalidPhoneError,
	ProfileHasTransactionsError,
	ReferralError,
)
from salon_crm.customers.search import search_profiles
from salon_crm.customers.written import UnknownChoiceError
from tests.integration.factories import make_customer_profile, make_sales_invoice, unique_mobile


def test_creating_a_profile_creates_its_customer_and_contact():
	mobile = unique_mobile()
	p = make_customer_profile("Meera", "Nair", mobile_no=mobile, email_id="meera@example.com")
	customer = frappe.get_doc("Customer", p.customer)
	assert customer.customer_name == "Meera Nair"
	assert customer.salon_customer_profile == p.name
	assert customer.salon_customer_number == p.customer_number == p.name
	assert customer.mobile_no == mobile
	assert customer.email_id == "meera@example.com"
	contact = frappe.get_doc("Contact", customer.customer_primary_contact)
	assert [(ph.phone, ph.is_primary_mobile_no) for ph in contact.phone_nos] == [(mobile, 1)]


def test_editing_a_profile_keeps_the_customer_in_step():
	p = make_customer_profile("Meera", "Nair", mobile_no=unique_mobile())
	new_mobile = unique_mobile()
	p.last_name = "Menon"
	p.mobile_no = new_mobile
	p.disabled = 1
	p.save()
	customer = frappe.get_doc("Customer", p.customer)
	assert (customer.customer_name, customer.mobile_no, customer.disabled) == ("Meera Menon", new_mobile, 1)


def test_existing_customer_gets_a_profile_without_a_duplicate():
	customer = frappe.get_doc(
		{"doctype": "Customer", "customer_name": "Walk In Wanda", "customer_type": "Individual"}
	).insert()
	before = frappe.db.count("Customer")
	p = make_customer_profile("Wanda", "Walker", customer=customer.name)
	assert p.customer == customer.name
	assert frappe.db.count("Customer") == before
	with pytest.raises(frappe.DuplicateEntryError):
		make_customer_profile("Wanda", "Again", customer=customer.name)


def test_phone_numbers_are_stored_normalized():
	p = make_customer_profile("Asha", "Iyer", mobile_no="098450-12345".replace("98450", "98451"))
	assert p.mobile_no == "+919845112345"


@pytest.mark.parametrize("typed", ["98452", "+91 98452 12345", "098452-12345", "52123", "919845212345"])
def test_search_by_any_phone_digits(typed):
	p = make_customer_profile("Kavya", "Reddy", mobile_no="+919845212345")
	assert p.name in [r.name for r in search_profiles(typed)]


def test_search_by_first_name_last_name_and_number():
	p = make_customer_profile("Zoravar", "Quasimodo", mobile_no=unique_mobile())
	assert p.name in [r.name for r in search_profiles("Zorav")]
	assert p.name in [r.name for r in search_profiles("quasim")]
	assert search_profiles(p.name)[0].name == p.name
	number = int(p.name.split("-")[-1])
	assert search_profiles(str(number))[0].name == p.name


def test_link_queries_show_name_number_and_phone():
	p = make_customer_profile("Ishaan", "Kapoor", mobile_no="+919845312345")
	rows = customer_profile_query("Customer Profile", "98453", "name", 0, 10, {})
	assert (p.name, "Ishaan Kapoor", p.name, "+919845312345") in rows
	rows = customer_query("Customer", "98453", "name", 0, 10, {})
	assert rows[0][0] == p.customer
	assert p.name in rows[0]


def test_customer_number_is_printed_on_the_invoice():
	p = make_customer_profile("Tara", "Singh", mobile_no=unique_mobile())
	si = make_sales_invoice(p.customer, [("SVC-HAIRCUT", 1, 400)])
	assert si.salon_customer_number == p.name
	html = frappe.get_print("Sales Invoice", si.name, doc=si)
	assert p.name in html


def test_referral_count_is_kept_current():
	referrer = make_customer_profile("Rhea", "Das", mobile_no=unique_mobile())
	a = make_customer_profile("Amit", "Shah", mobile_no=unique_mobile(), referred_by=referrer.name)
	make_customer_profile("Bina", "Shah", mobile_no=unique_mobile(), referred_by=referrer.name)
	assert frappe.db.get_value("Customer Profile", referrer.name, "referral_count") == 2
	a.referred_by = None
	a.save()
	assert frappe.db.get_value("Customer Profile", referrer.name, "referral_count") == 1


def test_self_referral_and_cycles_are_refused():
	a = make_customer_profile("Cyc", "One", mobile_no=unique_mobile())
	b = make_customer_profile("Cyc", "Two", mobile_no=unique_mobile(), referred_by=a.name)
	a.referred_by = a.name
	with pytest.raises(ReferralError):
		a.save()
	a.reload()
	a.referred_by = b.name
	with pytest.raises(ReferralError):
		a.save()


def test_restrictions_are_stored():
	p = make_customer_profile(
		"Quiet",
		"Person",
		mobile_no=unique_mobile(),
		communication_restrictions=[
			{"channel": "SMS", "purpose": "Promotions"},
			{"channel": "All Channels", "purpose": "Greetings"},
		],
	)
	p.reload()
	assert [(r.channel, r.purpose) for r in p.communication_restrictions] == [
		("SMS", "Promotions"),
		("All Channels", "Greetings"),
	]


def test_family_member_age_is_derived():
	p = make_customer_profile(
		"Lata",
		"Bose",
		mobile_no=unique_mobile(),
		family_members=[
			{"member_name": "Raja", "relation": "Son", "date_of_birth": add_years(nowdate(), -13)}
		],
	)
	p.reload()
	assert p.family_members[0].age == 13


@pytest.mark.parametrize(
	"fields, exc",
	[
		({"mobile_no": "12345"}, InvalidPhoneError),
		({"date_of_birth": add_days(nowdate(), 1)}, InvalidDateError),
		({"date_of_birth": add_years(nowdate(), -121)}, InvalidDateError),
		({"marital_status": "Single", "anniversary": add_years(nowdate(), -1)}, InvalidDateError),
		(
			{
				"marital_status": "Married",
				"date_of_birth": add_years(nowdate(), -30),
				"anniversary": add_years(nowdate(), -31),
			},
			InvalidDateError,
		),
		({"first_name": "   "}, frappe.MandatoryError),
		(
			{"family_members": [{"member_name": "Future", "date_of_birth": add_days(nowdate(), 3)}]},
			InvalidDateError,
		),
		({"date_of_birth_as_written": "31/02/1990"}, InvalidDateError),
		({"anniversary_as_written": "next year", "marital_status": "Married"}, InvalidDateError),
		({"gender_as_written": "Woman"}, UnknownChoiceError),
		({"marital_status_as_written": "Engaged"}, UnknownChoiceError),
		({"family_members": [{"member_name": "Ria", "relation_as_written": "Niece"}]}, UnknownChoiceError),
		(
			{"family_members": [{"member_name": "Ria", "date_of_birth_as_written": "2010-13-01"}]},
			InvalidDateError,
		),
		# read as written, then checked like a typed date: a birthday in the future
		({"date_of_birth_as_written": add_days(nowdate(), 2)}, InvalidDateError),
	],
)
def test_bad_input_is_refused_and_changes_nothing(fields, exc):
	before = frappe.db.count("Customer")
	values = {"first_name": "Bad", "last_name": "Input", **fields}
	with pytest.raises(exc):
		frappe.get_doc({"doctype": "Customer Profile", **values}).insert()
	assert frappe.db.count("Customer") == before


def test_duplicate_mobile_warns_or_blocks():
	mobile = unique_mobile()
	make_customer_profile("First", "Owner", mobile_no=mobile)
	frappe.db.set_single_value("Salon CRM Settings", "duplicate_mobile_action", "Warn")
	frappe.clear_messages()
	second = make_customer_profile("Second", "Owner", mobile_no=mobile)
	assert second.name
	assert any("already belongs" in str(m) for m in frappe.get_message_log())
	frappe.db.set_single_value("Salon CRM Settings", "duplicate_mobile_action", "Block")
	with pytest.raises(DuplicateMobileError):
		make_customer_profile("Third", "Owner", mobile_no=mobile)


def test_profile_with_transactions_cannot_be_deleted():
	p = make_customer_profile("Has", "Invoices", mobile_no=unique_mobile())
	make_sales_invoice(p.customer, [("SVC-HAIRCUT", 1, 400)])
	with pytest.raises(ProfileHasTransactionsError):
		frappe.delete_doc("Customer Profile", p.name)


def test_profile_without_transactions_is_deleted_with_its_customer():
	p = make_customer_profile("No", "Invoices", mobile_no=unique_mobile())
	frappe.delete_doc("Customer Profile", p.name)
	assert not frappe.db.exists("Customer", p.customer)
	assert not frappe.db.exists("Salon Search Key", {"customer_profile": p.name})


def test_staff_can_create_but_not_delete_profiles():
	user = _user_with_roles("staff.test@example.com", ["Salon Staff"])
	frappe.set_user(user)
	p = make_customer_profile("Staff", "Made", mobile_no=unique_mobile())
	assert not frappe.has_permission("Customer Profile", "delete", doc=p)
	frappe.set_user("Administrator")
	manager = _user_with_roles("manager.test@example.com", ["Salon Manager"])
	assert frappe.has_permission("Customer Profile", "delete", doc=p, user=manager)


def _user_with_roles(email, roles):
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": email.split("@")[0], "send_welcome_email": 0}
		).insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	user.set("roles", [])
	user.add_roles(*roles)
	return email


def test_invoices_link_to_the_profile_and_count_on_its_dashboard():
	from frappe.desk.notifications import get_open_count

	p = make_customer_profile("Dash", "Board", mobile_no=unique_mobile())
	si = make_sales_invoice(p.customer, [("SVC-HAIRCUT", 1, 400)])
	assert si.salon_customer_profile == p.name
	counts = get_open_count("Customer Profile", p.name)
	invoices = next(c for c in counts["count"]["external_links_found"] if c["doctype"] == "Sales Invoice")
	assert invoices["count"] == 1


def test_invoices_of_an_existing_customer_are_linked_when_it_gets_a_profile():
	customer = frappe.get_doc(
		{"doctype": "Customer", "customer_name": "Old Regular", "customer_type": "Individual"}
	).insert()
	si = make_sales_invoice(customer.name, [("SVC-HAIRCUT", 1, 400)])
	assert not si.salon_customer_profile
	p = make_customer_profile("Old", "Regular", customer=customer.name)
	assert frappe.db.get_value("Sales Invoice", si.name, "salon_customer_profile") == p.name


def test_customer_link_search_obeys_the_link_fields_filters():
	p = make_customer_profile("Filter", "Kept", mobile_no="+919845412345")
	assert p.customer in [r[0] for r in customer_query("Customer", "98454", "name", 0, 10, {})]
	only_unlinked = {"salon_customer_profile": ("is", "not set")}
	assert p.customer not in [r[0] for r in customer_query("Customer", "98454", "name", 0, 10, only_unlinked)]
	as_list = [["Customer", "salon_customer_profile", "is", "not set"]]
	assert p.customer not in [r[0] for r in customer_query("Customer", "98454", "name", 0, 10, as_list)]


# Permissions in the profile search: as Frappe's stock link search (frappe.get_list's conditions)
# ------------------------------------------------------------------------------------------------


@pytest.fixture
def staff_user(request):
	"""A Salon Staff user of its own per test; its cached User Permissions are dropped afterwards."""
	email = f"search.{request.node.name[5:45].replace('[', '.').replace(']', '')}@example.com"
	user = _user_with_roles(email, ["Salon Staff"])
	yield user
	frappe.cache.hdel("user_permissions", user)


def _namesakes(count=2):
	"""`count` profiles sharing a surname and the first seven digits of their mobiles, unique to the test."""
	import random

	surname = "Permz" + "".join(random.choice("bcdfghjklmnpqrstvwxz") for _ in range(6))
	prefix = "9" + "".join(random.choice("0123456789") for _ in range(6))
	profiles = [
		make_customer_profile(f"Person{i}", surname, mobile_no=f"+91{prefix}{i:03d}") for i in range(count)
	]
	return profiles, surname, prefix


def _allow(user, doctype, value, applicable_for=None):
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": user,
			"allow": doctype,
			"for_value": value,
			"apply_to_all_doctypes": 0 if applicable_for else 1,
			"applicable_for": applicable_for,
		}
	).insert(ignore_permissions=True)


def _found(txt, **kwargs):
	return [r[0] for r in customer_profile_query("Customer Profile", txt, "name", 0, 10, {}, **kwargs)]


def test_profile_search_finds_only_the_profile_a_user_permission_allows(staff_user):
	(allowed, other), surname, prefix = _namesakes()
	_allow(staff_user, "Customer Profile", allowed.name)
	frappe.set_user(staff_user)
	assert _found(prefix) == [allowed.name]
	assert _found(surname) == [allowed.name]
	assert _found(other.name) == []
	assert [r.name for r in find_customers(prefix)] == [allowed.name]


def test_desk_link_search_for_profiles_obeys_user_permissions(staff_user):
	from frappe.desk.search import search_link

	(allowed, other), surname, prefix = _namesakes()
	_allow(staff_user, "Customer Profile", allowed.name)
	frappe.set_user(staff_user)
	found = search_link("Customer Profile", prefix, reference_doctype="Sales Invoice", page_length=10)
	assert [r["value"] for r in found] == [allowed.name]


def test_profile_search_follows_a_user_permission_on_the_profiles_customer(staff_user):
	(allowed, other), surname, prefix = _namesakes()
	_allow(staff_user, "Customer", allowed.customer)
	frappe.set_user(staff_user)
	assert _found(prefix) == [allowed.name]
	assert _found(surname) == [allowed.name]


def test_profile_search_finds_what_frappe_get_list_lets_the_user_read(staff_user):
	profiles, surname, prefix = _namesakes(3)
	_allow(staff_user, "Customer", profiles[0].customer)
	_allow(staff_user, "Customer", profiles[2].customer)
	frappe.set_user(staff_user)
	readable = frappe.get_list(
		"Customer Profile", filters={"name": ("in", [p.name for p in profiles])}, pluck="name"
	)
	assert sorted(_found(prefix)) == sorted(_found(surname)) == sorted(readable)
	assert sorted(readable) == sorted([profiles[0].name, profiles[2].name])


def test_a_page_of_profile_search_counts_only_readable_profiles(staff_user):
	profiles, surname, prefix = _namesakes(4)
	_allow(staff_user, "Customer Profile", profiles[-1].name)
	frappe.set_user(staff_user)
	# the readable profile sorts last among four matches, and the page holds one row
	assert [r[0] for r in customer_profile_query("Customer Profile", surname, "name", 0, 1, {})] == [
		profiles[-1].name
	]
	assert [r[0] for r in customer_profile_query("Customer Profile", prefix, "name", 0, 1, {})] == [
		profiles[-1].name
	]


def test_administrator_finds_every_matching_profile(staff_user):
	profiles, surname, prefix = _namesakes()
	_allow(staff_user, "Customer Profile", profiles[0].name)
	assert sorted(_found(prefix)) == sorted(_found(surname)) == sorted(p.name for p in profiles)


def test_user_permission_for_one_doctype_limits_only_that_forms_link_search(staff_user):
	(allowed, other), surname, prefix = _namesakes()
	_allow(staff_user, "Customer Profile", allowed.name, applicable_for="Sales Invoice")
	frappe.set_user(staff_user)
	assert _found(surname, reference_doctype="Sales Invoice") == [allowed.name]
	assert sorted(_found(surname, reference_doctype="Treatment Record")) == sorted([allowed.name, other.name])


def test_link_field_that_ignores_user_permissions_finds_every_profile(staff_user):
	(allowed, other), surname, prefix = _namesakes()
	_allow(staff_user, "Customer Profile", allowed.name)
	frappe.set_user(staff_user)
	assert sorted(_found(surname, ignore_user_permissions=1)) == sorted([allowed.name, other.name])


def test_user_without_read_permission_cannot_search_profiles():
	_namesakes()
	user = _user_with_roles("no.profiles.search@example.com", ["Stock User"])
	frappe.set_user(user)
	with pytest.raises(frappe.PermissionError):
		customer_profile_query("Customer Profile", "Permz", "name", 0, 10, {})
	with pytest.raises(frappe.PermissionError):
		find_customers("Permz")
	with pytest.raises(frappe.PermissionError):
		search_profiles("Permz")
