"""The role matrix (salon_crm/rules/access.py) is exactly what the app's files grant, and what README.md shows.

A new permission row, report/page role or @frappe.whitelist function fails here until the matrix (and so the
README) says who may use it; tests/integration/test_access_matrix.py checks the same matrix on a real site.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from salon_crm.rules import access

from .appfiles import DEFAULT_APP as APP
from .appfiles import REPO_ROOT, scrub

SCRIPT = REPO_ROOT / "scripts" / "role_matrix.py"
PERMISSION_DOCTYPES = sorted(name for name, data in APP.doctypes.items() if not data.get("istable"))


def granted(data: dict) -> dict[str, frozenset[str]]:
	"""role -> rights of a doctype JSON's permission rows."""
	out = {}
	for row in data.get("permissions") or []:
		assert row["role"] not in out, f"two permission rows for {row['role']}"
		out[row["role"]] = frozenset(right for right in access.RIGHTS if row.get(right))
	return out


def intended(doctype: str) -> dict[str, frozenset[str]]:
	return {role: access.doctype_rights(doctype, role) for role in access.DOCTYPES[doctype]}


def whitelisted_functions() -> dict[str, bool]:
	"""Dotted path -> POST only, of every @frappe.whitelist function and controller method in the app."""
	found = {}
	for path in sorted(APP.root.rglob("*.py")):
		module = ".".join(path.relative_to(APP.repo_root).with_suffix("").parts)
		tree = ast.parse(path.read_text(encoding="utf-8"))
		scopes = [(module, tree.body)]
		scopes += [(f"{module}.{n.name}", n.body) for n in tree.body if isinstance(n, ast.ClassDef)]
		for prefix, body in scopes:
			for node in body:
				if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
					whitelist = [d for d in node.decorator_list if "whitelist" in ast.unparse(d)]
					if whitelist:
						found[f"{prefix}.{node.name}"] = _post_only(whitelist[0])
	return found


def _post_only(decorator: ast.expr) -> bool:
	if not isinstance(decorator, ast.Call):
		return False
	methods = next((k.value for k in decorator.keywords if k.arg == "methods"), None)
	return methods is not None and ast.literal_eval(methods) == ["POST"]


def test_matrix_uses_known_roles_and_rights():
	for doctype, rows in access.DOCTYPES.items():
		assert set(rows) <= set(access.ROLES), doctype
		for role in rows:
			assert access.doctype_rights(doctype, role) <= set(access.RIGHTS), (doctype, role)
	for roles in (*access.REPORTS.values(), *access.WORKSPACES.values(), *access.DASHBOARD_CHARTS.values()):
		assert set(roles) <= set(access.ROLES)
	for m in access.METHODS:
		assert set(m.roles) <= set(access.ROLES), m.path


def test_every_doctype_with_permissions_is_in_the_matrix():
	assert sorted(access.DOCTYPES) == PERMISSION_DOCTYPES


@pytest.mark.parametrize("doctype", PERMISSION_DOCTYPES)
def test_doctype_permission_rows_are_the_matrix(doctype):
	data = APP.doctypes[doctype]
	for row in data["permissions"]:
		assert not row.get("permlevel"), f"{doctype}: a level {row['permlevel']} row is not in the matrix"
		assert not row.get("if_owner"), f"{doctype}: an if_owner row is not in the matrix"
	assert granted(data) == intended(doctype)


def test_child_tables_grant_nothing():
	for name, data in APP.doctypes.items():
		if data.get("istable"):
			assert not data.get("permissions"), name


@pytest.mark.parametrize(
	("kind", "records", "intended_roles"),
	[
		("report", APP.reports, access.REPORTS),
		("workspace", APP.workspaces, access.WORKSPACES),
		("dashboard chart", APP.dashboard_charts, access.DASHBOARD_CHARTS),
	],
	ids=["reports", "workspaces", "dashboard charts"],
)
def test_report_and_page_roles_are_the_matrix(kind, records, intended_roles):
	assert sorted(records) == sorted(intended_roles), f"a {kind} missing from the matrix or the app"
	for name, data in records.items():
		assert sorted(r["role"] for r in data.get("roles") or []) == sorted(intended_roles[name]), name


def test_every_whitelisted_function_is_in_the_matrix():
	assert whitelisted_functions() == {m.path: m.post_only for m in access.METHODS}


def test_controller_methods_name_their_doctype():
	for m in access.METHODS:
		module, owner, _name = m.path.rsplit(".", 2)
		is_controller = owner[0].isupper()  # <module>.<Class>.<method>
		assert bool(m.doctype) == is_controller, m.path
		if m.doctype:
			assert module.endswith(f".doctype.{scrub(m.doctype)}.{scrub(m.doctype)}"), m.path


def test_readme_section_is_the_scripts_output():
	sys.path.insert(0, str(SCRIPT.parent))
	try:
		import role_matrix
	finally:
		sys.path.remove(str(SCRIPT.parent))
	printed = subprocess.run(
		[sys.executable, str(SCRIPT)], capture_output=True, text=True, check=True, cwd=REPO_ROOT
	).stdout
	readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
	assert role_matrix.readme_section(readme) == printed, "run: python3 scripts/role_matrix.py --write"
