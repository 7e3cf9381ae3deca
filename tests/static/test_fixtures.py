"""salon_crm/fixtures/*.json and the `fixtures` hook."""

import pytest

from .appfiles import DEFAULT_APP as APP
from .checks import check_fixture_file, check_fixture_hook_entry, fixture_hook_entries, report, roles_in_use

FIXTURES = APP.fixtures
HOOK_ENTRIES = fixture_hook_entries(APP)


def _entry_id(entry):
	return str(entry.get("dt") or entry.get("doctype")) if isinstance(entry, dict) else str(entry)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.path.name for f in FIXTURES])
def test_fixture_file(fixture):
	"""A JSON list of documents, each with doctype and name, of one known doctype."""
	report(check_fixture_file(fixture, APP))


@pytest.mark.parametrize("entry", HOOK_ENTRIES, ids=[_entry_id(e) for e in HOOK_ENTRIES])
def test_fixture_hook_entry(entry):
	"""Each `fixtures` entry names a doctype whose fixture file exists and matches the filters."""
	report(check_fixture_hook_entry(entry, APP))


def test_fixture_files_are_hooked():
	"""Every fixture file is listed in the fixtures hook (or `bench export-fixtures` never refreshes it)."""
	hooked = {_entry_id(e) for e in HOOK_ENTRIES}
	problems = []
	for fixture in FIXTURES:
		doctypes = {d.get("doctype") for d in fixture.data or [] if isinstance(d, dict)}
		for doctype in sorted(d for d in doctypes if isinstance(d, str)):
			if doctype not in hooked:
				problems.append(f"{fixture.label}: {doctype} is not in hooks.py fixtures")
	report(problems)


def test_roles_in_use_exist():
	"""Roles the app grants exist on a Frappe + ERPNext site or are shipped in the Role fixture."""
	problems = [
		f"role {role!r} (used in {', '.join(sorted(set(where)))}) is neither standard "
		"nor in the Role fixtures"
		for role, where in sorted(roles_in_use(APP).items())
		if role not in APP.known_roles
	]
	report(problems)
