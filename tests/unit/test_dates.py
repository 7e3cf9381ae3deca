import calendar
from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_crm.rules.dates import (
	add_months,
	age_on,
	anniversary_problem,
	birth_date_problem,
	in_window,
	month_day,
	month_day_keys,
	occasion_in_year,
	occurrence_number,
	ordinal,
	years_between,
)

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


class TestAddMonths:
	@pytest.mark.parametrize(
		"start,months,expected",
		[
			(date(2024, 1, 15), 1, date(2024, 2, 15)),
			(date(2023, 8, 31), 6, date(2024, 2, 29)),
			(date(2024, 8, 31), 6, date(2025, 2, 28)),
			(date(2024, 1, 31), 1, date(2024, 2, 29)),
			(date(2024, 3, 31), 1, date(2024, 4, 30)),
			(date(2024, 12, 31), 1, date(2025, 1, 31)),
			(date(2025, 1, 1), -1, date(2024, 12, 1)),
			(date(2024, 3, 31), -1, date(2024, 2, 29)),
			(date(2024, 2, 29), 12, date(2025, 2, 28)),
			(date(2024, 2, 29), -48, date(2020, 2, 29)),
			(date(2024, 5, 10), 0, date(2024, 5, 10)),
			(date(2024, 5, 10), 120, date(2034, 5, 10)),
		],
	)
	def test_examples(self, start, months, expected):
		assert add_months(start, months) == expected

	@given(dates, st.integers(-600, 600))
	def test_property_month_arithmetic(self, d, months):
		result = add_months(d, months)
		assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == months
		assert result.day == min(d.day, calendar.monthrange(result.year, result.month)[1])


class TestAge:
	def test_before_birthday(self):
		assert age_on(date(1990, 6, 15), date(2024, 6, 14)) == 33

	def test_on_birthday(self):
		assert age_on(date(1990, 6, 15), date(2024, 6, 15)) == 34

	def test_day_of_birth(self):
		assert age_on(date(2024, 6, 15), date(2024, 6, 15)) == 0

	def test_dec31_jan1(self):
		assert age_on(date(2000, 12, 31), date(2001, 1, 1)) == 0
		assert age_on(date(2000, 12, 31), date(2001, 12, 30)) == 0
		assert age_on(date(2000, 12, 31), date(2001, 12, 31)) == 1
		assert age_on(date(2000, 1, 1), date(2000, 12, 31)) == 0
		assert age_on(date(2000, 1, 1), date(2001, 1, 1)) == 1

	def test_leap_day_birthday_legal_rule(self):
		dob = date(2000, 2, 29)
		assert age_on(dob, date(2023, 2, 28)) == 22  # not yet completed
		assert age_on(dob, date(2023, 3, 1)) == 23
		assert age_on(dob, date(2024, 2, 28)) == 23
		assert age_on(dob, date(2024, 2, 29)) == 24

	def test_before_birth_raises(self):
		with pytest.raises(ValueError):
			age_on(date(2024, 1, 2), date(2024, 1, 1))

	def test_years_between_same_rule_as_age(self):
		assert years_between(date(2010, 11, 20), date(2024, 11, 20)) == 14
		assert years_between(date(2010, 11, 20), date(2024, 11, 19)) == 13
		assert years_between(date(2012, 2, 29), date(2023, 2, 28)) == 10  # leap-day rule as age_on

	@given(dates, dates)
	def test_property_matches_add_months_definition(self, a, b):
		dob, on = min(a, b), max(a, b)
		age = age_on(dob, on)
		assert age >= 0
		if not (dob.month == 2 and dob.day == 29):
			assert add_months(dob, 12 * age) <= on < add_months(dob, 12 * (age + 1))


