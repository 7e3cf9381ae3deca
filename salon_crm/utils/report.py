"""Column builders shared by the app's Script Reports. Callers pass labels already wrapped in _() so that
translation extraction finds the literal at the call site. And the one rule for their text cells."""

from __future__ import annotations

from salon_crm.utils.plain_text import html_text_rows


def column(
	fieldname: str,
	label: str,
	fieldtype: str = "Data",
	width: int | None = None,
	options: str | None = None,
	hidden: bool = False,
) -> dict:
	"""One report column; options, width and hidden are left out when not given."""
	col = {"fieldname": fieldname, "label": label, "fieldtype": fieldtype}
	if options is not None:
		col["options"] = options
	if width is not None:
		col["width"] = width
	if hidden:
		col["hidden"] = 1
	return col


def link_column(fieldname: str, label: str, doctype: str, width: int | None = None) -> dict:
	"""A Link column to `doctype`."""
	return column(fieldname, label, "Link", width, options=doctype)


def currency_column(fieldname: str, label: str, width: int, options: str | None = None) -> dict:
	"""A Currency column; `options` names the row field that holds the currency, if any."""
	return column(fieldname, label, "Currency", width, options=options)


def document_columns(
	type_field: str,
	name_field: str,
	type_label: str,
	name_label: str,
	type_width: int = 120,
	name_width: int = 170,
) -> list[dict]:
	"""A document type column and a Dynamic Link column that opens the document. The type column is Data,
	not a Link to DocType: Frappe's report runner filters Link columns by the user's read permission on
	the linked doctype, and only System Managers may read DocType."""
	return [
		column(type_field, type_label, width=type_width),
		column(name_field, name_label, "Dynamic Link", name_width, options=type_field),
	]


TEXT_FIELDTYPES = ("Data", "Small Text", "Text", "Long Text")


def text_shown_as_html(columns: list[dict], rows: list[dict]) -> list[dict]:
	"""The rows with the text of every Data (and other plain-text) column made safe to show: the desk's
	report view and its print render these columns as HTML, Frappe's exports as text (see
	`plain_text.html_text`). In place; returns the rows."""
	fieldnames = [c["fieldname"] for c in columns if c.get("fieldtype", "Data") in TEXT_FIELDTYPES]
	return html_text_rows(rows, fieldnames)
