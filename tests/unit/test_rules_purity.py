"""The rules package must import without Frappe: only the standard library, phonenumbers, jinja2 and itself."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

RULES_DIR = Path(__file__).resolve().parents[2] / "salon_crm" / "rules"
MODULES = sorted(p for p in RULES_DIR.glob("*.py"))
ALLOWED_THIRD_PARTY = {"phonenumbers", "jinja2"}  # both Frappe dependencies


def imported_roots(path: Path) -> set[str]:
	roots = set()
	for node in ast.walk(ast.parse(path.read_text())):
		if isinstance(node, ast.Import):
			roots.update(alias.name.split(".")[0] for alias in node.names)
		elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
			roots.add(node.module.split(".")[0])
	return roots


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_only_allowed_imports(path):
	roots = imported_roots(path)
	third_party = roots - set(sys.stdlib_module_names) - {"salon_crm"}
	assert third_party <= ALLOWED_THIRD_PARTY
	assert "frappe" not in roots and "erpnext" not in roots


def test_import_does_not_pull_frappe():
	names = ", ".join(f"salon_crm.rules.{p.stem}" for p in MODULES if p.stem != "__init__")
	check = "assert not any(m.split('.')[0] in ('frappe', 'erpnext') for m in sys.modules)"
	code = f"import sys, {names}; {check}"
	subprocess.run([sys.executable, "-c", code], cwd=RULES_DIR.parents[1], check=True)
