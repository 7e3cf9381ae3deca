"""Running Frappe's own Data Import in tests, and leaving the site as it was afterwards.

Frappe's importer commits after every row (frappe/core/doctype/data_import/importer.py), so a test that
imports cannot rely on the rollback after each test: `swept` deletes every document of the listed doctypes
created since the test started (with their child rows and ledger rows) and commits."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import frappe
import pytest
from frappe.utils import now_datetime

from tests.integration.committed import purge

TEMPLATES = Path(__file__).resolve().parents[2] / "salon_crm" / "templates" / "import"

SWEPT_DOCTYPES = (
	"Data Import",
	"File",
	"Opening Card Import",
	"Customer Discount Entry",
	"Customer Discount",
	"Journal Entry",
	"Sales Invoice",
	"POS Invoice",
	"Customer Profile",
	"Contact",
	"Address",
	"Customer",
	"Discount Type",
	"Item Price",
	"Item",
	"Version",
	"Comment",
	"Error Log",
)


@pytest.fixture
def swept():
	"""Deletes (and commits the deletion of) what the test created in SWEPT_DOCTYPES, even though the
	importer committed it."""
	start = now_datetime()
	yield start
	frappe.db.rollback()
	profiles = frappe.get_all("Customer Profile", filters={"creation": (">=", start)}, pluck="name")
	if profiles:
		frappe.db.delete("Salon Search Key", {"customer_profile": ("in", profiles)})
	imports = frappe.get_all("Data Import", filters={"creation": (">=", start)}, pluck="name")
	if imports:
		frappe.db.delete("Data Import Log", {"data_import": ("in", imports)})
	for doctype in SWEPT_DOCTYPES:
		if not frappe.db.table_exists(doctype):
			continue
		purge(doctype, frappe.get_all(doctype, filters={"creation": (">=", start)}, pluck="name"))
	frappe.db.commit()


def csv_text(rows: list[list]) -> str:
	out = io.StringIO()
	csv.writer(out, lineterminator="\n").writerows(rows)
	return out.getvalue()


def template_rows(name: str) -> list[list[str]]:
	with open(TEMPLATES / name, newline="") as f:
		return list(csv.reader(f))


def run_data_import(doctype: str, content: str, file_name: str = "import.csv"):
	"""Upload `content` as a private File, create a Data Import "Insert New Records" of `doctype` from it
	and run it as the desk's Start Import does (synchronously in tests). Returns (data import, logs), each
	log with row_indexes, success, docname and `message` (the row's error text, '' on success)."""
	file = frappe.get_doc(
		{"doctype": "File", "file_name": file_name, "content": content.encode(), "is_private": 1}
	).insert()
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": doctype,
			"import_type": "Insert New Records",
			"import_file": file.file_url,
		}
	).insert()
	frappe.db.commit()
	data_import.start_import()
	data_import.reload()
	return data_import, import_logs(data_import.name)


def import_logs(data_import: str) -> list[frappe._dict]:
	logs = frappe.get_all(
		"Data Import Log",
		filters={"data_import": data_import},
		fields=["row_indexes", "success", "docname", "messages", "exception"],
		order_by="log_index asc",
	)
	for log in logs:
		log.row_indexes = json.loads(log.row_indexes or "[]")
		log.message = " ".join(_texts(log.messages))
	return logs


def _texts(messages: str | None) -> list[str]:
	out = []
	for item in json.loads(messages or "[]") or []:
		if isinstance(item, str):
			try:
				item = json.loads(item)
			except ValueError:
				out.append(item)
				continue
		if isinstance(item, dict):
			out.append(frappe.utils.strip_html(str(item.get("message", ""))))
	return out


def log_of_row(logs: list, row_number: int) -> frappe._dict:
	"""The log of the document that begins at this file row (1 = the header, 2 = the first data row)."""
	return next(log for log in logs if row_number in log.row_indexes)
