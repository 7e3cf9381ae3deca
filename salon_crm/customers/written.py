"""The customers import's "as written" columns: hidden Data fields of Customer Profile and Family Member that
take the file's birthdays, anniversaries, genders, marital statuses and relations as plain text. Frappe's Data
Import checks the Date, Select and Link columns of the whole file before it imports any row, so one impossible
date or unknown gender there stops the file; as text they reach the controller, which reads them here with
the app's own rules and refuses only the row whose value cannot be read."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cstr, escape_html

from salon_crm.customers.profile import InvalidDateError
from salon_crm.rules import choices as choice_rules
from salon_crm.rules import dates as date_rules


class UnknownChoiceError(frappe.ValidationError):
	"""An "as written" value that is none of its field's choices (a Gender record, a Select option)."""


PROFILE_COLUMNS = {  # "as written" field: the field it fills
	"gender_as_written": "gender",
	"date_of_birth_as_written": "date_of_birth",
	"marital_status_as_written": "marital_status",
	"anniversary_as_written": "anniversary",
}
FAMILY_COLUMNS = {
	"relation_as_written": "relation",
	"date_of_birth_as_written": "date_of_birth",
}


def read_written_values(profile) -> None:
	"""Fill each field of the profile and its family members from its "as written" column, and empty the
	column (nothing is stored as written). A value that cannot be read refuses the save, naming the column
	as the import file heads it and the value."""
	_read(profile, PROFILE_COLUMNS, table_label=None)
	table_label = _(profile.meta.get_label("family_members"))
	for row in profile.family_members:
		_read(row, FAMILY_COLUMNS, table_label)


def _read(doc, columns: dict[str, str], table_label: str | None) -> None:
	for written, target in columns.items():
		text = cstr(doc.get(written)).strip()
		if not text:
			continue
		doc.set(written, None)
		column = _(doc.meta.get_label(written))
		if table_label:
			column = f"{column} ({table_label})"
		doc.set(target, _value(doc.meta.get_field(target), text, column))


def _value(df, text: str, column: str):
	shown = frappe.bold(escape_html(text))
	if df.fieldtype == "Date":
		try:
			return date_rules.parse_date(text)
		except date_rules.DateTextError as e:
			if e.code == "impossible":
				message = _("{0}: {1} is not a real date (there is no such day)").format(column, shown)
			else:
				message = _("{0}: {1} is not a date written day first, such as {2}").format(
					column, shown, date_rules.DATE_EXAMPLES
				)
			frappe.throw(message, title=_("Invalid Date"), exc=InvalidDateError)
	choices = _choices(df)
	choice = choice_rules.match_choice(text, choices)
	if choice is None:
		frappe.throw(
			_("{0}: {1} is not one of {2}").format(column, shown, ", ".join(_(c) for c in choices)),
			title=_("Unknown Value"),
			exc=UnknownChoiceError,
		)
	return choice


def _choices(df) -> list[str]:
	if df.fieldtype == "Link":
		return frappe.get_all(df.options, pluck="name", order_by="name asc")
	return [option for option in cstr(df.options).split("\n") if option]
