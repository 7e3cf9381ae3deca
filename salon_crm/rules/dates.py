"""Date rules: ages, occasions (birthdays/anniversaries), date validation and sending windows.

Leap-day policy (one rule used everywhere in this module):
- Legal age (`age_on`): someone born on 29 Feb completes a year on 1 Mar in non-leap years
  (on 28 Feb they have NOT yet completed it), i.e. plain (month, day) comparison.
- Greetings (`month_day_keys`, `occasion_in_year`, `occurrence_number`): a 29 Feb occasion is celebrated on
  28 Feb in non-leap years, and counted as having occurred on that day.

Dates typed by people (`parse_date`, the import's "as written" columns) are read DAY FIRST: 04-03-1990 is
4 March 1990, never April 3. Accepted: 1990-03-14 (year first, ISO), 14-03-1990, 14/03/1990, 14.03.1990
(day, month, year with "-", "/" or "."), 14 Mar 1990 / 14 March 1990 / 14-Mar-1990 (English month names,
any case). Years have four digits (a two-digit year is refused, not guessed). A year-first date may carry a
midnight time ("1990-03-14 00:00:00": what a spreadsheet's date cell becomes as text).
"""

import calendar
import re
from datetime import date, time

LEAP_DAY_KEY = 229

DATE_EXAMPLES = "14-03-1990, 14/03/1990, 14.03.1990, 14 Mar 1990, 1990-03-14"
_MONTH_NAMES = "january february march april may june july august september october november december".split()
_MONTHS = {  # English whatever the process locale: full names, 3-letter abbreviations and "sept"
	**{name: i for i, name in enumerate(_MONTH_NAMES, 1)},
	**{name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)},
	"sept": 9,
}
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_MONTH_NAME = re.compile(r"(\d{1,2})[ -]([a-z]+)\.?,?[ -](\d{4})", re.IGNORECASE)


class DateTextError(ValueError):
	"""A date typed by a person that cannot be read: `code` is "format" (not written in an accepted way) or
	"impossible" (written so, but no such day: 31 Feb, month 13); `text` is what was typed."""

	def __init__(self, code: str, text: str) -> None:
		super().__init__(f"{code}: {text!r}")
		self.code = code
		self.text = text


def parse_date(text: str | None) -> date | None:
	"""The date a person typed, read day first (see the module's docstring for the accepted ways).

	None for blank text; raises DateTextError("format") for text in no accepted way, DateTextError("impossible")
	for a day that does not exist (e.g. 1990-02-31, 31/04/2001, 14-13-1990).
	"""
	raw = " ".join(str(text or "").split())
	if not raw:
		return None
	if m := _YEAR_FIRST.fullmatch(raw):
		year, month, day = (int(g) for g in m.groups())
	elif m := _DAY_FIRST.fullmatch(raw):
		day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
	elif (m := _MONTH_NAME.fullmatch(raw)) and m.group(2).lower() in _MONTHS:
		day, month, year = int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3))
	else:
		raise DateTextError("format", raw)
	try:
		return date(year, month, day)
	except ValueError:
		raise DateTextError("impossible", raw) from None


def add_months(d: date, months: int) -> date:
	"""`d` moved by `months` (may be negative), clamping the day to the end of the target month."""
	total = d.year * 12 + (d.month - 1) + months
	year, month_index = divmod(total, 12)
	month = month_index + 1
	day = min(d.day, calendar.monthrange(year, month)[1])
	return date(year, month, day)


def age_on(dob: date, on: date) -> int:
	"""Completed years between `dob` and `on` (legal age; 29 Feb birthdays complete on 1 Mar).

	Raises ValueError if `on` is before `dob`.
	"""
	if on < dob:
		raise ValueError("date before birth date")
	return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def years_between(start: date, end: date) -> int:
	"""Completed years from `start` to `end` (e.g. years married); same rule as `age_on`."""
	return age_on(start, end)


def ordinal(n: int) -> str:
	"""English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st, 111th..."""
	last_two = abs(n) % 100
	if 11 <= last_two <= 13:
		suffix = "th"
	else:
		suffix = {1: "st", 2: "nd", 3: "rd"}.get(abs(n) % 10, "th")
	return f"{n}{suffix}"


def month_day(d: date) -> int:
	"""month * 100 + day (e.g. 14 Mar -> 314), stored in an indexed column."""
	return d.month * 100 + d.day


def month_day_keys(today: date) -> list[int]:
	"""`month_day` keys of occasions to greet `today` (adds 29 Feb on 28 Feb of non-leap years)."""
	keys = [month_day(today)]
	if today.month == 2 and today.day == 28 and not calendar.isleap(today.year):
		keys.append(LEAP_DAY_KEY)
	return keys


def occasion_in_year(d: date, year: int) -> date:
	"""The day on which the occasion `d` is celebrated in `year` (29 Feb -> 28 Feb in non-leap years)."""
	if d.month == 2 and d.day == 29 and not calendar.isleap(year):
		return date(year, 2, 28)
	return date(year, d.month, d.day)


def occurrence_number(d: date, today: date) -> int:
	"""How many occurrences of `d` have been celebrated up to `today` (the 13 of "13th birthday").

	Uses the greeting leap-day rule, so a 29 Feb birthday counts on 28 Feb in non-leap years.
	Returns 0 when `d >= today`.
	"""
	if d >= today:
		return 0
	count = today.year - d.year
	if occasion_in_year(d, today.year) > today:
		count -= 1
	return max(count, 0)


def birth_date_problem(dob: date | None, today: date, max_age: int = 120) -> str | None:
	"""Problem code for a birth date: None (ok or empty), "future", or "too_old" (age > max_age)."""
	if dob is None:
		return None
	if dob > today:
		return "future"
	if age_on(dob, today) > max_age:
		return "too_old"
	return None


def anniversary_problem(
	anniversary: date | None, dob: date | None, marital_status: str | None, today: date
) -> str | None:
	"""Problem code for a wedding anniversary: None, "not_married", "before_birth" or "future".

	An anniversary is only allowed when marital_status is "Married" (case-insensitive): widowed or
	divorced customers must not receive anniversary greetings.
	"""
	if anniversary is None:
		return None
	if (marital_status or "").strip().lower() != "married":
		return "not_married"
	if dob is not None and anniversary < dob:
		return "before_birth"
	if anniversary > today:
		return "future"
	return None


def in_window(now: time, start: time | None, end: time | None) -> bool:
	"""Whether `now` is inside the sending window [start, end) (start inclusive, end exclusive).

	No start or end, or start == end, means always. start > end crosses midnight (22:00-06:00).
	"""
	if start is None or end is None or start == end:
		return True
	now = now.replace(tzinfo=None)
	start = start.replace(tzinfo=None)
	end = end.replace(tzinfo=None)
	if start < end:
		return start <= now < end
	return now >= start or now < end


def is_clock_reading(value) -> bool:
	"""True when a stored Time value is a clock reading, not a choice: it carries fractions of a second.
	Frappe fills every Time field of a new document with the current time (microseconds included) whatever
	its declared default, and saves every Single once on install that way; a time chosen in the desk or
	typed as HH:MM[:SS] never has a fraction. Values as stored in the settings' rows ("07:38:01.693848")."""
	text = str(value or "")
	hms, dot, fraction = text.partition(".")
	if not dot or not fraction.isdigit():
		return False
	parts = hms.split(":")
	return len(parts) == 3 and all(p.isdigit() for p in parts)
