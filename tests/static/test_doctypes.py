"""The app's doctype JSON (and report / workspace / page / print format / chart / card JSON) as Frappe
loads it."""

import pytest

from .appfiles import DEFAULT_APP as APP
from .checks import (
	RECORD_CHECKERS,
	check_custom_fields,
	check_doctype_controller,
	check_doctype_definition,
	check_doctype_properties,
	check_fields,
	check_naming,
	check_permissions,
	check_record_file,
	doctype_route_problems,
	report,
	unloaded_record_folders,
)

RECORDS = APP.records
DOCTYPES = APP.records_of("doctype")
OTHER_RECORDS = [r for r in RECORDS if r.kind in RECORD_CHECKERS]
CUSTOM_FIELD_DOCTYPES = sorted(APP.custom_fields[0])


def _ids(records):
	return [r.id for r in records]


def test_app_has_doctypes():
	assert DOCTYPES, f"no doctype JSON found under {APP.rel(APP.root)}/<module>/doctype/"


@pytest.mark.parametrize("rec", RECORDS, ids=_ids(RECORDS))
def test_record_file(rec):
	"""Parses; doctype key, name (scrubbed = folder = file) and module (in modules.txt, its folder) right."""
	report(check_record_file(rec, APP))


def test_no_unloaded_record_folders():
	report(unloaded_record_folders(APP))


@pytest.mark.parametrize("rec", DOCTYPES, ids=_ids(DOCTYPES))
def test_doctype_definition(rec):
	report(check_doctype_definition(rec, APP))


@pytest.mark.parametrize("rec", DOCTYPES, ids=_ids(DOCTYPES))
def test_doctype_controller(rec):
	"""__init__.py and <folder>.py defining class <DocTypeName>."""
	report(check_doctype_controller(rec, APP))


@pytest.mark.parametrize("rec", DOCTYPES, ids=_ids(DOCTYPES))
def test_fields(rec):
	"""Fieldnames, fieldtypes, options, Link/Table targets, fetch_from, depends_on and field_order."""
	report(check_fields(rec, APP))


@pytest.mark.parametrize("rec", DOCTYPES, ids=_ids(DOCTYPES))
def test_naming(rec):
	report(check_naming(rec, APP))


@pytest.mark.parametrize("rec", DOCTYPES, ids=_ids(DOCTYPES))
def test_doctype_properties(rec):
	"""Submittable / title / image / search / sort fields and dashboard connections."""
	report(check_doctype_properties(rec, APP))


@pytest.mark.parametrize("rec", DOCTYPES, ids=_ids(DOCTYPES))
def test_permissions(rec):
	report(check_permissions(rec, APP))


def test_doctype_names_and_routes_unique():
	report(doctype_route_problems(APP))


def test_custom_field_source_readable():
	"""The custom fields the app adds to ERPNext doctypes can be read statically."""
	report(APP.custom_fields[1])


@pytest.mark.parametrize("doctype", CUSTOM_FIELD_DOCTYPES)
def test_custom_fields(doctype):
	report(check_custom_fields(doctype, APP))


@pytest.mark.parametrize("rec", OTHER_RECORDS, ids=_ids(OTHER_RECORDS))
def test_record(rec):
	"""Reports, workspaces, pages, print formats, dashboard charts and number cards."""
	report(RECORD_CHECKERS[rec.kind](rec, APP))
