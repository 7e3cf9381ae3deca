"""The app's plain-text fields: refused at input when they carry markup or an unsafe link (the rule is
`salon_crm.rules.text`), and escaped wherever the app puts them into HTML.

Input: controllers call `refuse_markup` and `refuse_unsafe_links` in validate, which runs for the form,
Data Import and the REST API alike, before Frappe's own filter (which lets a value through untouched when
it parses as JSON).

Output, three kinds of place:
- HTML only (messages, dialog titles, confirmations): `frappe.utils.escape_html` at the call site.
- Places Frappe shows both as HTML and as plain text (link search labels and descriptions, which also
  become the input's text; report cells, which are also exported and filtered): `html_text`, which escapes
  `<` and `>` only. That is all element content needs, and D'Souza or Tom & Jerry read the same in both.
- Print: `escape_for_print` from a `before_print` hook, so Frappe's Standard format (which prints a field's
  value as it is) and the app's formats (which escape with `|e`) both print the text once escaped.
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils import cstr, escape_html
from markupsafe import Markup

from salon_crm.rules import text as text_rules

PLAIN_TEXT_FIELDTYPES = ("Data", "Small Text", "Text", "Long Text", "Read Only")
"""Fieldtypes whose value is text, never HTML (Text Editor and HTML Editor hold HTML; Code is shown as
code)."""


class MarkupNotAllowedError(frappe.ValidationError):
	pass


class UnsafeLinkError(frappe.ValidationError):
	pass


# ---------------------------------------------------------------- input


def refuse_markup(doc, names: Iterable[str] = (), texts: Iterable[str] = ()) -> None:
	"""Refuse the document when one of its `names` fields holds `<` or `>` in any form, or one of its
	`texts` fields (free text: notes, captions) holds a tag, an attribute breakout or a script URL."""
	for fieldnames, strict in ((names, True), (texts, False)):
		for fieldname in fieldnames:
			value = doc.get(fieldname)
			found = text_rules.markup_in(value, strict=strict) if isinstance(value, str) else None
			if found:
				frappe.throw(
					_("{0} must be plain text: remove {1}").format(
						frappe.bold(escape_html(field_label(doc, fieldname))), frappe.bold(escape_html(found))
					),
					title=_("Markup Not Allowed"),
					exc=MarkupNotAllowedError,
				)


def refuse_unsafe_links(doc, fieldnames: Iterable[str]) -> None:
	"""Refuse a photo or attachment link that is not an http(s) address or one of the site's own files."""
	for fieldname in fieldnames:
		value = cstr(doc.get(fieldname)).strip()
		if value and not text_rules.is_safe_link(value):
			frappe.throw(
				_("{0} must be a file of this site or an http(s) address, not {1}").format(
					frappe.bold(escape_html(field_label(doc, fieldname))), frappe.bold(escape_html(value))
				),
				title=_("Link Not Allowed"),
				exc=UnsafeLinkError,
			)


def field_label(doc, fieldname: str) -> str:
	"""The field's translated label; for a table row also the table and the row number."""
	label = _(doc.meta.get_label(fieldname))
	if doc.get("parenttype") and doc.get("parentfield"):
		table = _(frappe.get_meta(doc.parenttype).get_label(doc.parentfield))
		return _("{0}, row {1}: {2}").format(table, doc.idx, label)
	return label


def sanitize_rich_text(doc, fieldnames: Iterable[str]) -> None:
	"""Text Editor fields hold HTML: keep what Frappe's sanitizer allows, also for a value that parses as
	JSON (which Frappe's save-time filter leaves untouched)."""
	from frappe.utils.html_utils import sanitize_html

	for fieldname in fieldnames:
		value = doc.get(fieldname)
		if isinstance(value, str) and value:
			doc.set(fieldname, sanitize_html(value, always_sanitize=True))


# ---------------------------------------------------------------- output


def html_text(value):
	"""`value` for a place Frappe shows both as HTML element content and as plain text: `<` and `>`
	escaped, everything else as typed. Other values (numbers, None) are returned unchanged."""
	if not isinstance(value, str):
		return value
	return value.replace("<", "&lt;").replace(">", "&gt;")


def html_text_rows(rows: list[dict], fieldnames: Iterable[str]) -> list[dict]:
	"""Report rows with the text of `fieldnames` made safe for the desk's report view (which shows Data
	columns as HTML), in place; returns the rows."""
	fieldnames = tuple(fieldnames)
	for row in rows:
		for fieldname in fieldnames:
			if isinstance(row.get(fieldname), str):
				row[fieldname] = html_text(row[fieldname])
	return rows


def escape_for_print(doc, fieldnames: Iterable[str] | None = None) -> None:
	"""Before printing, replace the document's text values (in memory) by their escaped HTML, marked safe
	so that a format which escapes them again (`|e`) does not double them. `fieldnames`: the fields of
	`doc` to escape; None: every plain-text field of `doc` and of its table rows. Link titles (the names
	Frappe prints instead of a linked document's ID) are escaped too."""
	if fieldnames is None:
		for row in [doc, *doc.get_all_children()]:
			_escape_fields(row, [df.fieldname for df in row.meta.fields if _is_plain_text(df)])
	else:
		_escape_fields(doc, fieldnames)
	titles = doc.get("__link_titles")
	if isinstance(titles, dict):
		for key, title in titles.items():
			titles[key] = _print_html(title)


def _is_plain_text(df) -> bool:
	return df.fieldtype in PLAIN_TEXT_FIELDTYPES


def _escape_fields(doc, fieldnames: Iterable[str]) -> None:
	for fieldname in fieldnames:
		doc.set(fieldname, _print_html(doc.get(fieldname)))


def _print_html(value):
	if not isinstance(value, str) or isinstance(value, Markup):
		return value
	# line breaks as Frappe prints Small Text; marked safe, so `|e` and `replace` leave it as it is
	return Markup(escape_html(value).replace("\n", "<br>"))
