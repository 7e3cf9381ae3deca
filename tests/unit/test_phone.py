import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_crm.rules.phone import (
	PhoneError,
	is_mobile,
	looks_like_phone_query,
	national_digits,
	normalize,
	query_digit_runs,
	query_digits,
	search_keys,
)

MOBILE_IN = "+919845012345"


class TestNormalize:
	@pytest.mark.parametrize(
		"raw",
		[
			"98450 12345",
			"9845012345",
			"+91 98450-12345",
			"+91 98450 12345",
			"098450 12345",
			"0091 9845012345",
			"919845012345",
			"+91 (98450) 12345",
			"  98450.12345  ",
			"+91 098450 12345",
		],
	)
	def test_indian_mobile_typings(self, raw):
		assert normalize(raw) == MOBILE_IN

	def test_indian_landline(self):
		assert normalize("022 2345 6789") == "+912223456789"

	def test_region_is_case_insensitive(self):
		assert normalize("07911 123456", "gb") == "+447911123456"
		assert normalize("07911 123456", " GB ") == "+447911123456"

	def test_uk_mobile_with_region_gb(self):
		assert normalize("07911 123456", "GB") == "+447911123456"
		assert normalize("+44 7911 123456", "GB") == "+447911123456"

	def test_uk_number_from_india_needs_international_form(self):
		assert normalize("+44 7911 123456") == "+447911123456"
		assert normalize("0044 7911 123456") == "+447911123456"

	def test_uk_national_form_is_not_an_indian_mobile(self):
		# "07911 123456" read in India is an Indian landline-like number, not the UK mobile.
		assert normalize("07911 123456", "IN") != "+447911123456"

	def test_us_number(self):
		assert normalize("(650) 253-0000", "US") == "+16502530000"

	@pytest.mark.parametrize("raw", ["", "   ", None])
	def test_empty(self, raw):
		with pytest.raises(PhoneError) as info:
			normalize(raw)
		assert info.value.code == "empty"
		assert info.value.raw == raw

	@pytest.mark.parametrize(
		"raw",
		[
			"abc",
			"12345",
			"98450",
			"98450123456",
			"+91 55555 55555",
			"+91 1111",
			"---",
			"+999 1234567",
			"not a phone",
		],
	)
	def test_invalid(self, raw):
		with pytest.raises(PhoneError) as info:
			normalize(raw)
		assert info.value.code == "invalid"
		assert info.value.raw == raw

	def test_unknown_region_without_plus_is_invalid(self):
		with pytest.raises(PhoneError) as info:
			normalize("9845012345", "XX")
		assert info.value.code == "invalid"

	def test_phone_error_is_value_error(self):
		assert issubclass(PhoneError, ValueError)


class TestIsMobile:
	def test_indian_mobile(self):
		assert is_mobile(MOBILE_IN)

	def test_indian_landline(self):
		assert not is_mobile("+912223456789")

	def test_uk_mobile_and_landline(self):
		assert is_mobile("+447911123456")
		assert not is_mobile("+442079460958")

	def test_us_fixed_line_or_mobile(self):
		assert is_mobile("+16502530000")

	@pytest.mark.parametrize("value", ["", "9845012345", "garbage", None])
	def test_garbage_is_not_mobile(self, value):
		assert not is_mobile(value)


class TestNationalDigits:
	def test_india(self):
		assert national_digits(MOBILE_IN) == "9845012345"

	def test_uk(self):
		assert national_digits("+442079460958") == "2079460958"

	def test_not_e164(self):
		with pytest.raises(PhoneError) as info:
			national_digits("9845012345")
		assert info.value.code == "invalid"


