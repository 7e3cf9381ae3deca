"""Customer Profile on a real site: ERPNext Customer sync, search, referrals, restrictions, bad input."""

import frappe
import pytest
from frappe.utils import add_days, add_years, nowdate

from salon_crm.api.search import customer_profile_query, customer_query
from salon_crm.customers.profile import (
	DuplicateMobileError,
	InvalidDateError,
	InvalidPhoneError,
	ProfileHasTransactionsError,
	ReferralError,
)
from salon_crm.customers.search import search_profiles
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
