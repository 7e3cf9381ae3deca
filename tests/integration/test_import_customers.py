"""Bringing existing customers in through Frappe's Data Import of Customer Profile (the shipped template)."""

from __future__ import annotations

import random

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from salon_crm.customers.profile import AmbiguousCustomerError
from salon_crm.customers.search import search_profiles
from tests.integration.factories import make_customer_profile, unique_mobile
from tests.integration.import_factories import (
	csv_text,
	log_of_row,
	run_data_import,
	swept,
	template_rows,
)

HEADER = template_rows("customers.csv")[0]


def _old_number() -> str:
	return f"OLD-{random.randint(10**8, 10**9)}"


def _national(e164: str) -> str:
	"""An E.164 Indian mobile typed the way people type it: '98xxx xxxxx'."""
	digits = e164[3:]
	return f"{digits[:5]} {digits[5:]}"


def row(**values) -> list[str]:
	"""One file row under the template's header, by header title."""
	unknown = set(values) - set(HEADER)
	assert not unknown, unknown
	return [str(values.get(h, "")) for h in HEADER]


def person(first="Meera", last="Iyer", mobile=None, old=None, **values) -> list[str]:
	return row(
		**{
			"Previous System Number": old or _old_number(),
			"First Name": first,
			"Last Name": last,
			"Mobile": mobile or _national(unique_mobile()),
			**values,
		}
	)


def profile_by_old_number(number: str):
	name = frappe.db.get_value("Customer Profile", {"old_customer_number": number})
	return frappe.get_doc("Customer Profile", name) if name else None


@pytest.mark.usefixtures("swept")
def test_template_file_imports_profiles_with_family_and_customers():
	rows = template_rows("customers.csv")
	numbers = {}
	for r in rows[1:]:
		if r[0]:
			numbers[r[0]] = r[0] = _old_number()  # the template's own numbers may already be on the site
			r[HEADER.index("Mobile")] = _national(unique_mobile())
	data_import, logs = run_data_import("Customer Profile", csv_text(rows), "customers.csv")

	assert data_import.status == "Success", [log.message for log in logs]
	priya = profile_by_old_number(rows[1][0])
	assert priya.full_name == "Priya Sharma"
	assert priya.phone == "+918023456789"
	assert [(m.member_name, m.relation) for m in priya.family_members] == [
		("Rahul Sharma", "Spouse"),
		("Anya Sharma", "Daughter"),
	]
	assert priya.family_members[0].mobile_no == "+919845054321"
	assert priya.notes == "Prefers mornings"
	assert (priya.gender, priya.marital_status) == ("Female", "Married")
	assert (priya.date_of_birth, priya.anniversary) == (getdate("1990-04-12"), getdate("2015-11-20"))
	assert [m.date_of_birth for m in priya.family_members] == [getdate("1988-02-03"), getdate("2018-06-30")]
	customer = frappe.db.get_value(
		"Customer", priya.customer, ["customer_name", "salon_customer_profile", "mobile_no"], as_dict=True
	)
	assert customer == {
		"customer_name": "Priya Sharma",
		"salon_customer_profile": priya.name,
		"mobile_no": priya.mobile_no,
	}
	kavya = profile_by_old_number(rows[3][0])
	assert kavya.mobile_no.startswith("+91")
	assert (kavya.gender, kavya.marital_status) == ("Female", "Single")


@pytest.mark.usefixtures("swept")
def test_phone_typed_any_way_is_stored_in_one_form():
	e164 = unique_mobile()
	digits = e164[3:]
	old = _old_number()
	run_data_import(
		"Customer Profile", csv_text([HEADER, person(mobile=f"0{digits[:5]}-{digits[5:]}", old=old)])
	)
	assert profile_by_old_number(old).mobile_no == e164


def test_previous_system_number_is_found_by_the_customer_search():
	profile = make_customer_profile("Leela", "Menon", old_customer_number="LEGACY-77120")
	assert [r.name for r in search_profiles("LEGACY-77120")] == [profile.name]


def test_new_profile_takes_over_the_erpnext_customer_with_its_mobile():
	e164 = unique_mobile()
	customer = frappe.get_doc(
		{"doctype": "Customer", "customer_name": "Nisha K", "customer_type": "Individual"}
	).insert()
	customer.db_set("mobile_no", "0" + _national(e164))  # typed in ERPNext another way

	profile = make_customer_profile("Nisha", "Kapoor", mobile_no=e164)

	assert profile.customer == customer.name
	assert frappe.db.get_value("Customer", customer.name, "salon_customer_profile") == profile.name
	assert frappe.db.count("Customer", {"mobile_no": e164}) == 1


