"""hooks.py, read with ast: every dotted path resolves inside the app, every asset path exists."""

import pytest

from .appfiles import DEFAULT_APP as APP
from .checks import (
	asset_refs,
	check_asset_ref,
	check_hook_ref,
	check_hook_shapes,
	check_hooks_file,
	hook_refs,
	report,
)

HOOK_REFS = hook_refs(APP)
ASSET_REFS = asset_refs(APP)


def test_hooks_file():
	"""Parses; literal, single assignments; app_name, app metadata and required_apps."""
	report(check_hooks_file(APP))


def test_hook_shapes():
	"""doc_events doctypes and events, scheduler frequencies and cron expressions, dict/list shapes."""
	report(check_hook_shapes(APP))


def test_install_hooks_declared():
	"""The app sets itself up on install and migrate (custom fields, records)."""
	hooks = APP.hooks.values
	missing = [h for h in ("after_install", "after_migrate") if not hooks.get(h)]
	assert not missing, f"hooks.py: {', '.join(missing)} not set"


@pytest.mark.parametrize("ref", HOOK_REFS, ids=[r.id for r in HOOK_REFS])
def test_hook_method(ref):
	"""The dotted path is a top-level def/class of a module file of the app, callable as Frappe calls it."""
	report(check_hook_ref(ref, APP))


@pytest.mark.parametrize("ref", ASSET_REFS, ids=[r.id for r in ASSET_REFS])
def test_hook_asset(ref):
	report(check_asset_ref(ref, APP))