class TestOrdinal:
	@pytest.mark.parametrize(
		"n,expected",
		[
			(0, "0th"),
			(1, "1st"),
			(2, "2nd"),
			(3, "3rd"),
			(4, "4th"),
			(10, "10th"),
			(11, "11th"),
			(12, "12th"),
			(13, "13th"),
			(14, "14th"),
			(21, "21st"),
			(22, "22nd"),
			(23, "23rd"),
			(25, "25th"),
			(100, "100th"),
			(101, "101st"),
			(102, "102nd"),
			(111, "111th"),
			(112, "112th"),
			(113, "113th"),
			(121, "121st"),
			(1011, "1011th"),
			(1001, "1001st"),
		],
	)
	def test_examples(self, n, expected):
		assert ordinal(n) == expected


class TestMonthDay:
	def test_month_day(self):
		assert month_day(date(2024, 3, 14)) == 314
		assert month_day(date(2024, 12, 31)) == 1231
		assert month_day(date(2024, 1, 1)) == 101
		assert month_day(date(2024, 2, 29)) == 229

	def test_keys_ordinary_day(self):
		assert month_day_keys(date(2024, 7, 4)) == [704]

	def test_keys_feb28_non_leap(self):
		assert month_day_keys(date(2023, 2, 28)) == [228, 229]
		assert month_day_keys(date(2100, 2, 28)) == [228, 229]  # 2100 is not a leap year

	def test_keys_feb28_leap(self):
		assert month_day_keys(date(2024, 2, 28)) == [228]
		assert month_day_keys(date(2000, 2, 28)) == [228]

	def test_keys_feb29(self):
		assert month_day_keys(date(2024, 2, 29)) == [229]

	def test_keys_mar1(self):
		assert month_day_keys(date(2023, 3, 1)) == [301]


def greeted_on(d: date, today: date) -> bool:
	"""The greeting job's selection (greetings.service.occasion_queries): the stored month-day of `d` is one of
	today's keys, and `d` itself is before today (no 0th birthday)."""
	return d < today and month_day(d) in month_day_keys(today)


class TestOccasions:
	def test_birthday_today(self):
		assert greeted_on(date(1990, 5, 17), date(2024, 5, 17))
		assert not greeted_on(date(1990, 5, 17), date(2024, 5, 18))

	def test_leap_day_birthday(self):
		dob = date(2000, 2, 29)
		assert greeted_on(dob, date(2023, 2, 28))
		assert not greeted_on(dob, date(2023, 3, 1))
		assert not greeted_on(dob, date(2024, 2, 28))
		assert greeted_on(dob, date(2024, 2, 29))

	def test_feb28_birthday_in_leap_year(self):
		dob = date(2001, 2, 28)
		assert greeted_on(dob, date(2024, 2, 28))
		assert not greeted_on(dob, date(2024, 2, 29))

	def test_year_boundaries(self):
		assert greeted_on(date(1999, 12, 31), date(2023, 12, 31))
		assert greeted_on(date(1999, 1, 1), date(2024, 1, 1))
		assert not greeted_on(date(1999, 12, 31), date(2024, 1, 1))

	def test_occasion_in_year(self):
		assert occasion_in_year(date(2000, 2, 29), 2023) == date(2023, 2, 28)
		assert occasion_in_year(date(2000, 2, 29), 2024) == date(2024, 2, 29)
		assert occasion_in_year(date(2000, 7, 1), 2030) == date(2030, 7, 1)

	@given(dates, dates)
	def test_property_greeted_on_the_day_the_occasion_falls_in_that_year(self, d, today):
		"""The keys agree with `occasion_in_year`, the rule `occurrence_number` counts by."""
		assert greeted_on(d, today) == (d < today and occasion_in_year(d, today.year) == today)

	@given(dates, st.integers(1900, 2100))
	def test_property_each_occasion_greeted_once_a_year(self, d, year):
		greeting_days = [
			date(year, 1, 1) + timedelta(days=i)
			for i in range(366 if calendar.isleap(year) else 365)
			if greeted_on(d, date(year, 1, 1) + timedelta(days=i))
		]
		assert len(greeting_days) == (1 if year > d.year else 0)


