"""Phone numbers: normalisation to E.164 and digit-suffix search keys."""

import re
from collections.abc import Iterable

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

MIN_QUERY_DIGITS = 3
_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
_PHONE_QUERY_RE = re.compile(r"[\d\s+\-().]+")


class PhoneError(ValueError):
	"""A phone number that cannot be used; `code` is "empty" or "invalid", `raw` the input."""

	def __init__(self, code: str, raw: object) -> None:
		super().__init__(f"{code}: {raw!r}")
		self.code = code
		self.raw = raw


def _region(region: str | None) -> str | None:
	return (region or "").strip().upper() or None


def normalize(raw: str, region: str = "IN") -> str:
	"""E.164 form ("+919845012345") of a number typed by a human; `region` is the default country.

	Raises PhoneError("empty") for blank input, PhoneError("invalid") if it is not a valid number.
	"""
	text = "" if raw is None else str(raw).strip()
	if not text:
		raise PhoneError("empty", raw)
	try:
		number = phonenumbers.parse(text, _region(region))
	except NumberParseException as exc:
		raise PhoneError("invalid", raw) from exc
	if not phonenumbers.is_valid_number(number):
		raise PhoneError("invalid", raw)
	return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _parse_e164(e164: str) -> phonenumbers.PhoneNumber:
	try:
		return phonenumbers.parse(e164 or "", None)
	except NumberParseException as exc:
		raise PhoneError("invalid", e164) from exc


def is_mobile(e164: str) -> bool:
	"""True if the E.164 number is a mobile (or may be one); False for landlines and garbage."""
	try:
		number = _parse_e164(e164)
	except PhoneError:
		return False
	return phonenumbers.number_type(number) in _MOBILE_TYPES


def national_digits(e164: str) -> str:
	"""National significant number of an E.164 number ("+919845012345" -> "9845012345")."""
	return phonenumbers.national_significant_number(_parse_e164(e164))


def search_keys(numbers: Iterable[str]) -> list[str]:
	"""Every suffix (>= 3 digits) of each number's national digits, sorted and de-duplicated.

	Stored in an indexed column, so an infix digit search becomes `key LIKE 'q%'`.
	Blank entries are skipped; a non-E.164 entry raises PhoneError("invalid").
	"""
	keys: set[str] = set()
	for number in numbers:
		if not number:
			continue
		digits = national_digits(number)
		keys.update(digits[i:] for i in range(len(digits) - MIN_QUERY_DIGITS + 1))
	return sorted(keys)


def _strip_country_code(digits: str) -> str:
	"""`digits` (after an international prefix) without its leading country calling code, if any."""
	for length in (1, 2, 3):
		prefix = digits[:length]
		if len(prefix) < length or prefix.startswith("0"):
			break
		if int(prefix) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
			rest = digits[length:]
			main_region = phonenumbers.region_code_for_country_code(int(prefix))
			metadata = phonenumbers.PhoneMetadata.metadata_for_region(main_region)
			if metadata is not None and metadata.national_prefix == "0":
				rest = rest.lstrip("0")  # "+44 (0)20 ..." style
			return rest
	return digits


def query_digits(text: str, region: str = "IN") -> str | None:
	"""Digits to prefix-match against `search_keys` for what a receptionist typed, or None (< 3 digits).

	"+91 98450 12345" / "0091 98450..." / "919845012345" / "098450-12345" -> "9845012345".
	"""
	text = (text or "").strip()
	digits = phonenumbers.normalize_digits_only(text)
	region_code = _region(region)
	metadata = phonenumbers.PhoneMetadata.metadata_for_region(region_code) if region_code else None
	idd = metadata.international_prefix if metadata is not None else None
	national_prefix = metadata.national_prefix if metadata is not None else None

	if text.startswith("+"):
		digits = _strip_country_code(digits)
	elif digits.startswith("00"):
		digits = _strip_country_code(digits[2:])
	elif idd and idd.isdigit() and digits.startswith(idd):
		digits = _strip_country_code(digits[len(idd) :])
	elif national_prefix == "0" and digits.startswith("0"):
		digits = digits.lstrip("0")
	elif metadata is not None and len(digits) >= 11:
		country_code = str(metadata.country_code)
		rest = digits[len(country_code) :]
		if digits.startswith(country_code) and _is_valid_national(rest, region_code, metadata.country_code):
			digits = rest
	return digits if len(digits) >= MIN_QUERY_DIGITS else None


def query_digit_runs(text: str, region: str = "IN") -> list[str]:
	"""The runs of digits to search for what was typed, the most specific first: the digits as typed when
	query_digits read a leading 0 as a trunk or international prefix ("0123", the last four digits of
	...0123; "0076"), then query_digits' reading ("123"; "9845012345" for "098450-12345"). A number
	typed with "+" is read one way only."""
	text = (text or "").strip()
	typed = phonenumbers.normalize_digits_only(text)
	runs = []
	if not text.startswith("+") and typed.startswith("0") and len(typed) >= MIN_QUERY_DIGITS:
		runs.append(typed)
	digits = query_digits(text, region)
	if digits and digits not in runs:
		runs.append(digits)
	return runs


def _is_valid_national(digits: str, region_code: str | None, country_code: int) -> bool:
	try:
		number = phonenumbers.parse(digits, region_code)
	except NumberParseException:
		return False
	return number.country_code == country_code and phonenumbers.is_valid_number(number)


def looks_like_phone_query(text: str) -> bool:
	"""True if `text` is only digits, spaces and + - ( ) . with at least 3 digits."""
	if not text or not _PHONE_QUERY_RE.fullmatch(text):
		return False
	return sum(ch.isdigit() for ch in text) >= MIN_QUERY_DIGITS
