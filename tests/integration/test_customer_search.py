"""Finding the person a receptionist means: reversed names, a first name with the last phone digits,
initials, and the regular first when several people match."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, nowdate

from salon_crm.customers.search import search_profiles
from tests.integration.factories import make_customer_profile, unique_mobile


def _person(first: str, last: str, visits: int = 0, days_since_visit: int | None = None, mobile=None):
	profile = make_customer_profile(first, last, mobile_no=mobile or unique_mobile())
	frappe.db.set_value(
		"Customer Profile",
		profile.name,
		{
			"visits": visits,
			"last_visit": add_days(nowdate(), -days_since_visit) if days_since_visit is not None else None,
		},
	)
	return profile


def _found(txt: str, limit: int = 20) -> list[str]:
	return [r.name for r in search_profiles(txt, limit=limit)]


def _letters(n: int) -> str:
	return frappe.generate_hash(length=n).translate(str.maketrans("0123456789", "ghijklmnop"))


def _surname() -> str:
	return "Qz" + _letters(6)


def test_reversed_name_finds_the_person():
	surname = _surname()
	priya = _person("Priyanka", surname)
	assert priya.name in _found(f"{surname} priyanka")
	assert priya.name in _found(f"{surname.lower()} pri")


def test_first_name_and_last_phone_digits_find_the_person():
	surname = _surname()
	priya = _person("Qpriya", surname)
	other = _person("Qpriya", _surname())
	last4 = priya.mobile_no[-4:]
	found = _found(f"qpriya {last4}")
	assert priya.name in found
	if other.mobile_no[-4:] != last4:
		assert other.name not in found


def test_initials_find_the_person():
	surname = "Xq" + _letters(5)
	person = _person("Qwilma", surname)
	assert person.name in _found("qx", limit=100)


def test_the_regular_comes_first_among_people_with_the_same_name():
	surname = _surname()
	occasional = _person("Meenakshi", surname, visits=2, days_since_visit=200)
	regular = _person("Meenakshi", surname, visits=12, days_since_visit=3)
	never = _person("Meenakshi", surname)
	assert _found(f"meenakshi {surname}")[:3] == [regular.name, occasional.name, never.name]


def test_the_regular_is_kept_when_more_people_match_than_a_page_holds():
	surname = _surname()
	for _ in range(4):
		_person("Rukmini", surname, visits=1, days_since_visit=300)
	regular = _person("Rukmini", surname, visits=20, days_since_visit=1)
	assert _found(f"{surname} rukmini", limit=2)[0] == regular.name


def test_the_regular_comes_first_among_people_sharing_phone_digits():
	digits = "9" + "".join(frappe.generate_hash(length=9).translate(str.maketrans("abcdef", "123456"))[:9])
	mobile_a = f"+9198{digits[-8:]}"
	mobile_b = f"+9197{digits[-8:]}"
	occasional = _person("Anu", _surname(), visits=1, days_since_visit=400, mobile=mobile_a)
	regular = _person("Anu", _surname(), visits=9, days_since_visit=2, mobile=mobile_b)
	assert _found(digits[-6:])[:2] == [regular.name, occasional.name]


def test_last_four_digits_starting_with_zero_find_the_person():
	""" "0123" is the end of her number, not a trunk 0 before "123": she comes before regulars whose
	numbers end in 5123, 7123, ..."""
	mobile = unique_mobile()
	person = _person("Qlata", _surname(), mobile=f"{mobile[:-4]}0{mobile[-3:]}")
	for n in range(1, 11):
		other = unique_mobile()
		_person(
			"Qother",
			_surname(),
			visits=20,
			days_since_visit=1,
			mobile=f"{other[:-4]}{n % 9 + 1}{mobile[-3:]}",
		)
	assert _found(f"0{mobile[-3:]}", limit=10)[0] == person.name