class TestOccurrenceNumber:
	def test_thirteenth_birthday(self):
		assert occurrence_number(date(2011, 4, 3), date(2024, 4, 3)) == 13

	def test_day_before(self):
		assert occurrence_number(date(2011, 4, 3), date(2024, 4, 2)) == 12

	def test_first_anniversary(self):
		assert occurrence_number(date(2023, 12, 31), date(2024, 12, 31)) == 1
		assert occurrence_number(date(2023, 12, 31), date(2024, 1, 1)) == 0

	def test_not_yet_or_same_day(self):
		assert occurrence_number(date(2024, 4, 3), date(2024, 4, 3)) == 0
		assert occurrence_number(date(2025, 4, 3), date(2024, 4, 3)) == 0

	def test_leap_day_counts_on_feb28_for_greetings(self):
		dob = date(2000, 2, 29)
		assert occurrence_number(dob, date(2023, 2, 28)) == 23
		assert occurrence_number(dob, date(2023, 2, 27)) == 22
		assert occurrence_number(dob, date(2024, 2, 28)) == 23
		assert occurrence_number(dob, date(2024, 2, 29)) == 24

	@given(dates, dates)
	def test_property_matches_age_except_leap_day(self, a, b):
		d, today = min(a, b), max(a, b)
		if not (d.month == 2 and d.day == 29):
			assert occurrence_number(d, today) == age_on(d, today)


class TestBirthDateProblem:
	today = date(2024, 6, 15)

	def test_empty(self):
		assert birth_date_problem(None, self.today) is None

	def test_ok(self):
		assert birth_date_problem(date(1990, 1, 1), self.today) is None
		assert birth_date_problem(self.today, self.today) is None

	def test_future(self):
		assert birth_date_problem(date(2024, 6, 16), self.today) == "future"

	def test_too_old_boundary(self):
		assert birth_date_problem(date(1904, 6, 15), self.today) is None  # exactly 120
		assert birth_date_problem(date(1903, 6, 16), self.today) is None  # 120, turning 121 tomorrow
		assert birth_date_problem(date(1903, 6, 15), self.today) == "too_old"  # 121

	def test_custom_max_age(self):
		assert birth_date_problem(date(1924, 6, 16), self.today, max_age=99) is None
		assert birth_date_problem(date(1924, 6, 15), self.today, max_age=99) == "too_old"


class TestAnniversaryProblem:
	today = date(2024, 6, 15)
	dob = date(1990, 1, 1)

	def test_empty(self):
		assert anniversary_problem(None, self.dob, None, self.today) is None

	def test_ok(self):
		assert anniversary_problem(date(2015, 2, 14), self.dob, "Married", self.today) is None
		assert anniversary_problem(date(2015, 2, 14), None, "married", self.today) is None
		assert anniversary_problem(self.today, self.dob, "Married", self.today) is None

	@pytest.mark.parametrize("status", [None, "", "Single", "Widowed", "Divorced", "Separated"])
	def test_not_married(self, status):
		assert anniversary_problem(date(2015, 2, 14), self.dob, status, self.today) == "not_married"

	def test_before_birth(self):
		assert anniversary_problem(date(1989, 12, 31), self.dob, "Married", self.today) == "before_birth"

	def test_future(self):
		assert anniversary_problem(date(2024, 6, 16), self.dob, "Married", self.today) == "future"


T = time