def test_name_and_mobile_choose_among_customers_sharing_the_mobile():
	e164 = unique_mobile()
	for name in ("Rohan Das", "Ritu Das"):
		c = frappe.get_doc(
			{"doctype": "Customer", "customer_name": name, "customer_type": "Individual"}
		).insert()
		c.db_set("mobile_no", e164)
	ritu = frappe.db.get_value("Customer", {"customer_name": "Ritu Das", "mobile_no": e164})

	assert make_customer_profile("Ritu", "Das", mobile_no=e164).customer == ritu


def test_customers_sharing_the_mobile_and_not_the_name_are_not_guessed():
	e164 = unique_mobile()
	for name in ("Rohan Das", "Ritu Das"):
		c = frappe.get_doc(
			{"doctype": "Customer", "customer_name": name, "customer_type": "Individual"}
		).insert()
		c.db_set("mobile_no", e164)
	with pytest.raises(AmbiguousCustomerError):
		make_customer_profile("Mina", "Das", mobile_no=e164)


@pytest.mark.usefixtures("swept")
def test_imported_row_links_the_existing_customer_instead_of_creating_one():
	e164 = unique_mobile()
	customer = frappe.get_doc(
		{"doctype": "Customer", "customer_name": "Asha Pillai", "customer_type": "Individual"}
	).insert()
	customer.db_set("mobile_no", e164)
	old = _old_number()

	data_import, _logs = run_data_import(
		"Customer Profile",
		csv_text([HEADER, person("Asha", "Pillai", mobile="+91 " + _national(e164), old=old)]),
	)

	assert data_import.status == "Success"
	assert profile_by_old_number(old).customer == customer.name
	assert frappe.db.count("Customer", {"customer_name": "Asha Pillai", "mobile_no": e164}) == 1


@pytest.mark.usefixtures("swept")
def test_bad_rows_fail_with_their_own_message_while_good_rows_import():
	taken = make_customer_profile("Vikram", "Seth", mobile_no=unique_mobile())
	frappe.db.commit()
	good = [_old_number(), _old_number()]
	rows = [
		HEADER,
		person("Good", "One", old=good[0]),
		person("Bad", "Phone", mobile="12345"),
		person("Future", "Birth", **{"Birthday as Written": add_days(nowdate(), 30)}),
		person(
			"Early",
			"Anniversary",
			**{
				"Birthday as Written": "01/01/1990",
				"Marital Status as Written": "Married",
				"Anniversary as Written": "01/01/1985",
			},
		),
		person("Other", "Person", mobile=_national(taken.mobile_no)),
		person("Good", "Two", old=good[1]),
	]

	data_import, logs = run_data_import("Customer Profile", csv_text(rows))

	assert data_import.status == "Partial Success"
	assert [log_of_row(logs, n).success for n in range(2, 8)] == [1, 0, 0, 0, 0, 1]
	assert "12345 is not a valid phone number" in log_of_row(logs, 3).message
	assert "Date of Birth cannot be in the future" in log_of_row(logs, 4).message
	assert "Anniversary cannot be before the Date of Birth" in log_of_row(logs, 5).message
	assert f"already belongs to Vikram Seth ({taken.name})" in log_of_row(logs, 6).message
	assert all(profile_by_old_number(n) for n in good)
	assert frappe.db.count("Customer Profile", {"full_name": ("in", ["Bad Phone", "Other Person"])}) == 0


@pytest.mark.usefixtures("swept")
def test_importing_the_same_file_twice_creates_nothing_twice():
	with_number, without_number = _old_number(), unique_mobile()
	rows = [
		HEADER,
		person("Tara", "Bose", old=with_number),
		row(**{"First Name": "Uma", "Last Name": "Nair", "Mobile": _national(without_number)}),
	]
	first, _logs = run_data_import("Customer Profile", csv_text(rows))
	assert first.status == "Success"
	profiles = frappe.db.count("Customer Profile")
	customers = frappe.db.count("Customer")

	second, logs = run_data_import("Customer Profile", csv_text(rows))

	assert second.status == "Error"
	tara = profile_by_old_number(with_number)
	assert f"Previous System Number {with_number} was already imported as Tara Bose ({tara.name})" in (
		log_of_row(logs, 2).message
	)
	assert "Uma Nair with mobile" in log_of_row(logs, 3).message
	assert "already exists as Uma Nair" in log_of_row(logs, 3).message
	assert (frappe.db.count("Customer Profile"), frappe.db.count("Customer")) == (profiles, customers)


