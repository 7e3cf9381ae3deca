"""Column builders shared by the app's Script Reports."""

from __future__ import annotations


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
		{"fieldname": type_field, "label": type_label, "fieldtype": "Data", "width": type_width},
		{
			"fieldname": name_field,
			"label": name_label,
			"fieldtype": "Dynamic Link",
			"options": type_field,
			"width": name_width,
		},
	]