class TestInWindow:
	@pytest.mark.parametrize(
		"now,expected",
		[
			(T(8, 59, 59), False),
			(T(9, 0), True),
			(T(12, 0), True),
			(T(20, 59, 59), True),
			(T(21, 0), False),
			(T(0, 0), False),
		],
	)
	def test_daytime_window(self, now, expected):
		assert in_window(now, T(9, 0), T(21, 0)) is expected

	@pytest.mark.parametrize(
		"now,expected",
		[
			(T(21, 59), False),
			(T(22, 0), True),
			(T(23, 59, 59, 999999), True),
			(T(0, 0), True),
			(T(5, 59), True),
			(T(6, 0), False),
			(T(12, 0), False),
		],
	)
	def test_window_crossing_midnight(self, now, expected):
		assert in_window(now, T(22, 0), T(6, 0)) is expected

	def test_open_ended_means_always(self):
		assert in_window(T(3, 0), None, None)
		assert in_window(T(3, 0), T(9, 0), None)
		assert in_window(T(3, 0), None, T(9, 0))

	def test_start_equals_end_means_always(self):
		assert in_window(T(3, 0), T(9, 0), T(9, 0))
		assert in_window(T(9, 0), T(9, 0), T(9, 0))

	def test_window_ending_at_midnight(self):
		assert in_window(T(23, 30), T(18, 0), T(0, 0))
		assert not in_window(T(0, 0), T(18, 0), T(0, 0))
		assert not in_window(T(17, 0), T(18, 0), T(0, 0))

	def test_window_starting_at_midnight(self):
		assert in_window(T(0, 0), T(0, 0), T(6, 0))
		assert not in_window(T(6, 0), T(0, 0), T(6, 0))


def test_clock_readings_are_recognised():
	from salon_crm.rules.dates import is_clock_reading

	assert is_clock_reading("07:38:01.693848")
	assert is_clock_reading("23:59:59.1")


def test_chosen_times_are_not_clock_readings():
	from salon_crm.rules.dates import is_clock_reading

	for value in ("09:00:00", "21:00", "7:38:01", None, "", "bad.1", "09:00:00.", "09:00:00.5x"):
		assert not is_clock_reading(value), value


class TestParseDate:
	"""Dates typed in an import file: day first, four-digit years."""

	@pytest.mark.parametrize(
		"text",
		[
			"1990-03-14",
			"14-03-1990",
			"14/03/1990",
			"14.03.1990",
			"14 Mar 1990",
			"14 march 1990",
			"14-MAR-1990",
			"14 Mar. 1990",
			" 14  Mar 1990 ",
			"1990-03-14 00:00:00",
		],
	)
	def test_every_accepted_way_reads_the_same_day(self, text):
		from salon_crm.rules.dates import parse_date

		assert parse_date(text) == date(1990, 3, 14)

	def test_numeric_dates_are_read_day_first(self):
		from salon_crm.rules.dates import parse_date

		assert parse_date("04/03/1990") == date(1990, 3, 4)
		assert parse_date("4.3.1990") == date(1990, 3, 4)

	def test_blank_is_no_date(self):
		from salon_crm.rules.dates import parse_date

		assert parse_date("") is None
		assert parse_date("   ") is None
		assert parse_date(None) is None

	@pytest.mark.parametrize("text", ["1990-02-31", "31/04/2001", "29.02.2023", "14-13-1990", "0000-01-01"])
	def test_days_that_do_not_exist_are_impossible(self, text):
		from salon_crm.rules.dates import DateTextError, parse_date

		with pytest.raises(DateTextError) as info:
			parse_date(text)
		assert (info.value.code, info.value.text) == ("impossible", text)

	@pytest.mark.parametrize(
		"text",
		["14/03/90", "1990/03/14", "14/03-1990", "Mar 14 1990", "14 Foo 1990", "yesterday", "14031990"],
	)
	def test_other_writings_are_refused_not_guessed(self, text):
		from salon_crm.rules.dates import DateTextError, parse_date

		with pytest.raises(DateTextError) as info:
			parse_date(text)
		assert info.value.code == "format"

	def test_leap_day_of_a_leap_year(self):
		from salon_crm.rules.dates import parse_date

		assert parse_date("29/02/2024") == date(2024, 2, 29)

	@given(dates, st.sampled_from(["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y"]))
	def test_property_a_formatted_date_reads_back(self, d, fmt):
		from salon_crm.rules.dates import parse_date

		assert parse_date(d.strftime(fmt)) == d