@pytest.mark.usefixtures("swept")
def test_dates_genders_statuses_and_relations_are_read_as_salons_write_them():
	old = _old_number()
	values = {
		"Gender as Written": " female ",
		"Birthday as Written": "04/03/1990",  # day first: 4 March
		"Marital Status as Written": "m",
		"Anniversary as Written": "14 Feb 2015",
		"Name (Family Information)": "Dev Iyer",
		"Relation as Written (Family Information)": "SON",
		"Birthday as Written (Family Information)": "29.02.2016",
	}
	data_import, logs = run_data_import("Customer Profile", csv_text([HEADER, person(old=old, **values)]))

	assert data_import.status == "Success", [log.message for log in logs]
	profile = profile_by_old_number(old)
	assert (profile.gender, profile.marital_status) == ("Female", "Married")
	assert (profile.date_of_birth, profile.anniversary) == (getdate("1990-03-04"), getdate("2015-02-14"))
	assert (profile.birth_month_day, profile.anniversary_month_day) == (304, 214)
	member = profile.family_members[0]
	assert (member.relation, member.date_of_birth) == ("Son", getdate("2016-02-29"))
	stored = frappe.db.get_value(
		"Customer Profile",
		profile.name,
		[
			"gender_as_written",
			"date_of_birth_as_written",
			"marital_status_as_written",
			"anniversary_as_written",
		],
	)
	assert stored == (None, None, None, None)
	assert frappe.db.get_value(
		"Family Member", member.name, ["relation_as_written", "date_of_birth_as_written"]
	) == (None, None)


@pytest.mark.usefixtures("swept")
def test_unreadable_dates_genders_and_statuses_fail_on_their_own_rows_while_good_rows_import():
	good = [_old_number(), _old_number(), _old_number()]
	rows = [
		HEADER,
		person("Good", "First", old=good[0], **{"Birthday as Written": "14-03-1990"}),
		person("Impossible", "Date", **{"Birthday as Written": "1990-02-31"}),
		person("Unknown", "Gender", **{"Gender as Written": "Woman"}),
		person("Bad", "Status", **{"Marital Status as Written": "Engaged"}),
		person("Good", "Second", old=good[1], **{"Gender as Written": "Male"}),
		person(
			"Family",
			"Date",
			**{"Name (Family Information)": "Ria", "Birthday as Written (Family Information)": "03/14/2010"},
		),
		person("Good", "Third", old=good[2], **{"Marital Status as Written": "Widowed"}),
	]

	data_import, logs = run_data_import("Customer Profile", csv_text(rows))

	assert data_import.status == "Partial Success"
	assert [log_of_row(logs, n).success for n in range(2, 9)] == [1, 0, 0, 0, 1, 0, 1]
	assert "Birthday as Written: 1990-02-31 is not a real date" in log_of_row(logs, 3).message
	assert "Gender as Written: Woman is not one of Female, " in log_of_row(logs, 4).message
	assert (
		"Marital Status as Written: Engaged is not one of Single, Married, Divorced, Widowed"
		in log_of_row(logs, 5).message
	)
	assert (
		"Birthday as Written (Family Information): 03/14/2010 is not a real date"
		in log_of_row(logs, 7).message
	)
	assert [profile_by_old_number(n).full_name for n in good] == ["Good First", "Good Second", "Good Third"]
	refused = ["Impossible Date", "Unknown Gender", "Bad Status", "Family Date"]
	assert frappe.db.count("Customer Profile", {"full_name": ("in", refused)}) == 0


@pytest.mark.usefixtures("swept")
def test_a_date_in_no_accepted_writing_is_refused_with_the_accepted_ones():
	rows = [HEADER, person("Short", "Year", **{"Anniversary as Written": "14/03/15"})]

	_data_import, logs = run_data_import("Customer Profile", csv_text(rows))

	assert log_of_row(logs, 2).success == 0
	assert (
		"Anniversary as Written: 14/03/15 is not a date written day first, such as 14-03-1990, 14/03/1990"
		in log_of_row(logs, 2).message
	)