class TestSearchKeys:
	def test_all_suffixes(self):
		assert search_keys([MOBILE_IN]) == sorted(
			[
				"9845012345",
				"845012345",
				"45012345",
				"5012345",
				"012345",
				"12345",
				"2345",
				"345",
			]
		)

	def test_dedupes_and_sorts_across_numbers(self):
		keys = search_keys([MOBILE_IN, "+919945012345", MOBILE_IN])
		assert keys == sorted(set(keys))
		assert "45012345" in keys and "9945012345" in keys and "9845012345" in keys
		assert keys.count("12345") == 1

	def test_skips_blank(self):
		assert search_keys(["", None, MOBILE_IN]) == search_keys([MOBILE_IN])
		assert search_keys([]) == []

	def test_invalid_entry_raises(self):
		with pytest.raises(PhoneError):
			search_keys(["98450 12345"])

	@pytest.mark.parametrize("infix", ["984", "450", "5012", "12345", "9845012345", "345"])
	def test_every_infix_is_a_key_prefix(self, infix):
		keys = search_keys([MOBILE_IN])
		assert any(key.startswith(infix) for key in keys)

	def test_no_key_shorter_than_three(self):
		assert min(len(k) for k in search_keys([MOBILE_IN, "+447911123456"])) == 3

	@given(st.from_regex(r"[6-9][0-9]{9}", fullmatch=True), st.data())
	def test_property_infix_search(self, national, data):
		e164 = "+91" + national
		keys = search_keys([e164])
		start = data.draw(st.integers(0, len(national) - 3))
		end = data.draw(st.integers(start + 3, len(national)))
		infix = national[start:end]
		assert any(key.startswith(infix) for key in keys)
		assert all(national.endswith(key) for key in keys)


class TestQueryDigits:
	@pytest.mark.parametrize(
		"text,expected",
		[
			("98450", "98450"),
			("+91 98450 12345", "9845012345"),
			("098450-12345", "9845012345"),
			("919845012345", "9845012345"),
			("12", None),
			("45012", "45012"),
			("0091 98450 12345", "9845012345"),
			("0091 98450", "98450"),
			("+91-98450", "98450"),
			("+91", None),
			("+91 98", None),
			("00", None),
			("0 98", None),
			("", None),
			(None, None),
			("abc", None),
			("(984) 501", "984501"),
			("9845012345", "9845012345"),
			("91984", "91984"),  # short: not a country code + number
			("91123456789", "91123456789"),  # rest is not a valid number: keep as typed
		],
	)
	def test_india(self, text, expected):
		assert query_digits(text) == expected

	def test_default_region_is_india(self):
		assert query_digits("919845012345", "IN") == query_digits("919845012345")

	def test_uk(self):
		assert query_digits("07911 123456", "GB") == "7911123456"
		assert query_digits("447911123456", "gb") == "7911123456"
		assert query_digits("+44 (0)20 7946 0958", "GB") == "2079460958"
		assert query_digits("+44 7911", "GB") == "7911"

	def test_foreign_number_typed_in_india(self):
		assert query_digits("+44 7911 123456") == "7911123456"
		assert query_digits("+1 650 253 0000") == "6502530000"

	def test_us_idd_and_trunk(self):
		assert query_digits("011 91 98450 12345", "US") == "9845012345"
		assert query_digits("16502530000", "US") == "6502530000"
		# "1" is the US trunk prefix but partial queries are never stripped of it.
		assert query_digits("123", "US") == "123"

	def test_india_country_code_not_stripped_from_partial(self):
		# A ten-digit run is a national number, even if it starts with 91.
		assert query_digits("9198450123") == "9198450123"

	def test_unicode_digits(self):
		assert query_digits("९८४५०") == "98450"

	@given(st.from_regex(r"[6-9][0-9]{9}", fullmatch=True))
	def test_property_full_forms_agree(self, national):
		forms = [
			national,
			"0" + national,
			"+91" + national,
			"0091 " + national,
			"+91 " + national[:5] + " " + national[5:],
		]
		assert {query_digits(f) for f in forms} == {national}


class TestQueryDigitRuns:
	def test_a_run_starting_with_zero_is_searched_as_typed_first(self):
		assert query_digit_runs("0123") == ["0123", "123"]
		assert query_digit_runs("0076") == ["0076"]  # not "00" + country code 7

	def test_a_trunk_prefixed_number_is_also_searched_without_the_zero(self):
		assert query_digit_runs("098450-12345") == ["09845012345", "9845012345"]

	def test_international_forms_are_one_run(self):
		assert query_digit_runs("+91 98450 12345") == ["9845012345"]
		assert query_digit_runs("919845012345") == ["9845012345"]

	def test_too_few_digits(self):
		assert query_digit_runs("12") == []
		assert query_digit_runs("01") == []


class TestLooksLikePhoneQuery:
	@pytest.mark.parametrize(
		"text", ["984", "98450 12345", "+91 (98450) 123-45", "0091.98450", " 984 ", "९८४"]
	)
	def test_yes(self, text):
		assert looks_like_phone_query(text)

	@pytest.mark.parametrize(
		"text", ["", "12", "+9 1", "Priya", "Priya 98450", "98450#", "98a45", None, "---"]
	)
	def test_no(self, text):
		assert not looks_like_phone_query(text)
